import { describe, expect, it } from "vitest";
import {
  IAC,
  OPT,
  SB,
  SE,
  TelnetSession,
  WILL,
  decodeRcte,
  encodeRcte,
} from "@telnetkit/core";
import { bytes, ofType } from "./helpers.js";

const sb = (option: number, ...payload: (number | string)[]) => bytes(IAC, SB, option, ...payload, IAC, SE);

describe("RFC 726 — RCTE", () => {
  it("decodes <cmd> [BC1 BC2] [TC1 TC2] (section 3e)", () => {
    expect(decodeRcte(bytes(0))).toEqual({ type: "rcte", continue: true, skipBreak: false, skipText: false });
    expect(decodeRcte(bytes(7))).toEqual({ type: "rcte", continue: false, skipBreak: true, skipText: true });
    // 1 + 8 + 16: print everything, new break classes (upper and lower case), new transmit classes (space).
    expect(decodeRcte(bytes(25, 0, 3, 1, 0))).toEqual({ type: "rcte", continue: false, skipBreak: false, skipText: false, breakClasses: 3, transmitClasses: 256 });
    expect(decodeRcte(bytes(17, 0, 9))).toMatchObject({ transmitClasses: 9 });
    expect([...encodeRcte({ skipBreak: true, skipText: false, breakClasses: 0x1ff })]).toEqual([11, 1, 0xff]);
    for (const bad of [bytes(), bytes(9), bytes(9, 1, 2, 3), bytes(8, 0, 1), bytes(33)]) expect(typeof decodeRcte(bad)).toBe("string");
  });

  it("even commands are \"in error\" and read as continue (3e1j)", () => {
    const s = new TelnetSession({ role: "client", options: { rcte: "accept" } });
    s.receive(bytes(IAC, WILL, OPT.RCTE));
    const ev = s.receive(sb(OPT.RCTE, 6));
    expect(ofType(ev, "rcte")).toEqual([{ type: "rcte", continue: true, skipBreak: false, skipText: false }]);
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
  });
});
