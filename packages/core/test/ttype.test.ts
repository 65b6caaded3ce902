import { describe, expect, it } from "vitest";
import {
  DO,
  IAC,
  OPT,
  SB,
  SE,
  TelnetSession,
  WILL,
  decodeTtype,
  encodeTtypeIs,
  formatMtts,
  parseMtts,
} from "@telnetkit/core";
import { bytes, ofType, pair, transmitted } from "./helpers.js";

const SEND = bytes(IAC, SB, OPT.TTYPE, 1, IAC, SE);
const isName = (events: ReturnType<TelnetSession["receive"]>) => {
  const t = transmitted(events);
  return String.fromCharCode(...t.slice(4, -2));
};

describe("RFC 1091 — TERMINAL-TYPE, client", () => {
  it("answers successive SENDs with its list, repeats the last, then starts over", () => {
    const c = new TelnetSession({ role: "client", terminalTypes: ["XTERM-256COLOR", "XTERM", "VT100"] });
    c.receive(bytes(IAC, DO, OPT.TTYPE));
    const answers = Array.from({ length: 6 }, () => isName(c.receive(SEND)));
    expect(answers).toEqual(["XTERM-256COLOR", "XTERM", "VT100", "VT100", "XTERM-256COLOR", "XTERM"]);
  });

  it("answers UNKNOWN when it has no list", () => {
    const c = new TelnetSession({ role: "client" });
    c.receive(bytes(IAC, DO, OPT.TTYPE));
    expect(isName(c.receive(SEND))).toBe("UNKNOWN");
  });

  it("does not answer SEND before agreeing (terminal types are never sent spontaneously)", () => {
    const c = new TelnetSession({ role: "client", terminalTypes: ["XTERM"] });
    const ev = c.receive(SEND);
    expect(transmitted(ev)).toEqual([]);
    expect(ofType(ev, "warning").map((w) => w.code)).toContain("wrong-direction");
  });

  it("restarts the list after DONT TTYPE (MTTS: as after a copyover)", () => {
    const c = new TelnetSession({ role: "client", terminalTypes: ["A", "B"] });
    c.receive(bytes(IAC, DO, OPT.TTYPE));
    expect(isName(c.receive(SEND))).toBe("A");
    c.receive(bytes(IAC, 254, OPT.TTYPE));
    c.receive(bytes(IAC, DO, OPT.TTYPE));
    expect(isName(c.receive(SEND))).toBe("A");
  });

  it("takes a new list with the types command", () => {
    const c = new TelnetSession({ role: "client", terminalTypes: ["A"] });
    c.receive(bytes(IAC, DO, OPT.TTYPE));
    c.send({ type: "ttype", kind: "types", names: ["B", "C"] });
    expect(isName(c.receive(SEND))).toBe("B");
  });
});

describe("RFC 1091 — TERMINAL-TYPE, server cycle", () => {
  it("asks until an answer repeats and reports the list with MTTS decoded", () => {
    const p = pair(
      { role: "server", options: { ttype: "request" } },
      { role: "client", terminalTypes: ["TINTIN++", "XTERM", "MTTS 137"] },
    );
    p.open();
    const list = ofType(p.seen.server, "terminal-types");
    expect(list).toHaveLength(1);
    expect(list[0].names).toEqual(["TINTIN++", "XTERM", "MTTS 137"]);
    expect(list[0].mtts).toMatchObject({ value: 137, ansi: true, utf8: false, colors256: true, proxy: true });
    const sends = p.seen.client.filter((e) => e.type === "ttype" && e.kind === "send");
    expect(sends).toHaveLength(4);
  });

  it("ends the cycle when a client wraps around instead of repeating", () => {
    const s = new TelnetSession({ role: "server" });
    expect(transmitted(s.receive(bytes(IAC, WILL, OPT.TTYPE)))).toEqual([IAC, DO, OPT.TTYPE, ...SEND]);
    expect(transmitted(s.receive(bytes(IAC, SB, OPT.TTYPE, 0, "A", IAC, SE)))).toEqual([...SEND]);
    expect(transmitted(s.receive(bytes(IAC, SB, OPT.TTYPE, 0, "B", IAC, SE)))).toEqual([...SEND]);
    const ev = s.receive(bytes(IAC, SB, OPT.TTYPE, 0, "a", IAC, SE));
    expect(transmitted(ev)).toEqual([]);
    expect(ofType(ev, "terminal-types")).toEqual([{ type: "terminal-types", names: ["A", "B"] }]);
  });

  it("stops after limits.ttypeCycle requests with a warning", () => {
    const s = new TelnetSession({ role: "server", limits: { ttypeCycle: 3 } });
    s.receive(bytes(IAC, WILL, OPT.TTYPE));
    let sends = 1;
    let last: ReturnType<TelnetSession["receive"]> = [];
    for (let k = 0; k < 10; k++) {
      last = s.receive(bytes(IAC, SB, OPT.TTYPE, 0, `T${k}`, IAC, SE));
      if (transmitted(last).length) sends++;
      else break;
    }
    expect(sends).toBe(3);
    expect(ofType(last, "warning")[0]).toMatchObject({ code: "ttype-cycle-limit" });
    expect(ofType(last, "terminal-types")[0].names).toEqual(["T0", "T1", "T2"]);
  });

  it("does not cycle when ttypeCycle is false; SEND on demand", () => {
    const s = new TelnetSession({ role: "server", ttypeCycle: false });
    expect(transmitted(s.receive(bytes(IAC, WILL, OPT.TTYPE)))).toEqual([IAC, DO, OPT.TTYPE]);
    expect([...s.send({ type: "ttype", kind: "send" })]).toEqual([...SEND]);
  });

  it("warns about a malformed TTYPE payload", () => {
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, WILL, OPT.TTYPE));
    expect(ofType(s.receive(bytes(IAC, SB, OPT.TTYPE, 7, IAC, SE)), "warning")[0].code).toBe("malformed-subnegotiation");
    expect(ofType(s.receive(bytes(IAC, SB, OPT.TTYPE, IAC, SE)), "warning")[0].code).toBe("malformed-subnegotiation");
  });
});

describe("MTTS", () => {
  it("parses and formats the bit vector", () => {
    expect(parseMtts("MTTS 13")).toMatchObject({ value: 13, ansi: true, vt100: false, utf8: true, colors256: true });
    expect(parseMtts("XTERM")).toBeUndefined();
    expect(formatMtts({ ansi: true, utf8: true, colors256: true })).toBe("MTTS 13");
    expect(formatMtts(2048 + 1)).toBe("MTTS 2049");
  });

  it("decodes IS names with the MTTS flags", () => {
    expect(decodeTtype(encodeTtypeIs("MTTS 2825"))).toMatchObject({ kind: "is", name: "MTTS 2825", mtts: { ssl: true, truecolor: true } });
    expect(decodeTtype(encodeTtypeIs("vt100"))).toEqual({ type: "ttype", kind: "is", name: "vt100" });
  });
});
