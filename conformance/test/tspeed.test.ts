import { describe, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeTspeed, encodeTspeedIs, encodeTspeedSend, type TspeedEvent } from "@telnetkit/core";
import { checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, payloadsFor } from "../src/option-codec.js";

const speed = fc.integer({ min: 0, max: 0xffffffff });

describe("RFC 1079 — TERMINAL-SPEED codec", () => {
  it("encode then decode is the identity; canonical IS payloads encode back to themselves", () => {
    const codec = {
      decode: (p: Uint8Array) => {
        const d = decodeTspeed(p);
        return typeof d === "string" ? d : d.strict ? d.event : "lenient";
      },
      encode: (e: TspeedEvent) => (e.kind === "send" ? encodeTspeedSend() : encodeTspeedIs(e)),
    };
    const events = fc.oneof(
      fc.constant<TspeedEvent>({ type: "tspeed", kind: "send" }),
      fc.record({ transmit: speed, receive: speed }).map((s): TspeedEvent => ({ type: "tspeed", kind: "is", ...s })),
    );
    checkRoundTrips(codec, events, { payloads: payloadsFor([0, 1]) });
  });

  it("never throws, and a session of either role takes any payload", () => {
    checkDecodeNeverThrows(decodeTspeed);
    checkSessionTakesAnyPayload(OPT.TSPEED, payloadsFor([0, 1]), { terminalSpeed: { transmit: 9600, receive: 9600 } });
  });
});
