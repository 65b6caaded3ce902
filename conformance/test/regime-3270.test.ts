import { describe, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeRegime3270, encodeRegime3270, type Regime3270Message } from "@telnetkit/core";
import { checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, latin1String, payloadsFor } from "../src/option-codec.js";

const message: fc.Arbitrary<Regime3270Message> = fc.oneof(
  fc.array(latin1String(12).filter((s) => s !== ""), { maxLength: 6 }).map((regimes) => ({ kind: "are" as const, regimes })),
  latin1String().map((regime) => ({ kind: "is" as const, regime })),
);

describe("RFC 1041 — 3270-REGIME codec", () => {
  it("encode then decode is the identity, both ways (lists have one spelling: single spaces, minimal escapes)", () => {
    const canonical = (p: Uint8Array) => {
      if (p[0] !== 1) return true;
      const m = decodeRegime3270(p);
      return typeof m !== "string" && [...encodeRegime3270(m)].join() === [...p].join();
    };
    checkRoundTrips({ decode: decodeRegime3270, encode: encodeRegime3270 }, message, {
      expected: (m) => ({ type: "regime-3270", ...m }),
      payloads: payloadsFor([0, 1]),
      canonical,
    });
  });

  it("never throws, and a session of either role takes any payload", () => {
    checkDecodeNeverThrows(decodeRegime3270);
    checkSessionTakesAnyPayload(OPT.REGIME_3270, payloadsFor([0, 1, 92, 32]));
  });
});
