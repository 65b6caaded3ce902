/**
 * MCCP2 / MCCP3 compression for a connection (mud-mccp.md): the codec interface a runtime
 * supplies (node:zlib on Node, Deno and Bun; `inflateCodec()` anywhere, a browser included), and the
 * ordered output a connection writes through while it compresses.
 *
 * Both halves may answer at once (a synchronous zlib) or later (a stream, a worker): the
 * connection keeps bytes in order either way.
 */

/** Where an inflater delivers what it makes. After `end` or `error`, nothing more comes. */
export interface InflaterSink {
  /** Decompressed bytes, in order. */
  data(bytes: Uint8Array): void;
  /** The zlib stream ended. `rest`: the bytes written to the inflater after the stream's end (plain Telnet). */
  end(rest: Uint8Array): void;
  /** The stream is not valid zlib. */
  error(error: Error): void;
  /** The inflater that returned false from `write` can take more. */
  drain(): void;
}

/** Decompresses one zlib stream (RFC 1950). */
export interface Inflater {
  /**
   * Compressed bytes, in order. The inflater may not keep `bytes` once it has used them.
   * Returns false when it holds more than it wants (the connection then pauses the peer
   * until `drain`); nothing or true otherwise.
   */
  write(bytes: Uint8Array): boolean | void;
  /**
   * No more bytes will come (the peer closed): deliver what the bytes written so far give,
   * then `end` (with no rest when the stream was cut short) or `error`.
   */
  end(): void;
  /** Drop the stream: no more callbacks. */
  destroy(): void;
  /**
   * Optional: make nothing more until `resume` (the reader is behind); `write` may return
   * false meanwhile. Without it, what the bytes already written inflate to still comes,
   * up to about 1,000 times their size.
   */
  pause?(): void;
  /** Optional: go on after `pause`. */
  resume?(): void;
}

/** Where a deflater delivers the compressed bytes. After `end` or `error`, nothing more comes. */
export interface DeflaterSink {
  /** Compressed bytes, in order, to write to the peer. */
  data(bytes: Uint8Array): void;
  /** The stream is finished (`end()` was called and its last bytes delivered). */
  end(): void;
  error(error: Error): void;
  /** The deflater that returned false from `write` can take more. */
  drain(): void;
}

/** Compresses one zlib stream (RFC 1950). */
export interface Deflater {
  /**
   * Compress `bytes` and flush (Z_SYNC_FLUSH), so that the peer can decompress all of it
   * now. Returns false when it holds more than it wants (writers then wait for `drain`, as
   * for a full socket); nothing or true otherwise.
   */
  write(bytes: Uint8Array): boolean | void;
  /** Finish the stream (Z_FINISH): the sink gets the last bytes, then `end()`. */
  end(): void;
  /** Drop the stream: no more callbacks. */
  destroy(): void;
}

/**
 * zlib for MCCP, supplied by the runtime (`@telnetkit/node` gives one on node:zlib). Each
 * half is optional: a codec that can only inflate makes a client that accepts MCCP2 and
 * refuses MCCP3.
 */
export interface CompressionCodec {
  /** A decompressor for one stream. */
  createInflater?(sink: InflaterSink): Inflater;
  /** A compressor for one stream. */
  createDeflater?(sink: DeflaterSink): Deflater;
}

/** A zlib stream with no data, ended at once: what is owed to a peer expecting a stream when we cannot compress. */
export const EMPTY_ZLIB_STREAM: Uint8Array = Uint8Array.of(0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01);

interface Segment {
  // A compressed stream, or plain bytes waiting behind one.
  codec: CompressionCodec | null;
  // The stream's deflater, made once the segment is first in line: a peer that turns
  // compression on and off at will costs one live stream, not one per turn.
  deflater: Deflater | null;
  // Plain bytes to write, or what is written to a stream before its deflater is made.
  chunks: Uint8Array[];
  // The stream was ended (stop): its deflater finishes it, or will once made.
  stopped: boolean;
  // The stream's last bytes are out.
  done: boolean;
  // The deflater returned false from a write and has not drained since.
  blocked: boolean;
}

/**
 * A connection's output while it compresses: writes go through the live deflater; a
 * finished stream's last bytes go out before anything written after it, even when the
 * deflater answers later. Writers are asked to wait (`write` returns false, then
 * `drained`) while the deflater holds too much or a finishing stream holds writes back,
 * so that what waits here stays small.
 */
export class CompressedOutput {
  private segments: Segment[] = [];
  private live: Segment | null = null;
  private owed = false; // a write returned false: `drained` is owed
  private whenIdle: (() => void) | null = null;
  private settling = false;

  /** `raw` writes to the channel; `fail` is told of a deflater's error; `drained` when writers may go on after a write returned false. */
  constructor(
    private readonly raw: (bytes: Uint8Array) => void,
    private readonly fail: (error: Error) => void,
    private readonly drained: () => void = () => {},
  ) {}

  /** Whether a stream is being written or finished: false once everything went out plain. */
  get busy(): boolean {
    return this.segments.length > 0;
  }

  /** Whether writes are compressed now. */
  get compressing(): boolean {
    return this.live !== null;
  }

  /** Whether writers should wait: the live deflater holds too much, or writes queue behind a stream still finishing. */
  get blocked(): boolean {
    const live = this.live;
    if (live !== null) return live.blocked || this.segments[0] !== live;
    return this.segments.length > 0;
  }

  /** Whether a write returned false and writers wait for `drained`. */
  get holdsWriters(): boolean {
    return this.owed;
  }

  /** Write bytes in order; false when writers should wait for `drained`. */
  write(bytes: Uint8Array): boolean {
    const live = this.live;
    if (live !== null) {
      if (live.deflater === null) live.chunks.push(bytes);
      else if (live.deflater.write(bytes) === false) live.blocked = true;
    } else if (this.segments.length === 0) {
      this.raw(bytes);
      return true;
    } else {
      // Behind a stream still finishing.
      const last = this.segments[this.segments.length - 1];
      if (last.codec === null) last.chunks.push(bytes);
      else this.segments.push({ codec: null, deflater: null, chunks: [bytes], stopped: true, done: true, blocked: false });
    }
    if (!this.blocked) return true;
    this.owed = true;
    return false;
  }

  /** Compress what is written from now on with a new stream of `codec`. */
  start(codec: CompressionCodec): void {
    if (this.live !== null) return;
    const seg: Segment = { codec, deflater: null, chunks: [], stopped: false, done: false, blocked: false };
    this.segments.push(seg);
    this.live = seg;
    if (this.segments[0] === seg) this.begin(seg);
  }

  /** End the live stream (Z_FINISH); what is written next is plain, after its last bytes. */
  stop(): void {
    const seg = this.live;
    if (seg === null) return;
    this.live = null;
    seg.blocked = false;
    seg.stopped = true;
    seg.deflater?.end();
  }

  /** End the live stream, and call `done` once everything is written. */
  finish(done: () => void): void {
    this.stop();
    if (this.segments.length === 0) done();
    else this.whenIdle = done;
  }

  /** Drop every stream (the connection is gone). */
  destroy(): void {
    for (const seg of this.segments) seg.deflater?.destroy();
    this.segments = [];
    this.live = null;
    this.whenIdle = null;
    this.owed = false;
  }

  // Make the deflater of a stream now first in line, and give it what was written to it.
  private begin(seg: Segment): void {
    seg.deflater = seg.codec!.createDeflater!({
      data: (bytes) => this.raw(bytes),
      end: () => {
        seg.done = true;
        this.settle();
      },
      error: (error) => this.fail(error),
      drain: () => {
        if (!seg.blocked) return;
        seg.blocked = false;
        this.release();
      },
    });
    const chunks = seg.chunks;
    seg.chunks = [];
    for (const c of chunks) if (seg.deflater.write(c) === false && this.live === seg) seg.blocked = true;
    if (seg.stopped) seg.deflater.end();
  }

  // Write what waited behind streams that have finished, in order, and begin the next stream.
  private settle(): void {
    if (this.settling) return; // a deflater that ends inside begin(): the loop below goes on
    this.settling = true;
    const segments = this.segments;
    try {
      // (A deflater's error destroys the output: this.segments is then another array.)
      while (segments.length > 0 && this.segments === segments) {
        const head = segments[0];
        if (head.codec === null) {
          const chunks = head.chunks;
          head.chunks = [];
          for (const c of chunks) this.raw(c);
        } else if (head.deflater === null) {
          this.begin(head);
        }
        if (!head.done || segments[0] !== head) break;
        segments.shift();
      }
    } finally {
      this.settling = false;
    }
    this.release();
    if (segments.length > 0) return;
    const done = this.whenIdle;
    this.whenIdle = null;
    done?.();
  }

  private release(): void {
    if (!this.owed || this.blocked) return;
    this.owed = false;
    this.drained();
  }
}
