import { describe, expect, it } from "vitest";
import {
  DO,
  DONT,
  IAC,
  OPT,
  SB,
  SE,
  GMCP_MAX_PACKAGES,
  TelnetSession,
  WILL,
  WONT,
  decodeGmcp,
  encodeGmcp,
  gmcpHello,
  gmcpIsSupported,
  gmcpSupports,
} from "@telnetkit/core";
import { bytes, dataOf, ofType, pair, transmitted } from "./helpers.js";

const GMCP = OPT.GMCP;
const utf8 = (s: string) => [...new TextEncoder().encode(s)];
const sb = (text: string) => bytes(IAC, SB, GMCP, utf8(text), IAC, SE);
const sbPayloads = (wire: number[]): string[] => {
  // Payloads of the GMCP subnegotiations in a stream we sent (no IAC inside UTF-8 text).
  const out: string[] = [];
  for (let i = 0; i + 2 < wire.length; i++) {
    if (wire[i] === IAC && wire[i + 1] === SB && wire[i + 2] === GMCP) {
      const end = wire.indexOf(IAC, i + 3);
      out.push(new TextDecoder().decode(new Uint8Array(wire.slice(i + 3, end))));
      i = end + 1;
    }
  }
  return out;
};

function gmcpServer(): TelnetSession {
  const s = new TelnetSession({ role: "server", options: { gmcp: "offer" } });
  expect([...s.start()]).toEqual([IAC, WILL, GMCP]);
  s.receive(bytes(IAC, DO, GMCP));
  expect(s.isEnabled(GMCP, "local")).toBe(true);
  return s;
}

function gmcpClient(): TelnetSession {
  const c = new TelnetSession({ role: "client" });
  expect(transmitted(c.receive(bytes(IAC, WILL, GMCP)))).toEqual([IAC, DO, GMCP]);
  return c;
}

describe("GMCP — negotiation (mud-gmcp.md, Handshake)", () => {
  it("a client accepts WILL GMCP with DO GMCP by default", () => {
    const c = new TelnetSession({ role: "client" });
    expect([...c.start()]).toEqual([]); // "The client should never initiate a negotiation"
    expect(transmitted(c.receive(bytes(IAC, WILL, GMCP)))).toEqual([IAC, DO, GMCP]);
    expect(c.isEnabled(GMCP, "remote")).toBe(true);
  });

  it("a server neither offers nor accepts GMCP unless configured", () => {
    const s = new TelnetSession({ role: "server" });
    expect([...s.start()]).toEqual([]);
    expect(transmitted(s.receive(bytes(IAC, DO, GMCP)))).toEqual([IAC, WONT, GMCP]);
  });

  it("with gmcp: offer the server sends WILL GMCP and both sides agree", () => {
    const p = pair({ role: "server", options: { gmcp: "offer" } }, { role: "client" });
    p.open();
    expect(p.server.isEnabled(GMCP, "local")).toBe(true);
    expect(p.client.isEnabled(GMCP, "remote")).toBe(true);
  });
});

describe("GMCP — messages (mud-gmcp.md, Data Format)", () => {
  it("decodes the oracle's Core.Hello (peers/oracle/gmcp.bin)", () => {
    const wire = [
      0xff, 0xfa, 0xc9, 0x43, 0x6f, 0x72, 0x65, 0x2e, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0x7b, 0x22, 0x63, 0x6c, 0x69,
      0x65, 0x6e, 0x74, 0x22, 0x3a, 0x22, 0x78, 0x22, 0x7d, 0xff, 0xf0,
    ];
    const s = gmcpServer();
    const ev = s.receive(new Uint8Array(wire));
    expect(ofType(ev, "gmcp")).toEqual([
      { type: "gmcp", message: "Core.Hello", key: "core.hello", text: '{"client":"x"}', data: { client: "x" } },
    ]);
    expect(ofType(ev, "gmcp-hello")).toEqual([{ type: "gmcp-hello", client: "x", data: { client: "x" } }]);
    expect(gmcpHello(s)).toEqual({ client: "x" });
    expect(ofType(ev, "warning")).toEqual([]);
    expect([...encodeGmcp("Core.Hello", { client: "x" })]).toEqual(wire.slice(3, -2));
  });

  it("carries the spec's MSDP over GMCP exchange both ways", () => {
    const p = pair({ role: "server", options: { gmcp: "offer" } }, { role: "client" });
    p.open();
    // client - IAC SB GMCP 'MSDP {"LIST" : "COMMANDS"}' IAC SE
    p.fromClient(sb('MSDP {"LIST" : "COMMANDS"}'));
    expect(ofType(p.seen.server, "gmcp")).toEqual([
      { type: "gmcp", message: "MSDP", key: "msdp", text: '{"LIST" : "COMMANDS"}', data: { LIST: "COMMANDS" } },
    ]);
    // server - IAC SB GMCP 'MSDP {"COMMANDS" : ["LIST", "REPORT", "RESET", "SEND", "UNREPORT"]}' IAC SE
    p.fromServer(sb('MSDP {"COMMANDS" : ["LIST", "REPORT", "RESET", "SEND", "UNREPORT"]}'));
    const got = ofType(p.seen.client, "gmcp");
    expect(got.map((e) => [e.message, e.data])).toEqual([
      ["MSDP", { COMMANDS: ["LIST", "REPORT", "RESET", "SEND", "UNREPORT"] }],
    ]);
  });

  it("sends a message with JSON data, and one without data with no space", () => {
    const s = gmcpServer();
    expect(s.send({ type: "gmcp", message: "Char.Vitals", data: { hp: 10, maxhp: 20 } })).toEqual(
      sb('Char.Vitals {"hp":10,"maxhp":20}'),
    );
    // "When sending a command without a data section the space should be omitted."
    expect(s.send({ type: "gmcp", message: "Core.Ping" })).toEqual(sb("Core.Ping"));
    expect(s.send({ type: "gmcp", message: "Comm.Channel.Text", data: "é ✓" })).toEqual(
      sb('Comm.Channel.Text "é ✓"'),
    );
  });

  it("decodes a message without data, and reads a lone trailing space as no data", () => {
    const c = gmcpClient();
    expect(ofType(c.receive(sb("Core.Goodbye")), "gmcp")).toEqual([
      { type: "gmcp", message: "Core.Goodbye", key: "core.goodbye" },
    ]);
    expect(ofType(c.receive(sb("Core.Ping ")), "gmcp")).toEqual([{ type: "gmcp", message: "Core.Ping", key: "core.ping" }]);
  });

  it("decodes JSON scalars, null included, and UTF-8 text", () => {
    const c = gmcpClient();
    const ev = c.receive(concat(sb("A.B 42"), sb("A.C null"), sb('A.D "Grüße"'), sb("A.E [true,false]")));
    expect(ofType(ev, "gmcp").map((e) => e.data)).toEqual([42, null, "Grüße", [true, false]]);
  });

  it("reports data that is not JSON with a warning and still delivers the raw text", () => {
    const c = gmcpClient();
    const ev = c.receive(concat(sb("Room.Info {name: 'x'}"), bytes("after")));
    const w = ofType(ev, "warning");
    expect(w.map((x) => [x.code, x.option])).toEqual([["invalid-json", GMCP]]);
    expect(ofType(ev, "gmcp")).toEqual([
      { type: "gmcp", message: "Room.Info", key: "room.info", text: "{name: 'x'}" },
    ]);
    expect(dataOf(ev)).toEqual([...bytes("after")]);
  });

  it("decodes bytes that are not UTF-8 as U+FFFD and never throws", () => {
    const d = decodeGmcp(new Uint8Array([0x41, 0x2e, 0x42, 0x20, 0x22, 0xc3, 0x28, 0xff, 0x22]));
    expect(d.ok && d.event.data).toBe("\ufffd(\ufffd");
  });

  it("drops a message with no package name with a warning", () => {
    const c = gmcpClient();
    for (const payload of ["", " {}", "\t1"]) {
      const ev = c.receive(concat(bytes(IAC, SB, GMCP), utf8(payload), bytes(IAC, SE, "x")));
      expect(ofType(ev, "warning").map((w) => w.code)).toContain("malformed-subnegotiation");
      expect(ofType(ev, "gmcp")).toEqual([]);
      expect(dataOf(ev)).toEqual([0x78]);
    }
  });

  it("matches names without regard to case but keeps them as sent", () => {
    const s = gmcpServer();
    const ev = s.receive(sb('CORE.supports.SET ["Char 1"]'));
    expect(ofType(ev, "gmcp")[0]).toMatchObject({ message: "CORE.supports.SET", key: "core.supports.set" });
    expect(gmcpSupports(s)).toEqual([{ name: "Char", version: 1 }]);
  });

  it("sends nothing while GMCP is off, and throws on an invalid command", () => {
    const s = new TelnetSession({ role: "server", options: { gmcp: "offer" } });
    expect([...s.send({ type: "gmcp", message: "Char.Vitals", data: {} })]).toEqual([]);
    expect(() => s.send({ type: "gmcp", message: "two words" })).toThrow(TypeError);
    expect(() => s.send({ type: "gmcp", message: "" })).toThrow(TypeError);
    expect(() => s.send({ type: "gmcp", message: "A.B", data: 10n })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => s.send({ type: "gmcp", message: "A.B", data: cyclic })).toThrow(TypeError);
    expect(() => s.send({ type: "gmcp", message: "A.B", data: () => 1 })).toThrow(TypeError);
  });
});

describe("GMCP — Core.Hello and Core.Supports bookkeeping", () => {
  it("the server keeps the client's packages through Set, Add and Remove", () => {
    const s = gmcpServer();
    let ev = s.receive(sb('Core.Supports.Set ["Char 1", "Char.Skills 1", "Room 2"]'));
    expect(ofType(ev, "gmcp-supports")).toEqual([
      {
        type: "gmcp-supports",
        kind: "set",
        packages: [
          { name: "Char", version: 1 },
          { name: "Char.Skills", version: 1 },
          { name: "Room", version: 2 },
        ],
        supported: [
          { name: "Char", version: 1 },
          { name: "Char.Skills", version: 1 },
          { name: "Room", version: 2 },
        ],
      },
    ]);
    ev = s.receive(sb('Core.Supports.Add ["Comm.Channel 1", "room 3"]'));
    expect(ofType(ev, "gmcp-supports")[0].supported).toEqual([
      { name: "Char", version: 1 },
      { name: "Char.Skills", version: 1 },
      { name: "room", version: 3 },
      { name: "Comm.Channel", version: 1 },
    ]);
    ev = s.receive(sb('Core.Supports.Remove ["Char.Skills", "ROOM 3"]'));
    expect(ofType(ev, "gmcp-supports")[0]).toMatchObject({
      kind: "remove",
      supported: [
        { name: "Char", version: 1 },
        { name: "Comm.Channel", version: 1 },
      ],
    });
    expect(gmcpIsSupported(s, "Char.Vitals")).toBe(true);
    expect(gmcpIsSupported(s, "char.status")).toBe(true);
    expect(gmcpIsSupported(s, "Comm.Channel.Text")).toBe(true);
    expect(gmcpIsSupported(s, "Comm.Tell")).toBe(false);
    expect(gmcpIsSupported(s, "Room.Info")).toBe(false);
    // Set replaces the whole list.
    s.receive(sb('Core.Supports.Set ["IRE.Rift 1"]'));
    expect(gmcpSupports(s)).toEqual([{ name: "IRE.Rift", version: 1 }]);
  });

  it("skips malformed package entries with a warning and keeps the others", () => {
    const s = gmcpServer();
    const ev = s.receive(sb('Core.Supports.Set ["Char 1", 7, "Room x", "", "A B C", "Group 1"]'));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(Array(4).fill("malformed-subnegotiation"));
    expect(gmcpSupports(s).map((p) => p.name)).toEqual(["Char", "Group"]);
    const ev2 = s.receive(concat(sb('Core.Supports.Add {"Char": 1}'), sb("Core.Hello [1]")));
    expect(ofType(ev2, "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation", "malformed-subnegotiation"]);
    expect(ofType(ev2, "gmcp")).toHaveLength(2); // the messages themselves still arrive
  });

  it("messages named like Object.prototype members are ordinary messages", () => {
    const s = gmcpServer();
    const ev = s.receive(concat(sb("constructor [1]"), sb("__proto__ {}"), sb("toString")));
    expect(ofType(ev, "gmcp").map((e) => e.message)).toEqual(["constructor", "__proto__", "toString"]);
    expect(ofType(ev, "warning")).toEqual([]);
    expect(ofType(ev, "gmcp-supports")).toEqual([]);
  });

  it("a client that receives Core.Supports from the server warns of the wrong direction", () => {
    const c = gmcpClient();
    const ev = c.receive(sb('Core.Supports.Set ["Char 1"]'));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["wrong-direction"]);
    expect(ofType(ev, "gmcp")).toHaveLength(1);
    expect(ofType(ev, "gmcp-supports")).toEqual([]);
    expect(gmcpSupports(c)).toEqual([]);
  });

  it("the client sends Core.Hello and Core.Supports once GMCP is on, and again after a copyover", () => {
    const p = pair({ role: "server", options: { gmcp: "offer" } }, { role: "client" });
    // Given before GMCP is on: kept, nothing sent yet.
    expect([...p.client.send({ type: "gmcp-hello", client: "telnetkit", version: "1.0" })]).toEqual([]);
    expect([...p.client.send({ type: "gmcp-supports", kind: "set", packages: ["Char 1", { name: "Room", version: 1 }] })]).toEqual([]);
    p.open();
    expect(ofType(p.seen.server, "gmcp").map((e) => e.message)).toEqual(["Core.Hello", "Core.Supports.Set"]);
    expect(ofType(p.seen.server, "gmcp-hello")).toEqual([
      { type: "gmcp-hello", client: "telnetkit", version: "1.0", data: { client: "telnetkit", version: "1.0" } },
    ]);
    expect(gmcpSupports(p.server)).toEqual([
      { name: "Char", version: 1 },
      { name: "Room", version: 1 },
    ]);

    // While on, changes go out at once.
    const add = p.client.send({ type: "gmcp-supports", kind: "add", packages: ["Comm.Channel 1"] });
    expect(sbPayloads([...add])).toEqual(['Core.Supports.Add ["Comm.Channel 1"]']);
    const rm = p.client.send({ type: "gmcp-supports", kind: "remove", packages: ["Room 1"] });
    expect(sbPayloads([...rm])).toEqual(['Core.Supports.Remove ["Room"]']);
    p.fromClient(concat(add, rm));
    expect(gmcpSupports(p.server).map((x) => x.name)).toEqual(["Char", "Comm.Channel"]);

    // Copyover: the server says WONT GMCP and forgets; WILL GMCP again and the client re-announces.
    p.seen.server.length = 0;
    p.fromServer(p.server.send({ type: "disable", option: GMCP, side: "local" }));
    expect(p.client.isEnabled(GMCP, "remote")).toBe(false);
    expect(gmcpSupports(p.server)).toEqual([]);
    expect(gmcpHello(p.server)).toBeUndefined();
    p.fromServer(p.server.send({ type: "enable", option: GMCP, side: "local" }));
    expect(ofType(p.seen.server, "gmcp").map((e) => [e.message, e.data])).toEqual([
      ["Core.Hello", { client: "telnetkit", version: "1.0" }],
      ["Core.Supports.Set", ["Char 1", "Comm.Channel 1"]],
    ]);
    expect(gmcpSupports(p.server).map((x) => x.name)).toEqual(["Char", "Comm.Channel"]);
  });

  it("Core.Hello and Core.Supports are client commands", () => {
    const s = gmcpServer();
    expect(() => s.send({ type: "gmcp-hello", client: "x", version: "1" })).toThrow(TypeError);
    expect(() => s.send({ type: "gmcp-supports", kind: "set", packages: [] })).toThrow(TypeError);
    const c = gmcpClient();
    expect(() => c.send({ type: "gmcp-supports", kind: "replace" as "set", packages: [] })).toThrow(TypeError);
    expect(() => c.send({ type: "gmcp-supports", kind: "add", packages: ["two words here"] })).toThrow(TypeError);
    expect(() => c.send({ type: "gmcp-hello", client: "x" } as never)).toThrow(TypeError);
  });

  it("a DONT GMCP from the client also resets the server's view", () => {
    const s = gmcpServer();
    s.receive(sb('Core.Supports.Set ["Char 1"]'));
    expect(transmitted(s.receive(bytes(IAC, DONT, GMCP)))).toEqual([IAC, WONT, GMCP]);
    expect(gmcpSupports(s)).toEqual([]);
  });

  it("keeps at most GMCP_MAX_PACKAGES packages: more Core.Supports.Add are dropped with a gmcp-limit warning", () => {
    const s = gmcpServer();
    let events = 0;
    for (let k = 0; k < GMCP_MAX_PACKAGES + 50; k++) {
      const ev = s.receive(sb(`Core.Supports.Add ["P${k} 1"]`));
      events += JSON.stringify(ev).length;
      if (k === GMCP_MAX_PACKAGES) {
        expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["gmcp-limit"]);
        expect(ofType(ev, "gmcp-supports")[0].packages).toEqual([]);
      }
    }
    expect(gmcpSupports(s)).toHaveLength(GMCP_MAX_PACKAGES);
    expect(gmcpIsSupported(s, `P${GMCP_MAX_PACKAGES - 1}`)).toBe(true);
    expect(gmcpIsSupported(s, `P${GMCP_MAX_PACKAGES}`)).toBe(false);
    // A package already listed can still change its version, and a removed one frees a place.
    s.receive(sb('Core.Supports.Add ["P0 2"]'));
    expect(gmcpSupports(s)[0]).toEqual({ name: "P0", version: 2 });
    s.receive(sb('Core.Supports.Remove ["P1"]'));
    s.receive(sb('Core.Supports.Add ["Q 1"]'));
    expect(gmcpIsSupported(s, "Q")).toBe(true);
    // Each event carries the whole list, so its size is bounded by the limit, not by the input.
    expect(events).toBeLessThan((GMCP_MAX_PACKAGES + 50) * GMCP_MAX_PACKAGES * 40);
  });

  it("a server with GMCP off keeps nothing of a Core.Hello or Core.Supports sent anyway", () => {
    const s = new TelnetSession({ role: "server" });
    const ev = s.receive(concat(sb('Core.Hello {"client":"x","version":"1"}'), sb('Core.Supports.Set ["Char 1"]')));
    expect(ofType(ev, "gmcp").map((e) => e.message)).toEqual(["Core.Hello", "Core.Supports.Set"]);
    expect(ofType(ev, "gmcp-supports")).toEqual([]);
    expect(ofType(ev, "gmcp-hello")).toEqual([]);
    expect(gmcpSupports(s)).toEqual([]);
    expect(gmcpHello(s)).toBeUndefined();
  });
});

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return new Uint8Array(parts.flatMap((p) => [...p]));
}
