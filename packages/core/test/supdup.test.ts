import { describe, expect, it } from "vitest";
import {
  DO,
  IAC,
  OPT,
  SB,
  SE,
  TelnetSession,
  decodeSupdupOutput,
  encodeSupdupOutput,
} from "@telnetkit/core";
import { bytes, ofType } from "./helpers.js";

const sb = (option: number, ...payload: (number | string)[]) => bytes(IAC, SB, option, ...payload, IAC, SE);

describe("RFC 736 / 749 — SUPDUP and SUPDUP-OUTPUT", () => {
  it("SUPDUP has no subnegotiation", () => {
    const s = new TelnetSession({ role: "server", options: { supdup: "accept" } });
    s.receive(bytes(IAC, DO, OPT.SUPDUP));
    expect(ofType(s.receive(sb(OPT.SUPDUP, 1)), "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
  });

  it("SUPDUP-OUTPUT 1 <terminal parameters> and 2 n TD1..TDn SCx SCy", () => {
    expect(decodeSupdupOutput(bytes(1, 0, 0, 0, 0, 0, 7))).toEqual({ type: "supdup-output", kind: "terminal-parameters", parameters: new Uint8Array([0, 0, 0, 0, 0, 7]) });
    expect(decodeSupdupOutput(bytes(2, 3, 0o210, 65, 66, 10, 4))).toEqual({ type: "supdup-output", kind: "display", codes: new Uint8Array([0o210, 65, 66]), x: 10, y: 4 });
    expect(decodeSupdupOutput(bytes(2, 0, 0, 0))).toMatchObject({ codes: new Uint8Array() });
    expect(decodeSupdupOutput(bytes(2, 3, 1, 2, 3))).toMatch(/says 3 codes/);
    expect([...encodeSupdupOutput({ kind: "display", codes: new Uint8Array([65]), x: 1, y: 2 })]).toEqual([2, 1, 65, 1, 2]);
  });
});
