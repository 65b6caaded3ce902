import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TelnetSession, escapeIac, latin1Bytes, unescapeIac } from "@telnetkit/core";
import { cuts, nvtishData, runs } from "../src/arbitraries.js";
import { cat, dataBytes, feed, ofType, splitAt } from "../src/stream.js";
import { BINARY, CR, IAC, LF, NUL, PRIVATE_OPT, SE, escape, nvtReceived } from "../src/telnet.js";
import { connect, settle } from "../src/wire.js";

/** A server (sender) and a client (receiver), negotiated; BINARY on from sender to receiver when asked. */
function link(binary: boolean, encodeText?: (text: string) => Uint8Array) {
  const a = new TelnetSession({ role: "server", options: { [PRIVATE_OPT]: "accept" }, encodeText });
  const b = new TelnetSession({ role: "client", options: { [PRIVATE_OPT]: "accept" } });
  const wire = connect(a, b);
  wire.send(wire.A, { type: "enable", option: PRIVATE_OPT, side: "local" });
  if (binary) wire.send(wire.A, { type: "enable", option: BINARY, side: "local" });
  settle(wire);
  expect(b.isEnabled(BINARY, "remote")).toBe(binary);
  expect(a.isEnabled(BINARY, "local")).toBe(binary);
  expect(b.isEnabled(PRIVATE_OPT, "remote")).toBe(true);
  return { a, b };
}

const someData = fc.oneof(fc.uint8Array({ maxLength: 48 }), nvtishData(48));
const pieces = fc.array(someData, { maxLength: 8 });

/** What a receiver hands on for in-band bytes: all of them in BINARY (RFC 856), CR NUL reduced to CR otherwise (RFC 854). */
const expectedData = (binary: boolean, data: Uint8Array) => (binary ? Array.from(data) : nvtReceived(data));

describe("RFC 854 — IAC escaping", () => {
  it("data sent is received as the same bytes, in any split (BINARY on: every byte; NVT: CR NUL read as CR)", () => {
    fc.assert(
      fc.property(fc.boolean(), pieces, cuts, (binary, data, points) => {
        const { a, b } = link(binary);
        const wire = cat(...data.map((d) => a.send({ type: "data", bytes: d })));
        const events = feed(b, splitAt(wire, points));
        expect(events.every((e) => e.type === "data")).toBe(true);
        expect(dataBytes(events)).toEqual(expectedData(binary, cat(...data)));
      }),
      { numRuns: runs(300) },
    );
  });

  it("in NVT mode, data with no CR NUL in it arrives exactly as sent", () => {
    fc.assert(
      fc.property(pieces, cuts, (data, points) => {
        const all = cat(...data);
        fc.pre(!all.some((x, i) => x === NUL && all[i - 1] === CR));
        const { a, b } = link(false);
        const wire = cat(...data.map((d) => a.send({ type: "data", bytes: d })));
        expect(dataBytes(feed(b, splitAt(wire, points)))).toEqual(Array.from(all));
      }),
      { numRuns: runs(200) },
    );
  });

  it("escapeIac doubles each 255 and nothing else; unescapeIac undoes it", () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), nvtishData(64)), (data) => {
        const escaped = escapeIac(data);
        expect(Array.from(escaped)).toEqual(escape(data));
        expect(unescapeIac(escaped)).toEqual(data);
      }),
      { numRuns: runs(300) },
    );
  });

  it("on the wire, data is the bytes with each 255 doubled and nothing else changed", () => {
    fc.assert(
      fc.property(fc.boolean(), someData, (binary, data) => {
        const { a } = link(binary);
        expect(Array.from(a.send({ type: "data", bytes: data }))).toEqual(escape(data));
      }),
      { numRuns: runs(200) },
    );
  });
});

describe("RFC 856 — BINARY turned on and off in the stream", () => {
  it("data before WILL BINARY is read as NVT, data after it byte for byte, and NVT again after WONT BINARY", () => {
    // A segment ending in CR is left out: whether a NUL right after the switch pairs with a
    // CR sent on the other side of it is not something RFC 856 says.
    const segment = nvtishData(24).filter((d) => d[d.length - 1] !== CR);
    fc.assert(
      fc.property(segment, segment, segment, cuts, (nvt1, bin, nvt2, points) => {
        const s = new TelnetSession({ role: "server" });
        const wire = cat(escape(nvt1), [IAC, 251, BINARY], escape(bin), [IAC, 252, BINARY], escape(nvt2));
        const events = feed(s, splitAt(wire, points));
        expect(dataBytes(events)).toEqual([...nvtReceived(nvt1), ...bin, ...nvtReceived(nvt2)]);
        expect(ofType(events, "option").map((e) => e.enabled)).toEqual([true, false]);
      }),
      { numRuns: runs(300) },
    );
  });
});

// Text with every kind of line ending, NUL and 255 (ÿ in Latin-1), plus any string.
const lineText = fc
  .array(fc.oneof(fc.constantFrom("\r", "\n", "\r\n", "\0", "ÿ", "a", " "), fc.string({ maxLength: 6, unit: "binary" })), {
    maxLength: 10,
  })
  .map((parts) => parts.join(""));
const utf8 = (t: string) => new TextEncoder().encode(t);
// Latin-1 by the suite's own rule: a UTF-16 code unit past U+00FF is not Latin-1 and is sent as "?"
// (so a character outside the BMP, two code units, is "??").
const latin1 = (t: string) => {
  const out = new Uint8Array(t.length);
  for (let i = 0; i < t.length; i++) out[i] = t.charCodeAt(i) > 0xff ? 0x3f : t.charCodeAt(i);
  return out;
};

describe("RFC 854 — NVT line endings for text", () => {
  it("text in NVT mode: LF and CR LF arrive as CR LF, a bare CR as CR (sent CR NUL); in BINARY, unchanged", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.array(lineText, { maxLength: 6 }), cuts, (binary, useLatin1, texts, points) => {
        const encode = useLatin1 ? latin1 : utf8;
        const { a, b } = link(binary, useLatin1 ? latin1Bytes : undefined);
        const wire = cat(...texts.map((text) => a.send({ type: "text", text })));
        const got = dataBytes(feed(b, splitAt(wire, points)));
        const want = binary
          ? Array.from(encode(texts.join("")))
          : texts.flatMap((t) => Array.from(encode(t.replace(/\r\n|\n/g, "\r\n"))));
        expect(got).toEqual(want);
      }),
      { numRuns: runs(300) },
    );
  });

  it("in NVT mode, every CR on the wire is followed by LF or NUL (RFC 854: CR LF or CR NUL, never a bare CR)", () => {
    fc.assert(
      fc.property(fc.array(lineText, { maxLength: 6 }), (texts) => {
        const { a } = link(false);
        const wire = cat(...texts.map((text) => a.send({ type: "text", text })));
        wire.forEach((x, i) => {
          if (x === CR) expect([LF, NUL]).toContain(wire[i + 1]);
        });
      }),
      { numRuns: runs(200) },
    );
  });
});

describe("RFC 855 — subnegotiation data transparency", () => {
  it("data around a subnegotiation never takes its bytes; the payload (255 and 240 included) arrives whole", () => {
    const payloadArb = fc.array(fc.oneof(fc.constantFrom(IAC, SE, 250), fc.integer({ min: 0, max: 255 })), {
      maxLength: 40,
    });
    fc.assert(
      fc.property(fc.boolean(), someData, payloadArb, someData, cuts, (binary, before, payload, after, points) => {
        const { a, b } = link(binary);
        const wire = cat(
          a.send({ type: "data", bytes: before }),
          a.send({ type: "subnegotiation", option: PRIVATE_OPT, payload: Uint8Array.from(payload) }),
          a.send({ type: "data", bytes: after }),
        );
        const events = feed(b, splitAt(wire, points));
        const at = events.findIndex((e) => e.type === "subnegotiation");
        expect(at).toBeGreaterThanOrEqual(0);
        expect(events[at]).toEqual({ type: "subnegotiation", option: PRIVATE_OPT, payload: Uint8Array.from(payload) });
        expect(ofType(events, "subnegotiation")).toHaveLength(1);
        expect(ofType(events, "warning")).toEqual([]);
        // Data before the subnegotiation event is the data sent before it; the rest after.
        const all = expectedData(binary, cat(before, after));
        const first = dataBytes(events.slice(0, at));
        expect(first).toEqual(expectedData(binary, before));
        expect(dataBytes(events.slice(at + 1))).toEqual(all.slice(first.length));
      }),
      { numRuns: runs(300) },
    );
  });

  it("a raw subnegotiation for an option with no codec round-trips: payload in, the same payload out", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), cuts, (payload, points) => {
        const { a, b } = link(true);
        const wire = a.send({ type: "subnegotiation", option: PRIVATE_OPT, payload });
        expect(Array.from(wire)).toEqual([IAC, 250, PRIVATE_OPT, ...escape(payload), IAC, SE]);
        expect(feed(b, splitAt(wire, points))).toEqual([{ type: "subnegotiation", option: PRIVATE_OPT, payload }]);
      }),
      { numRuns: runs(200) },
    );
  });
});
