import { describe, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeOutmrk, decodeTtyloc, decodeTuid, encodeOutmrk, encodeTtyloc, encodeTuid, type OutmrkMessage, type TtylocEvent, type TuidEvent } from "@telnetkit/core";
import { byte, checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, latin1String, payloadsFor } from "../src/option-codec.js";

describe("RFC 927, 933, 946 — TUID, OUTMRK, TTYLOC codecs", () => {
  it("TUID: encode then decode is the identity, both ways; never throws; any payload taken", () => {
    checkRoundTrips({ decode: decodeTuid, encode: (e: TuidEvent) => encodeTuid(e.uuid) }, fc.integer({ min: 0, max: 0xffffffff }).map((uuid): TuidEvent => ({ type: "tuid", uuid })), {
      payloads: payloadsFor([0, 255], 4),
    });
    checkDecodeNeverThrows(decodeTuid);
    checkSessionTakesAnyPayload(OPT.TUID, payloadsFor([0, 255], 5));
  });

  it("OUTMRK: encode then decode is the identity, both ways; never throws; any payload taken", () => {
    const banner = fc.record({
      position: fc.constantFrom("default" as const, "top" as const, "bottom" as const, "left" as const, "right" as const),
      text: latin1String(20).map((t) => t.replace(/\x1d/g, "")),
    });
    const message: fc.Arbitrary<OutmrkMessage> = fc.oneof(
      fc.array(banner, { minLength: 1, maxLength: 4 }).map((banners) => ({ kind: "marking" as const, banners })),
      fc.constantFrom({ kind: "ack" as const }, { kind: "nak" as const }),
    );
    checkRoundTrips({ decode: decodeOutmrk, encode: encodeOutmrk }, message, {
      expected: (m) => ({ type: "outmrk", ...m }),
      payloads: payloadsFor([6, 21, 68, 84, 66, 76, 82, 29], 10),
    });
    checkDecodeNeverThrows(decodeOutmrk);
    checkSessionTakesAnyPayload(OPT.OUTMRK, payloadsFor([6, 21, 68, 84, 29], 10));
  });

  it("TTYLOC: encode then decode is the identity, both ways; never throws; any payload taken", () => {
    const ev = fc.record({ a: byte, b: byte, c: byte, d: byte, terminal: fc.integer({ min: 0, max: 0xffffffff }) }).map(
      (x): TtylocEvent => ({ type: "ttyloc", format: 0, host: `${x.a}.${x.b}.${x.c}.${x.d}`, terminal: x.terminal }),
    );
    checkRoundTrips({ decode: decodeTtyloc, encode: (e: TtylocEvent) => encodeTtyloc(e.host, e.terminal) }, ev, { payloads: payloadsFor([0, 1], 9) });
    checkDecodeNeverThrows(decodeTtyloc);
    checkSessionTakesAnyPayload(OPT.TTYLOC, payloadsFor([0, 1], 9));
  });
});
