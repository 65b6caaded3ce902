import { describe, expect, it } from "vitest";
import { DO, IAC, OPT, SB, SE, TTYLOC_DETACHED, TelnetSession, WILL, decodeTtyloc, encodeTtyloc } from "@telnetkit/core";
import { bytes, ofType } from "./helpers.js";

describe("RFC 946 — TTYLOC", () => {
  it("section 5, user side first: WILL, DO, SB TTYLOC 0 <64-bit number>", () => {
    const c = new TelnetSession({ role: "client", options: { ttyloc: "offer" } });
    expect([...c.start()]).toEqual([IAC, WILL, OPT.TTYLOC]);
    c.receive(bytes(IAC, DO, OPT.TTYLOC));
    expect([...c.send({ type: "ttyloc", host: "128.2.254.36", terminal: 17 })]).toEqual([...bytes(IAC, SB, OPT.TTYLOC, 0, 128, 2, 254, 36, 0, 0, 0, 17, IAC, SE)]);
    const s = new TelnetSession({ role: "server", options: { ttyloc: "accept" } });
    s.receive(bytes(IAC, WILL, OPT.TTYLOC));
    // FFFFFFFE, "detached", with each 255 doubled on the wire.
    expect(ofType(s.receive(bytes(IAC, SB, OPT.TTYLOC, 0, 0, 0, 0, 0, IAC, IAC, IAC, IAC, IAC, IAC, 254, IAC, SE)), "ttyloc")).toEqual([
      { type: "ttyloc", format: 0, host: "0.0.0.0", terminal: TTYLOC_DETACHED },
    ]);
  });

  it("only format 0 with eight bytes", () => {
    expect(typeof decodeTtyloc(bytes(1, 0, 0, 0, 0, 0, 0, 0, 0))).toBe("string");
    expect(typeof decodeTtyloc(bytes(0, 1, 2, 3))).toBe("string");
    expect(() => encodeTtyloc("300.1.1.1", 0)).toThrow(TypeError);
  });
});
