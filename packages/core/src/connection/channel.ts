/**
 * The byte channel an adapter gives a `TelnetConnection`: a socket, reduced to what the
 * connection needs. Node, Deno and Bun each wrap their socket in one of these.
 */
export interface ByteChannel {
  /**
   * Begin delivering what happens on the channel to `events`. Called once, by the
   * connection, before anything else.
   */
  start(events: ChannelEvents): void;
  /**
   * Queue bytes for the peer. Returns false when the channel's buffer is full: the
   * connection then writes no more data until `events.drain()` (it may still write small
   * negotiation replies). The channel must not keep `bytes` beyond sending them.
   */
  write(bytes: Uint8Array): boolean;
  /** Stop delivering incoming bytes (the reader is slow): let the peer feel backpressure. */
  pause(): void;
  /** Deliver incoming bytes again. */
  resume(): void;
  /** Send everything queued, then close our direction (TCP FIN); incoming bytes may still arrive. */
  end(): void;
  /** Close both directions now, dropping anything not yet sent. */
  destroy(error?: Error): void;
}

/** What a channel reports to its connection. */
export interface ChannelEvents {
  /** Bytes from the peer. The channel hands them over: it must not reuse or change them. */
  data(bytes: Uint8Array): void;
  /** The buffer that made `write` return false has drained. */
  drain(): void;
  /** The peer closed its direction: no more bytes will come. */
  end(): void;
  /** The channel is closed both ways; `error` when it broke (reset, TLS failure, ...). */
  close(error?: Error): void;
}

/**
 * For transports that queue writes themselves: the head of `queue`, or as many small
 * chunks from its front as fit in `limit` bytes joined into one (they replace those
 * chunks in the queue), so that a burst of small writes becomes one socket write.
 */
export function gatherWrites(queue: Uint8Array[], limit: number): Uint8Array {
  const head = queue[0];
  if (queue.length === 1 || head.length >= limit) return head;
  let size = 0;
  let count = 0;
  while (count < queue.length && size + queue[count].length <= limit) size += queue[count++].length;
  if (count <= 1) return head;
  const joined = new Uint8Array(size);
  for (let i = 0, at = 0; i < count; at += queue[i].length, i++) joined.set(queue[i], at);
  queue.splice(0, count, joined);
  return joined;
}
