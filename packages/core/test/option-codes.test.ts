import { describe, expect, it } from "vitest";
import {
  DO,
  IAC,
  OPT,
  TelnetSession,
  WILL,
  WONT,
  DONT,
  optionName,
} from "@telnetkit/core";
import { bytes, transmitted } from "./helpers.js";

describe("older options — codes and default refusal", () => {
  it("have the codes of their RFCs and are refused both ways", () => {
    const codes = {
      RCTE: 7, XASCII: 17, LOGOUT: 18, BM: 19, DET: 20, SUPDUP: 21, SUPDUP_OUTPUT: 22,
      SNDLOC: 23, REGIME_3270: 29, X3PAD: 30, TN3270E: 40,
    };
    for (const [name, code] of Object.entries(codes)) {
      expect(OPT[name as keyof typeof OPT]).toBe(code);
      expect(optionName(code)).toBe(name);
    }
    for (const code of [7, 17, 19, 20, 21, 22, 29, 30, 40]) {
      for (const role of ["client", "server"] as const) {
        const s = new TelnetSession({ role });
        expect(transmitted(s.receive(bytes(IAC, DO, code, IAC, WILL, code)))).toEqual([IAC, WONT, code, IAC, DONT, code]);
      }
    }
  });
});
