import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeTn3270e, decodeTn3270eHeader, encodeTn3270e, encodeTn3270eHeader, type Tn3270eMessage } from "@telnetkit/core";
import { runs } from "../src/arbitraries.js";
import { byte, checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, payloadsFor } from "../src/option-codec.js";

const name = fc.array(fc.integer({ min: 0x20, max: 0xff }), { minLength: 1, maxLength: 12 }).map((c) => String.fromCharCode(...c));
const REASONS = ["conn-partner", "device-in-use", "inv-associate", "inv-name", "inv-device-type", "type-name-error", "unknown-error", "unsupported-req"] as const;
const FUNCTIONS = ["bind-image", "data-stream-ctl", "responses", "scs-ctl-codes", "sysreq"] as const;

const message: fc.Arbitrary<Tn3270eMessage> = fc.oneof(
  fc.constant({ kind: "send-device-type" as const }),
  name.map((deviceType) => ({ kind: "device-type-request" as const, deviceType })),
  fc.record({ kind: fc.constant("device-type-request" as const), deviceType: name, connect: name }),
  fc.record({ kind: fc.constant("device-type-request" as const), deviceType: name, associate: name }),
  fc.record({ kind: fc.constant("device-type-is" as const), deviceType: name, deviceName: name }),
  byte.map((r) => ({ kind: "device-type-reject" as const, reason: REASONS[r] ?? r })),
  fc.record({
    kind: fc.constantFrom("functions-request" as const, "functions-is" as const),
    functions: fc.array(byte.map((f) => FUNCTIONS[f] ?? f), { maxLength: 8 }),
  }),
);

describe("RFC 2355 — TN3270E codec", () => {
  it("encode then decode is the identity, both ways", () => {
    checkRoundTrips({ decode: decodeTn3270e, encode: encodeTn3270e }, message, {
      expected: (m) => ({ type: "tn3270e", ...m }),
      payloads: fc.oneof(payloadsFor([2, 3, 8], 10), fc.tuple(fc.constantFrom(4, 7), name, fc.constantFrom(0, 1), name).map(([k, a, c, b]) =>
        Uint8Array.from([2, k, ...[...a].map((x) => x.charCodeAt(0)), c, ...[...b].map((x) => x.charCodeAt(0))]),
      )),
    });
  });

  it("section 8.1: the data header round trips", () => {
    fc.assert(
      fc.property(fc.record({ dataType: byte, requestFlag: byte, responseFlag: byte, seqNumber: fc.integer({ min: 0, max: 0xffff }) }), (h) => {
        expect(decodeTn3270eHeader(encodeTn3270eHeader(h))).toEqual(h);
      }),
      { numRuns: runs(200) },
    );
  });

  it("never throws, and a session of either role takes any payload", () => {
    checkDecodeNeverThrows(decodeTn3270e);
    checkSessionTakesAnyPayload(OPT.TN3270E, payloadsFor([2, 3, 8], 10));
  });
});
