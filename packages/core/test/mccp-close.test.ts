import * as zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  DONT,
  IAC,
  OPT,
  SB,
  SE,
  TelnetConnection,
  WILL,
  inflateCodec,
  nodeZlibCodec,
  type ChannelEvents,
  type CompressionCodec,
} from "@telnetkit/core";
import { syncCodec } from "./mccp-codec.js";
import { scripted } from "./scripted-channel.js";

const START2 = [IAC, SB, OPT.MCCP2, IAC, SE];
const enc = (s: string) => new TextEncoder().encode(s);
const turn = () => new Promise((r) => setImmediate(r));
const later = (deliver: () => void) => void setTimeout(deliver, 1);

async function readAll(conn: TelnetConnection): Promise<string> {
  let text = "";
  for (;;) {
    const part = await conn.read();
    if (part === null) return text;
    text += part;
  }
}

const codecs: [string, CompressionCodec][] = [
  ["node:zlib", nodeZlibCodec(zlib)],
  ["a codec that answers later", syncCodec(later)],
];

for (const [name, codec] of codecs) {
  describe(`MCCP input when the peer closes, ${name}`, () => {
    it("the peer ends one stream, starts another and closes at once: the second stream is read to its end, then the end of input", async () => {
      const { channel, state, feed, finish } = scripted();
      const c = new TelnetConnection(channel, { role: "client", compression: codec });
      feed([IAC, WILL, OPT.MCCP2]);
      const first = zlib.deflateSync(enc("first\r\n"));
      // The second stream is cut short, as by a server that closes without ending it.
      const second = zlib.deflateSync(enc("second\r\n"), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      feed([...START2, ...first, ...enc("plain\r\n"), ...START2, ...second]);
      finish();
      const text = readAll(c);
      for (let k = 0; k < 5000 && c.readyState === "open"; k++) await turn();
      // The end of input came after the second stream: the connection closes its side in turn.
      expect(c.readyState).toBe("closing");
      expect(state.ended).toBe(true);
      expect(await text).toBe("first\r\nplain\r\nsecond\r\n");
      c.destroy();
    });
  });
}

describe("MCCP input when the connection dies (node:zlib: it inflates later)", () => {
  const codec = nodeZlibCodec(zlib);

  it("a reset right after compressed bytes arrived: what they inflate to is still read, then the end", async () => {
    const { channel, feed, close } = scripted();
    const c = new TelnetConnection(channel, { role: "client", compression: codec });
    feed([IAC, WILL, OPT.MCCP2]);
    const z = zlib.deflateSync(enc("last words\r\n"), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    feed([...START2, ...z]);
    close(Object.assign(new Error("connection reset by peer"), { code: "ECONNRESET" }));
    expect((await c.closed).reason).toBe("error");
    // As with plain input: bytes taken before the reset are read.
    expect(await readAll(c)).toBe("last words\r\n");
  });

  it("a reset while a stream ends and plain bytes follow in the same read: all of it is read", async () => {
    const { channel, feed, close } = scripted();
    const c = new TelnetConnection(channel, { role: "client", compression: codec });
    feed([IAC, WILL, OPT.MCCP2]);
    const z = zlib.deflateSync(enc("in the stream\r\n"));
    feed([...START2, ...z, ...enc("after it\r\n")]);
    close(Object.assign(new Error("connection reset by peer"), { code: "ECONNRESET" }));
    expect(await readAll(c)).toBe("in the stream\r\nafter it\r\n");
  });

  it("our close while the inflater still holds bytes taken before it: they are read, then the end", async () => {
    const { channel, feed, finish } = scripted();
    const c = new TelnetConnection(channel, { role: "client", compression: codec });
    feed([IAC, WILL, OPT.MCCP2]);
    const z = zlib.deflateSync(enc("goodbye\r\n"), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    feed([...START2, ...z]);
    const closing = c.close();
    finish();
    expect(await readAll(c)).toBe("goodbye\r\n");
    c.destroy();
    await closing;
  });
});

describe("MCCP input: an inflater that answers inside write", () => {
  it("a stream that ends inside the write that returned false does not leave the peer paused", async () => {
    // An inflater that takes the whole stream at once, ends it, and says it held too much.
    const codec: CompressionCodec = {
      createInflater(sink) {
        return {
          write(bytes) {
            sink.data(enc("inside\r\n"));
            sink.end(bytes.subarray(1));
            return false;
          },
          end() {},
          destroy() {},
        };
      },
    };
    let paused = false;
    let events: ChannelEvents | null = null;
    const channel = {
      start: (ev: ChannelEvents) => void (events = ev),
      write: () => true,
      pause: () => void (paused = true),
      resume: () => void (paused = false),
      end() {},
      destroy() {},
    };
    const c = new TelnetConnection(channel, { role: "client", compression: codec });
    events!.data(Uint8Array.from([IAC, WILL, OPT.MCCP2, ...START2, 0x78, ...enc("after\r\n")]));
    expect(c.session.decompressing).toBe(0);
    expect(paused).toBe(false);
    expect(await c.readline()).toBe("inside");
    expect(await c.readline()).toBe("after");
    c.destroy();
  });
});

describe("MCCP input: a corrupt stream", () => {
  it.each([
    ["node:zlib", nodeZlibCodec(zlib)],
    ["inflateCodec()", inflateCodec()],
  ] as [string, CompressionCodec][])("%s: a compression-error warning, DONT MCCP2, and what follows is read plain", async (_name, codec) => {
    const written: number[] = [];
    let events: ChannelEvents | null = null;
    const channel = {
      start: (ev: ChannelEvents) => void (events = ev),
      write: (b: Uint8Array) => (written.push(...b), true),
      pause() {},
      resume() {},
      end() {},
      destroy() {},
    };
    const c = new TelnetConnection(channel, { role: "client", compression: codec });
    const warnings: string[] = [];
    c.on("warning", (w) => warnings.push(w.code));
    // A valid start of a stream, then bytes no zlib stream holds (a block of the reserved type 3).
    events!.data(Uint8Array.from([IAC, WILL, OPT.MCCP2, ...START2, 0x78, 0x9c, 0x07, 1, 2, 3]));
    for (let k = 0; k < 5000 && warnings.length === 0; k++) await turn();
    expect(warnings).toEqual(["compression-error"]);
    expect(written.slice(-3)).toEqual([IAC, DONT, OPT.MCCP2]);
    expect(c.session.decompressing).toBe(0);
    events!.data(enc("plain again\r\n"));
    expect(await c.readline()).toBe("plain again");
    c.destroy();
  });
});
