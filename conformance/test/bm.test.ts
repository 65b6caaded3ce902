import { describe, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeBm, encodeBm, type BmMessage } from "@telnetkit/core";
import { byte, bytesArb, checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, payloadsFor } from "../src/option-codec.js";

const macro = fc.integer({ min: 0, max: 254 });
const REASONS = ["other", "bad-choice", "too-long", "wrong-length"] as const;
const message: fc.Arbitrary<BmMessage> = fc.oneof(
  fc.record({ command: fc.constant("define" as const), macro, replacement: bytesArb(40) }),
  fc.record({ command: fc.constantFrom("accept" as const, "literal" as const), macro }),
  fc.record({ command: fc.constantFrom("refuse" as const, "please-cancel" as const), macro, reason: byte.map((r) => REASONS[r] ?? r) }),
);

describe("RFC 735 — BYTE MACRO codec", () => {
  it("encode then decode is the identity, both ways", () => {
    checkRoundTrips({ decode: decodeBm, encode: encodeBm }, message, { expected: (m) => ({ type: "bm", ...m }), payloads: payloadsFor([1, 2, 3, 4, 5], 6) });
  });

  it("never throws, and a session of either role takes any payload", () => {
    checkDecodeNeverThrows(decodeBm);
    checkSessionTakesAnyPayload(OPT.BM, payloadsFor([1, 2, 3, 4, 5], 6));
  });
});
