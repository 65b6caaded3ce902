import { describe, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeSndloc, encodeSndloc, type SndlocEvent } from "@telnetkit/core";
import { checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, payloadsFor } from "../src/option-codec.js";

describe("RFC 779 — SEND-LOCATION codec", () => {
  it("encode then decode is the identity on printable ASCII, both ways", () => {
    const printable = fc.array(fc.integer({ min: 0x20, max: 0x7e }), { maxLength: 60 }).map((c) => String.fromCharCode(...c));
    checkRoundTrips(
      { decode: decodeSndloc, encode: (e: SndlocEvent) => encodeSndloc(e.location) },
      printable.map((location): SndlocEvent => ({ type: "sndloc", location })),
    );
  });

  it("never throws, and a session of either role takes any payload", () => {
    checkDecodeNeverThrows(decodeSndloc);
    checkSessionTakesAnyPayload(OPT.SNDLOC, payloadsFor([0x41]), { sendLocation: "here" });
  });
});
