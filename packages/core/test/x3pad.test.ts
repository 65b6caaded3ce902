import { describe, expect, it } from "vitest";
import {
  decodeX3Pad,
  encodeX3Pad,
} from "@telnetkit/core";
import { bytes } from "./helpers.js";

describe("RFC 1053 — X.3-PAD", () => {
  it("section 5 example: SET 2 0, SEND, RESPONSE-IS with the listed pairs", () => {
    expect(decodeX3Pad(bytes(0, 2, 0))).toEqual({ type: "x3-pad", kind: "set", parameters: [{ parameter: 2, value: 0 }] });
    expect(decodeX3Pad(bytes(4))).toEqual({ type: "x3-pad", kind: "send" });
    const list = [1, 29, 2, 0, 3, 2, 4, 0, 5, 0, 7, 17, 8, 0, 12, 0, 13, 3, 15, 1, 16, 8, 17, 21, 18, 0, 128, 1, 129, 23, 134, 1];
    const ev = decodeX3Pad(bytes(3, ...list));
    expect(ev).toMatchObject({ kind: "response-is" });
    expect((ev as { parameters: unknown[] }).parameters).toHaveLength(16);
    expect([...encodeX3Pad(ev as never)]).toEqual([3, ...list]);
  });

  it("odd pair lists and SEND with parameters are malformed", () => {
    expect(typeof decodeX3Pad(bytes(0, 2))).toBe("string");
    expect(typeof decodeX3Pad(bytes(4, 1, 1))).toBe("string");
    expect(typeof decodeX3Pad(bytes(5))).toBe("string");
  });
});
