/**
 * RFC 1123 §3 (Telnet) requirements that no other test checked.
 */
import { describe, expect, it } from "vitest";
import { TelnetConnection, TelnetSession, createChannelPair } from "@telnetkit/core";
import { ofType, transmitBytes } from "../src/stream.js";
import { BINARY, CR, DO, DONT, ECHO, IAC, LF, NAWS, NUL, SGA, TTYPE, WILL, WONT, neg } from "../src/telnet.js";

const bytes = (...parts: (number | number[])[]) => Uint8Array.from(parts.flat());
const dataOf = (s: TelnetSession, input: Uint8Array) => ofType(s.receive(input), "data").flatMap((e) => [...e.bytes]);

describe("RFC 1123 §3.2.1 — default to an NVT", () => {
  it("when every request is refused the session stays an NVT: CR LF and CR NUL out, CR NUL read as CR", () => {
    const s = new TelnetSession({
      role: "server",
      options: { binary: { local: "initiate", remote: "initiate" }, echo: "offer", sga: "offer", naws: "request", ttype: "request" },
    });
    expect([...s.start()].length).toBeGreaterThan(0);
    s.receive(bytes(neg(DONT, BINARY), neg(WONT, BINARY), neg(DONT, ECHO), neg(DONT, SGA), neg(WONT, NAWS), neg(WONT, TTYPE)));
    expect(s.enabledOptions("local")).toEqual([]);
    expect(s.enabledOptions("remote")).toEqual([]);
    expect([...s.send({ type: "text", text: "a\nb\r" })]).toEqual([0x61, CR, LF, 0x62, CR, NUL]);
    expect(dataOf(s, bytes(0x61, CR, NUL, 0x62, CR, LF))).toEqual([0x61, CR, 0x62, CR, LF]);
    expect(s.isSettled()).toBe(true);
  });
});

describe("RFC 1123 §3.2.2 — SUPPRESS-GO-AHEAD", () => {
  it("a client and a server with default settings accept SGA in both directions", () => {
    for (const role of ["client", "server"] as const) {
      const s = new TelnetSession({ role });
      expect(transmitBytes(s.receive(bytes(neg(DO, SGA), neg(WILL, SGA)))), role).toEqual([...neg(WILL, SGA), ...neg(DO, SGA)]);
    }
  });
});

describe("RFC 1123 §3.2.5 — the high-order bit in NVT mode", () => {
  it("text written through a connection has no byte above 127 until BINARY is on for our side", async () => {
    const [a, b] = createChannelPair();
    const server = new TelnetConnection(a, { role: "server", options: { binary: "refuse" } });
    const client = new TelnetConnection(b, { role: "client", options: { binary: "refuse" } });
    await server.write("caf\u00e9 \u00bfs\u00ed? \u2603\n");
    const got = await client.readBytes();
    expect(got).not.toBeNull();
    expect([...got!].filter((x) => x > 127)).toEqual([]);
    await client.close();
    await server.close();
  });
});

describe("RFC 1123 §3.2.7 — BINARY", () => {
  it("with BINARY on, IAC in data and text is still doubled and nothing else is changed", () => {
    const s = new TelnetSession({ role: "client" });
    s.receive(bytes(neg(DO, BINARY), neg(WILL, BINARY)));
    expect(s.isEnabled(BINARY, "local")).toBe(true);
    expect([...s.send({ type: "data", bytes: bytes(1, IAC, CR, 2, CR, LF, IAC) })]).toEqual([1, IAC, IAC, CR, 2, CR, LF, IAC, IAC]);
    const latin1 = (t: string) => Uint8Array.from(t, (c) => c.charCodeAt(0));
    const t = new TelnetSession({ role: "client", encodeText: latin1 });
    t.receive(bytes(neg(DO, BINARY)));
    expect([...t.send({ type: "text", text: "\u00ff\r\n\r" })]).toEqual([IAC, IAC, CR, LF, CR]);
  });
});

describe("RFC 1123 §3.3.1 — end of line from a User Telnet", () => {
  it("a client can send each of CR LF, CR NUL and a bare LF", () => {
    const c = new TelnetSession({ role: "client" });
    expect([...c.send({ type: "text", text: "\n" })]).toEqual([CR, LF]);
    expect([...c.send({ type: "text", text: "\r" })]).toEqual([CR, NUL]);
    expect([...c.send({ type: "data", bytes: bytes(LF) })]).toEqual([LF]);
  });
});

describe("RFC 1123 §3.3.4 — option initiation", () => {
  it("the policy decides whether a client initiates: nothing at start() with `accept`, its requests with `initiate`", () => {
    const passive = new TelnetSession({ role: "client", options: { naws: "accept", ttype: "accept", sga: "accept" } });
    expect([...passive.start()]).toEqual([]);
    const active = new TelnetSession({ role: "client", options: { naws: "offer", ttype: "offer", sga: { local: "initiate", remote: "initiate" } } });
    const opening = [...active.start()];
    for (const msg of [neg(WILL, NAWS), neg(WILL, TTYPE), neg(WILL, SGA), neg(DO, SGA)]) {
      expect(opening.join(",")).toContain(msg.join(","));
    }
    expect(opening).toHaveLength(12);
  });

  it("a server opens the negotiation of the terminal mode its policy expects", () => {
    const s = new TelnetSession({ role: "server", options: { echo: "offer", sga: "offer" } });
    expect([...s.start()]).toEqual([...neg(WILL, ECHO), ...neg(WILL, SGA)]);
  });
});

