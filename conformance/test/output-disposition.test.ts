import { describe, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeOutputDisposition, encodeOutputDisposition, naoSuggestion, type OutputDispositionEvent, type OutputTabstopsEvent } from "@telnetkit/core";
import { checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, payloadsFor } from "../src/option-codec.js";

const party = fc.constantFrom("receiver" as const, "sender" as const);
// Values each disposition option allows (RFC 652, 654, 655, 657, 658 section 5).
const ALLOWED: Record<number, number[]> = { 10: [252, 254], 12: [251, 252, 253, 254], 13: [251, 252, 253, 254], 15: [251, 252, 253, 254], 16: [252, 253, 254] };

describe("RFC 652-658 — output disposition codecs", () => {
  for (const option of [OPT.NAOCRD, OPT.NAOHTD, OPT.NAOFFD, OPT.NAOVTD, OPT.NAOLFD]) {
    it(`option ${option}: encode then decode is the identity, both ways; any payload is taken`, () => {
      const value = fc.oneof(fc.integer({ min: 0, max: 250 }), fc.constantFrom(255, ...ALLOWED[option]));
      const events = fc.record({ party, value }).map((m): OutputDispositionEvent => ({ type: "output-disposition", option, ...m, suggestion: naoSuggestion(m.value) }));
      checkRoundTrips({ decode: (p: Uint8Array) => decodeOutputDisposition(option, p), encode: encodeOutputDisposition }, events, { payloads: payloadsFor([0, 1], 3) });
      checkDecodeNeverThrows((p) => decodeOutputDisposition(option, p));
      checkSessionTakesAnyPayload(option, payloadsFor([0, 1], 3));
    });
  }

  for (const option of [OPT.NAOHTS, OPT.NAOVTS]) {
    it(`option ${option} (tabstops): encode then decode is the identity, both ways; any payload is taken`, () => {
      const stops = fc.oneof(fc.array(fc.integer({ min: 1, max: 250 }), { minLength: 1, maxLength: 20 }), fc.constantFrom(0, 255).map((v) => [v]));
      const events = fc.record({ party, stops }).map(
        (m): OutputTabstopsEvent => ({ type: "output-tabstops", option, ...m, suggestion: m.stops[0] === 0 ? "self" : m.stops[0] === 255 ? "other" : "stops" }),
      );
      checkRoundTrips({ decode: (p: Uint8Array) => decodeOutputDisposition(option, p), encode: encodeOutputDisposition }, events, { payloads: payloadsFor([0, 1], 8) });
      checkDecodeNeverThrows((p) => decodeOutputDisposition(option, p));
      checkSessionTakesAnyPayload(option, payloadsFor([0, 1], 8));
    });
  }
});
