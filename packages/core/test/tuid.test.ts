import { describe, expect, it } from "vitest";
import { DO, IAC, OPT, SB, SE, TelnetSession, WONT, decodeTuid, encodeTuid } from "@telnetkit/core";
import { bytes, ofType, transmitted } from "./helpers.js";

describe("RFC 927 — TUID", () => {
  it("section 3: a user's Telnet not using TUID answers DO TUID with WON'T", () => {
    expect(transmitted(new TelnetSession({ role: "client" }).receive(bytes(IAC, DO, OPT.TUID)))).toEqual([IAC, WONT, OPT.TUID]);
  });

  it("section 2: <uuid> is a 32-bit number", () => {
    expect(decodeTuid(bytes(0x12, 0x34, 0x56, 0x78))).toEqual({ type: "tuid", uuid: 0x12345678 });
    expect([...encodeTuid(0xfffffffe)]).toEqual([255, 255, 255, 254]);
    expect(typeof decodeTuid(bytes(1, 2, 3))).toBe("string");
    const c = new TelnetSession({ role: "client", options: { tuid: "accept" } });
    c.receive(bytes(IAC, DO, OPT.TUID));
    // 255 bytes of the UUID are doubled on the wire.
    expect([...c.send({ type: "tuid", uuid: 0xff000001 })]).toEqual([...bytes(IAC, SB, OPT.TUID, 255, 255, 0, 0, 1, IAC, SE)]);
    const s = new TelnetSession({ role: "server", options: { tuid: "accept" } });
    s.receive(bytes(IAC, 251, OPT.TUID));
    expect(ofType(s.receive(bytes(IAC, SB, OPT.TUID, 255, 255, 0, 0, 1, IAC, SE)), "tuid")).toEqual([{ type: "tuid", uuid: 0xff000001 }]);
  });
});
