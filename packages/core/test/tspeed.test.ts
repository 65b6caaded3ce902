import { describe, expect, it } from "vitest";
import { DO, DONT, IAC, OPT, SB, SE, TelnetSession, WILL, WONT, decodeTspeed, encodeTspeedIs } from "@telnetkit/core";
import { bytes, ofType, pair, transmitted } from "./helpers.js";

const SEND = bytes(IAC, SB, OPT.TSPEED, 1, IAC, SE);
// peers/oracle tspeed-is: what inetutils, netkit and plink answer.
const IS_38400 = bytes(0xff, 0xfa, 0x20, 0x00, "38400,38400", 0xff, 0xf0);

describe("RFC 1079 — TERMINAL-SPEED", () => {
  it("section 4 example: DO, WILL, SEND, IS \"1200,1200\" (15 octets)", () => {
    const host2 = new TelnetSession({ role: "client", terminalSpeed: { transmit: 1200, receive: 1200 } });
    expect(transmitted(host2.receive(bytes(IAC, DO, OPT.TSPEED)))).toEqual([IAC, WILL, OPT.TSPEED]);
    const is = transmitted(host2.receive(SEND));
    expect(is).toEqual([...bytes(IAC, SB, OPT.TSPEED, 0, "1200,1200", IAC, SE)]);
    expect(is.length).toBe(15);
  });

  it("a client with no speed configured refuses (section 3 default: WON'T)", () => {
    const c = new TelnetSession({ role: "client" });
    expect(transmitted(c.receive(bytes(IAC, DO, OPT.TSPEED)))).toEqual([IAC, WONT, OPT.TSPEED]);
  });

  it("server: agrees to the client's WILL and asks at once; the answer is a typed event", () => {
    const s = new TelnetSession({ role: "server" });
    expect(transmitted(s.receive(bytes(IAC, WILL, OPT.TSPEED)))).toEqual([IAC, DO, OPT.TSPEED, ...SEND]);
    const ev = s.receive(IS_38400);
    expect(ofType(ev, "tspeed")).toEqual([{ type: "tspeed", kind: "is", transmit: 38400, receive: 38400 }]);
    expect(ofType(ev, "warning")).toEqual([]);
  });

  it("server with policy request: DO at start, SEND once agreed, speeds reported", () => {
    const p = pair(
      { role: "server", options: { tspeed: "request" } },
      { role: "client", terminalSpeed: { transmit: 9600, receive: 100 } },
    );
    p.open();
    expect(ofType(p.seen.server, "tspeed")).toEqual([{ type: "tspeed", kind: "is", transmit: 9600, receive: 100 }]);
    expect(ofType(p.seen.client, "tspeed")).toEqual([{ type: "tspeed", kind: "send" }]);
    expect([...p.seen.server, ...p.seen.client].filter((e) => e.type === "warning")).toEqual([]);
    p.fromServer(p.server.send({ type: "tspeed" }));
    expect(ofType(p.seen.server, "tspeed")).toHaveLength(2);
  });

  it("the client's speed can change; it is sent only when asked (no spontaneous IS)", () => {
    const c = new TelnetSession({ role: "client", terminalSpeed: { transmit: 1200, receive: 1200 } });
    c.receive(bytes(IAC, DO, OPT.TSPEED));
    expect(c.send({ type: "tspeed", kind: "speed", transmit: 38400, receive: 19200 })).toEqual(new Uint8Array(0));
    expect(transmitted(c.receive(SEND))).toEqual([...bytes(IAC, SB, OPT.TSPEED, 0, "38400,19200", IAC, SE)]);
  });

  it("only the DO side asks and only the WILL side answers (section 4)", () => {
    const c = new TelnetSession({ role: "client", terminalSpeed: { transmit: 1, receive: 1 } });
    c.receive(bytes(IAC, DO, OPT.TSPEED));
    const ev = c.receive(IS_38400);
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["wrong-direction"]);
    expect(ofType(ev, "tspeed")).toEqual([]);
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, WILL, OPT.TSPEED));
    const ev2 = s.receive(SEND);
    expect(ofType(ev2, "warning").map((w) => w.code)).toEqual(["wrong-direction"]);
    expect(transmitted(ev2)).toEqual([]);
  });

  it("an IS nobody asked for is reported, and warned", () => {
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, WILL, OPT.TSPEED));
    s.receive(IS_38400);
    const ev = s.receive(IS_38400);
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["unsolicited-subnegotiation"]);
    expect(ofType(ev, "tspeed")).toHaveLength(1);
  });

  it("reads spaces and leading zeros with a warning; rejects what is no speed pair", () => {
    expect(decodeTspeed(bytes(0, " 09600 , 1200"))).toEqual({
      event: { type: "tspeed", kind: "is", transmit: 9600, receive: 1200 },
      strict: false,
    });
    expect(typeof decodeTspeed(bytes(0, "fast"))).toBe("string");
    expect(typeof decodeTspeed(bytes(0, "9600"))).toBe("string");
    expect(typeof decodeTspeed(bytes(1, 0))).toBe("string");
    expect(typeof decodeTspeed(bytes())).toBe("string");
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, WILL, OPT.TSPEED));
    const ev = s.receive(bytes(IAC, SB, OPT.TSPEED, 0, "fast", IAC, SE));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
    expect(ofType(ev, "tspeed")).toEqual([]);
  });

  it("encodes IS as RFC 1079 writes it", () => {
    expect([...encodeTspeedIs({ transmit: 9600, receive: 100 })]).toEqual([...bytes(0, "9600,100")]);
  });

  it("DONT TSPEED stops the server from asking", () => {
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, WILL, OPT.TSPEED));
    s.receive(bytes(IAC, WONT, OPT.TSPEED));
    expect(s.send({ type: "tspeed" })).toEqual(new Uint8Array(0));
    expect(s.optionState(OPT.TSPEED).remote).toBe("no");
    expect(transmitted(new TelnetSession({ role: "server", options: { tspeed: "refuse" } }).receive(bytes(IAC, WILL, OPT.TSPEED)))).toEqual([IAC, DONT, OPT.TSPEED]);
  });
});
