/**
 * RFC 1073 (NAWS), RFC 1091 (TERMINAL-TYPE) and RFC 1372 (TOGGLE-FLOW-CONTROL)
 * requirements that no other test checked.
 */
import { describe, expect, it } from "vitest";
import { TelnetSession } from "@telnetkit/core";
import { transmitBytes } from "../src/stream.js";
import { DO, DONT, IAC, NAWS, SB, SE, TTYPE, WILL, WONT, nawsPayload, neg, sb } from "../src/telnet.js";

const bytes = (...parts: (number | number[])[]) => Uint8Array.from(parts.flat());
const LFLOW = 33;

describe("RFC 1073 §2 — NAWS after the server's DON'T", () => {
  it("the client sends a changed size again while NAWS is on, nothing after DON'T NAWS, and its size once NAWS is on again", () => {
    const c = new TelnetSession({ role: "client", windowSize: { width: 80, height: 24 } });
    expect(transmitBytes(c.receive(bytes(neg(DO, NAWS))))).toEqual([...neg(WILL, NAWS), ...sb(NAWS, nawsPayload(80, 24))]);
    expect([...c.send({ type: "naws", width: 100, height: 40 })]).toEqual(sb(NAWS, nawsPayload(100, 40)));
    expect(transmitBytes(c.receive(bytes(neg(DONT, NAWS))))).toEqual(neg(WONT, NAWS));
    expect([...c.send({ type: "naws", width: 120, height: 50 })]).toEqual([]);
    expect(transmitBytes(c.receive(bytes(neg(DO, NAWS))))).toEqual([...neg(WILL, NAWS), ...sb(NAWS, nawsPayload(120, 50))]);
  });
});

describe("RFC 1091 §5 — who sends SEND and IS", () => {
  it("by default only the server asks (SEND) and only the client answers (IS)", () => {
    const server = new TelnetSession({ role: "server", ttypeCycle: false });
    // A client offering to ask the server for its type is refused, and the server never answers SEND.
    expect(transmitBytes(server.receive(bytes(neg(DO, TTYPE))))).toEqual(neg(WONT, TTYPE));
    expect(transmitBytes(server.receive(bytes(IAC, SB, TTYPE, 1, IAC, SE)))).toEqual([]);
    const client = new TelnetSession({ role: "client", terminalTypes: ["XTERM"] });
    expect(transmitBytes(client.receive(bytes(neg(WILL, TTYPE))))).toEqual(neg(DONT, TTYPE));
    // The client's ttype SEND command says nothing: it is not the DO side.
    expect([...client.send({ type: "ttype", kind: "send" })]).toEqual([]);
  });
});

describe("RFC 1372 §5 — subnegotiations only while DO and WILL are exchanged", () => {
  it("a server's flow control commands send nothing before the client agrees, and nothing after it says WONT", () => {
    const s = new TelnetSession({ role: "server", options: { lflow: "request" }, lflowRestart: "none" });
    expect([...s.start()]).toEqual(neg(DO, LFLOW));
    expect([...s.send({ type: "lflow", command: "off" })]).toEqual([]);
    s.receive(bytes(neg(WILL, LFLOW)));
    expect([...s.send({ type: "lflow", command: "off" })]).toEqual(sb(LFLOW, [0]));
    expect(transmitBytes(s.receive(bytes(neg(WONT, LFLOW))))).toEqual(neg(DONT, LFLOW));
    expect([...s.send({ type: "lflow", command: "on" })]).toEqual([]);
  });

  it("agreed in both directions, each end switches the other's flow control", () => {
    const a = new TelnetSession({ role: "server", options: { lflow: "accept" }, lflowRestart: "none" });
    const b = new TelnetSession({ role: "client", options: { lflow: "accept" }, lflowRestart: "none" });
    for (const s of [a, b]) s.receive(bytes(neg(DO, LFLOW), neg(WILL, LFLOW)));
    const fromA = a.send({ type: "lflow", command: "off" });
    const fromB = b.send({ type: "lflow", command: "restart-any" });
    expect([...fromA]).toEqual(sb(LFLOW, [0]));
    expect([...fromB]).toEqual(sb(LFLOW, [2]));
    expect(b.receive(fromA)).toEqual([expect.objectContaining({ type: "lflow", enabled: false, command: "off" })]);
    expect(a.receive(fromB)).toEqual([expect.objectContaining({ type: "lflow", restart: "any", command: "restart-any" })]);
  });
});
