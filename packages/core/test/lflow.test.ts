import { describe, expect, it } from "vitest";
import { DO, DONT, IAC, OPT, SB, SE, TelnetSession, WILL, WONT, decodeLflow, encodeLflow, lflowState } from "@telnetkit/core";
import { bytes, ofType, pair, transmitted } from "./helpers.js";

const sb = (code: number) => bytes(IAC, SB, OPT.LFLOW, code, IAC, SE);

describe("RFC 1372 — TOGGLE-FLOW-CONTROL, client (WILL side)", () => {
  it("section 6 example: flow control on once agreed, then RESTART-ANY, OFF, ON", () => {
    const c = new TelnetSession({ role: "client" });
    expect(lflowState(c)).toEqual({ negotiated: false, enabled: false, restart: "system" });
    const agreed = c.receive(bytes(IAC, DO, OPT.LFLOW));
    expect(transmitted(agreed)).toEqual([IAC, WILL, OPT.LFLOW]);
    // Section 5: "the sender of the WILL must enable flow control".
    expect(ofType(agreed, "lflow")).toEqual([{ type: "lflow", negotiated: true, enabled: true, restart: "system" }]);
    expect(ofType(c.receive(sb(2)), "lflow")).toEqual([
      { type: "lflow", command: "restart-any", negotiated: true, enabled: true, restart: "any" },
    ]);
    expect(ofType(c.receive(sb(0)), "lflow")[0]).toMatchObject({ command: "off", enabled: false, restart: "any" });
    expect(ofType(c.receive(sb(1)), "lflow")[0]).toMatchObject({ command: "on", enabled: true });
    expect(lflowState(c)).toEqual({ negotiated: true, enabled: true, restart: "any" });
  });

  it("reads peers/oracle lflow-restart-xon (what inetutils telnetd sends)", () => {
    const c = new TelnetSession({ role: "client" });
    c.receive(bytes(IAC, DO, OPT.LFLOW));
    const ev = c.receive(bytes(0xff, 0xfa, 0x21, 0x03, 0xff, 0xf0));
    expect(ofType(ev, "lflow")[0]).toMatchObject({ command: "restart-xon", restart: "xon" });
    expect(ofType(ev, "warning")).toEqual([]);
  });

  it("unknown subcommands change nothing (section 5: ignored), with a local warning", () => {
    const c = new TelnetSession({ role: "client" });
    c.receive(bytes(IAC, DO, OPT.LFLOW));
    const ev = c.receive(sb(7));
    expect(ofType(ev, "lflow")).toEqual([]);
    expect(transmitted(ev)).toEqual([]);
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
    expect(ofType(c.receive(bytes(IAC, SB, OPT.LFLOW, 1, 1, IAC, SE)), "warning")).toHaveLength(1);
    expect(lflowState(c)).toEqual({ negotiated: true, enabled: true, restart: "system" });
  });

  it("after DONT the option is off and no subnegotiation is taken", () => {
    const c = new TelnetSession({ role: "client" });
    c.receive(bytes(IAC, DO, OPT.LFLOW));
    const off = c.receive(bytes(IAC, DONT, OPT.LFLOW));
    expect(transmitted(off)).toEqual([IAC, WONT, OPT.LFLOW]);
    expect(ofType(off, "lflow")).toEqual([{ type: "lflow", negotiated: false, enabled: false, restart: "system" }]);
    const ev = c.receive(sb(1));
    expect(ofType(ev, "lflow")).toEqual([]);
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual([]);
  });
});

describe("RFC 1372 — TOGGLE-FLOW-CONTROL, server (DO side)", () => {
  it("sets the restart mode once the client agrees (section 5: the DO side should), RESTART-XON by default", () => {
    const s = new TelnetSession({ role: "server", options: { lflow: "request" } });
    expect([...s.start()]).toEqual([IAC, DO, OPT.LFLOW]);
    expect(transmitted(s.receive(bytes(IAC, WILL, OPT.LFLOW)))).toEqual([...sb(3)]);
    const quiet = new TelnetSession({ role: "server", lflowRestart: "none" });
    expect(transmitted(quiet.receive(bytes(IAC, WILL, OPT.LFLOW)))).toEqual([IAC, DO, OPT.LFLOW]);
  });

  it("commands switch the client's flow control; the client reports each change", () => {
    const p = pair({ role: "server", options: { lflow: "request" }, lflowRestart: "any" }, { role: "client" });
    p.open();
    p.fromServer(p.server.send({ type: "lflow", command: "off" }));
    expect(lflowState(p.client)).toEqual({ negotiated: true, enabled: false, restart: "any" });
    p.fromServer(p.server.send({ type: "lflow", command: "on" }));
    expect(ofType(p.seen.client, "lflow").map((e) => e.command)).toEqual([undefined, "restart-any", "off", "on"]);
  });

  it("only the DO side sends subcommands: one from the client is refused", () => {
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, WILL, OPT.LFLOW));
    expect(ofType(s.receive(sb(1)), "warning").map((w) => w.code)).toEqual(["wrong-direction"]);
  });

  it("codec: the four codes, and nothing else", () => {
    expect(["off", "on", "restart-any", "restart-xon"].map((c) => [...encodeLflow(c as "on")])).toEqual([[0], [1], [2], [3]]);
    expect(decodeLflow(bytes(3))).toBe("restart-xon");
    expect(() => encodeLflow("xoff" as "on")).toThrow(TypeError);
    expect(decodeLflow(bytes())).toMatch(/expected 1/);
  });
});
