import { describe, expect, it } from "vitest";
import { IAC, OPT, SB, SE, TelnetSession, WILL, decodeOutmrk, encodeOutmrk } from "@telnetkit/core";
import { bytes, ofType } from "./helpers.js";

describe("RFC 933 — OUTPUT MARKING", () => {
  it("section 5: CNTL data, banners separated by GS, answered ACK or NAK", () => {
    expect(decodeOutmrk(bytes("TUNCLASSIFIED"))).toEqual({ type: "outmrk", kind: "marking", banners: [{ position: "top", text: "UNCLASSIFIED" }] });
    expect(decodeOutmrk(bytes("TSECRET", 29, "BSECRET\r\nline 2"))).toEqual({
      type: "outmrk",
      kind: "marking",
      banners: [{ position: "top", text: "SECRET" }, { position: "bottom", text: "SECRET\r\nline 2" }],
    });
    expect(decodeOutmrk(bytes(6))).toEqual({ type: "outmrk", kind: "ack" });
    expect(decodeOutmrk(bytes(21))).toEqual({ type: "outmrk", kind: "nak" });
    expect([...encodeOutmrk({ kind: "marking", banners: [{ position: "default", text: "x" }, { position: "left", text: "" }] })]).toEqual([...bytes("Dx", 29, "L")]);
  });

  it("unknown control flags are malformed; refused by default, decoded all the same", () => {
    expect(typeof decodeOutmrk(bytes("Xbanner"))).toBe("string");
    expect(typeof decodeOutmrk(bytes())).toBe("string");
    const c = new TelnetSession({ role: "client" });
    expect([...c.receive(bytes(IAC, WILL, OPT.OUTMRK)).flatMap((e) => (e.type === "transmit" ? [...e.bytes] : []))]).toEqual([IAC, 254, OPT.OUTMRK]);
    const ev = c.receive(bytes(IAC, SB, OPT.OUTMRK, "DTOP SECRET", IAC, SE));
    expect(ofType(ev, "outmrk")).toHaveLength(1);
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual([]);
  });
});
