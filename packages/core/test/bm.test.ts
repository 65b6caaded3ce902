import { describe, expect, it } from "vitest";
import {
  IAC,
  decodeBm,
  encodeBm,
} from "@telnetkit/core";
import { bytes } from "./helpers.js";

describe("RFC 735 — BYTE MACRO", () => {
  it("DEFINE / ACCEPT / REFUSE / LITERAL / PLEASE-CANCEL", () => {
    expect(decodeBm(bytes(1, 0x80, 3, "abc"))).toEqual({ type: "bm", command: "define", macro: 0x80, replacement: new Uint8Array([97, 98, 99]) });
    expect(decodeBm(bytes(1, 88, 0))).toMatchObject({ command: "define", replacement: new Uint8Array() });
    expect(decodeBm(bytes(2, 0x80))).toEqual({ type: "bm", command: "accept", macro: 0x80 });
    expect(decodeBm(bytes(3, 0x80, 3))).toEqual({ type: "bm", command: "refuse", macro: 0x80, reason: "wrong-length" });
    expect(decodeBm(bytes(5, 0x80, 0))).toEqual({ type: "bm", command: "please-cancel", macro: 0x80, reason: "other" });
    expect(decodeBm(bytes(4, 0x81))).toEqual({ type: "bm", command: "literal", macro: 0x81 });
    expect([...encodeBm({ command: "define", macro: 0x90, replacement: new Uint8Array([IAC, 243]) })]).toEqual([1, 0x90, 2, IAC, 243]);
  });

  it("IAC may not be a macro byte; the count must match", () => {
    expect(decodeBm(bytes(1, 255, 0))).toMatch(/IAC/);
    expect(decodeBm(bytes(1, 0x80, 4, "abc"))).toMatch(/count/);
    expect(() => encodeBm({ command: "accept", macro: 255 })).toThrow(TypeError);
    expect(typeof decodeBm(bytes(6, 1))).toBe("string");
  });
});
