import { gatherWrites, type ByteChannel, type ChannelEvents } from "@telnetkit/core";
import type { DenoConn } from "./deno-api.js";

/** Options for `connChannel`. */
export interface ConnChannelOptions {
  /** Bytes queued for the peer at which `write` returns false until the queue has drained (default 65536). */
  highWaterMark?: number;
}

// Each read gets a fresh buffer (the chunk handed over is a view of it): 4 KiB while reads
// are small, so that an idle connection holds little, doubling up to 64 KiB while they fill it.
const MIN_READ = 4 * 1024;
const MAX_READ = 64 * 1024;
// Small queued writes go out together, up to this much per write call.
const GATHER = 64 * 1024;

/**
 * A Deno connection (`Deno.Conn`, TCP or TLS) as a connection's byte channel: a read loop
 * that delivers each chunk and stops while paused, and a write queue that the loop empties
 * in order, with backpressure (`write` returns false at the high-water mark, `drain` once
 * the queue is empty). `end` sends what is queued, then closes our direction; the channel
 * closes once both directions have ended, or at the first error.
 */
export function connChannel(conn: DenoConn, options: ConnChannelOptions = {}): ByteChannel {
  const highWaterMark = options.highWaterMark ?? 65536;
  let events: ChannelEvents | null = null;
  let closed = false;
  let paused = false;
  let wake: (() => void) | null = null;
  let readEnded = false;
  let ending = false; // end() called: no more writes
  let writeEnded = false;
  const queue: Uint8Array[] = [];
  let queued = 0;
  let writing = false;
  let needDrain = false;

  const close = (error?: Error): void => {
    if (closed) return;
    closed = true;
    queue.length = 0;
    queued = 0;
    try {
      conn.close();
    } catch {
      // already closed
    }
    wake?.();
    events?.close(error);
  };
  const fail = (err: unknown): void => close(err instanceof Error ? err : new Error(String(err)));
  const closeIfDone = (): void => {
    if (readEnded && writeEnded) close();
  };

  const readLoop = async (): Promise<void> => {
    let size = MIN_READ;
    try {
      while (!closed) {
        if (paused) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        const buffer = new Uint8Array(size);
        const n = await conn.read(buffer);
        if (closed) return;
        if (n === null) {
          readEnded = true;
          events!.end();
          closeIfDone();
          return;
        }
        if (n === 0) continue;
        if (n === size) size = Math.min(size * 2, MAX_READ);
        else if (n < size >> 2) size = Math.max(size >> 1, MIN_READ);
        events!.data(buffer.subarray(0, n));
      }
    } catch (err) {
      if (!closed) fail(err);
    }
  };


  const writeLoop = async (): Promise<void> => {
    writing = true;
    try {
      while (queue.length > 0 && !closed) {
        const bytes = gatherWrites(queue, GATHER);
        const n = await conn.write(bytes);
        if (closed) return;
        queued -= n;
        if (n >= bytes.length) queue.shift();
        else queue[0] = bytes.subarray(n);
      }
      if (closed) return;
      if (needDrain) {
        needDrain = false;
        events?.drain();
      }
      if (ending && !writeEnded && queue.length === 0) {
        await conn.closeWrite();
        writeEnded = true;
        closeIfDone();
      }
    } catch (err) {
      if (!closed) fail(err);
    } finally {
      writing = false;
    }
    // A write or an end that came while the last step was awaited.
    if (!closed && (queue.length > 0 || (ending && !writeEnded))) void writeLoop();
  };

  return {
    start(ev) {
      events = ev;
      void readLoop();
    },
    write(bytes) {
      if (closed || ending) return false;
      if (bytes.length > 0) {
        queue.push(bytes);
        queued += bytes.length;
        if (!writing) void writeLoop();
        if (queued >= highWaterMark) needDrain = true;
      }
      return !needDrain;
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      wake?.();
    },
    end() {
      if (closed || ending) return;
      ending = true;
      if (!writing) void writeLoop();
    },
    destroy(error) {
      close(error);
    },
  };
}
