import { describe, expect, it } from "vitest";
import { DO, IAC, OPT, SB, SE, TelnetSession, WILL, WONT, decodeXdisploc } from "@telnetkit/core";
import { bytes, ofType, transmitted } from "./helpers.js";

const SEND = bytes(IAC, SB, OPT.XDISPLOC, 1, IAC, SE);

describe("RFC 1096 — X-DISPLAY-LOCATION", () => {
  it("section 4 example: IS \"SRI-NIC.ARPA:0.0\" is 22 octets", () => {
    const c = new TelnetSession({ role: "client", xDisplayLocation: "SRI-NIC.ARPA:0.0" });
    expect(transmitted(c.receive(bytes(IAC, DO, OPT.XDISPLOC)))).toEqual([IAC, WILL, OPT.XDISPLOC]);
    const is = transmitted(c.receive(SEND));
    expect(is).toEqual([...bytes(IAC, SB, OPT.XDISPLOC, 0, "SRI-NIC.ARPA:0.0", IAC, SE)]);
    expect(is.length).toBe(22);
  });

  it("a client with no display refuses, as BSD clients without DISPLAY do", () => {
    const c = new TelnetSession({ role: "client" });
    expect(transmitted(c.receive(bytes(IAC, DO, OPT.XDISPLOC)))).toEqual([IAC, WONT, OPT.XDISPLOC]);
  });

  it("server: asks once the client agrees; reads peers/oracle xdisploc-is", () => {
    const s = new TelnetSession({ role: "server", options: { xdisploc: "request" } });
    expect([...s.start()]).toEqual([IAC, DO, OPT.XDISPLOC]);
    expect(transmitted(s.receive(bytes(IAC, WILL, OPT.XDISPLOC)))).toEqual([...SEND]);
    const ev = s.receive(bytes(0xff, 0xfa, 0x23, 0x00, "localhost:0.0", 0xff, 0xf0));
    expect(ofType(ev, "xdisploc")).toEqual([{ type: "xdisploc", kind: "is", location: "localhost:0.0" }]);
    expect(ofType(ev, "warning")).toEqual([]);
  });

  it("the location command changes the answer", () => {
    const c = new TelnetSession({ role: "client", xDisplayLocation: ":0" });
    c.receive(bytes(IAC, DO, OPT.XDISPLOC));
    c.send({ type: "xdisploc", kind: "location", location: "host.example:1.0" });
    expect(transmitted(c.receive(SEND))).toEqual([...bytes(IAC, SB, OPT.XDISPLOC, 0, "host.example:1.0", IAC, SE)]);
  });

  it("spaces are reported with a warning (section 4: no extraneous characters)", () => {
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, WILL, OPT.XDISPLOC));
    const ev = s.receive(bytes(IAC, SB, OPT.XDISPLOC, 0, "host :0", IAC, SE));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
    expect(ofType(ev, "xdisploc")).toHaveLength(1);
  });

  it("rejects subcommands other than IS and SEND", () => {
    expect(typeof decodeXdisploc(bytes(2, "x"))).toBe("string");
    expect(typeof decodeXdisploc(bytes(1, 1))).toBe("string");
    expect(decodeXdisploc(bytes(1))).toEqual({ type: "xdisploc", kind: "send" });
  });
});
