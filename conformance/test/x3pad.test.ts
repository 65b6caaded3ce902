import { describe, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeX3Pad, encodeX3Pad, type X3PadMessage } from "@telnetkit/core";
import { byte, checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, payloadsFor } from "../src/option-codec.js";

const message: fc.Arbitrary<X3PadMessage> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("set" as const, "response-set" as const, "is" as const, "response-is" as const),
    parameters: fc.array(fc.record({ parameter: byte, value: byte }), { maxLength: 20 }),
  }),
  fc.constant({ kind: "send" as const }),
);

describe("RFC 1053 — X.3-PAD codec", () => {
  it("encode then decode is the identity, both ways", () => {
    checkRoundTrips({ decode: decodeX3Pad, encode: encodeX3Pad }, message, { expected: (m) => ({ type: "x3-pad", ...m }), payloads: payloadsFor([0, 1, 2, 3, 4]) });
  });

  it("never throws, and a session of either role takes any payload", () => {
    checkDecodeNeverThrows(decodeX3Pad);
    checkSessionTakesAnyPayload(OPT.X3PAD, payloadsFor([0, 1, 2, 3, 4]));
  });
});
