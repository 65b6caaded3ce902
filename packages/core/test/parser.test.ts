import { describe, expect, it } from "vitest";
import { IAC, OPT, SB, SE, TelnetSession, WILL, DO, NOP, GA, AYT } from "@telnetkit/core";
import { bytes, dataOf, ofType, simplify, transmitted } from "./helpers.js";

const server = (extra = {}) => new TelnetSession({ role: "server", ...extra });

describe("RFC 854 — data and IAC", () => {
  it("passes plain data through as a view of the input", () => {
    const s = server();
    const input = bytes("hello\r\nworld");
    const ev = s.receive(input);
    expect(ev).toHaveLength(1);
    expect(ev[0].type).toBe("data");
    const data = ev[0] as { bytes: Uint8Array };
    expect(data.bytes.buffer).toBe(input.buffer);
    expect([...data.bytes]).toEqual([...input]);
  });

  it("gives a subarray view when data sits between commands", () => {
    const s = server();
    const input = bytes("ab", IAC, NOP, "cd");
    const ev = s.receive(input);
    const data = ofType(ev, "data");
    expect(data.map((d) => d.bytes.buffer === input.buffer)).toEqual([true, true]);
    expect(simplify(ev)).toEqual([
      { type: "data", bytes: [97, 98] },
      { type: "command", command: "NOP", code: NOP },
      { type: "data", bytes: [99, 100] },
    ]);
  });

  it("turns IAC IAC into one 0xFF data byte, also split across chunks", () => {
    const s = server();
    expect(dataOf(s.receive(bytes("a", IAC, IAC, "b")))).toEqual([97, 255, 98]);
    const t = server();
    const ev = [...t.receive(bytes("a", IAC)), ...t.receive(bytes(IAC, "b"))];
    expect(dataOf(ev)).toEqual([97, 255, 98]);
  });

  it("reduces CR NUL to CR and keeps CR LF in NVT mode", () => {
    const s = server();
    expect(dataOf(s.receive(bytes("a\r\0b\r\nc")))).toEqual([...bytes("a\rb\r\nc")]);
  });

  it("drops the NUL of CR NUL split across chunks", () => {
    const s = server();
    const ev = [...s.receive(bytes("a\r")), ...s.receive(bytes("\0b"))];
    expect(dataOf(ev)).toEqual([...bytes("a\rb")]);
  });

  it("keeps a NUL that does not follow CR, and only the first NUL of CR NUL NUL", () => {
    const s = server();
    expect(dataOf(s.receive(bytes("a\0b\r\0\0c")))).toEqual([...bytes("a\0b\r\0c")]);
  });

  it("keeps CR NUL as it is when the peer sends BINARY (RFC 856)", () => {
    const s = server();
    s.receive(bytes(IAC, WILL, OPT.BINARY));
    expect(s.isEnabled(OPT.BINARY, "remote")).toBe(true);
    expect(dataOf(s.receive(bytes("a\r\0b")))).toEqual([...bytes("a\r\0b")]);
  });

  it("delivers every single-byte command as a command event", () => {
    const s = server();
    const codes = [241, 242, 243, 244, 245, 246, 247, 248, 249, 239, 238, 237, 236];
    const names = ["NOP", "DM", "BRK", "IP", "AO", "AYT", "EC", "EL", "GA", "EOR", "ABORT", "SUSP", "EOF"];
    const ev = s.receive(new Uint8Array(codes.flatMap((c) => [IAC, c])));
    expect(ev.map((e) => (e as { command: string }).command)).toEqual(names);
  });

  it("warns about IAC followed by an unknown byte and goes on", () => {
    const s = server();
    const ev = s.receive(bytes("a", IAC, 7, "b"));
    expect(simplify(ev)).toEqual([
      { type: "data", bytes: [97] },
      expect.objectContaining({ type: "warning", code: "unknown-command" }),
      { type: "data", bytes: [98] },
    ]);
  });

  it("warns about SE without SB", () => {
    const s = server();
    const ev = s.receive(bytes(IAC, SE, "x"));
    expect(ev[0]).toMatchObject({ type: "warning", code: "se-without-sb" });
    expect(dataOf(ev)).toEqual([120]);
  });
});

describe("RFC 855 — subnegotiation framing", () => {
  it("delivers a subnegotiation for an option with no codec as raw payload, IAC unescaped", () => {
    const s = server({ options: { 200: "accept" } });
    s.receive(bytes(IAC, WILL, 200));
    const ev = s.receive(bytes(IAC, SB, 200, 1, IAC, IAC, 2, IAC, SE));
    expect(simplify(ev)).toEqual([{ type: "subnegotiation", option: 200, payload: [1, 255, 2] }]);
  });

  it("never leaks subnegotiation bytes into data, whatever the chunking", () => {
    const input = bytes("x", IAC, SB, 200, "secret", IAC, SE, "y");
    for (let cut = 0; cut <= input.length; cut++) {
      const s = server({ options: { 200: "accept" } });
      const ev = [...s.receive(input.subarray(0, cut)), ...s.receive(input.subarray(cut))];
      expect(dataOf(ev)).toEqual([120, 121]);
      expect(ofType(ev, "subnegotiation").map((e) => [...e.payload])).toEqual([[...bytes("secret")]]);
    }
  });

  it("warns once when a subnegotiation exceeds the limit and drops it", () => {
    const s = server({ options: { 200: "accept" }, limits: { subnegotiation: 8 } });
    const ev = s.receive(bytes(IAC, SB, 200, "0123456789abcdef", IAC, SE, "ok"));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["sb-overflow"]);
    expect(ofType(ev, "subnegotiation")).toEqual([]);
    expect(dataOf(ev)).toEqual([...bytes("ok")]);
  });

  it("ends a subnegotiation interrupted by IAC <command> and runs the command", () => {
    const s = server({ options: { 200: "accept" } });
    const ev = s.receive(bytes(IAC, SB, 200, "abc", IAC, AYT, "z"));
    expect(simplify(ev)).toEqual([
      expect.objectContaining({ type: "warning", code: "sb-interrupted", option: 200 }),
      { type: "command", command: "AYT", code: AYT },
      { type: "data", bytes: [122] },
    ]);
  });

  it("ends a subnegotiation interrupted by negotiation and negotiates", () => {
    const s = server();
    const ev = s.receive(bytes(IAC, SB, OPT.NAWS, 0, 80, IAC, WILL, OPT.NAWS));
    expect(ev[0]).toMatchObject({ type: "warning", code: "sb-interrupted" });
    expect(transmitted(ev)).toEqual([IAC, DO, OPT.NAWS]);
    expect(s.isEnabled(OPT.NAWS, "remote")).toBe(true);
  });

  it("warns about a raw subnegotiation for an option that is not enabled, and still delivers it", () => {
    const s = server();
    const ev = s.receive(bytes(IAC, SB, 200, 1, IAC, SE));
    expect(simplify(ev)).toEqual([
      expect.objectContaining({ type: "warning", code: "sb-not-enabled", option: 200 }),
      { type: "subnegotiation", option: 200, payload: [1] },
    ]);
  });

  it("leaves an option module to judge its subnegotiations while the option is off (NAWS decodes them)", () => {
    const s = server();
    const ev = s.receive(bytes(IAC, SB, OPT.NAWS, 0, 80, 0, 24, IAC, SE));
    expect(simplify(ev)).toEqual([{ type: "naws", width: 80, height: 24 }]);
  });

  it("carries a partial subnegotiation across any number of calls", () => {
    const s = server({ options: { 200: "accept" } });
    s.receive(bytes(IAC, WILL, 200));
    const input = bytes(IAC, SB, 200, "abcdef", IAC, IAC, IAC, SE);
    const ev = [...input].flatMap((b) => s.receive(new Uint8Array([b])));
    expect(simplify(ev)).toEqual([{ type: "subnegotiation", option: 200, payload: [...bytes("abcdef"), 255] }]);
  });

  it("handles an empty subnegotiation", () => {
    const s = server({ options: { 200: "accept" } });
    s.receive(bytes(IAC, WILL, 200));
    expect(simplify(s.receive(bytes(IAC, SB, 200, IAC, SE)))).toEqual([
      { type: "subnegotiation", option: 200, payload: [] },
    ]);
  });

  it("keeps GA as an event", () => {
    expect(server().receive(bytes("> ", IAC, GA))[1]).toEqual({ type: "command", command: "GA", code: GA });
  });
});

describe("RFC 861 — the option byte 255 after SB", () => {
  it("warns about IAC SB IAC SE and goes on with data", () => {
    const s = server();
    const ev = s.receive(bytes(IAC, SB, IAC, SE, "ok"));
    expect(simplify(ev)).toEqual([
      expect.objectContaining({ type: "warning", code: "sb-empty" }),
      { type: "data", bytes: [...bytes("ok")] },
    ]);
  });

  it("reads IAC SB EXOPL <subcommand> ... IAC SE as a subnegotiation of option 255", () => {
    const s = server({ options: { 255: "accept" } });
    const ev = s.receive(bytes(IAC, SB, 255, 253, 7, IAC, SE, "ok"));
    expect(dataOf(ev)).toEqual([...bytes("ok")]);
    expect(ev.some((e) => e.type === "warning" && e.code === "sb-empty")).toBe(false);
  });
});
