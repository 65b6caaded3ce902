import { describe, expect, it } from "vitest";
import { DO, DONT, IAC, OPT, TelnetSession, WILL, WONT } from "@telnetkit/core";
import { bytes, ofType, pair, transmitted } from "./helpers.js";

describe("RFC 1143 — the Q method", () => {
  it("agrees to an accepted option once and emits one option event", () => {
    const s = new TelnetSession({ role: "server" });
    const ev = s.receive(bytes(IAC, WILL, OPT.NAWS));
    expect(transmitted(ev)).toEqual([IAC, DO, OPT.NAWS]);
    expect(ofType(ev, "option")).toEqual([{ type: "option", option: OPT.NAWS, side: "remote", enabled: true }]);
    // A request that does not change state gets no reply and no event.
    expect(s.receive(bytes(IAC, WILL, OPT.NAWS))).toEqual([]);
  });

  it("refuses an unsupported option once and does not answer the peer's acknowledgement", () => {
    const s = new TelnetSession({ role: "server" });
    expect(transmitted(s.receive(bytes(IAC, WILL, 77)))).toEqual([IAC, DONT, 77]);
    expect(transmitted(s.receive(bytes(IAC, DO, 77)))).toEqual([IAC, WONT, 77]);
    // WONT/DONT for an option that is off: nothing.
    expect(s.receive(bytes(IAC, WONT, 77, IAC, DONT, 77))).toEqual([]);
    expect(s.isEnabled(77, "remote")).toBe(false);
  });

  it("answers a disable of an enabled option and reports the change", () => {
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, DO, OPT.SGA));
    const ev = s.receive(bytes(IAC, DONT, OPT.SGA));
    expect(transmitted(ev)).toEqual([IAC, WONT, OPT.SGA]);
    expect(ofType(ev, "option")).toEqual([{ type: "option", option: OPT.SGA, side: "local", enabled: false }]);
  });

  it("asks once, and takes the agreement without replying (WANTYES -> YES)", () => {
    const s = new TelnetSession({ role: "server" });
    expect([...s.send({ type: "enable", option: OPT.ECHO, side: "local" })]).toEqual([IAC, WILL, OPT.ECHO]);
    expect(s.optionState(OPT.ECHO)).toEqual({ local: "wantyes", remote: "no" });
    // Asking again while waiting sends nothing.
    expect(s.send({ type: "enable", option: OPT.ECHO, side: "local" }).length).toBe(0);
    const ev = s.receive(bytes(IAC, DO, OPT.ECHO));
    expect(transmitted(ev)).toEqual([]);
    expect(ofType(ev, "option")).toEqual([{ type: "option", option: OPT.ECHO, side: "local", enabled: true }]);
  });

  it("takes a refusal of our request without replying (WANTYES -> NO)", () => {
    const s = new TelnetSession({ role: "server" });
    s.send({ type: "enable", option: OPT.NAWS, side: "remote" });
    const ev = s.receive(bytes(IAC, WONT, OPT.NAWS));
    expect(ev).toEqual([]);
    expect(s.optionState(OPT.NAWS).remote).toBe("no");
    expect(s.isSettled()).toBe(true);
  });

  it("queues an opposite request while one is in flight (the queue bit)", () => {
    const s = new TelnetSession({ role: "server" });
    s.send({ type: "enable", option: OPT.NAWS, side: "remote" }); // DO sent, WANTYES
    expect(s.send({ type: "disable", option: OPT.NAWS, side: "remote" }).length).toBe(0); // queued
    // The peer agrees: we must now ask to disable (WANTYES OPPOSITE + WILL -> WANTNO, send DONT).
    const ev = s.receive(bytes(IAC, WILL, OPT.NAWS));
    expect(transmitted(ev)).toEqual([IAC, DONT, OPT.NAWS]);
    expect(s.optionState(OPT.NAWS).remote).toBe("wantno");
    expect(ofType(ev, "option")).toEqual([]);
    expect(s.receive(bytes(IAC, WONT, OPT.NAWS))).toEqual([]);
    expect(s.optionState(OPT.NAWS).remote).toBe("no");
  });

  it("re-enables after a queued enable once the disable is confirmed (WANTNO OPPOSITE + WONT)", () => {
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, WILL, OPT.NAWS));
    expect([...s.send({ type: "disable", option: OPT.NAWS, side: "remote" })]).toEqual([IAC, DONT, OPT.NAWS]);
    expect(s.send({ type: "enable", option: OPT.NAWS, side: "remote" }).length).toBe(0);
    const ev = s.receive(bytes(IAC, WONT, OPT.NAWS));
    expect(transmitted(ev)).toEqual([IAC, DO, OPT.NAWS]);
    expect(s.optionState(OPT.NAWS).remote).toBe("wantyes");
  });

  it("warns when the peer answers our disable with WILL (DONT answered by WILL)", () => {
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, WILL, OPT.NAWS));
    s.send({ type: "disable", option: OPT.NAWS, side: "remote" });
    const ev = s.receive(bytes(IAC, WILL, OPT.NAWS));
    expect(ofType(ev, "warning")[0]).toMatchObject({ code: "negotiation-violation", option: OPT.NAWS });
    expect(transmitted(ev)).toEqual([]);
    expect(s.optionState(OPT.NAWS).remote).toBe("no");
  });

  it("reports our own disable as an event on the next receive (or takeEvents)", () => {
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, DO, OPT.ECHO));
    expect([...s.send({ type: "disable", option: OPT.ECHO, side: "local" })]).toEqual([IAC, WONT, OPT.ECHO]);
    expect(s.isEnabled(OPT.ECHO, "local")).toBe(false);
    expect(s.takeEvents()).toEqual([{ type: "option", option: OPT.ECHO, side: "local", enabled: false }]);
    expect(s.takeEvents()).toEqual([]);
  });

  it("opens with the requests the policy asks for", () => {
    const s = new TelnetSession({
      role: "server",
      options: { naws: "request", echo: "offer", sga: { local: "initiate", remote: "initiate" } },
    });
    expect([...s.start()]).toEqual([IAC, WILL, OPT.ECHO, IAC, DO, OPT.SGA, IAC, WILL, OPT.SGA, IAC, DO, OPT.NAWS]);
    expect(s.isSettled()).toBe(false);
  });

  it("accepts option policies by code and by OPT name", () => {
    const s = new TelnetSession({ role: "client", options: { 34: "accept", "new-environ": "refuse", 201: "request" } });
    expect(s.accepts(OPT.LINEMODE, "local")).toBe(true);
    expect(s.accepts(OPT.NEW_ENVIRON, "local")).toBe(false);
    expect([...s.start()]).toEqual([IAC, DO, 201]);
  });

  it("throws on a policy for an unknown option name or a bad policy value", () => {
    expect(() => new TelnetSession({ role: "client", options: { nope: "accept" } })).toThrow(TypeError);
    expect(() => new TelnetSession({ role: "client", options: { naws: "maybe" as never } })).toThrow(TypeError);
  });

  it("converges when both sides ask for the same option at the same time", () => {
    const p = pair({ role: "server", options: { sga: { local: "initiate", remote: "initiate" } } }, {
      role: "client",
      options: { sga: { local: "initiate", remote: "initiate" } },
    });
    p.open();
    for (const side of ["local", "remote"] as const) {
      expect(p.server.isEnabled(OPT.SGA, side)).toBe(true);
      expect(p.client.isEnabled(OPT.SGA, side)).toBe(true);
    }
    expect(p.server.isSettled() && p.client.isSettled()).toBe(true);
    // Each side sent DO and WILL; each answer to a crossing request is suppressed by WANTYES.
    expect(p.messages).toBeLessThanOrEqual(4);
  });

  it("lists what each side agreed", () => {
    const p = pair({ role: "server", options: { naws: "request", echo: "offer", ttype: "request" } }, { role: "client" });
    p.open();
    expect(p.server.enabledOptions("local")).toEqual([OPT.ECHO]);
    expect(p.server.enabledOptions("remote")).toEqual([OPT.TTYPE, OPT.NAWS]);
    expect(p.client.enabledOptions("local")).toEqual([OPT.TTYPE, OPT.NAWS]);
    expect(p.client.enabledOptions("remote")).toEqual([OPT.ECHO]);
  });
});

describe("requests the peer passed by", () => {
  it("a request left unanswered while the peer answered one sent after it is passed by; a late answer takes it back", () => {
    const s = new TelnetSession({ role: "server", options: { binary: { local: "initiate" }, echo: "offer", sga: "offer" } });
    expect([...s.start()]).toEqual([IAC, WILL, OPT.BINARY, IAC, WILL, OPT.ECHO, IAC, WILL, OPT.SGA]);
    expect(s.passedRequests()).toEqual([]);
    // The peer answers ECHO (sent after BINARY) and says nothing of BINARY (as TinTin++ does).
    s.receive(bytes([IAC, DO, OPT.ECHO]));
    expect(s.passedRequests()).toEqual([{ option: OPT.BINARY, side: "local" }]);
    expect(s.isSettled()).toBe(false);
    // SGA, still unanswered, was sent after ECHO: not passed by.
    s.receive(bytes([IAC, DONT, OPT.SGA]));
    expect(s.passedRequests()).toEqual([{ option: OPT.BINARY, side: "local" }]);
    s.receive(bytes([IAC, DO, OPT.BINARY]));
    expect(s.passedRequests()).toEqual([]);
    expect(s.isSettled()).toBe(true);
  });

  it("answers in order pass nothing by, and a request asked again goes to the end of the line", () => {
    const s = new TelnetSession({ role: "client" });
    s.send({ type: "enable", option: OPT.NAWS, side: "local" });
    s.send({ type: "enable", option: OPT.TTYPE, side: "local" });
    s.receive(bytes([IAC, DO, OPT.NAWS]));
    expect(s.passedRequests()).toEqual([]);
    s.send({ type: "disable", option: OPT.NAWS, side: "local" });
    // TTYPE (asked before the new NAWS request) is still waiting: answering NAWS passes it by.
    s.receive(bytes([IAC, DONT, OPT.NAWS]));
    expect(s.passedRequests()).toEqual([{ option: OPT.TTYPE, side: "local" }]);
    s.send({ type: "enable", option: OPT.TTYPE, side: "local" }); // still WANTYES: nothing sent, still passed
    expect(s.passedRequests()).toEqual([{ option: OPT.TTYPE, side: "local" }]);
    s.receive(bytes([IAC, DONT, OPT.TTYPE]));
    expect(s.passedRequests()).toEqual([]);
    expect(s.isSettled()).toBe(true);
  });
});
