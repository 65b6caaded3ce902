/**
 * An MCCP codec that inflates with the decoder of src/zlib, in plain TypeScript: it runs
 * wherever the connection layer runs, a browser included, and follows a stream's end with
 * the plain bytes after it. It has no deflater.
 */
import { Inflate } from "../zlib/inflate.js";
import type { CompressionCodec, Inflater, InflaterSink } from "./compression.js";

class StreamInflater implements Inflater {
  private z: Inflate | null = new Inflate();
  // Input written from inside a sink callback, decoded once the current piece is done.
  private queue: Uint8Array[] = [];
  private busy = false;

  constructor(private readonly sink: InflaterSink) {}

  write(bytes: Uint8Array): boolean {
    if (this.z === null) return true;
    this.queue.push(bytes);
    if (this.busy) return true;
    this.busy = true;
    try {
      this.pump();
    } finally {
      this.busy = false;
    }
    // Input is decoded as it comes and never held: no reason to pause the peer.
    return true;
  }

  end(): void {
    const z = this.z;
    if (z === null) return;
    this.z = null;
    this.queue = [];
    // The peer closed inside the stream: what its bytes gave was delivered as it came.
    this.sink.end(new Uint8Array(0));
  }

  destroy(): void {
    this.z = null;
    this.queue = [];
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const z = this.z;
      if (z === null) return;
      z.push(this.queue.shift()!);
      for (;;) {
        const status = z.run();
        if (status === "input") break;
        if (status === "output") {
          this.sink.data(z.take());
          if (this.z !== z) return;
          continue;
        }
        // The end or an error: what was decoded before it goes first.
        this.z = null;
        const rest = status === "end" ? join(z.rest(), this.queue) : null;
        this.queue = [];
        if (z.pending > 0) this.sink.data(z.take());
        if (rest !== null) this.sink.end(rest);
        else this.sink.error(new Error(z.error));
        return;
      }
      // Each flush of the peer's shows at once.
      if (z.pending > 0) {
        this.sink.data(z.take());
        if (this.z !== z) return;
      }
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
 * Output is handed on as it is decoded, in pieces of at most 64 KiB.
 *
 * @example
 * ```ts
 * const conn = new TelnetConnection(channel, { role: "client", compression: inflateCodec() });
 * ```
 */
export function inflateCodec(): CompressionCodec {
  return { createInflater: (sink) => new StreamInflater(sink) };
}
