/**
 * An MCCP codec on the node:zlib API, which Node, Deno and Bun all have. The module is a
 * parameter (each transport passes its `import * as zlib from "node:zlib"`), so that this
 * file, like the rest of the connection layer, imports nothing of a runtime.
 */
import type { CompressionCodec, Deflater, DeflaterSink, Inflater, InflaterSink } from "./compression.js";

/** A zlib stream of node:zlib, as much of it as the codec uses. */
export interface ZlibStream {
  /** Compressed bytes consumed so far (an inflater's). */
  readonly bytesWritten: number;
  on(event: "data", listener: (chunk: Uint8Array) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(event: "drain", listener: () => void): unknown;
  write(chunk: Uint8Array): boolean;
  end(): unknown;
  destroy(): unknown;
  pause(): unknown;
  resume(): unknown;
}

/** The part of node:zlib the codec uses. */
export interface ZlibModule {
  createInflate(options: { finishFlush: number; chunkSize: number; writableHighWaterMark?: number }): ZlibStream;
  createDeflate(options: { level: number; flush: number }): ZlibStream;
  constants: { Z_SYNC_FLUSH: number; Z_DEFAULT_COMPRESSION: number };
}

/** Options of a node:zlib codec. */
export interface ZlibCodecOptions {
  /** zlib compression level of what we send, 0-9 (default: zlib's own, 6). */
  level?: number;
}

// Inflated output comes in pieces of this size at most: fewer, larger events than zlib's 16 KiB.
const INFLATE_CHUNK = 65536;
// Compressed input the inflater takes before it asks for a pause (a few socket reads):
// enough that a fast peer is not paused at every read.
const INFLATE_BACKLOG = 262144;

class ZlibInflater implements Inflater {
  private readonly stream: ZlibStream;
  // Compressed bytes written and not yet known to be consumed: after the stream's end,
  // what is left of them is the plain Telnet that followed it.
  private pending: Uint8Array[] = [];
  private pendingStart = 0; // bytesWritten at the first byte of pending[0]
  private done = false;

  constructor(zlib: ZlibModule, private readonly sink: InflaterSink) {
    // A stream cut short by the peer's close gives what it holds, with no error.
    const stream = (this.stream = zlib.createInflate({
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
      chunkSize: INFLATE_CHUNK,
      writableHighWaterMark: INFLATE_BACKLOG,
    }));
    stream.on("data", (out) => {
      if (this.done) return;
      this.forget();
      this.sink.data(out);
    });
    stream.on("end", () => {
      if (this.done) return;
      this.done = true;
      const skip = stream.bytesWritten - this.pendingStart;
      let size = 0;
      for (const p of this.pending) size += p.length;
      const rest = new Uint8Array(Math.max(0, size - skip));
      let at = -skip;
      for (const p of this.pending) {
        if (at + p.length > 0) rest.set(at >= 0 ? p : p.subarray(-at), Math.max(0, at));
        at += p.length;
      }
      this.pending = [];
      this.sink.end(rest);
      stream.destroy();
    });
    stream.on("error", (err) => {
      if (this.done) return;
      this.done = true;
      this.pending = [];
      this.sink.error(err);
    });
    stream.on("drain", () => {
      if (!this.done) this.sink.drain();
    });
  }

  write(bytes: Uint8Array): boolean {
    if (this.done) return true;
    // Input that inflates to nothing (empty flushes) brings no data event: forget here too.
    this.forget();
    this.pending.push(bytes);
    return this.stream.write(bytes);
  }

  end(): void {
    if (!this.done) this.stream.end();
  }

  destroy(): void {
    this.done = true;
    this.pending = [];
    this.stream.destroy();
  }

  // A paused stream inflates until its readable side holds a piece, then waits: what the
  // reader has not taken stays compressed.
  pause(): void {
    if (!this.done) this.stream.pause();
  }

  resume(): void {
    if (!this.done) this.stream.resume();
  }

  // Let go of the chunks zlib has consumed whole.
  private forget(): void {
    const consumed = this.stream.bytesWritten;
    while (this.pending.length > 0 && this.pendingStart + this.pending[0].length <= consumed) {
      this.pendingStart += this.pending.shift()!.length;
    }
  }
}

class ZlibDeflater implements Deflater {
  private readonly stream: ZlibStream;
  private done = false;

  constructor(zlib: ZlibModule, sink: DeflaterSink, level: number) {
    // Z_SYNC_FLUSH after every write: the peer can decompress each write as soon as it arrives.
    const stream = (this.stream = zlib.createDeflate({ level, flush: zlib.constants.Z_SYNC_FLUSH }));
    stream.on("data", (out) => {
      if (!this.done) sink.data(out);
    });
    stream.on("end", () => {
      if (this.done) return;
      this.done = true;
      sink.end();
    });
    stream.on("error", (err) => {
      if (this.done) return;
      this.done = true;
      sink.error(err);
    });
    stream.on("drain", () => {
      if (!this.done) sink.drain();
    });
  }

  write(bytes: Uint8Array): boolean {
    return this.done || this.stream.write(bytes);
  }

  end(): void {
    if (!this.done) this.stream.end();
  }

  destroy(): void {
    this.done = true;
    this.stream.destroy();
  }
}

/**
 * MCCP2 / MCCP3 compression on node:zlib's streams (the work runs off the main thread).
 * The transports of Node, Deno and Bun use it by default (their `zlibCodec()`).
 *
 * @example
 * ```ts
 * import * as zlib from "node:zlib";
 * const conn = new TelnetConnection(channel, { role: "client", compression: nodeZlibCodec(zlib) });
 * ```
 */
export function nodeZlibCodec(zlib: ZlibModule, options: ZlibCodecOptions = {}): CompressionCodec {
  const level = options.level ?? zlib.constants.Z_DEFAULT_COMPRESSION;
  return {
    createInflater: (sink) => new ZlibInflater(zlib, sink),
    createDeflater: (sink) => new ZlibDeflater(zlib, sink, level),
  };
}
