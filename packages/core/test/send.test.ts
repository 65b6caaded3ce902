import { describe, expect, it } from "vitest";
import { DO, EOR, GA, IAC, OPT, SB, SE, TelnetSession, WILL } from "@telnetkit/core";
import { bytes } from "./helpers.js";

const arr = (u: Uint8Array) => [...u];

describe("send — data, text and commands", () => {
  it("doubles IAC in data and touches nothing else", () => {
    const s = new TelnetSession({ role: "server" });
    expect(arr(s.send({ type: "data", bytes: bytes(1, 255, 13, 0, 10, 255) }))).toEqual([1, 255, 255, 13, 0, 10, 255, 255]);
  });

  it("returns the input itself when data needs no escaping", () => {
    const s = new TelnetSession({ role: "server" });
    const b = bytes("plain");
    expect(s.send({ type: "data", bytes: b })).toBe(b);
  });

  it("applies NVT line endings to text: LF -> CR LF, lone CR -> CR NUL, CR LF kept (RFC 854)", () => {
    const s = new TelnetSession({ role: "server" });
    expect(arr(s.send({ type: "text", text: "a\nb\r\nc\rd" }))).toEqual(arr(bytes("a\r\nb\r\nc\r\0d")));
  });

  it("sends text as UTF-8 by default and through encodeText when given", () => {
    const s = new TelnetSession({ role: "server" });
    expect(arr(s.send({ type: "text", text: "é" }))).toEqual([0xc3, 0xa9]);
    const t = new TelnetSession({ role: "server", encodeText: (x) => new Uint8Array([...x].map((c) => c.charCodeAt(0))) });
    expect(arr(t.send({ type: "text", text: "\u00ff" }))).toEqual([255, 255]);
  });

  it("leaves line endings alone once our BINARY is on (RFC 856)", () => {
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, DO, OPT.BINARY));
    expect(s.isEnabled(OPT.BINARY, "local")).toBe(true);
    expect(arr(s.send({ type: "text", text: "a\nb\r" }))).toEqual(arr(bytes("a\nb\r")));
  });

  it("sends single-byte commands, and drops GA once our SGA is on (RFC 858)", () => {
    const s = new TelnetSession({ role: "server" });
    expect(arr(s.send({ type: "command", command: "AYT" }))).toEqual([IAC, 246]);
    expect(arr(s.send({ type: "command", command: "GA" }))).toEqual([IAC, GA]);
    s.receive(bytes(IAC, DO, OPT.SGA));
    expect(arr(s.send({ type: "command", command: "GA" }))).toEqual([]);
  });

  it("marks prompts with EOR when agreed, GA otherwise, nothing under SGA (RFC 885, 858)", () => {
    const s = new TelnetSession({ role: "server" });
    expect(arr(s.send({ type: "prompt" }))).toEqual([IAC, GA]);
    s.receive(bytes(IAC, DO, OPT.SGA));
    expect(arr(s.send({ type: "prompt" }))).toEqual([]);
    s.receive(bytes(IAC, DO, OPT.EOR));
    expect(arr(s.send({ type: "prompt" }))).toEqual([IAC, EOR]);
  });

  it("frames a raw subnegotiation with IAC doubled (RFC 855)", () => {
    const s = new TelnetSession({ role: "server" });
    expect(arr(s.send({ type: "subnegotiation", option: 200, payload: bytes(1, 255, 2) }))).toEqual([
      IAC, SB, 200, 1, 255, 255, 2, IAC, SE,
    ]);
  });

  it("throws on invalid command objects, and only then", () => {
    const s = new TelnetSession({ role: "server" });
    expect(() => s.send({ type: "nope" } as never)).toThrow(TypeError);
    expect(() => s.send({ type: "command", command: "XYZ" } as never)).toThrow(TypeError);
    expect(() => s.send({ type: "enable", option: 256, side: "local" })).toThrow(TypeError);
    expect(() => s.send({ type: "enable", option: 1, side: "both" as never })).toThrow(TypeError);
    expect(() => s.send({ type: "data", bytes: "x" as never })).toThrow(TypeError);
    expect(() => s.send({ type: "naws", width: -1, height: 2 })).toThrow(TypeError);
    expect(() => s.send(null as never)).toThrow(TypeError);
  });

  it("rejects an invalid role", () => {
    expect(() => new TelnetSession({ role: "peer" as never })).toThrow(TypeError);
  });

  it("sends WILL for an enable of our side", () => {
    const s = new TelnetSession({ role: "client" });
    expect(arr(s.send({ type: "enable", option: OPT.BINARY, side: "local" }))).toEqual([IAC, WILL, 0]);
  });
});
