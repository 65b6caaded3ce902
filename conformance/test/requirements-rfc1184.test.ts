/**
 * RFC 1184 (LINEMODE) requirements that no other test checked.
 */
import { describe, expect, it } from "vitest";
import { TelnetSession, forwardsOn, linemodeInfo } from "@telnetkit/core";
import { DO, IAC, SB, SE, WILL, neg } from "../src/telnet.js";

const LINEMODE = 34;
const LFLOW = 33;
const FORWARDMASK = 2;
const bytes = (...parts: (number | number[])[]) => Uint8Array.from(parts.flat());

describe("RFC 1184 §2.2 — LINEMODE with TOGGLE-FLOW-CONTROL", () => {
  it("a server whose policy asks for both opens with DO TOGGLE-FLOW-CONTROL and DO LINEMODE, as in §5.10", () => {
    const s = new TelnetSession({ role: "server", options: { linemode: "request", lflow: "request" } });
    const opening = [...s.start()];
    expect(opening.join(",")).toContain(neg(DO, LFLOW).join(","));
    expect(opening.join(",")).toContain(neg(DO, LINEMODE).join(","));
    s.receive(bytes(neg(WILL, LFLOW), neg(WILL, LINEMODE)));
    expect([s.isEnabled(LFLOW, "remote"), s.isEnabled(LINEMODE, "remote")]).toEqual([true, true]);
  });
});

describe("RFC 1184 §2.3 — a short FORWARDMASK", () => {
  it("a mask that ends early leaves every later character reset", () => {
    const c = new TelnetSession({ role: "client", options: { linemode: "accept" } });
    c.receive(bytes(neg(DO, LINEMODE)));
    // One octet: characters 0-7; bit 0 of it (0x01) is character 7.
    c.receive(bytes(IAC, SB, LINEMODE, DO, FORWARDMASK, 0x01, IAC, SE));
    const info = linemodeInfo(c);
    expect(forwardsOn(info, 7)).toBe(true);
    for (const code of [0, 6, 8, 9, 31, 64, 127]) expect(forwardsOn(info, code), `character ${code}`).toBe(false);
  });
});
