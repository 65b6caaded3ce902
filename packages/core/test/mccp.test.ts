import { deflateSync, inflateSync, constants as zc } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  DO,
  DONT,
  GA,
  IAC,
  OPT,
  SB,
  SE,
  TelnetSession,
  WILL,
  WONT,
  mccpCompressing,
  type SessionOptions,
  type TelnetEvent,
} from "@telnetkit/core";
import { bytes, dataOf, ofType, simplify, transmitted } from "./helpers.js";

const MCCP2 = OPT.MCCP2;
const MCCP3 = OPT.MCCP3;
const START2 = [IAC, SB, MCCP2, IAC, SE];
const START3 = [IAC, SB, MCCP3, IAC, SE];
const latin = (b: Uint8Array | number[]) => String.fromCharCode(...b);

// Events in the exact order given (where a compression start or end falls among transmits
// matters here), adjacent data and transmit events merged, bytes as arrays.
function ordered(events: TelnetEvent[]): unknown[] {
  const out: unknown[] = [];
  for (const ev of events) {
    const prev = out[out.length - 1] as { type?: string; bytes?: number[] } | undefined;
    if ((ev.type === "data" || ev.type === "transmit") && prev?.type === ev.type) prev.bytes!.push(...ev.bytes);
    else if (ev.type === "data" || ev.type === "transmit") out.push({ type: ev.type, bytes: [...ev.bytes] });
    else out.push(ev);
  }
  return out;
}

// The engine never calls the codec: only whether it has each half matters to it.
const canInflate: SessionOptions["compression"] = { createInflater: () => ({ write() {}, end() {}, destroy() {} }) };
const canDeflate: SessionOptions["compression"] = { createDeflater: () => ({ write() {}, end() {}, destroy() {} }) };
const canBoth: SessionOptions["compression"] = { ...canInflate, ...canDeflate };

/** A client with MCCP2 on (it answered the server's WILL). */
function mccp2Client(options: Partial<SessionOptions> = {}): TelnetSession {
  const c = new TelnetSession({ role: "client", compression: canInflate, ...options });
  expect(transmitted(c.receive(bytes(IAC, WILL, MCCP2)))).toEqual([IAC, DO, MCCP2]);
  return c;
}

/**
 * Plays the inflater for a client session, as a connection does: compressed bytes are
 * inflated (node:zlib, over everything received so far) and given to `decompressed()`; at
 * the end of the zlib stream, of known length, the bytes after it go to `decompressionEnded()`.
 */
function inflaterFor(session: TelnetSession, streamLength: number) {
  let compressed = new Uint8Array(0);
  let delivered = 0;
  let ended = false;
  const events: TelnetEvent[] = [];
  const take = (evs: TelnetEvent[]): void => {
    for (const ev of evs) {
      if (ev.type === "compressed") feed(ev.bytes);
      else events.push(ev);
    }
  };
  const feed = (more: Uint8Array): void => {
    expect(ended).toBe(false);
    const all = new Uint8Array(compressed.length + more.length);
    all.set(compressed);
    all.set(more, compressed.length);
    compressed = all;
    const upTo = Math.min(streamLength, compressed.length);
    const out = inflateSync(compressed.subarray(0, upTo), { finishFlush: zc.Z_SYNC_FLUSH });
    if (out.length > delivered) {
      take(session.decompressed(out.subarray(delivered)));
      delivered = out.length;
    }
    if (compressed.length >= streamLength) {
      ended = true;
      take(session.decompressionEnded(compressed.subarray(streamLength)));
    }
  };
  return {
    events,
    receive(chunk: Uint8Array) {
      take(session.receive(chunk));
    },
  };
}

const concat = (...parts: (Uint8Array | number[])[]): Uint8Array => {
  const out: number[] = [];
  for (const p of parts) out.push(...p);
  return new Uint8Array(out);
};

// A MUD's output: text, a prompt with GA, a GMCP message, an IAC IAC in the data.
const INNER = concat(
  bytes("You are in a dark room.\r\n"),
  bytes("<100hp 50m> "),
  [IAC, GA],
  [IAC, SB, OPT.GMCP],
  bytes('Char.Vitals {"hp":100}'),
  [IAC, SE],
  bytes("a byte "),
  [IAC, IAC],
  bytes(" escaped\r\n"),
);
const BEFORE = concat(bytes("Welcome!\r\n"), START2);
const AFTER = concat(bytes("plain again\r\n"), [IAC, GA]);

describe("MCCP2 — negotiation (mud-mccp.md, Handshake)", () => {
  it("a client without a codec refuses WILL MCCP2: the bare engine cannot decompress", () => {
    const c = new TelnetSession({ role: "client" });
    expect(transmitted(c.receive(bytes(IAC, WILL, MCCP2)))).toEqual([IAC, DONT, MCCP2]);
    expect(c.isEnabled(MCCP2, "remote")).toBe(false);
  });

  it("a client whose codec can inflate accepts WILL MCCP2, and refuses MCCP3 without a deflater", () => {
    const c = new TelnetSession({ role: "client", compression: canInflate });
    expect(transmitted(c.receive(bytes(IAC, WILL, MCCP2, IAC, WILL, MCCP3)))).toEqual([IAC, DO, MCCP2, IAC, DONT, MCCP3]);
  });

  it("a server offers MCCP2 only when told to, and answers DO MCCP2 with IAC SB MCCP2 IAC SE, then compresses", () => {
    expect([...new TelnetSession({ role: "server" }).start()]).toEqual([]);
    const s = new TelnetSession({ role: "server", options: { mccp2: "offer" } });
    expect([...s.start()]).toEqual([IAC, WILL, MCCP2]);
    const events = s.receive(bytes(IAC, DO, MCCP2));
    expect(ordered(events)).toEqual([
      { type: "option", option: MCCP2, side: "local", enabled: true },
      { type: "transmit", bytes: START2 },
      { type: "compression", option: MCCP2, direction: "out", active: true },
    ]);
    expect(mccpCompressing(s, MCCP2)).toBe(true);
  });

  it("replies owed after the start come after the compression event (they are to be compressed)", () => {
    const s = new TelnetSession({ role: "server", options: { mccp2: "offer" } });
    s.start();
    const events = s.receive(bytes(IAC, DO, MCCP2, IAC, DO, OPT.ECHO, IAC, WILL, OPT.LINEMODE));
    const at = events.findIndex((e) => e.type === "compression");
    expect(transmitted(events.slice(0, at))).toEqual(START2);
    const plain = new TelnetSession({ role: "server" }).receive(bytes(IAC, DO, OPT.ECHO, IAC, WILL, OPT.LINEMODE));
    expect(transmitted(events.slice(at))).toEqual(transmitted(plain));
    expect(transmitted(plain).length).toBeGreaterThan(0);
  });

  it("a server that agrees to an unasked DO MCCP2 answers WILL, then the start, in that order", () => {
    const s = new TelnetSession({ role: "server", options: { mccp2: { local: "accept" } } });
    expect(transmitted(s.receive(bytes(IAC, DO, MCCP2)))).toEqual([IAC, WILL, MCCP2, ...START2]);
  });
});

describe("MCCP2 — the client's input (mud-mccp.md, Compression Format)", () => {
  it("compression starts right after IAC SE in the middle of a chunk: the rest is a compressed event, a view of the chunk", () => {
    const c = mccp2Client();
    const chunk = concat(bytes("hi\r\n"), START2, [0x78, 0x9c, 0xff, IAC]);
    const events = c.receive(chunk);
    expect(simplify(events)).toEqual([
      { type: "data", bytes: [...bytes("hi\r\n")] },
      { type: "compression", option: MCCP2, direction: "in", active: true },
      { type: "compressed", option: MCCP2, bytes: chunk.subarray(9) },
    ]);
    const compressed = ofType(events, "compressed")[0].bytes;
    expect(compressed.buffer).toBe(chunk.buffer); // not copied
    expect(c.decompressing).toBe(MCCP2);
    // Later chunks are not parsed at all, IAC or not.
    const later = bytes(IAC, WILL, 1, IAC, SE);
    expect(c.receive(later)).toEqual([{ type: "compressed", option: MCCP2, bytes: later }]);
  });

  it("a start at the very end of a chunk gives no compressed event until bytes come", () => {
    const c = mccp2Client();
    expect(ofType(c.receive(new Uint8Array(START2)), "compressed")).toEqual([]);
    expect(c.decompressing).toBe(MCCP2);
  });

  it("the start split across chunks (IAC SB / MCCP2 IAC / SE) cuts at the same byte", () => {
    const c = mccp2Client();
    expect(c.receive(bytes(IAC, SB))).toEqual([]);
    expect(c.receive(bytes(MCCP2, IAC))).toEqual([]);
    const events = c.receive(bytes(SE, 1, 2, 3));
    expect(simplify(events)).toEqual([
      { type: "compression", option: MCCP2, direction: "in", active: true },
      { type: "compressed", option: MCCP2, bytes: bytes(1, 2, 3) },
    ]);
  });

  it("decompressed bytes are parsed in order, and the end of the stream gives back plain parsing of what followed it", () => {
    const c = mccp2Client();
    const z = deflateSync(INNER);
    const driver = inflaterFor(c, z.length);
    driver.receive(concat(BEFORE, z, AFTER)); // the whole thing in one chunk
    expect(latin(dataOf(driver.events))).toBe(
      "Welcome!\r\nYou are in a dark room.\r\n<100hp 50m> a byte \xff escaped\r\nplain again\r\n",
    );
    expect(ofType(driver.events, "command").map((e) => e.command)).toEqual(["GA", "GA"]);
    expect(ofType(driver.events, "compression")).toEqual([
      { type: "compression", option: MCCP2, direction: "in", active: true },
      { type: "compression", option: MCCP2, direction: "in", active: false },
    ]);
    expect(c.decompressing).toBe(0);
    // Plain again: an IAC in the next chunk is a command, not compressed data.
    expect(c.receive(bytes(IAC, GA))).toEqual([{ type: "command", command: "GA", code: GA }]);
  });

  it("the same events for every split of the stream in two, and for one byte at a time", () => {
    const z = deflateSync(INNER);
    const wire = concat(BEFORE, z, AFTER);
    const whole = mccp2Client();
    const reference = inflaterFor(whole, z.length);
    reference.receive(wire);
    const expected = simplify(reference.events);
    for (let cut = 0; cut <= wire.length; cut++) {
      const c = mccp2Client();
      const d = inflaterFor(c, z.length);
      d.receive(wire.subarray(0, cut));
      d.receive(wire.subarray(cut));
      expect(simplify(d.events), `split at ${cut}`).toEqual(expected);
    }
    const c = mccp2Client();
    const d = inflaterFor(c, z.length);
    for (let i = 0; i < wire.length; i++) d.receive(wire.subarray(i, i + 1));
    expect(simplify(d.events)).toEqual(expected);
  });

  it("the parser state runs on across the switches: a command cut by the end of the stream ends in the plain bytes", () => {
    const c = mccp2Client();
    const inner = concat(bytes("text"), [IAC, SB, OPT.GMCP], bytes("Core.Ping"));
    const z = deflateSync(inner);
    const driver = inflaterFor(c, z.length);
    driver.receive(concat(START2, z, [IAC, SE], bytes("after")));
    expect(ofType(driver.events, "gmcp")).toEqual([{ type: "gmcp", message: "Core.Ping", key: "core.ping" }]);
    expect(latin(dataOf(driver.events))).toBe("textafter");
  });

  it("a queued event from send() is returned before the compressed bytes", () => {
    const c = mccp2Client();
    c.receive(new Uint8Array(START2));
    c.send({ type: "disable", option: MCCP2, side: "remote" });
    expect(c.receive(bytes(9, 9))).toEqual([
      { type: "option", option: MCCP2, side: "remote", enabled: false },
      { type: "compressed", option: MCCP2, bytes: bytes(9, 9) },
    ]);
  });

  it("WONT MCCP2 inside the stream turns the option off, and decompression goes on to the stream's end", () => {
    const c = mccp2Client();
    const z = deflateSync(concat([IAC, WONT, MCCP2], bytes("last words")));
    const driver = inflaterFor(c, z.length);
    driver.receive(concat(START2, z));
    expect(ofType(driver.events, "option")).toEqual([{ type: "option", option: MCCP2, side: "remote", enabled: false }]);
    expect(transmitted(driver.events)).toEqual([IAC, DONT, MCCP2]);
    expect(latin(dataOf(driver.events))).toBe("last words");
    expect(c.decompressing).toBe(0);
  });

  it("a decompression error: a warning, DONT MCCP2 (mud-mccp.md, Compression Errors), and plain Telnet after", () => {
    const c = mccp2Client();
    c.receive(concat(START2, [1, 2, 3]));
    const events = c.decompressionFailed("invalid block type");
    expect(ordered(events)).toEqual([
      { type: "compression", option: MCCP2, direction: "in", active: false },
      {
        type: "warning",
        code: "compression-error",
        message: "MCCP2: invalid block type; decompression stopped",
        option: MCCP2,
      },
      { type: "option", option: MCCP2, side: "remote", enabled: false },
      { type: "transmit", bytes: [IAC, DONT, MCCP2] },
    ]);
    expect(c.decompressing).toBe(0);
    expect(c.optionState(MCCP2).remote).toBe("wantno");
    expect(simplify(c.receive(bytes("ok", IAC, WONT, MCCP2)))).toEqual([{ type: "data", bytes: [...bytes("ok")] }]);
    expect(c.optionState(MCCP2).remote).toBe("no");
    expect(c.decompressionFailed("again")).toEqual([]);
  });

  it("a start inside the compressed stream is ignored with a warning (no nested streams)", () => {
    const c = mccp2Client();
    c.receive(new Uint8Array(START2));
    const events = c.decompressed(concat(bytes("a"), START2, bytes("b")));
    expect(latin(dataOf(events))).toBe("ab");
    expect(ofType(events, "warning").map((w) => w.code)).toEqual(["wrong-state"]);
    expect(c.decompressing).toBe(MCCP2);
  });

  it("a start while MCCP2 is off, with a payload, or sent to a server is not a start", () => {
    const off = new TelnetSession({ role: "client", compression: canInflate });
    const e1 = off.receive(concat(START2, bytes("plain")));
    expect(ofType(e1, "warning").map((w) => w.code)).toEqual(["sb-not-enabled"]);
    expect(latin(dataOf(e1))).toBe("plain");

    const c = mccp2Client();
    const e2 = c.receive(concat([IAC, SB, MCCP2, 1, IAC, SE], bytes("plain")));
    expect(ofType(e2, "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
    expect(latin(dataOf(e2))).toBe("plain");

    const s = new TelnetSession({ role: "server", options: { mccp2: "offer" } });
    s.start();
    s.receive(bytes(IAC, DO, MCCP2));
    const e3 = s.receive(concat(START2, bytes("typed")));
    expect(ofType(e3, "warning").map((w) => w.code)).toEqual(["wrong-direction"]);
    expect(latin(dataOf(e3))).toBe("typed");
    expect(s.decompressing).toBe(0);
  });
});

describe("MCCP2 — the server's output", () => {
  function compressingServer(): TelnetSession {
    const s = new TelnetSession({ role: "server", options: { mccp2: "offer" } });
    s.start();
    s.receive(bytes(IAC, DO, MCCP2));
    return s;
  }

  it("`mccp2` stop ends the stream (an event: the compressor finishes with Z_FINISH) and start begins a new one", () => {
    const s = compressingServer();
    expect([...s.send({ type: "mccp2", action: "stop" })]).toEqual([]);
    expect(s.takeEvents()).toEqual([{ type: "compression", option: MCCP2, direction: "out", active: false }]);
    expect(s.send({ type: "mccp2", action: "stop" }).length).toBe(0);
    expect(s.takeEvents()).toEqual([]);
    expect([...s.send({ type: "mccp2", action: "start" })]).toEqual(START2);
    expect(s.takeEvents()).toEqual([{ type: "compression", option: MCCP2, direction: "out", active: true }]);
    expect(s.send({ type: "mccp2", action: "start" }).length).toBe(0); // already compressing
  });

  it("DONT MCCP2 ends compression: the WONT still goes in the stream, then the stream ends", () => {
    const s = compressingServer();
    expect(ordered(s.receive(bytes(IAC, DONT, MCCP2)))).toEqual([
      { type: "transmit", bytes: [IAC, WONT, MCCP2] },
      { type: "option", option: MCCP2, side: "local", enabled: false },
      { type: "compression", option: MCCP2, direction: "out", active: false },
    ]);
    expect(mccpCompressing(s, MCCP2)).toBe(false);
    // Off: start sends nothing.
    expect(s.send({ type: "mccp2", action: "start" }).length).toBe(0);
  });

  it("only the compressing side sends the command, with a known action", () => {
    const c = mccp2Client();
    expect(() => c.send({ type: "mccp2", action: "start" })).toThrow(TypeError);
    const s = new TelnetSession({ role: "server" });
    expect(() => s.send({ type: "mccp2", action: "go" as "start" })).toThrow(TypeError);
  });
});

describe("MCCP3 (mud-mccp.md, The MCCP3 Protocol)", () => {
  it("a client that can deflate answers WILL MCCP3 with IAC DO MCCP3 IAC SB MCCP3 IAC SE and compresses after it", () => {
    const c = new TelnetSession({ role: "client", compression: canBoth });
    const events = c.receive(bytes(IAC, WILL, MCCP3));
    expect(transmitted(events)).toEqual([IAC, DO, MCCP3, ...START3]);
    // The start is transmitted before the event that says to compress.
    expect(events[events.length - 1]).toEqual({ type: "compression", option: MCCP3, direction: "out", active: true });
    expect(ofType(events, "option")).toEqual([{ type: "option", option: MCCP3, side: "remote", enabled: true }]);
    // "The server may request ending compression at any point by sending IAC WONT MCCP3."
    expect(ordered(c.receive(bytes(IAC, WONT, MCCP3)))).toEqual([
      { type: "transmit", bytes: [IAC, DONT, MCCP3] },
      { type: "option", option: MCCP3, side: "remote", enabled: false },
      { type: "compression", option: MCCP3, direction: "out", active: false },
    ]);
  });

  it("a client without a deflater refuses WILL MCCP3", () => {
    const c = new TelnetSession({ role: "client", compression: canInflate });
    expect(transmitted(c.receive(bytes(IAC, WILL, MCCP3)))).toEqual([IAC, DONT, MCCP3]);
  });

  it("the server decompresses the client's input after IAC SB MCCP3 IAC SE, and answers an error with WONT MCCP3", () => {
    const s = new TelnetSession({ role: "server", compression: canInflate, options: { mccp3: "offer" } });
    expect([...s.start()]).toEqual([IAC, WILL, MCCP3]);
    const z = deflateSync(bytes("look\r\n"));
    const events = s.receive(concat([IAC, DO, MCCP3], START3, z.subarray(0, 4)));
    expect(simplify(events)).toEqual([
      { type: "option", option: MCCP3, side: "local", enabled: true },
      { type: "compression", option: MCCP3, direction: "in", active: true },
      { type: "compressed", option: MCCP3, bytes: new Uint8Array(z.subarray(0, 4)) },
    ]);
    expect(latin(dataOf(s.decompressed(bytes("look\r\n"))))).toBe("look\r\n");
    expect(transmitted(s.decompressionFailed("bad data"))).toEqual([IAC, WONT, MCCP3]);
  });

  it("a client does not take MCCP3's start from a server", () => {
    const c = new TelnetSession({ role: "client", compression: canBoth });
    c.receive(bytes(IAC, WILL, MCCP3));
    const events = c.receive(concat(START3, bytes("x")));
    expect(ofType(events, "warning").map((w) => w.code)).toEqual(["wrong-direction"]);
    expect(latin(dataOf(events))).toBe("x");
  });

  it("the client's `mccp3` command stops and restarts its stream", () => {
    const c = new TelnetSession({ role: "client", compression: canBoth });
    c.receive(bytes(IAC, WILL, MCCP3));
    c.send({ type: "mccp3", action: "stop" });
    expect(c.takeEvents()).toEqual([{ type: "compression", option: MCCP3, direction: "out", active: false }]);
    expect([...c.send({ type: "mccp3", action: "start" })]).toEqual(START3);
    expect(mccpCompressing(c, MCCP3)).toBe(true);
  });
});
