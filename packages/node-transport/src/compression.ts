import * as zlib from "node:zlib";
import type { CompressionCodec, Deflater, DeflaterSink, Inflater, InflaterSink } from "@telnetkit/core";

// Compressed bytes written and not yet known to be consumed: after the stream's end, what is
// left of them is plain Telnet that followed it.
class ZlibInflater implements Inflater {
  private readonly stream: zlib.Inflate;
  private pending: Buffer[] = [];
  private pendingStart = 0; // stream.bytesWritten at the first byte of pending[0]
  private done = false;

  constructor(private readonly sink: InflaterSink) {
    // A stream cut short by the peer's close gives what it holds, with no error.
    const stream = (this.stream = zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize: 65536 }));
    stream.on("data", (out: Buffer) => {
      if (this.done) return;
      this.forget();
      this.sink.data(out);
    });
    stream.on("end", () => {
      if (this.done) return;
      this.done = true;
      const rest = Buffer.concat(this.pending);
      this.pending = [];
      this.sink.end(rest.subarray(stream.bytesWritten - this.pendingStart));
      stream.destroy();
    });
    stream.on("error", (err: Error) => {
      if (this.done) return;
      this.done = true;
      this.pending = [];
      this.sink.error(err);
    });
  }

  write(bytes: Uint8Array): void {
    if (this.done) return;
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pending.push(buf);
    this.stream.write(buf);
  }

  end(): void {
    if (!this.done) this.stream.end();
  }

  destroy(): void {
    this.done = true;
    this.pending = [];
    this.stream.destroy();
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
  private readonly stream: zlib.Deflate;
  private done = false;

  constructor(sink: DeflaterSink, level: number) {
    // Z_SYNC_FLUSH after every write: the peer can decompress each write as soon as it arrives.
    const stream = (this.stream = zlib.createDeflate({ level, flush: zlib.constants.Z_SYNC_FLUSH }));
    stream.on("data", (out: Buffer) => {
      if (!this.done) sink.data(out);
    });
    stream.on("end", () => {
      if (this.done) return;
      this.done = true;
      sink.end();
    });
    stream.on("error", (err: Error) => {
      if (this.done) return;
      this.done = true;
      sink.error(err);
    });
  }

  write(bytes: Uint8Array): void {
    if (!this.done) this.stream.write(bytes);
  }

  end(): void {
    if (!this.done) this.stream.end();
  }

  destroy(): void {
    this.done = true;
    this.stream.destroy();
  }
}

/** Options for `zlibCodec`. */
export interface ZlibCodecOptions {
  /** zlib compression level for MCCP output, 0-9 (default 6, zlib's own default). */
  level?: number;
}

/**
 * MCCP2 / MCCP3 compression on node:zlib (streaming, off the main thread), for the
 * `compression` option. `createServer` and `connect` use it by default.
 *
 * @example
 * ```ts
 * createServer({ compression: zlibCodec({ level: 9 }), options: { ...defaultServerPolicy(), mccp2: "offer" } }, shell);
 * ```
 */
export function zlibCodec(options: ZlibCodecOptions = {}): CompressionCodec {
  const level = options.level ?? zlib.constants.Z_DEFAULT_COMPRESSION;
  return {
    createInflater: (sink) => new ZlibInflater(sink),
    createDeflater: (sink) => new ZlibDeflater(sink, level),
  };
}

/** The codec `createServer` and `connect` use when given no `compression` option. */
export const DEFAULT_COMPRESSION: CompressionCodec = zlibCodec();
