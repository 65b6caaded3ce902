import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TelnetSession, type OptionModule, type TelnetEvent } from "@telnetkit/core";
import { OPTION_POOL, cuts, runs, telnetStream } from "../src/arbitraries.js";
import { cat, dataBytes, feed, ofType, splitAt } from "../src/stream.js";
import { BINARY, IAC, PRIVATE_OPT, SB, SE, WILL, escape, neg, sb } from "../src/telnet.js";

// RFC 855 lets a subnegotiation run until IAC SE, however long. The engine keeps at most
// `limits.subnegotiation` bytes of parameters (after IAC IAC is undone): a longer one is
// dropped whole, reported once as `sb-overflow`, and the stream goes on.

/** A receiver with BINARY on from the peer, so data arrives byte for byte, and a small limit. */
function receiver(limit: number, modules: OptionModule[] = []): TelnetSession {
  const s = new TelnetSession({
    role: "server",
    options: { [PRIVATE_OPT]: "accept", [BINARY]: "accept" },
    limits: { subnegotiation: limit },
    modules,
  });
  s.receive(Uint8Array.from([...neg(WILL, BINARY), ...neg(WILL, PRIVATE_OPT)]));
  return s;
}

const payloadOf = (min: number, max: number) =>
  fc.array(fc.oneof(fc.constantFrom(IAC, SE), fc.integer({ min: 0, max: 255 })), { minLength: min, maxLength: max });
const data = fc.uint8Array({ maxLength: 32 });
// Options whose subnegotiations the framing treats alike (255 is EXOPL's framing, RFC 861).
const sbOption = fc.oneof(fc.constantFrom(...OPTION_POOL), fc.integer({ min: 0, max: 254 }));

/** Every event an option module could have made from a subnegotiation payload. */
const payloadEvents = (events: TelnetEvent[]) =>
  events.filter((e) => e.type !== "data" && e.type !== "transmit" && e.type !== "warning" && e.type !== "option");

describe("RFC 855 — bounded subnegotiation buffer", () => {
  it("an oversized subnegotiation gives one sb-overflow warning, no payload, and nothing leaks into data", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 200 }),
        sbOption,
        data,
        data,
        cuts,
        fc.gen(),
        (limit, excess, option, before, after, points, gen) => {
          const payload = gen(payloadOf, limit + excess, limit + excess);
          const s = receiver(limit);
          const wire = cat(escape(before), sb(option, payload), escape(after));
          const events = feed(s, splitAt(wire, points));
          const overflow = ofType(events, "warning").filter((w) => w.code === "sb-overflow");
          expect(overflow).toHaveLength(1);
          expect(overflow[0].option).toBe(option);
          expect(payloadEvents(events)).toEqual([]);
          expect(dataBytes(events)).toEqual([...before, ...after]);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it("a subnegotiation of exactly the limit (255s counted once) arrives whole, with no warning", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), cuts, fc.gen(), (limit, points, gen) => {
        const payload = gen(payloadOf, limit, limit);
        const s = receiver(limit);
        const events = feed(s, splitAt(Uint8Array.from(sb(PRIVATE_OPT, payload)), points));
        expect(events).toEqual([{ type: "subnegotiation", option: PRIVATE_OPT, payload: Uint8Array.from(payload) }]);
      }),
      { numRuns: runs(200) },
    );
  });

  it("whatever the stream, no option module is ever handed more than the limit", () => {
    const seen: number[] = [];
    const probe: OptionModule = {
      code: PRIVATE_OPT,
      name: "probe",
      defaults: { client: { local: "accept", remote: "accept" }, server: { local: "accept", remote: "accept" } },
      receive(payload) {
        seen.push(payload.length);
      },
    };
    const longSb = fc
      .tuple(fc.integer({ min: 0, max: 120 }), fc.boolean())
      .map(([n, end]) => [IAC, SB, PRIVATE_OPT, ...escape(new Array(n).fill(IAC)), ...(end ? [IAC, SE] : [])]);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.oneof(telnetStream(10).map((t) => Array.from(t)), longSb), { maxLength: 6 }),
        cuts,
        (limit, parts, points) => {
          seen.length = 0;
          const s = receiver(limit, [probe]);
          feed(s, splitAt(Uint8Array.from(parts.flat()), points));
          for (const n of seen) expect(n).toBeLessThanOrEqual(limit);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it("after an overflow the next subnegotiation of the same option is read normally", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 32 }), fc.integer({ min: 1, max: 64 }), fc.gen(), (limit, excess, gen) => {
        const big = gen(payloadOf, limit + excess, limit + excess);
        const small = gen(payloadOf, 0, limit);
        const s = receiver(limit);
        const events = s.receive(Uint8Array.from([...sb(PRIVATE_OPT, big), ...sb(PRIVATE_OPT, small)]));
        expect(events.map((e) => (e.type === "warning" ? e.code : e))).toEqual([
          "sb-overflow",
          { type: "subnegotiation", option: PRIVATE_OPT, payload: Uint8Array.from(small) },
        ]);
      }),
      { numRuns: runs(200) },
    );
  });

  it("memory stays flat while a peer streams 32 MiB into one subnegotiation (limit 1 KiB)", () => {
    // Observed from outside, with the runtime's own count of ArrayBuffer memory: a session
    // that kept the parameters would hold 32 MiB more at the end. The input is one 64 KiB
    // view fed again and again, so the test itself allocates nothing per chunk.
    const s = receiver(1024);
    const chunk = new Uint8Array(64 * 1024).fill(0x41);
    const memory = globalThis.process?.memoryUsage;
    expect(typeof memory).toBe("function");
    const start = memory!().arrayBuffers;
    const warnings: TelnetEvent[] = [...s.receive(Uint8Array.from([IAC, SB, PRIVATE_OPT]))];
    for (let i = 0; i < 512; i++) warnings.push(...s.receive(chunk));
    const grown = memory!().arrayBuffers - start;
    warnings.push(...s.receive(Uint8Array.from([IAC, SE, 0x42])));
    expect(grown).toBeLessThan(8 * 1024 * 1024);
    expect(warnings.map((e) => (e.type === "warning" ? e.code : e.type))).toEqual(["sb-overflow", "data"]);
  });
});
