import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  OPT,
  TelnetSession,
  agreedCharset,
  charsetKey,
  charsetStatus,
  decodeCharset,
  encodeCharset,
  escapeIac,
  type CharsetMessage,
  type SessionOptions,
  type SidePolicy,
  type TelnetEvent,
  type TranslationTable,
} from "@telnetkit/core";
import { runs } from "../src/arbitraries.js";
import { SimulatedWire, settle } from "../src/wire.js";

const IAC = 255;
const SB = 250;
const SE = 240;
const CS = OPT.CHARSET;

// Printable ASCII names; "[" is kept out of separators so that a list never reads as "[TTABLE]".
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i));
const separator = fc.constantFrom(...PRINTABLE.filter((c) => c !== "["), "\x00", "\x7f", "\xfe");
const nameFrom = (sep: string) =>
  fc.string({ unit: fc.constantFrom(...PRINTABLE.filter((c) => c !== sep)), minLength: 1, maxLength: 12 });

const request: fc.Arbitrary<CharsetMessage> = separator.chain((sep) =>
  fc.record({
    kind: fc.constant("request" as const),
    charsets: fc.array(nameFrom(sep), { minLength: 1, maxLength: 5 }),
    separator: fc.constant(sep.charCodeAt(0)),
    ttable: fc.option(fc.integer({ min: 1, max: 255 }), { nil: undefined }),
  }).map((m) => (m.ttable === undefined ? { kind: m.kind, charsets: m.charsets, separator: m.separator } : m)),
);

const map = (size: number) => {
  const top = 2 ** Math.min(size, 31);
  return fc.array(fc.integer({ min: 0, max: top - 1 }), { maxLength: Math.min(2 ** size, 24) });
};
const table: fc.Arbitrary<TranslationTable> = separator.chain((sep) =>
  fc
    .tuple(nameFrom(sep), nameFrom(sep), fc.integer({ min: 1, max: 32 }), fc.integer({ min: 1, max: 32 }))
    .chain(([charset1, charset2, charSize1, charSize2]) =>
      fc.record({
        version: fc.constant(1 as const),
        separator: fc.constant(sep.charCodeAt(0)),
        charset1: fc.constant(charset1),
        charSize1: fc.constant(charSize1),
        map1: map(charSize1),
        charset2: fc.constant(charset2),
        charSize2: fc.constant(charSize2),
        map2: map(charSize2),
      }),
    ),
);

const message: fc.Arbitrary<CharsetMessage> = fc.oneof(
  request,
  nameFrom("").map((charset) => ({ kind: "accepted" as const, charset })),
  fc.constantFrom<CharsetMessage>({ kind: "rejected" }, { kind: "ttable-rejected" }, { kind: "ttable-ack" }, { kind: "ttable-nak" }),
  table.map((t): CharsetMessage => ({ kind: "ttable-is", version: 1, table: t })),
);

const sb = (payload: Uint8Array) => Uint8Array.from([IAC, SB, CS, ...escapeIac(payload), IAC, SE]);

describe("RFC 2066 §2 — the CHARSET codec", () => {
  it("decode(encode(m)) = m for every message, translation tables included", () => {
    fc.assert(
      fc.property(message, (m) => {
        const bytes = encodeCharset(m.kind === "ttable-is" ? { kind: "ttable-is", table: m.table! } : m);
        expect(decodeCharset(bytes)).toEqual({ message: m, problems: [] });
      }),
      { numRuns: runs(500) },
    );
  });

  it("decoding never throws, whatever the payload", () => {
    const payload = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      fc.tuple(fc.integer({ min: 1, max: 7 }), fc.uint8Array({ maxLength: 60 })).map(([c, rest]) => Uint8Array.from([c, ...rest])),
    );
    fc.assert(
      fc.property(payload, (p) => {
        const d = decodeCharset(p);
        expect(typeof d === "string" || typeof d.message.kind === "string").toBe(true);
      }),
      { numRuns: runs(800) },
    );
  });
});

describe("CHARSET sessions", () => {
  it("never throw on arbitrary CHARSET subnegotiations, and keep working", () => {
    const settings = fc.record({
      role: fc.constantFrom("client" as const, "server" as const),
      charsets: fc.option(fc.subarray(["UTF-8", "ISO-8859-1", "KOI8-R"], { minLength: 1 }), { nil: undefined }),
      charsetTables: fc.constantFrom("accept" as const, "reject" as const),
    });
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      message.map((m) => encodeCharset(m.kind === "ttable-is" ? { kind: "ttable-is", table: m.table! } : m)),
    );
    fc.assert(
      fc.property(settings, fc.array(piece, { maxLength: 10 }), fc.boolean(), (o, pieces, askFirst) => {
        const s = new TelnetSession({ ...o, translationTables: [{ version: 1, separator: 32, charset1: "KOI8-R", charSize1: 8, map1: [1], charset2: "UTF-8", charSize2: 8, map2: [1] }] });
        s.receive(Uint8Array.from([IAC, 253, CS, IAC, 251, CS]));
        if (askFirst) s.send({ type: "charset", kind: "request", charsets: ["UTF-8"] });
        for (const p of pieces) {
          for (const ev of s.receive(sb(p))) if (ev.type === "warning") expect(ev.code.length).toBeGreaterThan(0);
        }
        expect(s.receive(Uint8Array.from([0x78]))).toEqual([{ type: "data", bytes: Uint8Array.from([0x78]) }]);
      }),
      { numRuns: runs(400) },
    );
  });
});

// ------------------------------------------------------------------- races

const POOL = ["UTF-8", "utf8", "ISO-8859-1", "Latin1", "US-ASCII", "KOI8-R", "IBM437"];
const list = fc.subarray(POOL, { minLength: 1 }).chain((l) => fc.shuffledSubarray(l, { minLength: l.length }));
const side: fc.Arbitrary<SidePolicy> = fc.constantFrom("accept", "initiate", "refuse");
const ends = fc.record({
  charsets: list,
  charsetRequest: fc.boolean(),
  local: side,
  remote: side,
});
type Step =
  | { do: "deliver"; from: "A" | "B"; n: number }
  | { do: "request"; by: "A" | "B"; charsets: string[] };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ do: fc.constant("deliver" as const), from: fc.constantFrom("A" as const, "B" as const), n: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ do: fc.constant("request" as const), by: fc.constantFrom("A" as const, "B" as const), charsets: list }),
);

/** CHARSET subnegotiations in a byte stream written by one end (no data is sent in these runs). */
function charsetFrames(bytes: number[]): number {
  let n = 0;
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === IAC && bytes[i + 1] === SB && bytes[i + 2] === CS && (i === 0 || bytes[i - 1] !== IAC)) n++;
  }
  return n;
}

describe("RFC 2066 §5 — requests from both sides at once", () => {
  it("settle on one character set for both ends, with a bounded number of messages and no warning", () => {
    fc.assert(
      fc.property(ends, ends, fc.array(step, { maxLength: 30 }), (a, b, steps) => {
        const make = (role: "server" | "client", e: typeof a): SessionOptions => ({
          role,
          options: { charset: { local: e.local, remote: e.remote } },
          charsets: e.charsets,
          charsetRequest: e.charsetRequest,
        });
        const server = new TelnetSession(make("server", a));
        const client = new TelnetSession(make("client", b));
        const wire = new SimulatedWire(server, client);
        const events: TelnetEvent[] = [];
        wire.write(wire.A, server.start());
        wire.write(wire.B, client.start());
        let requests = 2; // at most one automatic request per end
        for (const s of steps) {
          const end = s.do === "deliver" ? wire[s.from] : wire[s.by];
          if (s.do === "deliver") events.push(...wire.deliver(end, s.n).events);
          else {
            requests++;
            events.push(...wire.send(end, { type: "charset", kind: "request", charsets: s.charsets }).events);
          }
        }
        for (const evs of settle(wire, 60)) events.push(...evs);
        // A request made while CHARSET was off is held; it goes only if the option comes on.
        expect(events.filter((e) => e.type === "warning")).toEqual([]);
        expect(charsetStatus(server).negotiating).toBe(false);
        expect(charsetStatus(client).negotiating).toBe(false);
        const agreed = [agreedCharset(server), agreedCharset(client)].map((c) => (c === undefined ? undefined : charsetKey(c)));
        expect(agreed[0]).toBe(agreed[1]);
        // Each request is answered once; a collision adds one REJECTED.
        const frames = charsetFrames(wire.written.A) + charsetFrames(wire.written.B);
        expect(frames).toBeLessThanOrEqual(3 * requests);
      }),
      { numRuns: runs(400) },
    );
  });
});
