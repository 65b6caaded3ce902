import { describe, expect, it } from "vitest";
import {
  IAC,
  OPT,
  SB,
  SE,
  TelnetSession,
  decodeTn3270e,
  decodeTn3270eHeader,
  encodeTn3270e,
  encodeTn3270eHeader,
} from "@telnetkit/core";
import { bytes, ofType, transmitted } from "./helpers.js";

const sb = (option: number, ...payload: (number | string)[]) => bytes(IAC, SB, option, ...payload, IAC, SE);

describe("RFC 2355 — TN3270E", () => {
  it("section 13.4 examples: a generic terminal session", () => {
    expect(decodeTn3270e(bytes(8, 2))).toEqual({ type: "tn3270e", kind: "send-device-type" });
    expect(decodeTn3270e(bytes(2, 7, "IBM-3278-2"))).toEqual({ type: "tn3270e", kind: "device-type-request", deviceType: "IBM-3278-2" });
    expect(decodeTn3270e(bytes(2, 4, "IBM-3278-2", 1, "anyterm"))).toEqual({ type: "tn3270e", kind: "device-type-is", deviceType: "IBM-3278-2", deviceName: "anyterm" });
    expect(decodeTn3270e(bytes(3, 7, 2))).toEqual({ type: "tn3270e", kind: "functions-request", functions: ["responses"] });
    expect(decodeTn3270e(bytes(3, 4, 2))).toEqual({ type: "tn3270e", kind: "functions-is", functions: ["responses"] });
  });

  it("section 13.4 examples: CONNECT, ASSOCIATE, REJECT REASON DEVICE-IN-USE", () => {
    expect(decodeTn3270e(bytes(2, 7, "IBM-3278-5-E", 1, "myterm"))).toMatchObject({ connect: "myterm" });
    expect(decodeTn3270e(bytes(2, 7, "IBM-3287-1", 0, "termxyz"))).toMatchObject({ associate: "termxyz" });
    expect(decodeTn3270e(bytes(2, 6, 5, 1))).toEqual({ type: "tn3270e", kind: "device-type-reject", reason: "device-in-use" });
    expect(decodeTn3270e(bytes(3, 7, 3, 2, 9))).toMatchObject({ functions: ["scs-ctl-codes", "responses", 9] });
    expect([...encodeTn3270e({ kind: "device-type-is", deviceType: "IBM-3287-1", deviceName: "termxyz's-prt" })]).toEqual([...bytes(2, 4, "IBM-3287-1", 1, "termxyz's-prt")]);
  });

  it("malformed: IS without CONNECT, REJECT without REASON, SEND of something else", () => {
    for (const bad of [bytes(2, 4, "IBM-3278-2"), bytes(2, 6, 1), bytes(8, 3), bytes(2, 7), bytes(2, 7, "X", 1), bytes(9, 9)]) {
      expect(typeof decodeTn3270e(bad)).toBe("string");
    }
    expect(() => encodeTn3270e({ kind: "device-type-request", deviceType: "A", connect: "b", associate: "c" })).toThrow(TypeError);
  });

  it("section 8.1: the five-byte data header, sequence number in network order", () => {
    const h = { dataType: 0, requestFlag: 0, responseFlag: 2, seqNumber: 0x01ff };
    expect([...encodeTn3270eHeader(h)]).toEqual([0, 0, 2, 1, 255]);
    expect(decodeTn3270eHeader(new Uint8Array([0, 0, 2, 1, 255, 0xf5]))).toEqual(h);
    expect(decodeTn3270eHeader(new Uint8Array([0, 0]))).toBeUndefined();
  });

  it("a session decodes them by name while refusing the option", () => {
    const s = new TelnetSession({ role: "client" });
    const ev = s.receive(sb(OPT.TN3270E, 8, 2));
    expect(ofType(ev, "tn3270e")).toEqual([{ type: "tn3270e", kind: "send-device-type" }]);
    expect(transmitted(ev)).toEqual([]);
  });
});
