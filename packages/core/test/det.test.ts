import { describe, expect, it } from "vitest";
import {
  decodeDet,
  encodeDet,
  type DetEvent,
} from "@telnetkit/core";
import { bytes } from "./helpers.js";

describe("RFC 732 — DET", () => {
  it("decodes the example's DATA TRANSMIT <0><6> and ERASE SCREEN", () => {
    expect(decodeDet(bytes(28, 0, 6))).toEqual({ type: "det", command: "data-transmit", x: 0, y: 6 });
    expect(decodeDet(bytes(29))).toEqual({ type: "det", command: "erase-screen" });
  });

  it("covers Appendix 1 and DET-MACRO; Appendix 2's errors are warnings", () => {
    expect(decodeDet(bytes(4, 0x81, 0x47))).toEqual({ type: "det", command: "format-facilities", map: 0x8147 });
    expect(decodeDet(bytes(36, 0xc1, 0x02, 0, 40))).toEqual({ type: "det", command: "format-data", format: 0xc102, count: 40 });
    expect(decodeDet(bytes(37, 10, 0x2a))).toEqual({ type: "det", command: "repeat", count: 10, char: 0x2a });
    expect(decodeDet(bytes(38, 252))).toEqual({ type: "det", command: "suppress-protection", negotiation: "wont" });
    expect(decodeDet(bytes(254, 253))).toEqual({ type: "det", command: "det-macro", negotiation: "do" });
    expect(decodeDet(bytes(41, 5, 3))).toEqual({ type: "det", command: "error", subcommand: 5, error: 3 });
    expect(decodeDet(bytes(19))).toEqual({ type: "det", command: "reverse-tab" });
    // Parameter bytes per subcommand (Appendix 1); the others take none. 38 takes a verb, tested above.
    const arity: Record<number, number> = { 1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 1, 7: 1, 18: 2, 28: 2, 36: 4, 37: 2, 40: 1, 41: 2 };
    for (let code = 1; code <= 41; code++) {
      if (code === 38) continue;
      const payload = bytes(code, ...[1, 2, 3, 4].slice(0, arity[code] ?? 0));
      const d = decodeDet(payload);
      expect(typeof d).toBe("object");
      expect([...encodeDet(d as DetEvent)]).toEqual([...payload]);
    }
    expect(decodeDet(bytes(42))).toMatch(/illegal subcommand/);
    expect(decodeDet(bytes(5, 1))).toMatch(/too few/);
    expect(decodeDet(bytes(8, 1))).toMatch(/too many/);
    expect(decodeDet(bytes(38, 7))).toMatch(/negotiation/);
  });
});
