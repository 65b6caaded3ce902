import { describe, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeLflow, encodeLflow, type LflowCommandName } from "@telnetkit/core";
import { checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, payloadsFor } from "../src/option-codec.js";

describe("RFC 1372 — TOGGLE-FLOW-CONTROL codec", () => {
  it("encode then decode is the identity, both ways", () => {
    const names: LflowCommandName[] = ["off", "on", "restart-any", "restart-xon"];
    checkRoundTrips({ decode: decodeLflow, encode: (n: LflowCommandName) => encodeLflow(n) }, fc.constantFrom(...names), {
      payloads: payloadsFor([0, 1, 2, 3], 2),
    });
  });

  it("never throws, and a session of either role takes any payload", () => {
    checkDecodeNeverThrows(decodeLflow);
    checkSessionTakesAnyPayload(OPT.LFLOW, payloadsFor([0, 1, 2, 3, 4], 3));
  });
});
