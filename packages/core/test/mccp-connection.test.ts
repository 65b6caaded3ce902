import { inflateSync, deflateSync, constants as zc } from "node:zlib";
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
  createChannelPair,
  type CompressionCodec,
  type ConnectionOptions,
  type DeflaterSink,
  type InflaterSink,
  type TelnetEvent,
} from "@telnetkit/core";
import { syncCodec } from "./mccp-codec.js";
import { scripted } from "./scripted-channel.js";

const START2 = [IAC, SB, OPT.MCCP2, IAC, SE];
const enc = (s: string) => new TextEncoder().encode(s);
const tick = () => new Promise((r) => setTimeout(r, 0));
const later = (deliver: () => void) => void setTimeout(deliver, 1);

type Opts = Omit<ConnectionOptions, "role">;
type Inflated = { buffer: Buffer; engine: { bytesWritten: number } };

function pair(server: Opts, client: Opts) {
  const [a, b] = createChannelPair();
  const wire = { toClient: [] as number[], toServer: [] as number[] };
  const s = new TelnetConnection(a, {
    role: "server",
    tap: (dir, bytes) => void (dir === "out" ? wire.toClient.push(...bytes) : undefined),
    ...server,
  });
  const c = new TelnetConnection(b, {
    role: "client",
    tap: (dir, bytes) => void (dir === "out" ? wire.toServer.push(...bytes) : undefined),
    ...client,
  });
  return { s, c, wire };
}

function indexOfSeq(hay: number[], needle: number[], from = 0): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

async function readAll(conn: TelnetConnection, length: number): Promise<string> {
  let text = "";
  while (text.length < length) {
    const part = await conn.read();
    if (part === null) break;
    text += part;
  }
  return text;
}

const TEXT = Array.from({ length: 200 }, (_, i) => `Line ${i}: the orc hits you hard.`).join("\r\n") + "\r\n";

for (const [name, codec] of [
  ["a codec that answers at once", syncCodec()],
  ["a codec that answers later", syncCodec(later)],
] as [string, CompressionCodec][]) {
  describe(`MCCP through TelnetConnection, ${name}`, () => {
    it("MCCP2: the server's output after IAC SB MCCP2 IAC SE is a zlib stream the client reads back whole", async () => {
      const { s, c, wire } = pair({ compression: codec, options: { mccp2: "offer" } }, { compression: codec });
      expect(await c.waitFor("MCCP2", "remote")).toBe(true);
      await s.waitFor("MCCP2", "local");
      await s.write(TEXT);
      expect(await readAll(c, TEXT.length)).toBe(TEXT);
      // On the wire: the start, then zlib (78 01 here), and none of the text in clear.
      const at = indexOfSeq(wire.toClient, START2);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(wire.toClient[at + 5]).toBe(0x78);
      expect(c.session.decompressing).toBe(OPT.MCCP2);
      await s.close();
      await c.closed;
      // Closing ended the stream (Z_FINISH) before the FIN: zlib reads it as complete.
      const stream = Uint8Array.from(wire.toClient.slice(at + 5));
      expect(new TextDecoder().decode(inflateSync(stream))).toContain("Line 199");
    });

    it("MCCP2: the server ends compression mid-connection; what it writes next is plain, in order", async () => {
      const { s, c, wire } = pair({ compression: codec, options: { mccp2: "offer" } }, { compression: codec });
      await s.waitFor("MCCP2", "local");
      await s.write("compressed part\r\n");
      await s.send({ type: "mccp2", action: "stop" });
      await s.write("plain part\r\n");
      expect(await readAll(c, 29)).toBe("compressed part\r\nplain part\r\n");
      expect(c.session.decompressing).toBe(0);
      // On the wire: the start, a complete zlib stream holding the first text, then the plain text.
      const at = indexOfSeq(wire.toClient, START2) + 5;
      const r = inflateSync(Uint8Array.from(wire.toClient.slice(at)), { info: true }) as unknown as Inflated;
      expect(new TextDecoder().decode(r.buffer)).toBe("compressed part\r\n");
      expect(new TextDecoder().decode(Uint8Array.from(wire.toClient.slice(at + r.engine.bytesWritten)))).toBe("plain part\r\n");
      // And again: a new stream.
      await s.send({ type: "mccp2", action: "start" });
      await s.write("again\r\n");
      expect(await c.readline()).toBe("again");
      expect(c.session.decompressing).toBe(OPT.MCCP2);
      await s.close();
    });

    it("MCCP3: the client compresses what it sends; the server reads it", async () => {
      const { s, c, wire } = pair({ compression: codec, options: { mccp3: "offer" } }, { compression: codec });
      expect(await c.waitFor("MCCP3", "remote")).toBe(true);
      await c.write("north\nlook\n");
      expect(await s.readline()).toBe("north");
      expect(await s.readline()).toBe("look");
      const at = indexOfSeq(wire.toServer, [IAC, SB, OPT.MCCP3, IAC, SE]) + 5;
      expect(at).toBeGreaterThan(4);
      expect(new TextDecoder().decode(inflateSync(Uint8Array.from(wire.toServer.slice(at)), { finishFlush: zc.Z_SYNC_FLUSH }))).toBe(
        "north\r\nlook\r\n",
      );
      // WONT MCCP3 from the server ends the client's stream; then the client writes plain.
      await s.send({ type: "disable", option: OPT.MCCP3, side: "local" });
      await c.waitFor("MCCP3", "remote", { enabled: false });
      await c.write("plain\n");
      expect(await s.readline()).toBe("plain");
      const r = inflateSync(Uint8Array.from(wire.toServer.slice(at)), { info: true }) as unknown as Inflated;
      expect(new TextDecoder().decode(Uint8Array.from(wire.toServer.slice(at + r.engine.bytesWritten)))).toBe("plain\r\n");
      await c.close();
    });
  });
}

describe("MCCP through TelnetConnection: errors and edges", () => {
  it("a corrupt stream: a compression-error warning, DONT MCCP2, and plain Telnet afterwards", async () => {
    const { channel, written, feed } = scripted();
    const c = new TelnetConnection(channel, { role: "client", compression: syncCodec() });
    const warnings: TelnetEvent[] = [];
    c.on("warning", (w) => warnings.push(w));
    feed([IAC, WILL, OPT.MCCP2]);
    expect(written.slice(-3)).toEqual([IAC, DO, OPT.MCCP2]);
    feed([...START2, 0x78, 0x9c, 0xff, 0xff, 0xff, 1, 2, 3]);
    expect(warnings.map((w) => (w as { code: string }).code)).toEqual(["compression-error"]);
    expect(written.slice(-3)).toEqual([IAC, DONT, OPT.MCCP2]);
    feed(enc("plain again\r\n"));
    expect(await c.readline()).toBe("plain again");
    c.destroy();
  });

  it("the stream's end and plain bytes after it in one chunk, cut at every byte: the same text", async () => {
    const z = deflateSync(enc("inside the stream\r\n"));
    const wire = Uint8Array.from([...START2, ...z, ...enc("after it\r\n")]);
    for (let cut = 0; cut <= wire.length; cut++) {
      const { channel, feed } = scripted();
      const c = new TelnetConnection(channel, { role: "client", compression: syncCodec() });
      feed([IAC, WILL, OPT.MCCP2]);
      feed(wire.subarray(0, cut));
      feed(wire.subarray(cut));
      expect(await c.readline(), `cut at ${cut}`).toBe("inside the stream");
      expect(await c.readline(), `cut at ${cut}`).toBe("after it");
      expect(c.session.decompressing).toBe(0);
      c.destroy();
    }
  });

  it("the peer closes while its last compressed bytes are still inflating: they are read, then the end", async () => {
    const { channel, feed, finish } = scripted();
    const c = new TelnetConnection(channel, { role: "client", compression: syncCodec(later) });
    feed([IAC, WILL, OPT.MCCP2]);
    // A stream cut short (no Z_FINISH), as a server that just closes its socket sends it.
    const z = deflateSync(enc("last words\r\n"), { finishFlush: zc.Z_SYNC_FLUSH });
    feed([...START2, ...z.subarray(0, z.length - 4)]);
    finish();
    expect(await c.readline()).toBe("last words");
    expect(await c.readline()).toBeNull();
    c.destroy();
  });

  it("a deflater that holds too much makes writers wait for its drain", async () => {
    let sink: DeflaterSink | null = null;
    const codec: CompressionCodec = {
      createDeflater(s) {
        sink = s;
        return { write: () => false, end() {}, destroy() {} };
      },
    };
    const { channel, feed } = scripted();
    const s = new TelnetConnection(channel, { role: "server", compression: codec, options: { mccp2: "offer" } });
    feed([IAC, DO, OPT.MCCP2]);
    let done = false;
    const writing = s.write("a lot\r\n").then((ok) => (done = ok));
    await tick();
    expect(done).toBe(false);
    sink!.drain();
    await writing;
    expect(done).toBe(true);
    s.destroy();
  });

  it("writes after a stop wait until the stream's last bytes are out, and follow them", async () => {
    const { channel, written, feed } = scripted();
    const s = new TelnetConnection(channel, { role: "server", compression: syncCodec(later), options: { mccp2: "offer" } });
    feed([IAC, DO, OPT.MCCP2]);
    await s.write("in the stream\r\n");
    await s.send({ type: "mccp2", action: "stop" });
    expect(await s.write("after it\r\n")).toBe(true); // resolves once the stream has ended
    const at = indexOfSeq(written, START2) + 5;
    const r = inflateSync(Uint8Array.from(written.slice(at)), { info: true }) as unknown as Inflated;
    expect(new TextDecoder().decode(r.buffer)).toBe("in the stream\r\n");
    expect(new TextDecoder().decode(Uint8Array.from(written.slice(at + r.engine.bytesWritten)))).toBe("after it\r\n");
    s.destroy();
  });

  it("a writer waiting for a full socket goes on at the socket's drain, even while a stream is finishing", async () => {
    const { channel, state, feed, drain } = scripted();
    const s = new TelnetConnection(channel, { role: "server", compression: syncCodec(later), options: { mccp2: "offer" } });
    feed([IAC, DO, OPT.MCCP2]);
    state.full = true;
    await s.write("first\r\n");
    await new Promise((r) => setTimeout(r, 10)); // its compressed bytes fill the socket
    let done = false;
    const second = s.write("second\r\n").then((ok) => (done = ok));
    const stopping = s.send({ type: "mccp2", action: "stop" });
    drain();
    await Promise.all([second, stopping]);
    expect(done).toBe(true);
    s.destroy();
  });

  it("an inflater behind its input pauses the peer until it drains", async () => {
    let sink: InflaterSink | null = null;
    const codec: CompressionCodec = {
      createInflater(s) {
        sink = s;
        return { write: () => false, end() {}, destroy() {} };
      },
    };
    const { channel, state, feed } = scripted();
    const c = new TelnetConnection(channel, { role: "client", compression: codec });
    feed([IAC, WILL, OPT.MCCP2, ...START2, 0x78]);
    expect(state.paused).toBe(true);
    sink!.drain();
    expect(state.paused).toBe(false);
    sink!.data(enc("inflated\r\n"));
    expect(await c.readline()).toBe("inflated");
    // Paused again, then the stream ends: the peer goes on without a drain.
    feed([1, 2, 3]);
    expect(state.paused).toBe(true);
    sink!.end(enc("plain\r\n"));
    expect(state.paused).toBe(false);
    expect(await c.readline()).toBe("plain");
    // Paused by a new stream's inflater, then closed by us: the peer's end can still arrive.
    feed([...START2, 1]);
    expect(state.paused).toBe(true);
    void c.close();
    expect(state.paused).toBe(false);
    c.destroy();
  });

  it("with no deflater, an agreed MCCP2 start is followed by an empty stream, ended at once", async () => {
    const { channel, written, feed } = scripted();
    const s = new TelnetConnection(channel, { role: "server", options: { mccp2: "offer" } });
    feed([IAC, DO, OPT.MCCP2]);
    await s.write("hello\r\n");
    const at = indexOfSeq(written, START2);
    expect(at).toBeGreaterThanOrEqual(0);
    const after = Uint8Array.from(written.slice(at + 5));
    const r = inflateSync(after, { info: true, finishFlush: zc.Z_FINISH }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    expect(r.buffer.length).toBe(0);
    expect(new TextDecoder().decode(after.subarray(r.engine.bytesWritten))).toBe("hello\r\n");
    s.destroy();
  });

  it("with no codec, a client refuses MCCP2 and MCCP3", async () => {
    const { channel, written, feed } = scripted();
    const c = new TelnetConnection(channel, { role: "client" });
    feed([IAC, WILL, OPT.MCCP2, IAC, WILL, OPT.MCCP3]);
    expect(written).toEqual([IAC, DONT, OPT.MCCP2, IAC, DONT, OPT.MCCP3]);
    await tick();
    c.destroy();
  });
});
