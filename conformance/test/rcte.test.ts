import { describe, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeRcte, encodeRcte, type RcteEvent } from "@telnetkit/core";
import { checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, payloadsFor } from "../src/option-codec.js";

const word = fc.integer({ min: 0, max: 0xffff });
const events: fc.Arbitrary<RcteEvent> = fc.oneof(
  fc.constant<RcteEvent>({ type: "rcte", continue: true, skipBreak: false, skipText: false }),
  fc.record({ skipBreak: fc.boolean(), skipText: fc.boolean(), breakClasses: fc.option(word, { nil: undefined }), transmitClasses: fc.option(word, { nil: undefined }) }).map((m) => {
    const ev: RcteEvent = { type: "rcte", continue: false, skipBreak: m.skipBreak, skipText: m.skipText };
    if (m.breakClasses !== undefined) ev.breakClasses = m.breakClasses;
    if (m.transmitClasses !== undefined) ev.transmitClasses = m.transmitClasses;
    return ev;
  }),
);

describe("RFC 726 — RCTE codec", () => {
  it("encode then decode is the identity, both ways (even commands, read as continue, have another spelling)", () => {
    checkRoundTrips({ decode: decodeRcte, encode: encodeRcte }, events, {
      payloads: payloadsFor([0, 1, 3, 5, 7, 9, 17, 25, 31], 5),
      canonical: (p) => p[0] === 0 || (p[0] & 1) === 1,
    });
  });

  it("never throws, and a session of either role takes any payload", () => {
    checkDecodeNeverThrows(decodeRcte);
    checkSessionTakesAnyPayload(OPT.RCTE, payloadsFor([0, 1, 6, 9, 17, 25], 5));
  });
});
