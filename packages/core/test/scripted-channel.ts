import type { ByteChannel, ChannelEvents } from "@telnetkit/core";

/**
 * A channel a test drives by hand: it records what the connection writes and whether it
 * paused or ended the channel, and delivers what the test feeds. `state.full` makes writes
 * report a full buffer until `drain()`.
 */
export function scripted() {
  const written: number[] = [];
  const state = { paused: false, ended: false, full: false };
  let events: ChannelEvents | null = null;
  const channel: ByteChannel = {
    start(ev) {
      events = ev;
    },
    write(bytes) {
      written.push(...bytes);
      return !state.full;
    },
    pause() {
      state.paused = true;
    },
    resume() {
      state.paused = false;
    },
    end() {
      state.ended = true;
    },
    destroy() {},
  };
  return {
    channel,
    written,
    state,
    /** Bytes from the peer, copied. */
    feed: (bytes: Uint8Array | number[]) => events!.data(Uint8Array.from(bytes)),
    /** The chunk itself, as a socket hands it over. */
    deliver: (bytes: Uint8Array) => events!.data(bytes),
    /** The peer's end of input. */
    finish: () => events!.end(),
    /** The channel closed, with or without an error. */
    close: (error?: Error) => events!.close(error),
    /** The channel can take writes again. */
    drain: () => {
      state.full = false;
      events!.drain();
    },
  };
}
