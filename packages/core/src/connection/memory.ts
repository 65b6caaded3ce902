import type { ByteChannel, ChannelEvents } from "./channel.js";

/** Options for `createChannelPair`. */
export interface ChannelPairOptions {
  /** Bytes in flight toward one end above which `write` returns false (default 65536). */
  highWaterMark?: number;
}

/** One end of an in-memory pair, with what tests may look at. */
export interface MemoryChannel extends ByteChannel {
  /** Bytes written by this end and not yet delivered to the other. */
  readonly inFlight: number;
  /** Whether this end stopped taking bytes (`pause`). */
  readonly paused: boolean;
}

interface End {
  events: ChannelEvents | null;
  queue: Uint8Array[]; // toward the other end
  queued: number;
  needDrain: boolean;
  paused: boolean;
  ended: boolean; // this end sent its FIN
  endDelivered: boolean; // the other end was told
  closed: boolean;
  flushPeerward: (() => void) | null; // deliver this end's queue to the other end, soon
}

/**
 * Two connected in-memory channels, like the two ends of a TCP connection on loopback:
 * bytes written at one end arrive at the other in a later task, in the order written, one
 * chunk per write; `pause` holds them back and the writer sees backpressure; `end` is a
 * half-close; `destroy` resets both. For tests, and to run a shell in-process.
 */
export function createChannelPair(options: ChannelPairOptions = {}): [MemoryChannel, MemoryChannel] {
  const hwm = options.highWaterMark ?? 65536;
  const a = makeEnd();
  const b = makeEnd();
  return [channel(a, b, hwm), channel(b, a, hwm)];
}

function makeEnd(): End {
  return {
    events: null,
    queue: [],
    queued: 0,
    needDrain: false,
    paused: false,
    ended: false,
    endDelivered: false,
    closed: false,
    flushPeerward: null,
  };
}

function channel(self: End, peer: End, hwm: number): MemoryChannel {
  let scheduled = false;

  // Deliver what this end wrote to the peer, as far as the peer takes it.
  const flush = (): void => {
    scheduled = false;
    if (self.closed || peer.closed || !peer.events) return;
    while (self.queue.length > 0 && !peer.paused && !peer.closed) {
      const chunk = self.queue.shift()!;
      self.queued -= chunk.length;
      peer.events.data(chunk);
    }
    if (self.needDrain && self.queued <= hwm && !self.closed) {
      self.needDrain = false;
      self.events?.drain();
    }
    if (self.queue.length === 0 && self.ended && !self.endDelivered && !peer.closed) {
      self.endDelivered = true;
      peer.events.end();
    }
    if (self.endDelivered && peer.endDelivered) {
      closeEnd(self);
      closeEnd(peer);
    }
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(flush, 0);
  };
  self.flushPeerward = schedule;

  const ch: MemoryChannel = {
    get inFlight() {
      return self.queued;
    },
    get paused() {
      return self.paused;
    },
    start(events) {
      self.events = events;
      peer.flushPeerward?.();
    },
    write(bytes) {
      if (self.closed || self.ended) return false;
      self.queue.push(bytes.slice());
      self.queued += bytes.length;
      schedule();
      if (self.queued > hwm) self.needDrain = true;
      return !self.needDrain;
    },
    pause() {
      self.paused = true;
    },
    resume() {
      if (!self.paused) return;
      self.paused = false;
      peer.flushPeerward?.();
    },
    end() {
      if (self.ended || self.closed) return;
      self.ended = true;
      schedule();
    },
    destroy(error) {
      if (self.closed) return;
      self.queue.length = 0;
      self.queued = 0;
      closeEnd(self, error);
      if (!peer.closed) {
        peer.queue.length = 0;
        peer.queued = 0;
        const reset = Object.assign(new Error("connection reset by peer"), { code: "ECONNRESET" });
        setTimeout(() => closeEnd(peer, reset), 0);
      }
    },
  };
  return ch;
}

function closeEnd(end: End, error?: Error): void {
  if (end.closed) return;
  end.closed = true;
  end.queue.length = 0;
  end.queued = 0;
  end.events?.close(error);
}
