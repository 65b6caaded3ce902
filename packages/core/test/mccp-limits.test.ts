import * as zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { IAC, OPT, SB, SE, TelnetConnection, WILL, nodeZlibCodec, type ChannelEvents } from "@telnetkit/core";

const START2 = [IAC, SB, OPT.MCCP2, IAC, SE];
const turn = () => new Promise((r) => setImmediate(r));

/** A channel the test feeds by hand, and whether the connection paused it. */
function scripted() {
  let events: ChannelEvents | null = null;
  const state = { paused: false };
  const channel = {
    start(ev: ChannelEvents) {
      events = ev;
    },
    write: () => true,
    pause() {
      state.paused = true;
    },
    resume() {
      state.paused = false;
    },
    end() {},
    destroy() {},
  };
  return { channel, state, feed: (bytes: Uint8Array | number[]) => events!.data(Uint8Array.from(bytes)) };
}

describe("MCCP input is bounded by the reader (docs/mud.md, Limits)", () => {
  it("a zip bomb: 32 MiB of zeros in 32 KiB of zlib, read slowly, never holds much more than maxBuffer", async () => {
    const size = 32 << 20;
    const maxBuffer = 65536;
    const bomb = zlib.deflateSync(new Uint8Array(size), { level: 9 });
    expect(bomb.length).toBeLessThan(64 << 10);
    const { channel, feed } = scripted();
    const c = new TelnetConnection(channel, { role: "client", compression: nodeZlibCodec(zlib), maxBuffer });
    // One read of the socket holds the whole stream: only the inflater can hold it back.
    feed([IAC, WILL, OPT.MCCP2, ...START2, ...bomb]);
    let read = 0;
    let nonZero = 0;
    let most = 0;
    while (read < size) {
      // The reader is slow: before each read, zlib gets turns of the event loop until it
      // has made nothing more for a while (or for long).
      for (let k = 0, still = 0; k < 200 && still < 8; k++) {
        const before = c.bufferedInput;
        await turn();
        still = c.bufferedInput === before ? still + 1 : 0;
      }
      most = Math.max(most, c.bufferedInput);
      // maxBuffer, plus what zlib had made when the pause came (pieces of 64 KiB).
      expect(most).toBeLessThanOrEqual(maxBuffer + 4 * 65536);
      const part = await c.readBytes();
      if (part === null) break;
      read += part.length;
      for (const b of part) nonZero += b;
    }
    expect(read).toBe(size);
    expect(nonZero).toBe(0);
    c.destroy();
  });
});
