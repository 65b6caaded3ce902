/**
 * RFC 854 requirements that no other test checked: GA only when asked, CR LF / CR NUL in
 * both directions, and the NVT keyboard's codes with BINARY on.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { COMMAND_CODES, TelnetSession, type CommandName } from "@telnetkit/core";
import { cuts, runs, sessionOptions, telnetStream } from "../src/arbitraries.js";
import { feed, ofType, splitAt, transmitBytes } from "../src/stream.js";
import { BINARY, CR, DO, GA, IAC, LF, NUL, SB, SE, WILL, neg } from "../src/telnet.js";

/** The single-byte commands (IAC x, x not WILL/WONT/DO/DONT/SB/IAC) in a byte stream, outside subnegotiations. */
function commandsIn(bytes: readonly number[]): number[] {
  const found: number[] = [];
  let state: "data" | "iac" | "option" | "sb" | "sb-iac" = "data";
  for (const b of bytes) {
    if (state === "data") state = b === IAC ? "iac" : "data";
    else if (state === "iac") {
      if (b >= 251 && b <= 254) state = "option";
      else if (b === SB) state = "sb";
      else {
        if (b !== IAC) found.push(b);
        state = "data";
      }
    } else if (state === "option") state = "data";
    else if (state === "sb") state = b === IAC ? "sb-iac" : "sb";
    else state = b === SE ? "data" : "sb";
  }
  return found;
}

describe("RFC 854 TRANSMISSION OF DATA — Go Ahead", () => {
  it("GA goes out only when the application asks (prompt or a GA command), never in the engine's own answers", () => {
    fc.assert(
      fc.property(sessionOptions, telnetStream(), cuts, (options, stream, points) => {
        const s = new TelnetSession(options);
        const own = [...s.start(), ...transmitBytes(feed(s, splitAt(stream, points)))];
        expect(commandsIn(own)).not.toContain(GA);
      }),
      { numRuns: runs(300) },
    );
    // And it does go out when asked, while SGA is off.
    const s = new TelnetSession({ role: "server" });
    expect([...s.send({ type: "prompt" })]).toEqual([IAC, GA]);
    expect([...s.send({ type: "command", command: "GA" })]).toEqual([IAC, GA]);
  });
});

describe("RFC 854 THE NVT PRINTER AND KEYBOARD — end of line", () => {
  it("CR LF or CR NUL is used in both directions: a client's text and a server's text alike", () => {
    for (const role of ["client", "server"] as const) {
      const s = new TelnetSession({ role });
      expect([...s.send({ type: "text", text: "a\nb\rc\r\n" })], role).toEqual([0x61, CR, LF, 0x62, CR, NUL, 0x63, CR, LF]);
      // And each reads the other's CR NUL as CR, CR LF as CR LF.
      expect(ofType(s.receive(Uint8Array.from([0x61, CR, NUL, 0x62, CR, LF])), "data").flatMap((e) => [...e.bytes]), role).toEqual([
        0x61,
        CR,
        0x62,
        CR,
        LF,
      ]);
    }
  });
});

describe("RFC 854 THE NVT PRINTER AND KEYBOARD — the keyboard's codes under BINARY", () => {
  const COMMANDS = Object.keys(COMMAND_CODES) as CommandName[];

  it("every single-byte command is sent and read the same with BINARY on in both directions", () => {
    const plain = new TelnetSession({ role: "client" });
    const binary = new TelnetSession({ role: "client" });
    binary.receive(Uint8Array.from([...neg(DO, BINARY), ...neg(WILL, BINARY)]));
    expect(binary.isEnabled(BINARY, "local") && binary.isEnabled(BINARY, "remote")).toBe(true);
    for (const command of COMMANDS) {
      if (command === "GA") continue; // GA depends on SGA, not BINARY (RFC 858)
      const code = COMMAND_CODES[command];
      expect([...binary.send({ type: "command", command })], command).toEqual([...plain.send({ type: "command", command })]);
      expect([...binary.send({ type: "command", command })], command).toEqual([IAC, code]);
      const events = binary.receive(Uint8Array.from([0x41, IAC, code, 0x42]));
      expect(events.map((e) => e.type), command).toEqual(["data", "command", "data"]);
      expect(ofType(events, "command")[0], command).toMatchObject({ command, code });
    }
  });
});
