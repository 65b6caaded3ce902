import { describe, expect, it } from "vitest";
import {
  DO,
  DONT,
  IAC,
  OPT,
  SB,
  SE,
  TelnetSession,
  WILL,
  agreedCharset,
  charsetKey,
  charsetStatus,
  escapeIac,
  decodeCharset,
  encodeCharset,
  sameCharset,
  type SessionOptions,
  type TelnetEvent,
  type TranslationTable,
} from "@telnetkit/core";
import { bytes, ofType, pair, transmitted } from "./helpers.js";

const CS = OPT.CHARSET;
const [REQUEST, ACCEPTED, REJECTED, TTABLE_IS, TTABLE_REJECTED, TTABLE_ACK, TTABLE_NAK] = [1, 2, 3, 4, 5, 6, 7];
const hex = (s: string) => new Uint8Array(s.trim().split(/\s+/).map((h) => parseInt(h, 16)));
const sb = (...parts: (number | string | number[])[]) => bytes(IAC, SB, CS, ...parts, IAC, SE);
const warnings = (ev: TelnetEvent[]) => ofType(ev, "warning").map((w) => w.code);
const charsetEvents = (ev: TelnetEvent[]) => ofType(ev, "charset");

// transcripts/client-tintin.txt: a MUD server's REQUEST and tintin++'s answer.
const TINTIN_REQUEST = hex("ff fa 2a 01 3b 55 54 46 2d 38 3b 49 53 4f 2d 38 38 35 39 2d 31 3b 55 53 2d 41 53 43 49 49 ff f0");
const TINTIN_ACCEPTED = hex("ff fa 2a 02 55 54 46 2d 38 ff f0");

const CYRILLIC_TABLE: TranslationTable = {
  version: 1,
  separator: 0x20,
  charset1: "Cyrillic",
  charSize1: 8,
  map1: [0x00, 0x01, 0x37, 0x2d],
  charset2: "EBCDIC-Cyrillic",
  charSize2: 8,
  map2: [0x00, 0x01, 0x03, 0xff],
};

/** A session with CHARSET on for both sides (WILL and DO exchanged both ways, as in the RFC's examples). */
function both(options: Partial<SessionOptions> & { role: "client" | "server" }) {
  const s = new TelnetSession({ charsetRequest: false, ...options });
  s.receive(bytes(IAC, DO, CS, IAC, WILL, CS));
  return s;
}

describe("RFC 2066 — CHARSET codec", () => {
  it("decodes a REQUEST with any separator", () => {
    expect(decodeCharset(TINTIN_REQUEST.slice(3, -2))).toEqual({
      message: { kind: "request", charsets: ["UTF-8", "ISO-8859-1", "US-ASCII"], separator: 0x3b },
      problems: [],
    });
    expect(decodeCharset(bytes(REQUEST, " Cyrillic EBCDIC-Cyrillic"))).toMatchObject({
      message: { charsets: ["Cyrillic", "EBCDIC-Cyrillic"], separator: 0x20 },
    });
    expect(decodeCharset(bytes(REQUEST, 0, "UTF-8", 0, "X-ODD"))).toMatchObject({ message: { charsets: ["UTF-8", "X-ODD"] } });
  });

  it("decodes the optional [TTABLE] version, also spelled [TTABLE ] or in lower case", () => {
    for (const tag of ["[TTABLE]", "[TTABLE ]", "[ttable]"]) {
      expect(decodeCharset(bytes(REQUEST, tag, 1, " Cyrillic"))).toEqual({
        message: { kind: "request", charsets: ["Cyrillic"], separator: 0x20, ttable: 1 },
        problems: [],
      });
    }
    expect(decodeCharset(bytes(REQUEST, "[TTABLE]", 0, ";UTF-8"))).toMatchObject({
      message: { charsets: ["UTF-8"] },
      problems: [expect.stringMatching(/version 0/)],
    });
  });

  it("encodes a REQUEST with a separator no name holds", () => {
    expect([...encodeCharset({ kind: "request", charsets: ["UTF-8", "ISO-8859-1"], separator: 0x3b })]).toEqual([
      ...bytes(REQUEST, ";UTF-8;ISO-8859-1"),
    ]);
    expect([...encodeCharset({ kind: "request", charsets: ["A;B", "C"] } as never)]).toEqual([...bytes(REQUEST, " A;B C")]);
    expect([...encodeCharset({ kind: "request", charsets: ["Cyrillic"], separator: 0x20, ttable: 1 })]).toEqual([
      ...bytes(REQUEST, "[TTABLE]", 1, " Cyrillic"),
    ]);
  });

  it("decodes ACCEPTED, REJECTED and the TTABLE answers", () => {
    expect(decodeCharset(TINTIN_ACCEPTED.slice(3, -2))).toEqual({ message: { kind: "accepted", charset: "UTF-8" }, problems: [] });
    expect(decodeCharset(bytes(REJECTED))).toEqual({ message: { kind: "rejected" }, problems: [] });
    expect(decodeCharset(bytes(TTABLE_REJECTED))).toEqual({ message: { kind: "ttable-rejected" }, problems: [] });
    expect(decodeCharset(bytes(TTABLE_ACK))).toEqual({ message: { kind: "ttable-ack" }, problems: [] });
    expect(decodeCharset(bytes(TTABLE_NAK))).toEqual({ message: { kind: "ttable-nak" }, problems: [] });
    expect(decodeCharset(bytes(REJECTED, "x"))).toMatchObject({ problems: [expect.stringMatching(/after REJECTED/)] });
  });

  it("parses a version 1 translation table: names, sizes, 3-octet counts, maps (§2)", () => {
    const p = bytes(TTABLE_IS, 1, " Cyrillic ", 8, 0, 0, 4, "EBCDIC-Cyrillic ", 8, 0, 0, 4, 0, 1, 0x37, 0x2d, 0, 1, 3, 0xff);
    expect(decodeCharset(p)).toEqual({ message: { kind: "ttable-is", version: 1, table: CYRILLIC_TABLE }, problems: [] });
    expect([...encodeCharset({ kind: "ttable-is", table: CYRILLIC_TABLE })]).toEqual([...p]);
  });

  it("reads 16-bit maps in network order", () => {
    const t: TranslationTable = { ...CYRILLIC_TABLE, charSize1: 16, map1: [0x1234, 0xfffe], charSize2: 8, map2: [] };
    const p = encodeCharset({ kind: "ttable-is", table: t });
    expect([...p.slice(-4)]).toEqual([0x12, 0x34, 0xff, 0xfe]);
    expect(decodeCharset(p)).toMatchObject({ message: { table: t } });
  });

  it("describes what is wrong in a bad table, and refuses other versions", () => {
    const good = encodeCharset({ kind: "ttable-is", table: CYRILLIC_TABLE });
    expect(decodeCharset(good.slice(0, -1))).toMatchObject({ message: { kind: "ttable-is", error: expect.stringMatching(/inside map 2/) } });
    expect(decodeCharset(bytes(...good, 9))).toMatchObject({ message: { error: expect.stringMatching(/after map 2/) } });
    expect(decodeCharset(bytes(TTABLE_IS, 1, " A ", 0, 0, 0, 0))).toMatchObject({ message: { error: expect.stringMatching(/size 0/) } });
    expect(decodeCharset(bytes(TTABLE_IS, 1, " A ", 8, 0, 2, 0))).toMatchObject({ message: { error: expect.stringMatching(/more than 2\^8/) } });
    expect(decodeCharset(bytes(TTABLE_IS, 2, "whatever"))).toMatchObject({ message: { kind: "ttable-is", version: 2, error: expect.any(String) } });
  });

  it("rejects what is not a CHARSET message, and never throws", () => {
    expect(decodeCharset(bytes())).toBe("empty subnegotiation");
    expect(decodeCharset(bytes(8))).toMatch(/not a CHARSET message/);
    expect(decodeCharset(bytes(REQUEST))).toMatch(/without a character set list/);
    expect(decodeCharset(bytes(REQUEST, ";;;"))).toMatch(/empty character set list/);
    expect(decodeCharset(bytes(ACCEPTED))).toMatch(/without a character set/);
    expect(decodeCharset(bytes(REQUEST, "[TTABLE]"))).toMatch(/ends after \[TTABLE\]/);
  });

  it("compares names without case and with the usual aliases", () => {
    expect(sameCharset("utf8", "UTF-8")).toBe(true);
    expect(sameCharset("Latin1", "ISO-8859-1")).toBe(true);
    expect(sameCharset("iso_8859-1:1987", "ISO8859-1")).toBe(true);
    expect(sameCharset("ASCII", "US-ASCII")).toBe(true);
    expect(sameCharset("IBM437", "cp437")).toBe(true);
    expect(sameCharset("UTF-8", "UTF-16")).toBe(false);
    expect(charsetKey("koi8-r")).toBe("KOI8R");
  });
});

describe("CHARSET answers", () => {
  it("answers a MUD server's REQUEST as tintin++ does, byte for byte, and reports the charset", () => {
    // The server sent DO CHARSET, the client WILL, then the server asked: the MUD convention.
    const c = new TelnetSession({ role: "client" });
    expect(transmitted(c.receive(bytes(IAC, DO, CS)))).toEqual([IAC, WILL, CS]);
    const ev = c.receive(TINTIN_REQUEST);
    expect(transmitted(ev)).toEqual([...TINTIN_ACCEPTED]);
    expect(charsetEvents(ev)).toEqual([
      { type: "charset", kind: "request", charsets: ["UTF-8", "ISO-8859-1", "US-ASCII"] },
      { type: "charset", kind: "accepted", charset: "UTF-8", initiator: "remote" },
    ]);
    expect(warnings(ev)).toEqual([]);
    expect(agreedCharset(c)).toBe("UTF-8");
    expect(charsetStatus(c)).toEqual({ charset: "UTF-8", table: undefined, negotiating: false });
  });

  it("picks by its own preference and answers with the requester's spelling", () => {
    const s = both({ role: "server", charsets: ["latin1", "utf8"] });
    const ev = s.receive(sb(REQUEST, " utf-8 iso-8859-1"));
    expect(transmitted(ev)).toEqual([...sb(ACCEPTED, "iso-8859-1")]);
  });

  it("skips a requested name that is not printable ASCII with a warning: it could not be named in ACCEPTED", () => {
    const s = both({ role: "client" });
    const ev = s.receive(sb(REQUEST, 0, "UTF-8", 1));
    expect(warnings(ev)).toEqual(["malformed-subnegotiation"]);
    expect(transmitted(ev)).toEqual([...sb(REJECTED)]);
    const ok = s.receive(sb(REQUEST, ";UTF-8", 0xe9, ";utf-8"));
    expect(warnings(ok)).toEqual(["malformed-subnegotiation"]);
    expect(transmitted(ok)).toEqual([...sb(ACCEPTED, "utf-8")]);
    expect(agreedCharset(s)).toBe("utf-8");
  });

  it("rejects a request for sets it does not have", () => {
    const s = both({ role: "server" });
    const ev = s.receive(sb(REQUEST, ";KOI8-R"));
    expect(transmitted(ev)).toEqual([...sb(REJECTED)]);
    expect(charsetEvents(ev)[1]).toEqual({ type: "charset", kind: "rejected", initiator: "remote", reason: "no-match" });
    expect(agreedCharset(s)).toBeUndefined();
  });

  it("answers a malformed REQUEST with REJECTED, since a request is never left unanswered (§2)", () => {
    const s = both({ role: "server" });
    const ev = s.receive(sb(REQUEST, ";"));
    expect(warnings(ev)).toEqual(["malformed-subnegotiation"]);
    expect(transmitted(ev)).toEqual([...sb(REJECTED)]);
  });

  it("does nothing with CHARSET while it is off on both sides", () => {
    const s = new TelnetSession({ role: "server" });
    const ev = s.receive(TINTIN_REQUEST);
    expect(warnings(ev)).toEqual([]);
    expect(transmitted(ev)).toEqual([]);
  });

  it("ignores answers to requests it did not make", () => {
    const s = both({ role: "client" });
    for (const m of [sb(ACCEPTED, "UTF-8"), sb(REJECTED), sb(TTABLE_ACK), sb(TTABLE_NAK), sb(TTABLE_REJECTED)]) {
      const ev = s.receive(m);
      expect(warnings(ev)).toEqual(["wrong-state"]);
      expect(transmitted(ev)).toEqual([]);
    }
    expect(agreedCharset(s)).toBeUndefined();
  });
});

describe("CHARSET requests", () => {
  it("a client asks once its WILL is accepted (§5), and takes ACCEPTED", () => {
    const c = new TelnetSession({ role: "client", options: { charset: "offer" }, charsets: ["UTF-8", "ISO-8859-1"] });
    expect([...c.start()]).toEqual([IAC, WILL, CS]);
    const ev = c.receive(bytes(IAC, DO, CS));
    expect(transmitted(ev)).toEqual([...sb(REQUEST, ";UTF-8;ISO-8859-1")]);
    expect(charsetStatus(c).negotiating).toBe(true);
    const done = c.receive(sb(ACCEPTED, "ISO-8859-1"));
    expect(charsetEvents(done)).toEqual([{ type: "charset", kind: "accepted", charset: "ISO-8859-1", initiator: "local" }]);
    expect(charsetStatus(c)).toEqual({ charset: "ISO-8859-1", table: undefined, negotiating: false });
  });

  it("a client does not ask when only the server's side is on", () => {
    const c = new TelnetSession({ role: "client", charsets: ["UTF-8"] });
    expect(transmitted(c.receive(bytes(IAC, WILL, CS)))).toEqual([IAC, DO, CS]);
  });

  it("a server asks once the client says WILL (the MUD convention tintin++ waits for)", () => {
    const s = new TelnetSession({ role: "server", options: { charset: "request" }, charsets: ["UTF-8"] });
    expect([...s.start()]).toEqual([IAC, DO, CS]);
    expect(transmitted(s.receive(bytes(IAC, WILL, CS)))).toEqual([...sb(REQUEST, ";UTF-8")]);
    expect(charsetEvents(s.receive(TINTIN_ACCEPTED))).toEqual([
      { type: "charset", kind: "accepted", charset: "UTF-8", initiator: "local" },
    ]);
  });

  it("takes REJECTED, leaving the character set as it was", () => {
    const s = both({ role: "server" });
    s.send({ type: "charset", kind: "request", charsets: ["UTF-8"] });
    const ev = s.receive(sb(REJECTED));
    expect(charsetEvents(ev)).toEqual([{ type: "charset", kind: "rejected", initiator: "local", reason: "peer-rejected" }]);
    expect(agreedCharset(s)).toBeUndefined();
  });

  it("warns about an ACCEPTED naming a set it did not request, and follows the peer", () => {
    const s = both({ role: "server" });
    s.send({ type: "charset", kind: "request", charsets: ["UTF-8"] });
    const ev = s.receive(sb(ACCEPTED, "KOI8-R"));
    expect(warnings(ev)).toEqual(["malformed-subnegotiation"]);
    expect(agreedCharset(s)).toBe("KOI8-R");
  });

  it("holds a request until CHARSET is on and the current subnegotiation is over", () => {
    const c = new TelnetSession({ role: "client", options: { charset: "offer" } });
    c.start();
    expect([...c.send({ type: "charset", kind: "request", charsets: ["UTF-8"] })]).toEqual([]);
    expect(transmitted(c.receive(bytes(IAC, DO, CS)))).toEqual([...sb(REQUEST, ";UTF-8")]);
    expect([...c.send({ type: "charset", kind: "request", charsets: ["ISO-8859-1"] })]).toEqual([]);
    expect(transmitted(c.receive(sb(REJECTED)))).toEqual([...sb(REQUEST, ";ISO-8859-1")]);
  });

  it("rejects invalid commands", () => {
    const s = both({ role: "server" });
    expect(() => s.send({ type: "charset", kind: "request", charsets: [] })).toThrow(TypeError);
    expect(() => s.send({ type: "charset", kind: "request", charsets: ["UTF\u00e9"] })).toThrow(TypeError);
    expect(() => s.send({ type: "charset", kind: "other" } as never)).toThrow(TypeError);
  });
});

describe("RFC 2066 — both sides asking at once (§2, §5)", () => {
  it("the server rejects the client's request; its own stands", () => {
    const s = both({ role: "server", charsets: ["UTF-8", "ISO-8859-1"] });
    s.send({ type: "charset", kind: "request", charsets: ["ISO-8859-1"] });
    const ev = s.receive(sb(REQUEST, ";UTF-8"));
    expect(transmitted(ev)).toEqual([...sb(REJECTED)]);
    expect(warnings(ev)).toEqual([]);
    expect(charsetEvents(ev)[1]).toEqual({ type: "charset", kind: "rejected", initiator: "remote", reason: "collision" });
    expect(charsetEvents(s.receive(sb(ACCEPTED, "ISO-8859-1")))).toMatchObject([{ kind: "accepted", charset: "ISO-8859-1" }]);
  });

  it("the client answers the server's request, then takes the REJECTED of its own", () => {
    const c = both({ role: "client", charsets: ["UTF-8", "ISO-8859-1"] });
    c.send({ type: "charset", kind: "request", charsets: ["UTF-8"] });
    const ev = c.receive(sb(REQUEST, ";ISO-8859-1"));
    expect(transmitted(ev)).toEqual([...sb(ACCEPTED, "ISO-8859-1")]);
    const after = c.receive(sb(REJECTED));
    expect(warnings(after)).toEqual([]);
    expect(agreedCharset(c)).toBe("ISO-8859-1");
  });

  it("two of our sessions asking at once agree through the client's answer to the server's request", () => {
    // Had the client's request won, the server would have picked ISO-8859-1 (its first).
    const p = pair(
      { role: "server", options: { charset: "request" }, charsets: ["ISO-8859-1", "UTF-8"] },
      { role: "client", options: { charset: "offer" }, charsets: ["UTF-8", "ISO-8859-1"] },
    );
    p.open();
    expect(charsetEvents(p.seen.server).filter((e) => e.kind === "rejected")).toEqual([
      { type: "charset", kind: "rejected", initiator: "remote", reason: "collision" },
    ]);
    expect(agreedCharset(p.server)).toBe("UTF-8");
    expect(agreedCharset(p.client)).toBe("UTF-8");
    expect(ofType([...p.seen.server, ...p.seen.client], "warning")).toEqual([]);
    expect(charsetStatus(p.server).negotiating || charsetStatus(p.client).negotiating).toBe(false);
  });

  it("a REQUEST during a translation table exchange is rejected with a warning (§5)", () => {
    const s = both({ role: "server", charsets: ["EBCDIC-Cyrillic"], translationTables: [CYRILLIC_TABLE] });
    s.receive(sb(REQUEST, "[TTABLE]", 1, " Cyrillic"));
    const ev = s.receive(sb(REQUEST, ";UTF-8"));
    expect(transmitted(ev)).toEqual([...sb(REJECTED)]);
    expect(warnings(ev)).toEqual(["wrong-state"]);
    expect(charsetEvents(ev)[1]).toMatchObject({ kind: "rejected", reason: "busy" });
  });
});

describe("RFC 2066 — translation tables", () => {
  const table = encodeCharset({ kind: "ttable-is", table: CYRILLIC_TABLE });
  // The table holds a 255, doubled on the wire like any IAC (§2, note to implementers).
  const sbTable = (t: Uint8Array) => bytes(IAC, SB, CS, ...escapeIac(t), IAC, SE);

  it("refuses a table politely by default", () => {
    const c = both({ role: "client" });
    c.send({ type: "charset", kind: "request", charsets: ["Cyrillic"], ttable: true });
    const ev = c.receive(sbTable(table));
    expect(transmitted(ev)).toEqual([...sb(TTABLE_REJECTED)]);
    expect(charsetEvents(ev).map((e) => e.kind)).toEqual(["ttable-is", "rejected"]);
    expect(warnings(ev)).toEqual([]);
    expect(agreedCharset(c)).toBeUndefined();
  });

  it("refuses even a broken table at once when it takes no tables", () => {
    const c = both({ role: "client" });
    c.send({ type: "charset", kind: "request", charsets: ["Cyrillic"], ttable: true });
    const ev = c.receive(sbTable(table.slice(0, -2)));
    expect(warnings(ev)).toEqual(["malformed-subnegotiation"]);
    expect(transmitted(ev)).toEqual([...sb(TTABLE_REJECTED)]);
  });

  it("refuses a table of a version it did not offer", () => {
    const c = both({ role: "client", charsetTables: "accept" });
    c.send({ type: "charset", kind: "request", charsets: ["Cyrillic"] });
    const ev = c.receive(sb(TTABLE_IS, 2, " x"));
    expect(warnings(ev)).toEqual(["malformed-subnegotiation"]);
    expect(transmitted(ev)).toEqual([...sb(TTABLE_REJECTED)]);
  });

  it("refuses a table it did not offer to take", () => {
    const c = both({ role: "client" });
    c.send({ type: "charset", kind: "request", charsets: ["Cyrillic"] });
    const ev = c.receive(sbTable(table));
    expect(warnings(ev)).toEqual(["wrong-state"]);
    expect(transmitted(ev)).toEqual([...sb(TTABLE_REJECTED)]);
  });

  it("asks once more for a table that does not parse, then refuses it", () => {
    const c = both({ role: "client", charsetTables: "accept" });
    c.send({ type: "charset", kind: "request", charsets: ["Cyrillic"] });
    expect(transmitted(c.receive(sbTable(table.slice(0, -2))))).toEqual([...sb(TTABLE_NAK)]);
    expect(charsetStatus(c).negotiating).toBe(true);
    const ev = c.receive(sbTable(table.slice(0, -2)));
    expect(transmitted(ev)).toEqual([...sb(TTABLE_REJECTED)]);
    expect(charsetStatus(c).negotiating).toBe(false);
  });

  it("refuses a table whose first set it did not request (§2: MUST)", () => {
    const c = both({ role: "client", charsetTables: "accept" });
    c.send({ type: "charset", kind: "request", charsets: ["Latin-9"] });
    const ev = c.receive(sbTable(table));
    expect(warnings(ev)).toEqual(["malformed-subnegotiation"]);
    expect(transmitted(ev)).toEqual([...sb(TTABLE_REJECTED)]);
  });

  it("sends TTABLE-IS again after a NAK, and CHARSET REJECTED after a second", () => {
    const s = both({ role: "server", charsets: ["EBCDIC-Cyrillic"], translationTables: [CYRILLIC_TABLE] });
    expect(transmitted(s.receive(sb(REQUEST, "[TTABLE]", 1, " Cyrillic")))).toEqual([...sbTable(table)]);
    expect(transmitted(s.receive(sb(TTABLE_NAK)))).toEqual([...sbTable(table)]);
    const ev = s.receive(sb(TTABLE_NAK));
    expect(transmitted(ev)).toEqual([...sb(REJECTED)]);
    expect(charsetEvents(ev).map((e) => e.kind)).toEqual(["ttable-nak", "rejected"]);
  });

  it("takes TTABLE-REJECTED of its table", () => {
    const s = both({ role: "server", charsets: ["EBCDIC-Cyrillic"], translationTables: [CYRILLIC_TABLE] });
    s.receive(sb(REQUEST, "[TTABLE]", 1, " Cyrillic"));
    expect(charsetEvents(s.receive(sb(TTABLE_REJECTED)))).toEqual([
      { type: "charset", kind: "rejected", initiator: "remote", reason: "ttable-rejected" },
    ]);
  });
});

describe("RFC 2066 §5 — the examples as dialogues", () => {
  it("the server prefers EBCDIC-Cyrillic of the two the client can use", () => {
    const p = pair(
      { role: "server", options: { charset: { local: "initiate", remote: "initiate" } }, charsets: ["EBCDIC-Cyrillic", "Cyrillic"], charsetRequest: false },
      { role: "client", options: { charset: { local: "initiate", remote: "initiate" } }, charsetRequest: false },
    );
    p.open();
    p.fromClient(p.client.send({ type: "charset", kind: "request", charsets: ["Cyrillic", "EBCDIC-Cyrillic"] }));
    expect(agreedCharset(p.client)).toBe("EBCDIC-Cyrillic");
    expect(agreedCharset(p.server)).toBe("EBCDIC-Cyrillic");
  });

  it("the client takes a translate table, then the server switches to EBCDIC-INT", () => {
    const p = pair(
      {
        role: "server",
        options: { charset: { local: "initiate", remote: "initiate" } },
        charsets: ["EBCDIC-Cyrillic"],
        charsetRequest: false,
        translationTables: [CYRILLIC_TABLE],
      },
      {
        role: "client",
        options: { charset: { local: "initiate", remote: "initiate" } },
        charsets: ["Cyrillic", "EBCDIC-INT"],
        charsetRequest: false,
        charsetTables: "accept",
      },
    );
    p.open();
    const before = p.seen.client.length;
    const req = p.client.send({ type: "charset", kind: "request" });
    expect([...req]).toEqual([...sb(REQUEST, "[TTABLE]", 1, ";Cyrillic;EBCDIC-INT")]);
    p.fromClient(req);
    const got = charsetEvents(p.seen.client.slice(before));
    expect(got.map((e) => e.kind)).toEqual(["ttable-is", "accepted"]);
    expect(got[1]).toEqual({ type: "charset", kind: "accepted", charset: "EBCDIC-Cyrillic", initiator: "local", table: CYRILLIC_TABLE });
    expect(charsetStatus(p.server)).toEqual({ charset: "EBCDIC-Cyrillic", table: CYRILLIC_TABLE, negotiating: false });
    // . . . the application changes; the server asks for EBCDIC-INT.
    p.fromServer(p.server.send({ type: "charset", kind: "request", charsets: ["EBCDIC-INT"] }));
    expect(agreedCharset(p.client)).toBe("EBCDIC-INT");
    expect(agreedCharset(p.server)).toBe("EBCDIC-INT");
    expect(charsetStatus(p.client).table).toBeUndefined();
    expect(ofType([...p.seen.server, ...p.seen.client], "warning")).toEqual([]);
  });
});

describe("CHARSET negotiation", () => {
  it("is accepted on both sides by default and never asked for without charsets", () => {
    for (const role of ["client", "server"] as const) {
      const s = new TelnetSession({ role });
      expect([...s.start()]).toEqual([]);
      expect(transmitted(s.receive(bytes(IAC, DO, CS, IAC, WILL, CS)))).toEqual([IAC, WILL, CS, IAC, DO, CS]);
    }
  });

  it("forgets a request in flight when CHARSET is turned off", () => {
    const s = both({ role: "server" });
    s.send({ type: "charset", kind: "request", charsets: ["UTF-8"] });
    s.receive(bytes(IAC, DONT, CS, IAC, 252, CS));
    expect(charsetStatus(s).negotiating).toBe(false);
  });
});
