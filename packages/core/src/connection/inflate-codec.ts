/**
 * An MCCP codec that inflates with the decoder of src/zlib, in plain TypeScript: it runs
 * wherever the connection layer runs, a browser included, and follows a stream's end with
 * the plain bytes after it. It has no deflater.
 */
import { Inflate } from "../zlib/inflate.js";
import type { CompressionCodec, Inflater, InflaterSink } from "./compression.js";

class StreamInflater implements Inflater {
  private z: Inflate | null = new Inflate();
  // Input not given to the decoder yet: written while paused, or from inside a sink callback.
  private queue: Uint8Array[] = [];
  private decoderEmpty = true; // the decoder used up its input: it can take the next piece
  private busy = false; // inside pump(): a write from a callback only queues
  private paused = false;
  private ending = false; // end() came: the stream ends once what was written is decoded
  private owesDrain = false; // a write returned false
  private scheduled = false;

  constructor(private readonly sink: InflaterSink) {}

  write(bytes: Uint8Array): boolean {
    if (this.z === null || this.ending) return true;
    this.queue.push(bytes);
    this.pump();
    if (!this.holding) return true;
    this.owesDrain = true;
    return false;
  }

  end(): void {
    if (this.z === null || this.ending) return;
    this.ending = true;
    this.pump();
  }

  destroy(): void {
    this.z = null;
    this.queue = [];
  }

  // The reader is behind: what is left of the input waits, compressed.
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    // Later, not inside the caller: it is reading, and the output goes to its reader.
    if (this.scheduled) return;
    this.scheduled = true;
    void Promise.resolve().then(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  // Input written and not decoded yet, by a stream still going.
  private get holding(): boolean {
    return this.z !== null && (this.queue.length > 0 || !this.decoderEmpty);
  }

  // Decode what was written, handing the output on in pieces, unless paused.
  private pump(): void {
    if (this.busy) return;
    this.busy = true;
    try {
      this.decode();
    } finally {
      this.busy = false;
    }
  }

  private decode(): void {
    const z = this.z;
    while (z !== null && this.z === z && !this.paused) {
      if (this.decoderEmpty) {
        if (this.queue.length === 0) break;
        z.push(this.queue.shift()!);
        this.decoderEmpty = false;
      }
      const status = z.run();
      if (status === "output") {
        this.sink.data(z.take());
      } else if (status === "input") {
        this.decoderEmpty = true;
        // Each flush of the peer's shows at once.
        if (z.pending > 0) this.sink.data(z.take());
      } else {
        // The end or an error: what was decoded before it goes first.
        this.z = null;
        const rest = status === "end" ? join(z.rest(), this.queue) : null;
        this.queue = [];
        if (z.pending > 0) this.sink.data(z.take());
        if (rest !== null) this.sink.end(rest);
        else this.sink.error(new Error(z.error));
        return;
      }
    }
    if (this.z !== z || z === null || this.holding) return;
    if (this.ending) {
      // The peer closed inside the stream: what its bytes gave has been handed on.
      this.z = null;
      this.sink.end(new Uint8Array(0));
    } else if (this.owesDrain) {
      this.owesDrain = false;
      this.sink.drain();
    }
  }
}

// A copy of `first` and the pieces queued after it: the sink may keep it.
function join(first: Uint8Array, more: Uint8Array[]): Uint8Array {
  let size = first.length;
  for (const m of more) size += m.length;
  const all = new Uint8Array(size);
  all.set(first);
  let at = first.length;
  for (const m of more) {
    all.set(m, at);
    at += m.length;
  }
  return all;
}

/**
 * A codec that decompresses MCCP (RFC 1950/1951 zlib streams) in plain TypeScript, with no
 * dependency and nothing of a runtime: the one for a browser client, which it lets accept
 * MCCP2 (a server's stream, its end and the plain Telnet after it, in any cuts). It cannot
 * compress, so a client with it refuses MCCP3; a server with it accepts MCCP3.
 *
 * Input is decoded as it is written and the output handed on at once, in pieces of at most
 * 64 KiB; the inflater holds one buffer of 160 KiB (the 32 KiB window and room for the
 * pieces) and the few bits of input a code was cut in. Paused (a slow reader), it stops
 * after the piece it is on and keeps the rest of the input compressed.
 *
 * @example
 * ```ts
 * const conn = new TelnetConnection(channel, { role: "client", compression: inflateCodec() });
 * ```
 */
export function inflateCodec(): CompressionCodec {
  return { createInflater: (sink) => new StreamInflater(sink) };
}
