import { describe, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeXdisploc, encodeXdisplocIs, type XdisplocEvent } from "@telnetkit/core";
import { checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, latin1String, payloadsFor } from "../src/option-codec.js";

describe("RFC 1096 — X-DISPLAY-LOCATION codec", () => {
  it("encode then decode is the identity, both ways", () => {
    const codec = {
      decode: decodeXdisploc,
      encode: (e: XdisplocEvent) => (e.kind === "send" ? new Uint8Array([1]) : encodeXdisplocIs(e.location)),
    };
    const events = fc.oneof(
      fc.constant<XdisplocEvent>({ type: "xdisploc", kind: "send" }),
      latin1String().map((location): XdisplocEvent => ({ type: "xdisploc", kind: "is", location })),
    );
    checkRoundTrips(codec, events, { payloads: payloadsFor([0, 1]) });
  });

  it("never throws, and a session of either role takes any payload", () => {
    checkDecodeNeverThrows(decodeXdisploc);
    checkSessionTakesAnyPayload(OPT.XDISPLOC, payloadsFor([0, 1]), { xDisplayLocation: "h:0" });
  });
});
