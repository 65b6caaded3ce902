import { describe, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeXascii, encodeXascii, type XasciiEvent } from "@telnetkit/core";
import { checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, payloadsFor } from "../src/option-codec.js";

describe("RFC 698 — EXTEND-ASCII codec", () => {
  it("encode then decode is the identity, both ways; never throws; any payload is taken", () => {
    checkRoundTrips({ decode: decodeXascii, encode: (e: XasciiEvent) => encodeXascii(e.code) }, fc.integer({ min: 0, max: 0xffff }).map((code) => decodeXascii(encodeXascii(code)) as XasciiEvent), {
      payloads: payloadsFor([0, 1, 2], 2),
    });
    checkDecodeNeverThrows(decodeXascii);
    checkSessionTakesAnyPayload(OPT.XASCII, payloadsFor([0, 1, 2], 3));
  });
});
