import { describe, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeAuthentication, encodeAuthentication, type AuthMessage } from "@telnetkit/core";
import { byte, bytesArb, checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, latin1String, payloadsFor } from "../src/option-codec.js";

const pair = fc.record({ type: byte, modifier: byte });
const message: fc.Arbitrary<AuthMessage> = fc.oneof(
  fc.array(pair, { minLength: 1, maxLength: 8 }).map((pairs) => ({ kind: "send" as const, pairs })),
  fc.record({ kind: fc.constantFrom("is" as const, "reply" as const), pair, data: bytesArb(40) }),
  latin1String().map((name) => ({ kind: "name" as const, name })),
);

describe("RFC 2941 — AUTHENTICATION codec", () => {
  it("encode then decode is the identity, both ways", () => {
    checkRoundTrips({ decode: decodeAuthentication, encode: encodeAuthentication }, message, {
      expected: (m) => ({ type: "authentication", ...m }),
      payloads: payloadsFor([0, 1, 2, 3]),
    });
  });

  it("never throws, and a session of either role takes any payload", () => {
    checkDecodeNeverThrows(decodeAuthentication);
    checkSessionTakesAnyPayload(OPT.AUTHENTICATION, payloadsFor([0, 1, 2, 3]), { authentication: { offer: [{ type: 0, modifier: 0 }] } });
  });
});
