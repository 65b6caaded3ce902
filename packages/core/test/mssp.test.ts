import { describe, expect, it } from "vitest";
import { DO, DONT, IAC, OPT, SB, SE, TelnetSession, WILL, WONT, decodeMssp, encodeMssp } from "@telnetkit/core";
import { bytes, dataOf, ofType, pair, transmitted } from "./helpers.js";

const MSSP = OPT.MSSP;
const VAR = 1;
const VAL = 2;
const sb = (...parts: (number | string | number[])[]) => bytes(IAC, SB, MSSP, ...parts, IAC, SE);

function msspClient(): TelnetSession {
  const c = new TelnetSession({ role: "client" });
  expect(transmitted(c.receive(bytes(IAC, WILL, MSSP)))).toEqual([IAC, DO, MSSP]);
  return c;
}

describe("MSSP — the spec's handshake (mud-mssp.md)", () => {
  it("a server with a status offers MSSP and answers DO MSSP with it", () => {
    // server - IAC WILL MSSP / client - IAC DO MSSP /
    // server - IAC SB MSSP MSSP_VAR "PLAYERS" MSSP_VAL "52" MSSP_VAR "UPTIME" MSSP_VAL "1234567890" IAC SE
    const s = new TelnetSession({ role: "server", mssp: { PLAYERS: 52, UPTIME: "1234567890" } });
    expect([...s.start()]).toEqual([IAC, WILL, MSSP]);
    expect(transmitted(s.receive(bytes(IAC, DO, MSSP)))).toEqual([
      ...sb(VAR, "PLAYERS", VAL, "52", VAR, "UPTIME", VAL, "1234567890"),
    ]);
  });

  it("the client reports the status", () => {
    const p = pair({ role: "server", mssp: { NAME: "Test MUD", PLAYERS: 52 } }, { role: "client" });
    p.open();
    expect(ofType(p.seen.client, "mssp")).toEqual([{ type: "mssp", variables: { NAME: ["Test MUD"], PLAYERS: ["52"] } }]);
  });

  it("decodes the oracle's NAME test (peers/oracle/mssp.bin)", () => {
    const wire = [0xff, 0xfa, 0x46, 0x01, 0x4e, 0x41, 0x4d, 0x45, 0x02, 0x74, 0x65, 0x73, 0x74, 0xff, 0xf0];
    const ev = msspClient().receive(new Uint8Array(wire));
    expect(ofType(ev, "mssp")).toEqual([{ type: "mssp", variables: { NAME: ["test"] } }]);
    expect(ofType(ev, "warning")).toEqual([]);
    expect([...encodeMssp({ NAME: "test" })]).toEqual(wire.slice(3, -2));
  });

  it("several values for one variable, default last: the PORT example", () => {
    // IAC SB MSSP MSSP_VAR "PORT" MSSP_VAL "80" MSSP_VAL "23" MSSP_VAL "3000" MSSP_VAR "CREATED" MSSP_VAL "1996" IAC SE
    const payload = bytes(VAR, "PORT", VAL, "80", VAL, "23", VAL, "3000", VAR, "CREATED", VAL, "1996");
    expect(decodeMssp(payload)).toEqual({ variables: { PORT: ["80", "23", "3000"], CREATED: ["1996"] } });
    expect(encodeMssp({ PORT: [80, 23, 3000], CREATED: 1996 })).toEqual(payload);
  });

  it("the same variable sent again adds values, in order", () => {
    const payload = bytes(VAR, "PORT", VAL, "80", VAR, "NAME", VAL, "x", VAR, "PORT", VAL, "23");
    expect(decodeMssp(payload)).toEqual({ variables: { PORT: ["80", "23"], NAME: ["x"] } });
  });

  it("an empty value and names with spaces", () => {
    const payload = bytes(VAR, "CRAWL DELAY", VAL, "-1", VAR, "DISCORD", VAL);
    expect(decodeMssp(payload)).toEqual({ variables: { "CRAWL DELAY": ["-1"], DISCORD: [""] } });
    expect(encodeMssp({ "CRAWL DELAY": -1, DISCORD: "" })).toEqual(payload);
    expect(encodeMssp({ DISCORD: [] })).toEqual(bytes(VAR, "DISCORD", VAL));
  });

  it("reads UTF-8, and ISO 8859-1 when the bytes are not UTF-8", () => {
    expect(decodeMssp(bytes(VAR, "NAME", VAL, [0x43, 0x61, 0x66, 0xc3, 0xa9]))).toEqual({ variables: { NAME: ["Café"] } });
    expect(decodeMssp(bytes(VAR, "NAME", VAL, [0x43, 0x61, 0x66, 0xe9]))).toEqual({ variables: { NAME: ["Café"] } });
    expect(encodeMssp({ NAME: "Café" })).toEqual(bytes(VAR, "NAME", VAL, [0x43, 0x61, 0x66, 0xc3, 0xa9]));
  });
});

describe("MSSP — server behaviour", () => {
  it("calls status functions each time the status is sent", () => {
    let players = 3;
    const s = new TelnetSession({ role: "server", mssp: { NAME: "x", PLAYERS: () => players, PORT: () => [23, 4000] } });
    s.start();
    expect(transmitted(s.receive(bytes(IAC, DO, MSSP)))).toEqual([
      ...sb(VAR, "NAME", VAL, "x", VAR, "PLAYERS", VAL, "3", VAR, "PORT", VAL, "23", VAL, "4000"),
    ]);
    players = 4;
    expect(s.send({ type: "mssp" })).toEqual(sb(VAR, "NAME", VAL, "x", VAR, "PLAYERS", VAL, "4", VAR, "PORT", VAL, "23", VAL, "4000"));
    expect(s.send({ type: "mssp", variables: { PLAYERS: 5 } })).toEqual(sb(VAR, "PLAYERS", VAL, "5"));
  });

  it("sends the status again each time the client agrees again", () => {
    const s = new TelnetSession({ role: "server", mssp: { NAME: "x" } });
    s.start();
    s.receive(bytes(IAC, DO, MSSP));
    expect(transmitted(s.receive(bytes(IAC, DONT, MSSP)))).toEqual([IAC, WONT, MSSP]);
    expect(transmitted(s.receive(bytes(IAC, DO, MSSP)))).toEqual([IAC, WILL, MSSP, ...sb(VAR, "NAME", VAL, "x")]);
  });

  it("a server without a status neither offers nor accepts MSSP", () => {
    const s = new TelnetSession({ role: "server" });
    expect([...s.start()]).toEqual([]);
    expect(transmitted(s.receive(bytes(IAC, DO, MSSP)))).toEqual([IAC, WONT, MSSP]);
    expect(() => s.send({ type: "mssp" })).toThrow(TypeError);
  });

  it("the policy overrides the default: a status but mssp refused", () => {
    const s = new TelnetSession({ role: "server", mssp: { NAME: "x" }, options: { mssp: "refuse" } });
    expect([...s.start()]).toEqual([]);
    expect(transmitted(s.receive(bytes(IAC, DO, MSSP)))).toEqual([IAC, WONT, MSSP]);
  });

  it("sends nothing before the client agrees, and throws on a bad status", () => {
    const s = new TelnetSession({ role: "server", mssp: { NAME: "x" } });
    expect([...s.send({ type: "mssp" })]).toEqual([]);
    expect(() => s.send({ type: "mssp", variables: { NAME: "a\u0001b" } })).toThrow(TypeError);
    expect(() => s.send({ type: "mssp", variables: { "A\u0002": "1" } })).toThrow(TypeError);
    expect(() => s.send({ type: "mssp", variables: { NAME: "\u0000" } })).toThrow(TypeError);
    expect(() => s.send({ type: "mssp", variables: { NAME: {} as never } })).toThrow(TypeError);
    expect(() => s.send({ type: "mssp", variables: { NAME: Infinity } })).toThrow(TypeError);
    expect(() => s.send({ type: "mssp", variables: "NAME" as never })).toThrow(TypeError);
  });

  it("a status function that throws is reported, and the session goes on", () => {
    const s = new TelnetSession({
      role: "server",
      mssp: {
        PLAYERS: () => {
          throw new Error("database down");
        },
      },
    });
    s.start();
    const ev = s.receive(bytes(IAC, DO, MSSP, "hello"));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["module-error"]);
    expect(s.isEnabled(MSSP, "local")).toBe(true);
    expect(dataOf(ev)).toEqual([...bytes("hello")]);
  });

  it("a server that receives a status warns of the wrong direction", () => {
    const s = new TelnetSession({ role: "server", mssp: { NAME: "x" } });
    s.start();
    s.receive(bytes(IAC, DO, MSSP));
    const ev = s.receive(sb(VAR, "NAME", VAL, "y"));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["wrong-direction"]);
    expect(ofType(ev, "mssp")).toEqual([]);
  });
});

describe("MSSP — malformed input keeps what it can, with a warning", () => {
  it("text before the first VAR is skipped", () => {
    const ev = msspClient().receive(sb("junk", VAL, "x", VAR, "NAME", VAL, "y"));
    expect(ofType(ev, "warning").map((w) => [w.code, w.option])).toEqual([["malformed-subnegotiation", MSSP]]);
    expect(ofType(ev, "mssp")).toEqual([{ type: "mssp", variables: { NAME: ["y"] } }]);
  });

  it("a VAR without VAL is skipped", () => {
    const ev = msspClient().receive(sb(VAR, "A", VAR, "NAME", VAL, "y", VAR, "B"));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
    expect(ofType(ev, "mssp")).toEqual([{ type: "mssp", variables: { NAME: ["y"] } }]);
  });

  it("an empty message gives a warning and no event", () => {
    const ev = msspClient().receive(concat(sb(), bytes("after")));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
    expect(ofType(ev, "mssp")).toEqual([]);
    expect(dataOf(ev)).toEqual([...bytes("after")]);
  });

  it("a variable named __proto__ is an ordinary key", () => {
    const d = decodeMssp(bytes(VAR, "__proto__", VAL, "x"));
    expect(Object.keys(d.variables)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(d.variables)).toBe(Object.prototype);
  });
});

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return new Uint8Array(parts.flatMap((p) => [...p]));
}
