import { describe, expect, it } from "vitest";
import { DO, DONT, IAC, OPT, SB, SE, TelnetSession, WILL, decodeSndloc } from "@telnetkit/core";
import { bytes, ofType, pair, transmitted } from "./helpers.js";

describe("RFC 779 — SEND-LOCATION", () => {
  it("section 5: a client that knows the location offers WILL, and sends it once the server says DO", () => {
    const c = new TelnetSession({ role: "client", sendLocation: "Building 5, room 12" });
    expect([...c.start()]).toEqual([IAC, WILL, OPT.SNDLOC]);
    expect(transmitted(c.receive(bytes(IAC, DO, OPT.SNDLOC)))).toEqual([
      ...bytes(IAC, SB, OPT.SNDLOC, "Building 5, room 12", IAC, SE),
    ]);
  });

  it("the server reports the location; the client may send it again at any time", () => {
    const p = pair({ role: "server" }, { role: "client", sendLocation: "Lab" });
    p.open();
    expect(ofType(p.seen.server, "sndloc")).toEqual([{ type: "sndloc", location: "Lab" }]);
    p.fromClient(p.client.send({ type: "sndloc", location: "Home" }));
    expect(ofType(p.seen.server, "sndloc").map((e) => e.location)).toEqual(["Lab", "Home"]);
  });

  it("a client without a location neither offers nor agrees (section 3 default)", () => {
    const c = new TelnetSession({ role: "client" });
    expect(c.start()).toEqual(new Uint8Array(0));
    expect(transmitted(c.receive(bytes(IAC, DO, OPT.SNDLOC)))).toEqual([IAC, 252, OPT.SNDLOC]);
  });

  it("a location set before the server agrees is kept and sent on DO", () => {
    const c = new TelnetSession({ role: "client", options: { sndloc: "accept" } });
    expect(c.send({ type: "sndloc", location: "Desk 4" })).toEqual(new Uint8Array(0));
    expect(transmitted(c.receive(bytes(IAC, DO, OPT.SNDLOC)))).toEqual([...bytes(IAC, WILL, OPT.SNDLOC, IAC, SB, OPT.SNDLOC, "Desk 4", IAC, SE)]);
  });

  it("non-printable bytes are warned about and still reported; the wrong direction is refused", () => {
    expect(typeof decodeSndloc(bytes("a", 7))).toBe("string");
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, WILL, OPT.SNDLOC));
    const ev = s.receive(bytes(IAC, SB, OPT.SNDLOC, "Room", 9, "1", IAC, SE));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
    expect(ofType(ev, "sndloc")).toEqual([{ type: "sndloc", location: "Room\t1" }]);
    const c = new TelnetSession({ role: "client", sendLocation: "x" });
    c.receive(bytes(IAC, DO, OPT.SNDLOC));
    expect(ofType(c.receive(bytes(IAC, SB, OPT.SNDLOC, "y", IAC, SE)), "warning").map((w) => w.code)).toEqual(["wrong-direction"]);
    expect(transmitted(new TelnetSession({ role: "server", options: { sndloc: "refuse" } }).receive(bytes(IAC, WILL, OPT.SNDLOC)))).toEqual([IAC, DONT, OPT.SNDLOC]);
  });
});
