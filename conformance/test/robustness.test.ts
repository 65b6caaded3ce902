import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TelnetSession, type SessionOptions, type TelnetEvent } from "@telnetkit/core";
import { cuts, enablingPrefix, garbage, runs, sessionOptions, streamPiece, telnetStream } from "../src/arbitraries.js";
import { feed, normalize, splitAt, transmitBytes } from "../src/stream.js";
import {
  CR,
  DO,
  IAC,
  NAWS,
  PRIVATE_OPT,
  SB,
  SE,
  STATUS,
  STATUS_SEND,
  TM,
  WILL,
  nawsPayload,
  neg,
  sb,
  statusIs,
} from "../src/telnet.js";

/** Arbitrary bytes, Telnet-biased bytes, or Telnet streams with malformed pieces. */
const anyInput = fc.oneof(garbage(400), telnetStream(60));

function wellFormed(events: TelnetEvent[]): void {
  for (const ev of events) {
    // Option modules add their own event types: each is a plain object with a string type.
    expect(typeof ev.type).toBe("string");
    if (ev.type === "data" || ev.type === "transmit") expect(ev.bytes).toBeInstanceOf(Uint8Array);
    if (ev.type === "warning") expect(typeof ev.code).toBe("string");
  }
}

/** What resynchronizes the parser from any state: see "the parser's states" below. */
const RESYNC = [IAC, SE, IAC, SE];

/** A fresh NAWS subnegotiation and one data byte: what a parser in the data state must decode. */
function probe(s: TelnetSession, width: number, height: number): void {
  const events = normalize(s.receive(Uint8Array.from([...sb(NAWS, nawsPayload(width, height)), 0x78])));
  const nawsOn = s.isEnabled(NAWS, "local") || s.isEnabled(NAWS, "remote");
  // Modules judge subnegotiations of options that are off: NAWS decodes them without a warning.
  const warnings: unknown[] = [];
  void nawsOn;
  expect(events.map((e) => (e.type === "warning" ? { type: e.type, code: e.code, option: e.option } : e))).toEqual([
    ...warnings,
    { type: "naws", width, height },
    { type: "data", bytes: [0x78] },
  ]);
}

// NAWS needs a 4-byte subnegotiation: the probe uses a limit that allows it.
const probeOptions = sessionOptions.map((o): SessionOptions => ({
  ...o,
  limits: { ...o.limits, subnegotiation: Math.max(4, o.limits?.subnegotiation ?? 4) },
}));
const u16 = fc.integer({ min: 0, max: 0xffff });

describe("RFC 1123 §1.2.2 — robustness: any bytes, never an exception", () => {
  it("receive() never throws on arbitrary bytes, in any split, for either role and any policy", () => {
    fc.assert(
      fc.property(sessionOptions, fc.oneof(fc.constant([] as number[]), enablingPrefix), anyInput, cuts, (o, prefix, input, points) => {
        const s = new TelnetSession(o);
        wellFormed(s.receive(Uint8Array.from(prefix)));
        wellFormed(feed(s, splitAt(input, points)));
      }),
      { numRuns: runs(1000) },
    );
  });

  it("the session keeps working: after IAC SE IAC SE it is in the data state and decodes a fresh NAWS", () => {
    fc.assert(
      fc.property(probeOptions, anyInput, cuts, u16, u16, (o, input, points, w, h) => {
        const s = new TelnetSession(o);
        feed(s, splitAt(input, points));
        s.receive(Uint8Array.from(RESYNC));
        probe(s, w, h);
        // And again: the probe left it in the data state too.
        probe(s, h, w);
      }),
      { numRuns: runs(1000) },
    );
  });
});

describe("RFC 854 / 855 — the parser's states, and the way back to data", () => {
  // Every state a stream can stop in: data, after IAC, after IAC verb, after IAC SB, inside
  // a subnegotiation, after IAC inside one, after IAC SB IAC (RFC 861 EXOPL), after a CR.
  const STATES: Record<string, number[]> = {
    data: [0x61],
    "after IAC": [IAC],
    "after IAC WILL": [IAC, WILL],
    "after IAC SB": [IAC, SB],
    "inside SB": [IAC, SB, PRIVATE_OPT, 1],
    "after IAC inside SB": [IAC, SB, PRIVATE_OPT, 1, IAC],
    "after IAC SB IAC": [IAC, SB, IAC],
    "after CR": [CR],
  };

  for (const [name, prefix] of Object.entries(STATES)) {
    it(`from "${name}", IAC SE IAC SE brings the parser back to data`, () => {
      for (const role of ["client", "server"] as const) {
        const s = new TelnetSession({ role });
        s.receive(Uint8Array.from(prefix));
        s.receive(Uint8Array.from(RESYNC));
        probe(s, 132, 43);
      }
    });
  }

  it("a single IAC SE is not always enough: after IAC inside SB, IAC IAC is a 255 of the parameters (RFC 855)", () => {
    const s = new TelnetSession({ role: "server", options: { [PRIVATE_OPT]: "accept" } });
    s.receive(Uint8Array.from([IAC, SB, PRIVATE_OPT, 1, IAC]));
    expect(s.receive(Uint8Array.from([IAC, SE]))).toEqual([]);
    const events = s.receive(Uint8Array.from([IAC, SE]));
    expect(events.filter((e) => e.type === "subnegotiation")).toEqual([
      { type: "subnegotiation", option: PRIVATE_OPT, payload: Uint8Array.from([1, IAC, SE]) },
    ]);
  });
});

describe("RFC 1123 §3.2.1 — output bounded by input", () => {
  // Each message received gets at most one answer. The largest answers: WILL NAWS with the
  // window size (16 bytes for DO NAWS, 3), and STATUS IS, 2 bytes an option side that is on
  // (RFC 859) for a 6-byte SEND; with the pool of options the generators use, 8 x covers both.
  const statusHeavy = fc
    .tuple(
      enablingPrefix,
      fc.array(
        fc.oneof(streamPiece, fc.constant(sb(STATUS, STATUS_SEND)), fc.constant(neg(DO, NAWS)), fc.constant(neg(DO, TM))),
        { maxLength: 60 },
      ),
    )
    .map(([p, pieces]) => Uint8Array.from([...p, ...pieces.flat()]));

  it("transmit bytes from receive() are at most 8 x the bytes received", () => {
    fc.assert(
      fc.property(sessionOptions, fc.oneof(anyInput, statusHeavy), cuts, (o, input, points) => {
        const s = new TelnetSession(o);
        const out = transmitBytes(feed(s, splitAt(input, points))).length;
        expect(out).toBeLessThanOrEqual(8 * input.length);
      }),
      { numRuns: runs(1000) },
    );
  });

  it("with every option accepted, each STATUS SEND costs one STATUS IS of the state: bounded by the option count", () => {
    const options: Record<number, "accept"> = {};
    for (let c = 0; c < 256; c++) if (c !== TM) options[c] = "accept";
    const s = new TelnetSession({ role: "server", options });
    const enable: number[] = [];
    for (let c = 0; c < 256; c++) if (c !== TM) enable.push(...neg(WILL, c), ...neg(DO, c));
    s.receive(Uint8Array.from(enable));
    // Every option with no module of its own to refuse it is now on, both sides: the report says so.
    expect(s.enabledOptions("local").length).toBeGreaterThan(200);
    expect(s.enabledOptions("remote").length).toBeGreaterThan(200);
    const answer = sb(STATUS, statusIs({ will: s.enabledOptions("local"), do: s.enabledOptions("remote"), subnegotiations: [] }));
    const sends = 20;
    const out = transmitBytes(s.receive(Uint8Array.from(Array.from({ length: sends }, () => sb(STATUS, STATUS_SEND)).flat())));
    expect(out).toEqual(Array.from({ length: sends }, () => answer).flat());
  });
});
