import { describe, expect, it } from "vitest";
import {
  IAC,
  OPT,
  SB,
  SE,
  TelnetSession,
  WILL,
  decodeXascii,
} from "@telnetkit/core";
import { bytes, ofType } from "./helpers.js";

const sb = (option: number, ...payload: (number | string)[]) => bytes(IAC, SB, option, ...payload, IAC, SE);

describe("RFC 698 — EXTEND-ASCII", () => {
  it("two bytes, high then low; CONTROL (octal 200) and META (octal 400) as at SU-AI", () => {
    expect(decodeXascii(bytes(0o1, 0o303))).toEqual({ type: "xascii", code: 0o703, ascii: 0o103, control: true, meta: true });
    expect(typeof decodeXascii(bytes(1))).toBe("string");
    const s = new TelnetSession({ role: "server", options: { xascii: "accept" } });
    s.receive(bytes(IAC, WILL, OPT.XASCII));
    expect(ofType(s.receive(sb(OPT.XASCII, 0, 65)), "xascii")[0]).toMatchObject({ code: 65, control: false, meta: false });
  });
});
