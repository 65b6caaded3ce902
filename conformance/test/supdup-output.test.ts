import { describe, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeSupdupOutput, encodeSupdupOutput, type SupdupOutputMessage } from "@telnetkit/core";
import { bytesArb, checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, payloadsFor } from "../src/option-codec.js";

const pos = fc.integer({ min: 0, max: 254 });
const message: fc.Arbitrary<SupdupOutputMessage> = fc.oneof(
  bytesArb(40).map((parameters) => ({ kind: "terminal-parameters" as const, parameters })),
  fc.record({ kind: fc.constant("display" as const), codes: bytesArb(60), x: pos, y: pos }),
);

describe("RFC 749 — SUPDUP-OUTPUT codec (and RFC 736 SUPDUP, which has none)", () => {
  it("encode then decode is the identity, both ways", () => {
    checkRoundTrips({ decode: decodeSupdupOutput, encode: encodeSupdupOutput }, message, {
      expected: (m) => ({ type: "supdup-output", ...m }),
      payloads: payloadsFor([1, 2], 8),
      // Cursor bytes are 0-254 (section 5: no byte of a block is 255).
      canonical: (p) => p[0] !== 2 || (p[p.length - 1] !== 255 && p[p.length - 2] !== 255),
    });
  });

  it("never throws, and a session of either role takes any payload", () => {
    checkDecodeNeverThrows(decodeSupdupOutput);
    checkSessionTakesAnyPayload(OPT.SUPDUP_OUTPUT, payloadsFor([1, 2], 8));
    checkSessionTakesAnyPayload(OPT.SUPDUP, payloadsFor([1, 2], 8));
  });
});
