// The openings of real peers (bytes from their captures), against our defaults: every
// option of theirs is answered once, and nothing is warned about.
import { describe, expect, it } from "vitest";
import { DO, DONT, IAC, OPT, TelnetSession, WILL, WONT, lflowState, type TelnetEvent } from "@telnetkit/core";
import { bytes, ofType, transmitted } from "./helpers.js";

const h = (hex: string) => new Uint8Array(hex.trim().split(/\s+/).map((x) => parseInt(x, 16)));

/** Answers (verb, option) found in transmitted bytes. */
function answers(events: TelnetEvent[]): [number, number][] {
  const t = transmitted(events);
  const out: [number, number][] = [];
  for (let i = 0; i + 2 < t.length; i++) if (t[i] === IAC && t[i + 1] >= WILL && t[i + 1] <= DONT) out.push([t[i + 1], t[i + 2]]);
  return out;
}

describe("our client against inetutils telnetd's opening", () => {
  it("refuses AUTHENTICATION and ENCRYPT, TSPEED and XDISPLOC when not configured; no warning", () => {
    const c = new TelnetSession({ role: "client", terminalTypes: ["XTERM"] });
    const ev = c.receive(h("ff fb 25 ff fb 26 ff fd 18 ff fd 20 ff fd 23 ff fd 27 ff fd 24"));
    const a = answers(ev);
    expect(a).toContainEqual([DONT, OPT.AUTHENTICATION]);
    expect(a).toContainEqual([DONT, OPT.ENCRYPT]);
    expect(a).toContainEqual([WONT, OPT.TSPEED]);
    expect(a).toContainEqual([WONT, OPT.XDISPLOC]);
    for (const opt of [OPT.AUTHENTICATION, OPT.ENCRYPT, OPT.TTYPE, OPT.TSPEED, OPT.XDISPLOC, OPT.NEW_ENVIRON, OPT.ENVIRON]) {
      expect(a.filter(([, o]) => o === opt)).toHaveLength(1);
    }
    expect(ofType(ev, "warning")).toEqual([]);
  });

  it("configured, answers TSPEED and XDISPLOC SEND, then takes LFLOW RESTART-XON (and its stray NUL)", () => {
    const c = new TelnetSession({ role: "client", terminalSpeed: { transmit: 38400, receive: 38400 }, xDisplayLocation: "localhost:0.0" });
    const a = answers(c.receive(h("ff fb 25 ff fb 26 ff fd 18 ff fd 20 ff fd 23 ff fd 27 ff fd 24")));
    expect(a).toContainEqual([WILL, OPT.TSPEED]);
    expect(a).toContainEqual([WILL, OPT.XDISPLOC]);
    const sends = c.receive(h("ff fa 20 01 ff f0 ff fa 23 01 ff f0"));
    expect(transmitted(sends)).toEqual([
      ...h("ff fa 20 00 33 38 34 30 30 2c 33 38 34 30 30 ff f0"),
      ...h("ff fa 23 00 6c 6f 63 61 6c 68 6f 73 74 3a 30 2e 30 ff f0"),
    ]);
    const more = c.receive(h("ff fd 21 ff fa 21 03 ff f0 00"));
    expect(answers(more)).toEqual([[WILL, OPT.LFLOW]]);
    expect(lflowState(c)).toEqual({ negotiated: true, enabled: true, restart: "xon" });
    expect(ofType([...sends, ...more], "warning")).toEqual([]);
  });
});

describe("our client against netkit telnetd's AUTHENTICATION", () => {
  it("refuses DO AUTHENTICATION with WONT by default, or answers SEND SSL with IS NULL when accepting", () => {
    const c = new TelnetSession({ role: "client" });
    expect(answers(c.receive(h("ff fd 25")))).toEqual([[WONT, OPT.AUTHENTICATION]]);
    const a = new TelnetSession({ role: "client", options: { authentication: { local: "accept" } } });
    a.receive(h("ff fd 25"));
    const ev = a.receive(h("ff fa 25 01 07 00 ff f0"));
    expect(transmitted(ev)).toEqual([...h("ff fa 25 00 00 00 ff f0")]);
    expect(ofType(ev, "warning")).toEqual([]);
  });
});

describe("our server against real clients' openings", () => {
  it("inetutils telnet on port 23: ENCRYPT refused both ways, TSPEED asked, LFLOW set to RESTART-XON", () => {
    const s = new TelnetSession({ role: "server" });
    const ev = s.receive(h("ff fd 26 ff fb 26 ff fd 03 ff fb 18 ff fb 1f ff fb 20 ff fb 21 ff fb 22 ff fb 27 ff fd 05"));
    const a = answers(ev);
    expect(a).toContainEqual([WONT, OPT.ENCRYPT]);
    expect(a).toContainEqual([DONT, OPT.ENCRYPT]);
    expect(a).toContainEqual([DO, OPT.TSPEED]);
    expect(a).toContainEqual([DO, OPT.LFLOW]);
    const t = transmitted(ev);
    const has = (seq: Uint8Array) => t.join().includes([...seq].join());
    expect(has(h("ff fa 20 01 ff f0"))).toBe(true);
    expect(has(h("ff fa 21 03 ff f0"))).toBe(true);
    const is = s.receive(h("ff fa 20 00 33 38 34 30 30 2c 33 38 34 30 30 ff f0"));
    expect(ofType(is, "tspeed")).toEqual([{ type: "tspeed", kind: "is", transmit: 38400, receive: 38400 }]);
    expect(ofType([...ev, ...is], "warning")).toEqual([]);
  });

  it("C-Kermit: WILL AUTHENTICATION and WILL COM_PORT refused, DO LOGOUT confirmed and surfaced", () => {
    const s = new TelnetSession({ role: "server" });
    const ev = s.receive(bytes(IAC, WILL, OPT.AUTHENTICATION, IAC, WILL, OPT.NAWS, IAC, WILL, OPT.TTYPE, IAC, WILL, OPT.COM_PORT));
    expect(answers(ev)).toContainEqual([DONT, OPT.AUTHENTICATION]);
    expect(answers(ev)).toContainEqual([DONT, OPT.COM_PORT]);
    const bye = s.receive(h("ff fd 12"));
    expect(answers(bye)).toEqual([[WILL, OPT.LOGOUT]]);
    expect(ofType(bye, "logout")).toEqual([{ type: "logout", kind: "request", agreed: true }]);
    expect(ofType([...ev, ...bye], "warning")).toEqual([]);
  });
});
