import { describe, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeEncrypt, encodeEncrypt, type EncryptMessage } from "@telnetkit/core";
import { byte, bytesArb, checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, payloadsFor } from "../src/option-codec.js";

const message: fc.Arbitrary<EncryptMessage> = fc.oneof(
  fc.record({ kind: fc.constantFrom("is" as const, "reply" as const), encType: byte, data: bytesArb(30) }),
  fc.array(byte, { maxLength: 12 }).map((types) => ({ kind: "support" as const, types })),
  bytesArb(8).filter((k) => k.length > 0).map((keyId) => ({ kind: "start" as const, keyId })),
  fc.record({ kind: fc.constantFrom("request-start" as const, "enc-keyid" as const, "dec-keyid" as const), keyId: bytesArb(8) }),
  fc.constantFrom({ kind: "end" as const }, { kind: "request-end" as const }),
);

describe("RFC 2946 — ENCRYPT codec", () => {
  it("encode then decode is the identity, both ways", () => {
    checkRoundTrips({ decode: decodeEncrypt, encode: encodeEncrypt }, message, {
      expected: (m) => ({ type: "encrypt", ...m }),
      payloads: payloadsFor([0, 1, 2, 3, 4, 5, 6, 7, 8]),
    });
  });

  it("never throws, and a session of either role takes any payload", () => {
    checkDecodeNeverThrows(decodeEncrypt);
    checkSessionTakesAnyPayload(OPT.ENCRYPT, payloadsFor([0, 1, 2, 3, 4, 5, 6, 7, 8]));
  });
});
