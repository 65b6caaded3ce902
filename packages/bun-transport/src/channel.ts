import { gatherWrites, type ByteChannel, type ChannelEvents } from "@telnetkit/core";
import type { BunSocket, BunSocketHandler } from "./bun-api.js";

/** Options for `socketChannel`. */
export interface SocketChannelOptions {
  /** Bytes queued for the peer at which `write` returns false until the queue has drained (default 65536). */
  highWaterMark?: number;
}

/** A byte channel over a Bun socket, fed by the socket's handlers (`channelHandlers`). */
export interface BunChannel extends ByteChannel {
  /** Bytes from the peer. */
  onData(bytes: Uint8Array): void;
  /** The socket takes writes again. */
  onDrain(): void;
  /** The peer closed its direction. */
  onEnd(): void;
  /** The socket closed, with an error when it broke. */
  onClose(error?: Error): void;
  /** The socket failed; `onClose` follows. */
  onError(error: Error): void;
}

/**
 * Socket handlers for `Bun.listen` and `Bun.connect` whose sockets carry their channel in
 * `socket.data` (set it in `open`).
 */
export const channelHandlers: BunSocketHandler<BunChannel | null> = {
  data: (socket, bytes) => socket.data?.onData(bytes),
  drain: (socket) => socket.data?.onDrain(),
  end: (socket) => socket.data?.onEnd(),
  close: (socket, error) => socket.data?.onClose(error ?? undefined),
  error: (socket, error) => socket.data?.onError(error),
};

// Small queued writes go out together, up to this much per write call.
const GATHER = 64 * 1024;

/**
 * A Bun socket (TCP or TLS) as a connection's byte channel. `socket.write` takes what the
 * kernel takes and no more: the rest waits in a queue, in order, until the socket's `drain`;
 * `write` returns false at the high-water mark and `drain` fires once the queue is empty.
 * `end` sends what is queued, then closes our direction (the socket must be opened with
 * `allowHalfOpen: true`). What arrives before the connection starts is held for it.
 */
export function socketChannel(socket: BunSocket<unknown>, options: SocketChannelOptions = {}): BunChannel {
  const highWaterMark = options.highWaterMark ?? 65536;
  let events: ChannelEvents | null = null;
  let early: { data: Uint8Array[]; end: boolean; close: boolean } | null = { data: [], end: false, close: false };
  let closed = false;
  let error: Error | undefined;
  let readEnded = false;
  let ending = false;
  let writeEnded = false;
  let needDrain = false;
  const queue: Uint8Array[] = [];
  let queued = 0;

  // Both directions are done: close the socket (its close handler reports it).
  const closeIfDone = (): void => {
    if (readEnded && writeEnded && !closed) socket.end();
  };

  const endWrites = (): void => {
    writeEnded = true;
    if (readEnded) socket.end();
    else socket.shutdown();
  };


  // Write from the queue until the socket takes no more; true once the queue is empty.
  const flush = (): boolean => {
    while (queue.length > 0) {
      const bytes = gatherWrites(queue, GATHER);
      const n = socket.write(bytes);
      if (n < 0) return false; // closed: the close handler follows
      queued -= n;
      if (n < bytes.length) {
        queue[0] = bytes.subarray(n);
        return false;
      }
      queue.shift();
    }
    return true;
  };

  const channel: BunChannel = {
    start(ev) {
      events = ev;
      const held = early!;
      early = null;
      for (const bytes of held.data) ev.data(bytes);
      if (held.end) ev.end();
      if (held.close) ev.close(error);
    },
    write(bytes) {
      if (closed || ending) return false;
      if (bytes.length === 0) return !needDrain;
      if (queue.length === 0) {
        const n = socket.write(bytes);
        if (n < 0) return false;
        if (n >= bytes.length) return !needDrain;
        bytes = bytes.subarray(n);
      }
      queue.push(bytes);
      queued += bytes.length;
      if (queued >= highWaterMark) needDrain = true;
      return !needDrain;
    },
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    end() {
      if (closed || ending) return;
      ending = true;
      if (queue.length === 0) endWrites();
    },
    destroy(err) {
      if (closed) return;
      error ??= err;
      socket.terminate();
      channel.onClose(err);
    },
    onData(bytes) {
      // Each chunk is a fresh buffer from Bun: safe to hand over.
      if (early) early.data.push(bytes);
      else if (!closed) events!.data(bytes);
    },
    onDrain() {
      if (closed || !flush()) return;
      if (ending && !writeEnded) endWrites();
      if (needDrain) {
        needDrain = false;
        events?.drain();
      }
    },
    onEnd() {
      if (closed || readEnded) return;
      readEnded = true;
      if (early) early.end = true;
      else events!.end();
      closeIfDone();
    },
    onClose(err) {
      if (closed) return;
      closed = true;
      error ??= err;
      queue.length = 0;
      queued = 0;
      if (early) early.close = true;
      else events!.close(error);
    },
    onError(err) {
      error ??= err;
    },
  };
  return channel;
}
