import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  DO,
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
const turn = () => new Promise((r) => setImmediate(r));

describe("MCCP input is bounded by the reader (docs/mud.md, Limits)", () => {
  it.each([
    ["node:zlib", nodeZlibCodec(zlib)],
    ["inflateCodec()", inflateCodec()],
  ] as [string, CompressionCodec][])("a zip bomb: 32 MiB of zeros in 32 KiB of zlib, read slowly, never holds much more than maxBuffer (%s)", async (_name, codec) => {
    const size = 32 << 20;
    const maxBuffer = 65536;
    const bomb = zlib.deflateSync(new Uint8Array(size), { level: 9 });
    expect(bomb.length).toBeLessThan(64 << 10);
    const { channel, feed } = scripted();
    const c = new TelnetConnection(channel, { role: "client", compression: codec, maxBuffer });
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

describe("MCCP input: what the node:zlib inflater keeps", () => {
  it("a stream of empty flushes (no output at all) is not kept once zlib has taken it", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const { channel, state, feed, deliver } = scripted();
    const c = new TelnetConnection(channel, { role: "client", compression: nodeZlibCodec(zlib) });
    feed([IAC, WILL, OPT.MCCP2, ...START2, 0x78, 0x9c]);
    // Empty stored blocks (RFC 1951 3.2.4: LEN 0, NLEN 0xffff), as a sync flush with nothing to flush makes.
    const chunk = (): Uint8Array => {
      const b = new Uint8Array(65535);
      for (let i = 0; i < b.length; i += 5) b.set([0, 0, 0, 0xff, 0xff], i);
      return b;
    };
    const fed: WeakRef<Uint8Array>[] = [];
    for (let k = 0; k < 64; k++) {
      for (let wait = 0; wait < 1000 && state.paused; wait++) await new Promise((r) => setTimeout(r, 1));
      const b = chunk();
      fed.push(new WeakRef(b));
      deliver(b);
    }
    for (let wait = 0; wait < 1000 && state.paused; wait++) await new Promise((r) => setTimeout(r, 1));
    deliver(chunk());
    await new Promise((r) => setTimeout(r, 1));
    gc();
    const kept = fed.filter((r) => r.deref() !== undefined).length;
    // What zlib has not taken yet at most (its input buffer: 256 KiB, four of these).
    expect(kept).toBeLessThanOrEqual(6);
    expect(c.session.decompressing).toBe(OPT.MCCP2);
    c.destroy();
  });
});

describe("MCCP output: a peer that turns the option on and off as fast as it can", () => {
  it("DO and DONT MCCP2 a thousand times in one read: one deflater at a time, and the output in order", async () => {
    const base = nodeZlibCodec(zlib);
    let live = 0;
    let most = 0;
    const codec: CompressionCodec = {
      createDeflater(sink) {
        live++;
        most = Math.max(most, live);
        const gone = () => void live--;
        return base.createDeflater!({
          data: (b) => sink.data(b),
          end: () => (gone(), sink.end()),
          error: (e) => (gone(), sink.error(e)),
          drain: () => sink.drain(),
        });
      },
    };
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
    const s = new TelnetConnection(channel, { role: "server", compression: codec, options: { mccp2: "offer" } });
    const storm: number[] = [];
    for (let i = 0; i < 1000; i++) storm.push(IAC, DO, OPT.MCCP2, IAC, DONT, OPT.MCCP2);
    events!.data(Uint8Array.from(storm));
    // Each stream holds zlib's window and tables (about 256 KiB): they must not all live at once.
    expect(most).toBeLessThanOrEqual(2);
    expect(await s.write("after\r\n")).toBe(true);
    expect(live).toBe(0);
    expect(new TextDecoder().decode(Uint8Array.from(written.slice(-7)))).toBe("after\r\n");
    // Every start is followed by a whole zlib stream, in order.
    let at = 0;
    let streams = 0;
    for (;;) {
      const start = written.indexOf(SE, at);
      if (start === -1 || written[start - 1] !== IAC || written[start - 2] !== OPT.MCCP2) break;
      const r = zlib.inflateSync(Uint8Array.from(written.slice(start + 1)), { info: true }) as unknown as {
        engine: { bytesWritten: number };
      };
      at = start + 1 + r.engine.bytesWritten;
      streams++;
    }
    expect(streams).toBe(1000);
    s.destroy();
  });
});

describe("MCCP input: many streams in one read", () => {
  it.each([
    ["a codec that answers inside write", syncCodec()],
    ["inflateCodec()", inflateCodec()],
    ["node:zlib", nodeZlibCodec(zlib)],
  ] as [string, CompressionCodec][])("5,000 empty streams, each started after the last one's end, in 64 KB (%s): no deeper stack, all read", async (_name, codec) => {
    const { channel, feed } = scripted();
    const c = new TelnetConnection(channel, { role: "client", compression: codec });
    let starts = 0;
    c.on("compression", (e) => void (e.active && starts++));
    const empty = [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];
    const wire: number[] = [IAC, WILL, OPT.MCCP2];
    for (let i = 0; i < 5000; i++) wire.push(...START2, ...empty);
    wire.push(...new TextEncoder().encode("the end\r\n"));
    feed(wire);
    expect(await c.readline()).toBe("the end");
    expect(starts).toBe(5000);
    expect(c.session.decompressing).toBe(0);
    c.destroy();
  });
});
