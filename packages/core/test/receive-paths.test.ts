import { describe, expect, it } from "vitest";
import { escapeIac, TelnetSession, unescapeIac, type SessionOptions, type TelnetEvent } from "@telnetkit/core";
import { bytes, dataOf, simplify } from "./helpers.js";

// The receive loop takes shortcuts when a command or a subnegotiation is whole in one
// chunk, and the slow path otherwise: both must give the same events.

const IAC = 255;
const SB = 250;
const SE = 240;

function feed(options: SessionOptions, stream: Uint8Array, split: (s: Uint8Array) => Uint8Array[]): TelnetEvent[] {
  const s = new TelnetSession(options);
  return split(stream).flatMap((c) => s.receive(c));
}

const whole = (s: Uint8Array) => [s];
const bytewise = (s: Uint8Array) => Array.from(s, (b) => Uint8Array.of(b));
const at = (k: number) => (s: Uint8Array) => [s.subarray(0, k), s.subarray(k)];

// Deterministic filler: a payload of `n` bytes that holds no IAC.
const filler = (n: number) => Array.from({ length: n }, (_, k) => (k * 37 + 11) % 250);

describe("receive: whole-chunk shortcuts agree with the byte-by-byte path", () => {
  it("keeps every byte of a subnegotiation longer than the initial buffer (RFC 855)", () => {
    const payload = filler(300);
    const stream = bytes([IAC, SB, 200], payload, [IAC, SE]);
    for (const split of [whole, bytewise, at(5), at(100), at(303)]) {
      const sn = feed({ role: "server" }, stream, split).filter((e) => e.type === "subnegotiation");
      expect(sn).toHaveLength(1);
      expect([...(sn[0] as { payload: Uint8Array }).payload]).toEqual(payload);
    }
  });

  it("undoes IAC IAC inside a subnegotiation on either side of a chunk boundary", () => {
    const stream = bytes([IAC, SB, 200, 1, IAC, IAC, 2, IAC, IAC, IAC, IAC, 3, IAC, SE]);
    const expected = simplify(feed({ role: "server" }, stream, bytewise));
    const sn = expected.find((e) => (e as { type: string }).type === "subnegotiation") as { payload: number[] };
    expect(sn.payload).toEqual([1, IAC, 2, IAC, IAC, 3]);
    for (let k = 0; k <= stream.length; k++) expect(simplify(feed({ role: "server" }, stream, at(k)))).toEqual(expected);
  });

  it("drops a subnegotiation over the limit with one warning, however it is split", () => {
    const stream = bytes([IAC, SB, 200], filler(25), [IAC, SE], "ok");
    const options: SessionOptions = { role: "server", limits: { subnegotiation: 10 } };
    const expected = simplify(feed(options, stream, bytewise));
    expect(expected.filter((e) => (e as { code?: string }).code === "sb-overflow")).toHaveLength(1);
    expect(expected.some((e) => (e as { type: string }).type === "subnegotiation")).toBe(false);
    for (let k = 0; k <= stream.length; k++) expect(simplify(feed(options, stream, at(k)))).toEqual(expected);
    expect(simplify(feed(options, stream, whole))).toEqual(expected);
  });

  it("answers IAC DO / IAC WILL whole in a chunk as when split", () => {
    const stream = bytes("a", [IAC, 253, 1], "b", [IAC, 251, 3], [IAC, 254, 1], "c");
    const options: SessionOptions = { role: "server", options: { echo: "accept", sga: "accept" } };
    const expected = simplify(feed(options, stream, bytewise));
    for (let k = 0; k <= stream.length; k++) expect(simplify(feed(options, stream, at(k)))).toEqual(expected);
    expect(simplify(feed(options, stream, whole))).toEqual(expected);
  });

  it("joins data around IAC IAC and CR NUL into one event with the right bytes", () => {
    const stream = bytes("ab", [IAC, IAC], "cd\r", [0], "e", [IAC, IAC, IAC, IAC], "\r\n");
    const events = feed({ role: "client" }, stream, whole);
    expect(events).toHaveLength(1);
    expect(dataOf(events)).toEqual([...bytes("ab", [IAC], "cd\re", [IAC, IAC], "\r\n")]);
    const fromBuffer = feed({ role: "client" }, Buffer.from(stream), whole);
    expect(dataOf(fromBuffer)).toEqual(dataOf(events));
    expect(dataOf(feed({ role: "client" }, stream, bytewise))).toEqual(dataOf(events));
  });
});

describe("receive: short chunks (keystrokes)", () => {
  it("give the same data as one chunk, CR NUL split or not, in NVT mode and with BINARY on", () => {
    const text = bytes("ab\r", [0], "c\r\n", [0], "\r", [0], [0], "d", [IAC, IAC], "e\r");
    const split3 = (s: Uint8Array) => Array.from({ length: Math.ceil(s.length / 3) }, (_, k) => s.subarray(3 * k, 3 * k + 3));
    const nvt = dataOf(feed({ role: "client" }, text, whole));
    expect(nvt).toEqual([...bytes("ab\rc\r\n", [0], "\r", [0], "d", [IAC], "e\r")]);
    expect(dataOf(feed({ role: "client" }, text, bytewise))).toEqual(nvt);
    expect(dataOf(feed({ role: "client" }, text, split3))).toEqual(nvt);
    // RFC 856: with the peer's BINARY on, NUL is data like any byte.
    const binary = (split: (s: Uint8Array) => Uint8Array[]) => {
      const s = new TelnetSession({ role: "client", options: { binary: "accept" } });
      s.receive(bytes([IAC, 251, 0]));
      return dataOf(split(text).flatMap((c) => s.receive(c)));
    };
    expect(binary(whole)).toEqual([...bytes("ab\r", [0], "c\r\n", [0], "\r", [0], [0], "d", [IAC], "e\r")]);
    expect(binary(bytewise)).toEqual(binary(whole));
    expect(binary(split3)).toEqual(binary(whole));
  });

  it("hand over the chunk itself as the data event", () => {
    const s = new TelnetSession({ role: "client" });
    const key = bytes("x");
    const events = s.receive(key);
    expect(events).toEqual([{ type: "data", bytes: key }]);
    expect((events[0] as { bytes: Uint8Array }).bytes).toBe(key);
  });
});

describe("escapeIac", () => {
  it("doubles each IAC, in runs and at both ends", () => {
    expect([...escapeIac(bytes([IAC, 1, IAC, IAC, 2, IAC]))]).toEqual([IAC, IAC, 1, IAC, IAC, IAC, IAC, 2, IAC, IAC]);
  });

  it("returns the input itself when it holds no IAC", () => {
    const b = bytes("plain text");
    expect(escapeIac(b)).toBe(b);
  });

  it("round-trips through unescapeIac with runs longer and shorter than the copy threshold", () => {
    const parts: number[] = [];
    for (const len of [0, 1, 5, 15, 16, 17, 40, 300]) parts.push(...filler(len), IAC);
    const input = Uint8Array.from(parts);
    const escaped = escapeIac(input);
    expect(escaped.length).toBe(input.length + parts.filter((b) => b === IAC).length);
    expect([...unescapeIac(escaped)]).toEqual(parts);
  });
});
