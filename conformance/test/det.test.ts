import { describe, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeDet, encodeDet } from "@telnetkit/core";
import { checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, payloadsFor } from "../src/option-codec.js";

const codes = [...Array.from({ length: 41 }, (_, i) => i + 1), 254];

describe("RFC 732 — DET codec", () => {
  it("every valid payload decodes and encodes back to itself; decoded events encode and decode to themselves", () => {
    const decoded = payloadsFor(codes, 4)
      .map((p) => decodeDet(p))
      .filter((d): d is Exclude<ReturnType<typeof decodeDet>, string> => typeof d !== "string");
    checkRoundTrips({ decode: decodeDet, encode: encodeDet }, decoded, { payloads: payloadsFor(codes, 5) });
  });

  it("never throws, and a session of either role takes any payload", () => {
    checkDecodeNeverThrows(decodeDet);
    checkSessionTakesAnyPayload(OPT.DET, payloadsFor(codes, 5));
  });
});
