import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { OPT, TelnetSession, decodeExopl, encodeExopl, type ExoplMessage } from "@telnetkit/core";
import { runs } from "../src/arbitraries.js";
import { bytesArb, byte, checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, payloadsFor } from "../src/option-codec.js";
import { DO, WILL, neg, sb } from "../src/telnet.js";

const messages: fc.Arbitrary<ExoplMessage> = fc.oneof(
  fc.record({ verb: fc.constantFrom("will" as const, "wont" as const, "do" as const, "dont" as const), option: byte }),
  fc.record({ verb: fc.constant("sb" as const), option: byte, payload: bytesArb(30) }),
);

describe("RFC 861 — EXTENDED-OPTIONS-LIST codec", () => {
  it("encode then decode is the identity, both ways", () => {
    checkRoundTrips({ decode: decodeExopl, encode: encodeExopl }, messages, { payloads: payloadsFor([250, 251, 252, 253, 254], 8) });
  });

  it("never throws, and a session of either role takes any payload", () => {
    checkDecodeNeverThrows(decodeExopl);
    checkSessionTakesAnyPayload(OPT.EXOPL, payloadsFor([250, 251, 252, 253, 254], 8), { extendedOptions: { local: [1, 2], remote: [3] } });
  });

  it("extended negotiation never changes a base option, and converges without loops", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(251, 252, 253, 254), fc.integer({ min: 0, max: 5 })), { maxLength: 30 }), (verbs) => {
        const s = new TelnetSession({ role: "server", options: { exopl: "accept" }, extendedOptions: { local: [1], remote: [2] } });
        s.receive(Uint8Array.from([...neg(DO, OPT.EXOPL), ...neg(WILL, OPT.EXOPL)]));
        const before = [0, 1, 2, 3, 4, 5].map((c) => s.optionState(c));
        for (const [verb, option] of verbs) {
          const out = s.receive(Uint8Array.from(sb(OPT.EXOPL, [verb, option])));
          // At most one reply per message (RFC 1143: no loops).
          expect(out.filter((e) => e.type === "transmit").length).toBeLessThanOrEqual(1);
        }
        expect([0, 1, 2, 3, 4, 5].map((c) => s.optionState(c))).toEqual(before);
      }),
      { numRuns: runs(200) },
    );
  });
});
