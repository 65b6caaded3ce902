import { describe, expect, it } from "vitest";
import { DO, DONT, IAC, OPT, TelnetSession, WILL, WONT, logoutState } from "@telnetkit/core";
import { bytes, ofType, pair, transmitted } from "./helpers.js";

describe("RFC 727 — LOGOUT", () => {
  it("case 1: the user's DO LOGOUT is confirmed with WILL and surfaced to the shell", () => {
    const s = new TelnetSession({ role: "server" });
    const ev = s.receive(bytes(IAC, DO, OPT.LOGOUT));
    expect(transmitted(ev)).toEqual([IAC, WILL, OPT.LOGOUT]);
    expect(ofType(ev, "logout")).toEqual([{ type: "logout", kind: "request", agreed: true }]);
    expect(ofType(ev, "option")).toEqual([{ type: "option", option: OPT.LOGOUT, side: "local", enabled: true }]);
    expect(logoutState(s, "local")).toBe("yes");
  });

  it("C-Kermit's DO LOGOUT when it closes (peers transcripts) reaches the shell even when refused", () => {
    const s = new TelnetSession({ role: "server", options: { logout: "refuse" } });
    const ev = s.receive(bytes(0xff, 0xfd, 0x12));
    expect(transmitted(ev)).toEqual([IAC, WONT, OPT.LOGOUT]);
    expect(ofType(ev, "logout")).toEqual([{ type: "logout", kind: "request", agreed: false }]);
  });

  it("case 2: a server's auto-logout warning (WILL) is answered DON'T by a client, which keeps working", () => {
    const c = new TelnetSession({ role: "client" });
    const ev = c.receive(bytes(IAC, WILL, OPT.LOGOUT));
    expect(transmitted(ev)).toEqual([IAC, DONT, OPT.LOGOUT]);
    expect(ofType(ev, "logout")).toEqual([{ type: "logout", kind: "warning", agreed: false }]);
  });

  it("a client's request and the server's confirmation, over a wire", () => {
    const p = pair({ role: "server" }, { role: "client" });
    p.open();
    p.fromClient(p.client.send({ type: "logout" }));
    expect(ofType(p.seen.server, "logout")).toEqual([{ type: "logout", kind: "request", agreed: true }]);
    expect(ofType(p.seen.client, "logout")).toEqual([{ type: "logout", kind: "request-reply", agreed: true }]);
    expect(logoutState(p.client, "remote")).toBe("yes");
  });

  it("a server's warning and the client's refusal, over a wire", () => {
    const p = pair({ role: "server" }, { role: "client" });
    p.fromServer(p.server.send({ type: "logout" }));
    expect(ofType(p.seen.client, "logout")).toEqual([{ type: "logout", kind: "warning", agreed: false }]);
    expect(ofType(p.seen.server, "logout")).toEqual([{ type: "logout", kind: "warning-reply", agreed: false }]);
    expect(logoutState(p.server, "local")).toBe("no");
  });

  it("a refused request is reported; repeated messages get no reply (RFC 1143, no loops)", () => {
    const c = new TelnetSession({ role: "client" });
    expect([...c.send({ type: "logout", kind: "request" })]).toEqual([IAC, DO, OPT.LOGOUT]);
    expect(ofType(c.receive(bytes(IAC, WONT, OPT.LOGOUT)), "logout")).toEqual([{ type: "logout", kind: "request-reply", agreed: false }]);
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, DO, OPT.LOGOUT));
    const again = s.receive(bytes(IAC, DO, OPT.LOGOUT));
    expect(transmitted(again)).toEqual([]);
    expect(ofType(again, "logout")).toEqual([]);
    expect(transmitted(s.receive(bytes(IAC, WONT, OPT.LOGOUT)))).toEqual([]);
  });
});
