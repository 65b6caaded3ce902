import { describe, expect, it } from "vitest";
import {
  DO,
  IAC,
  OPT,
  SB,
  SE,
  TelnetSession,
  WILL,
  WONT,
  MSDP_MAX_DEPTH,
  MSDP_MAX_REPORTED,
  decodeMsdp,
  encodeMsdp,
  encodeMsdpCommand,
  msdpReported,
} from "@telnetkit/core";
import { bytes, dataOf, ofType, pair, transmitted } from "./helpers.js";

const MSDP = OPT.MSDP;
// The spec's names, so the examples below read as in mud-msdp.md.
const VAR = 1;
const VAL = 2;
const TABLE_OPEN = 3;
const TABLE_CLOSE = 4;
const ARRAY_OPEN = 5;
const ARRAY_CLOSE = 6;
const sb = (...parts: (number | string | number[])[]) => bytes(IAC, SB, MSDP, ...parts, IAC, SE);
const payloadOf = (...parts: (number | string | number[])[]) => bytes(...parts);

function msdpServer(): TelnetSession {
  const s = new TelnetSession({ role: "server", options: { msdp: "offer" } });
  expect([...s.start()]).toEqual([IAC, WILL, MSDP]);
  s.receive(bytes(IAC, DO, MSDP));
  return s;
}

function msdpClient(): TelnetSession {
  const c = new TelnetSession({ role: "client" });
  expect(transmitted(c.receive(bytes(IAC, WILL, MSDP)))).toEqual([IAC, DO, MSDP]);
  return c;
}

describe("MSDP — negotiation (mud-msdp.md, Handshake)", () => {
  it("a client accepts WILL MSDP; a server refuses MSDP unless configured", () => {
    msdpClient();
    const s = new TelnetSession({ role: "server" });
    expect([...s.start()]).toEqual([]);
    expect(transmitted(s.receive(bytes(IAC, DO, MSDP)))).toEqual([IAC, WONT, MSDP]);
  });
});

describe("MSDP — the spec's examples", () => {
  it("the handshake: LIST COMMANDS (peers/oracle/msdp.bin) and the COMMANDS array", () => {
    const oracle = [0xff, 0xfa, 0x45, 0x01, 0x4c, 0x49, 0x53, 0x54, 0x02, 0x43, 0x4f, 0x4d, 0x4d, 0x41, 0x4e, 0x44, 0x53, 0xff, 0xf0];
    const s = msdpServer();
    const ev = s.receive(new Uint8Array(oracle));
    expect(ofType(ev, "msdp")).toEqual([{ type: "msdp", kind: "command", command: "LIST", args: ["COMMANDS"] }]);
    expect([...encodeMsdpCommand("LIST", ["COMMANDS"])]).toEqual(oracle.slice(3, -2));

    // server - IAC SB MSDP MSDP_VAR "COMMANDS" MSDP_VAL MSDP_ARRAY_OPEN MSDP_VAL "LIST" MSDP_VAL "REPORT" MSDP_VAL "SEND" MSDP_ARRAY_CLOSE IAC SE
    const answer = sb(VAR, "COMMANDS", VAL, ARRAY_OPEN, VAL, "LIST", VAL, "REPORT", VAL, "SEND", ARRAY_CLOSE);
    expect(s.send({ type: "msdp", kind: "variables", variables: { COMMANDS: ["LIST", "REPORT", "SEND"] } })).toEqual(answer);
    const c = msdpClient();
    expect(ofType(c.receive(answer), "msdp")).toEqual([
      { type: "msdp", kind: "variables", variables: { COMMANDS: ["LIST", "REPORT", "SEND"] } },
    ]);
  });

  it("the whole example handshake between two sessions", () => {
    const p = pair({ role: "server", options: { msdp: "offer" } }, { role: "client" });
    p.open();
    p.fromClient(p.client.send({ type: "msdp", kind: "command", command: "LIST", args: ["REPORTABLE_VARIABLES"] }));
    expect(ofType(p.seen.server, "msdp")).toEqual([
      { type: "msdp", kind: "command", command: "LIST", args: ["REPORTABLE_VARIABLES"] },
    ]);
    p.fromServer(p.server.send({ type: "msdp", kind: "variables", variables: { REPORTABLE_VARIABLES: "HINT" } }));
    p.fromClient(p.client.send({ type: "msdp", kind: "command", command: "SEND", args: ["HINT"] }));
    p.fromServer(p.server.send({ type: "msdp", kind: "variables", variables: { HINT: "THE GAME" } }));
    expect(ofType(p.seen.client, "msdp")).toEqual([
      { type: "msdp", kind: "variables", variables: { REPORTABLE_VARIABLES: "HINT" } },
      { type: "msdp", kind: "variables", variables: { HINT: "THE GAME" } },
    ]);
    expect(ofType(p.seen.server, "msdp").map((e) => e.kind === "command" && e.command)).toEqual(["LIST", "SEND"]);
  });

  it("Variables and Values: SEND HEALTH", () => {
    expect(decodeMsdp(payloadOf(VAR, "SEND", VAL, "HEALTH"))).toEqual({ ok: true, variables: { SEND: "HEALTH" } });
  });

  it("Tables: the ROOM table, both ways", () => {
    const wire = payloadOf(
      VAR, "ROOM", VAL, TABLE_OPEN,
      VAR, "VNUM", VAL, "6008",
      VAR, "NAME", VAL, "The forest clearing",
      VAR, "AREA", VAL, "Haon Dor",
      VAR, "TERRAIN", VAL, "forest",
      VAR, "EXITS", VAL, TABLE_OPEN, VAR, "n", VAL, "6011", VAR, "e", VAL, "6007", TABLE_CLOSE,
      TABLE_CLOSE,
    );
    const room = {
      ROOM: {
        VNUM: "6008",
        NAME: "The forest clearing",
        AREA: "Haon Dor",
        TERRAIN: "forest",
        EXITS: { n: "6011", e: "6007" },
      },
    };
    expect(decodeMsdp(wire)).toEqual({ ok: true, variables: room });
    expect(encodeMsdp(room)).toEqual(wire);
    // Numbers are sent as their text.
    expect(encodeMsdp({ ROOM: { ...room.ROOM, VNUM: 6008 } })).toEqual(wire);
  });

  it("Arrays: REPORTABLE_VARIABLES", () => {
    const wire = payloadOf(
      VAR, "REPORTABLE_VARIABLES", VAL, ARRAY_OPEN,
      VAL, "HEALTH", VAL, "HEALTH_MAX", VAL, "MANA", VAL, "MANA_MAX",
      ARRAY_CLOSE,
    );
    const v = { REPORTABLE_VARIABLES: ["HEALTH", "HEALTH_MAX", "MANA", "MANA_MAX"] };
    expect(decodeMsdp(wire)).toEqual({ ok: true, variables: v });
    expect(encodeMsdp(v)).toEqual(wire);
  });

  it("Lists: a command's arguments as several VALs, and the same VAR repeated, read alike", () => {
    const list = payloadOf(VAR, "REPORT", VAL, "HEALTH", VAL, "HEALTH_MAX", VAL, "MANA", VAL, "MANA_MAX");
    expect(encodeMsdpCommand("REPORT", ["HEALTH", "HEALTH_MAX", "MANA", "MANA_MAX"])).toEqual(list);
    const s = msdpServer();
    const a = ofType(s.receive(bytes(IAC, SB, MSDP, [...list], IAC, SE)), "msdp");
    const b = ofType(s.receive(sb(VAR, "REPORT", VAL, "HEALTH", VAR, "REPORT", VAL, "HEALTH_MAX", VAR, "REPORT", VAL, "MANA", VAL, "MANA_MAX")), "msdp");
    expect(a).toEqual([{ type: "msdp", kind: "command", command: "REPORT", args: ["HEALTH", "HEALTH_MAX", "MANA", "MANA_MAX"] }]);
    expect(b).toEqual(a);
  });

  it("LIST CONFIGURABLE_VARIABLES, and the client setting two of them", () => {
    const c = msdpClient();
    const ev = c.receive(sb(VAR, "CONFIGURABLE_VARIABLES", VAL, ARRAY_OPEN, VAL, "UTF_8", VAL, "XTERM_256_COLORS", ARRAY_CLOSE));
    expect(ofType(ev, "msdp")[0]).toEqual({
      type: "msdp",
      kind: "variables",
      variables: { CONFIGURABLE_VARIABLES: ["UTF_8", "XTERM_256_COLORS"] },
    });
    expect(c.send({ type: "msdp", kind: "variables", variables: { UTF_8: "0", XTERM_256_COLORS: 1 } })).toEqual(
      sb(VAR, "UTF_8", VAL, "0", VAR, "XTERM_256_COLORS", VAL, "1"),
    );
  });

  it("REPORT, then the server reports MUD_TIME as it changes, and UNREPORT stops it", () => {
    const p = pair({ role: "server", options: { msdp: "offer" } }, { role: "client" });
    p.open();
    p.fromClient(p.client.send({ type: "msdp", kind: "command", command: "REPORT", args: ["MUD_TIME"] }));
    expect(msdpReported(p.server)).toEqual(["MUD_TIME"]);
    // The server offers all its values; only the reported one goes out.
    const now = { MUD_TIME: "14:00", SERVER_TIME: "12:00" };
    expect(p.server.send({ type: "msdp", kind: "report", variables: now })).toEqual(sb(VAR, "MUD_TIME", VAL, "14:00"));
    expect(p.server.send({ type: "msdp", kind: "report", variables: { ...now, MUD_TIME: "15:00" } })).toEqual(
      sb(VAR, "MUD_TIME", VAL, "15:00"),
    );
    p.fromClient(p.client.send({ type: "msdp", kind: "command", command: "UNREPORT", args: ["MUD_TIME", "NEWBIE_CHANNEL"] }));
    expect(msdpReported(p.server)).toEqual([]);
    expect([...p.server.send({ type: "msdp", kind: "report", variables: now })]).toEqual([]);
  });

  it("RESET REPORTED_VARIABLES clears the reported set; RESET of another group is left to the application", () => {
    const s = msdpServer();
    s.receive(sb(VAR, "REPORT", VAL, "HEALTH", VAL, "MANA"));
    const ev = s.receive(sb(VAR, "RESET", VAL, "CHESS_MINIGAME"));
    expect(ofType(ev, "msdp")).toEqual([{ type: "msdp", kind: "command", command: "RESET", args: ["CHESS_MINIGAME"] }]);
    expect(msdpReported(s)).toEqual(["HEALTH", "MANA"]);
    s.receive(sb(VAR, "RESET", VAL, "REPORTED_VARIABLES"));
    expect(msdpReported(s)).toEqual([]);
  });

  it("SEND AREA_NAME ROOM_NAME and the answer with two variables", () => {
    const s = msdpServer();
    expect(ofType(s.receive(sb(VAR, "SEND", VAL, "AREA_NAME", VAL, "ROOM_NAME")), "msdp")).toEqual([
      { type: "msdp", kind: "command", command: "SEND", args: ["AREA_NAME", "ROOM_NAME"] },
    ]);
    const answer = sb(VAR, "AREA_NAME", VAL, "Tower of Entropy", VAR, "ROOM_NAME", VAL, "Tower Pinnacle");
    expect(s.send({ type: "msdp", kind: "variables", variables: { AREA_NAME: "Tower of Entropy", ROOM_NAME: "Tower Pinnacle" } })).toEqual(answer);
    expect(ofType(msdpClient().receive(answer), "msdp")[0]).toEqual({
      type: "msdp",
      kind: "variables",
      variables: { AREA_NAME: "Tower of Entropy", ROOM_NAME: "Tower Pinnacle" },
    });
  });

  it("a message with variables and a command gives the variables first, then the command", () => {
    const s = msdpServer();
    const ev = ofType(s.receive(sb(VAR, "REPORT", VAL, "HEALTH", VAR, "CLIENT_NAME", VAL, "tt++")), "msdp");
    expect(ev).toEqual([
      { type: "msdp", kind: "variables", variables: { CLIENT_NAME: "tt++" } },
      { type: "msdp", kind: "command", command: "REPORT", args: ["HEALTH"] },
    ]);
  });
});

describe("MSDP — values", () => {
  it("reads VAL followed by a marker as the empty string, and empty tables and arrays", () => {
    expect(decodeMsdp(payloadOf(VAR, "A", VAL, VAR, "B", VAL))).toEqual({ ok: true, variables: { A: "", B: "" } });
    expect(decodeMsdp(payloadOf(VAR, "T", VAL, TABLE_OPEN, TABLE_CLOSE, VAR, "L", VAL, ARRAY_OPEN, ARRAY_CLOSE))).toEqual({
      ok: true,
      variables: { T: {}, L: [] },
    });
    expect(decodeMsdp(payloadOf(VAR, "L", VAL, ARRAY_OPEN, VAL, VAL, "x", ARRAY_CLOSE))).toEqual({
      ok: true,
      variables: { L: ["", "x"] },
    });
    expect(decodeMsdp(payloadOf(VAR, VAL, "nameless"))).toEqual({ ok: true, variables: { "": "nameless" } });
  });

  it("several VALs in a table and in an array make arrays, nested values kept", () => {
    const wire = payloadOf(
      VAR, "X", VAL, TABLE_OPEN, VAR, "k", VAL, "1", VAL, ARRAY_OPEN, VAL, "2", ARRAY_CLOSE, TABLE_CLOSE,
      VAL, "tail",
    );
    expect(decodeMsdp(wire)).toEqual({ ok: true, variables: { X: [{ k: ["1", ["2"]] }, "tail"] } });
  });

  it("text is UTF-8", () => {
    const v = { NAME: "Mjölnir ⚒", "ÉTÉ": ["ü"] };
    const wire = encodeMsdp(v);
    expect([...wire.slice(0, 8)]).toEqual([VAR, ...new TextEncoder().encode("NAME"), VAL, 0x4d, 0x6a]);
    expect(decodeMsdp(wire)).toEqual({ ok: true, variables: v });
  });

  it("a variable named __proto__ is an ordinary key", () => {
    const d = decodeMsdp(payloadOf(VAR, "__proto__", VAL, TABLE_OPEN, VAR, "polluted", VAL, "yes", TABLE_CLOSE));
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(Object.keys(d.variables)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(d.variables)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(encodeMsdp(d.variables)).toEqual(payloadOf(VAR, "__proto__", VAL, TABLE_OPEN, VAR, "polluted", VAL, "yes", TABLE_CLOSE));
  });

  it("refuses to encode reserved control codes, deep nesting, cycles and other types", () => {
    expect(() => encodeMsdp({ A: "x\u0001y" })).toThrow(TypeError);
    expect(() => encodeMsdp({ "A\u0000": "x" })).toThrow(TypeError);
    expect(() => encodeMsdp({ A: "\u0006" })).toThrow(TypeError);
    expect(encodeMsdp({ A: "\u0007\u00ff" })).toEqual(payloadOf(VAR, "A", VAL, 7, 0xc3, 0xbf));
    let deep: unknown = "x";
    for (let k = 0; k < MSDP_MAX_DEPTH; k++) deep = [deep];
    expect(() => encodeMsdp({ A: deep as string })).not.toThrow();
    expect(() => encodeMsdp({ A: [deep as string] })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodeMsdp({ A: cyclic as never })).toThrow(TypeError);
    expect(() => encodeMsdp({ A: true as never })).toThrow(TypeError);
    expect(() => encodeMsdp({ A: new Date() as never })).toThrow(TypeError);
    expect(() => encodeMsdp({ A: NaN })).toThrow(TypeError);
    expect(() => encodeMsdpCommand("LIST", [])).toThrow(TypeError);
    expect(() => encodeMsdpCommand("EXPLODE" as "LIST", ["x"])).toThrow(TypeError);
    const s = msdpServer();
    expect(() => s.send({ type: "msdp", kind: "variables", variables: [] as never })).toThrow(TypeError);
    expect(() => s.send({ type: "msdp", kind: "other" } as never)).toThrow(TypeError);
  });

  it("sends nothing while MSDP is off", () => {
    const s = new TelnetSession({ role: "server", options: { msdp: "offer" } });
    expect([...s.send({ type: "msdp", kind: "variables", variables: { A: "1" } })]).toEqual([]);
    expect([...s.send({ type: "msdp", kind: "command", command: "LIST", args: ["COMMANDS"] })]).toEqual([]);
  });

  it("forgets the reported set when MSDP goes off (a copyover)", () => {
    const s = msdpServer();
    s.receive(sb(VAR, "REPORT", VAL, "HEALTH"));
    expect(msdpReported(s)).toEqual(["HEALTH"]);
    s.send({ type: "disable", option: MSDP, side: "local" });
    expect(msdpReported(s)).toEqual([]);
  });
});

describe("MSDP — malformed input gives a warning and the session goes on", () => {
  const cases: [string, (number | string)[]][] = [
    ["an empty message", []],
    ["text before the first VAR", ["junk", VAR, "A", VAL, "1"]],
    ["VAL without VAR", [VAL, "1"]],
    ["VAR without VAL at the end", [VAR, "A", VAL, "1", VAR, "B"]],
    ["VAR without VAL before VAR", [VAR, "A", VAR, "B", VAL, "1"]],
    ["an unclosed table (truncated)", [VAR, "A", VAL, TABLE_OPEN, VAR, "B", VAL, "1"]],
    ["an unclosed array (truncated)", [VAR, "A", VAL, ARRAY_OPEN, VAL, "1"]],
    ["a table closed as an array", [VAR, "A", VAL, TABLE_OPEN, ARRAY_CLOSE]],
    ["a close with nothing open", [VAR, "A", VAL, "1", TABLE_CLOSE]],
    ["TABLE_OPEN not after VAL", [VAR, "A", TABLE_OPEN, TABLE_CLOSE]],
    ["ARRAY_OPEN after text", [VAR, "A", VAL, "x", ARRAY_OPEN, ARRAY_CLOSE]],
    ["VAR inside an array", [VAR, "A", VAL, ARRAY_OPEN, VAR, "B", VAL, "1", ARRAY_CLOSE]],
    ["text after a close", [VAR, "A", VAL, ARRAY_OPEN, ARRAY_CLOSE, "x"]],
    ["VAL opening a table without VAR", [VAR, "A", VAL, TABLE_OPEN, VAL, "1", TABLE_CLOSE]],
    ["a table entry without VAL", [VAR, "A", VAL, TABLE_OPEN, VAR, "B", TABLE_CLOSE]],
  ];
  for (const [what, parts] of cases) {
    it(what, () => {
      const c = msdpClient();
      const ev = c.receive(concat(sb(...parts), bytes("ok"), sb(VAR, "HP", VAL, "7")));
      expect(ofType(ev, "warning").map((w) => [w.code, w.option])).toEqual([["malformed-subnegotiation", MSDP]]);
      expect(ofType(ev, "msdp")).toEqual([{ type: "msdp", kind: "variables", variables: { HP: "7" } }]);
      expect(dataOf(ev)).toEqual([...bytes("ok")]);
    });
  }

  it("a command whose argument is a table is dropped with a warning", () => {
    const s = msdpServer();
    const ev = s.receive(sb(VAR, "REPORT", VAL, TABLE_OPEN, VAR, "A", VAL, "1", TABLE_CLOSE, VAR, "SEND", VAL, "B"));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
    expect(ofType(ev, "msdp")).toEqual([{ type: "msdp", kind: "command", command: "SEND", args: ["B"] }]);
    expect(msdpReported(s)).toEqual([]);
  });

  it(`nesting up to ${MSDP_MAX_DEPTH} decodes; deeper gives nesting-limit`, () => {
    const nested = (depth: number) => [VAR, "A", ...Array(depth).fill([VAL, ARRAY_OPEN]).flat(), ...Array(depth).fill(ARRAY_CLOSE)];
    const ok = decodeMsdp(payloadOf(...nested(MSDP_MAX_DEPTH)));
    expect(ok.ok).toBe(true);
    const c = msdpClient();
    const ev = c.receive(sb(...nested(MSDP_MAX_DEPTH + 1)));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["nesting-limit"]);
    expect(ofType(ev, "msdp")).toEqual([]);
  });

  it("tens of thousands of nested opens: a warning, no stack overflow", () => {
    const c = new TelnetSession({ role: "client", limits: { subnegotiation: 1 << 20 } });
    c.receive(bytes(IAC, WILL, MSDP));
    const deep = new Uint8Array(200_002);
    deep[0] = VAR;
    for (let k = 1; k < deep.length - 1; k += 2) {
      deep[k] = VAL;
      deep[k + 1] = ARRAY_OPEN;
    }
    const ev = c.receive(concat(bytes(IAC, SB, MSDP), deep, bytes(IAC, SE)));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["nesting-limit"]);
    // With no depth bound the parser still keeps its own stack: unclosed, so malformed.
    expect(decodeMsdp(deep, Infinity)).toMatchObject({ ok: false, code: "malformed-subnegotiation" });
  });

  it("keeps at most MSDP_MAX_REPORTED reported variables: more REPORT names are dropped with an msdp-limit warning", () => {
    const s = msdpServer();
    for (let k = 0; k < MSDP_MAX_REPORTED; k++) s.receive(sb(VAR, "REPORT", VAL, `V${k}`));
    expect(msdpReported(s)).toHaveLength(MSDP_MAX_REPORTED);
    const ev = s.receive(sb(VAR, "REPORT", VAL, "MORE", VAL, "V0"));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["msdp-limit"]);
    expect(ofType(ev, "msdp")).toEqual([{ type: "msdp", kind: "command", command: "REPORT", args: ["MORE", "V0"] }]);
    expect(msdpReported(s)).toHaveLength(MSDP_MAX_REPORTED);
    expect(msdpReported(s)).not.toContain("MORE");
    // UNREPORT frees a place.
    s.receive(sb(VAR, "UNREPORT", VAL, "V1"));
    s.receive(sb(VAR, "REPORT", VAL, "MORE"));
    expect(msdpReported(s)).toContain("MORE");
  });

  it("with MSDP off, a REPORT is delivered but not kept", () => {
    const s = new TelnetSession({ role: "server" });
    const ev = s.receive(sb(VAR, "REPORT", VAL, "HEALTH"));
    expect(ofType(ev, "msdp")).toEqual([{ type: "msdp", kind: "command", command: "REPORT", args: ["HEALTH"] }]);
    expect(msdpReported(s)).toEqual([]);
  });
});

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return new Uint8Array(parts.flatMap((p) => [...p]));
}
