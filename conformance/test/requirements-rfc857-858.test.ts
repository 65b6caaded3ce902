/**
 * RFC 857 (ECHO) and RFC 858 (SUPPRESS-GO-AHEAD) requirements that no other test checked.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TelnetSession } from "@telnetkit/core";
import { cuts, nvtishData, runs } from "../src/arbitraries.js";
import { feed, ofType, splitAt, transmitBytes } from "../src/stream.js";
import { DO, DONT, ECHO, GA, IAC, SGA, WILL, WONT, escape, neg } from "../src/telnet.js";

const bytes = (...parts: (number | number[])[]) => Uint8Array.from(parts.flat());

describe("RFC 857 §5 — ECHO", () => {
  it("a session never echoes: data it receives, with ECHO off, gets nothing sent back", () => {
    fc.assert(
      fc.property(fc.constantFrom("client" as const, "server" as const), nvtishData(200), cuts, (role, data, points) => {
        const s = new TelnetSession({ role });
        expect(transmitBytes(feed(s, splitAt(Uint8Array.from(escape(data)), points)))).toEqual([]);
      }),
      { numRuns: runs(200) },
    );
  });

  it("by default the two ends never both echo: a client refuses DO ECHO, a server refuses WILL ECHO", () => {
    const client = new TelnetSession({ role: "client" });
    expect(transmitBytes(client.receive(bytes(neg(DO, ECHO))))).toEqual(neg(WONT, ECHO));
    expect(transmitBytes(client.receive(bytes(neg(WILL, ECHO))))).toEqual(neg(DO, ECHO));
    const server = new TelnetSession({ role: "server" });
    expect(transmitBytes(server.receive(bytes(neg(WILL, ECHO))))).toEqual(neg(DONT, ECHO));
    expect(transmitBytes(server.receive(bytes(neg(DO, ECHO))))).toEqual(neg(WILL, ECHO));
  });

  it("each direction leaves echo mode separately: turning one off leaves the other on", () => {
    const s = new TelnetSession({ role: "server", options: { echo: "accept" } });
    s.receive(bytes(neg(DO, ECHO), neg(WILL, ECHO)));
    expect([s.isEnabled(ECHO, "local"), s.isEnabled(ECHO, "remote")]).toEqual([true, true]);
    // The peer demands we stop echoing: we confirm (WONT), its own echoing stays.
    expect(transmitBytes(s.receive(bytes(neg(DONT, ECHO))))).toEqual(neg(WONT, ECHO));
    expect([s.isEnabled(ECHO, "local"), s.isEnabled(ECHO, "remote")]).toEqual([false, true]);
    // We demand the peer stop: DONT goes out; our side stays off, the peer's goes off when it confirms.
    expect([...s.send({ type: "disable", option: ECHO, side: "remote" })]).toEqual(neg(DONT, ECHO));
    s.receive(bytes(neg(WONT, ECHO)));
    expect([s.isEnabled(ECHO, "local"), s.isEnabled(ECHO, "remote")]).toEqual([false, false]);
  });

  it("the WILL ECHO answer comes before every data character that followed the DO ECHO, where the switch happens", () => {
    const s = new TelnetSession({ role: "server" });
    const events = s.receive(bytes([0x61], neg(DO, ECHO), [0x62, 0x63]));
    expect(events.map((e) => (e.type === "data" ? `data ${[...e.bytes]}` : e.type === "transmit" ? `transmit ${[...e.bytes]}` : e.type))).toEqual([
      "data 97",
      `transmit ${neg(WILL, ECHO)}`,
      "option",
      "data 98,99",
    ]);
  });
});

describe("RFC 858 §5 — SUPPRESS-GO-AHEAD", () => {
  it("is suppressed in each direction independently: the peer's SGA does not stop our GA, ours does", () => {
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(neg(WILL, SGA))); // the peer will not send GA
    expect(s.isEnabled(SGA, "remote")).toBe(true);
    expect([...s.send({ type: "prompt" })]).toEqual([IAC, GA]);
    s.receive(bytes(neg(DO, SGA))); // now we do not send GA either
    expect([...s.send({ type: "prompt" })]).toEqual([]);
  });

  it("with SGA on, a GA received changes nothing: no answer, no option state change, the data around it intact", () => {
    const s = new TelnetSession({ role: "client" });
    s.receive(bytes(neg(WILL, SGA), neg(DO, SGA)));
    const before = [s.optionState(SGA), s.enabledOptions("local"), s.enabledOptions("remote")];
    const events = s.receive(bytes([0x61], [IAC, GA], [0x62]));
    expect(transmitBytes(events)).toEqual([]);
    expect(ofType(events, "data").flatMap((e) => [...e.bytes])).toEqual([0x61, 0x62]);
    expect([s.optionState(SGA), s.enabledOptions("local"), s.enabledOptions("remote")]).toEqual(before);
  });
});
