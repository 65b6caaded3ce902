import { describe, expect, it } from "vitest";
import { gatherWrites } from "@telnetkit/core";

const u = (...b: number[]) => new Uint8Array(b);

describe("gatherWrites — one socket write for a burst of small ones", () => {
  it("joins small chunks from the front up to the limit and replaces them in the queue", () => {
    const queue = [u(1, 2), u(3), u(4, 5, 6), u(7, 8)];
    const out = gatherWrites(queue, 6);
    expect([...out]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(queue.map((c) => [...c])).toEqual([[1, 2, 3, 4, 5, 6], [7, 8]]);
  });

  it("returns a large or lone head as it is", () => {
    const big = u(1, 2, 3, 4);
    const queue = [big, u(5)];
    expect(gatherWrites(queue, 4)).toBe(big);
    const lone = [u(9)];
    expect(gatherWrites(lone, 64)).toBe(lone[0]);
    expect(lone).toHaveLength(1);
  });
});
