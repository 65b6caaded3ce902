import { describe, expect, it } from "vitest";
import {
  decodeRegime3270,
  encodeRegime3270,
} from "@telnetkit/core";
import { bytes } from "./helpers.js";

describe("RFC 1041 — 3270-REGIME", () => {
  it("section 5 example: ARE 'ibm3279-3 ibm3279-2 ibm3278-3', IS 'ibm3279-2'", () => {
    expect(decodeRegime3270(bytes(1, "ibm3279-3 ibm3279-2 ibm3278-3"))).toEqual({ type: "regime-3270", kind: "are", regimes: ["ibm3279-3", "ibm3279-2", "ibm3278-3"] });
    expect(decodeRegime3270(bytes(0, "ibm3279-2"))).toEqual({ type: "regime-3270", kind: "is", regime: "ibm3279-2" });
  });

  it("backslash escapes spaces and backslashes; an empty list means NVT", () => {
    expect(decodeRegime3270(bytes(1, "a\\ b c\\\\d"))).toMatchObject({ regimes: ["a b", "c\\d"] });
    expect([...encodeRegime3270({ kind: "are", regimes: ["a b", "c\\d"] })]).toEqual([...bytes(1, "a\\ b c\\\\d")]);
    expect(decodeRegime3270(bytes(1))).toMatchObject({ regimes: [] });
    expect(decodeRegime3270(bytes(1, "x\\"))).toMatch(/backslash/);
    expect(typeof decodeRegime3270(bytes(2))).toBe("string");
  });
});
