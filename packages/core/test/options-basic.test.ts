import { describe, expect, it } from "vitest";
import {
  DO,
  DONT,
  IAC,
  OPT,
  SB,
  SE,
  TelnetSession,
  WILL,
  WONT,
  decodeStatus,
  encodeStatusIs,
  encodeNaws,
  decodeNaws,
} from "@telnetkit/core";
import { bytes, ofType, pair, simplify, transmitted } from "./helpers.js";

describe("RFC 860 — TIMING-MARK", () => {
  it("answers DO TIMING-MARK with WILL after the data before it, and keeps nothing enabled", () => {
    const s = new TelnetSession({ role: "server" });
    const ev = s.receive(bytes("typed", IAC, DO, OPT.TM, "more"));
    expect(simplify(ev)).toEqual([
      { type: "data", bytes: [...bytes("typed")] },
      { type: "timing-mark", kind: "request", agreed: true },
      { type: "transmit", bytes: [IAC, WILL, OPT.TM] },
      { type: "data", bytes: [...bytes("more")] },
    ]);
    expect(s.isEnabled(OPT.TM, "local")).toBe(false);
    // Every DO TM is answered, unlike a normal option.
    expect(transmitted(s.receive(bytes(IAC, DO, OPT.TM)))).toEqual([IAC, WILL, OPT.TM]);
  });

  it("answers WONT when the policy refuses it", () => {
    const s = new TelnetSession({ role: "server", options: { tm: "refuse" } });
    expect(transmitted(s.receive(bytes(IAC, DO, OPT.TM)))).toEqual([IAC, WONT, OPT.TM]);
  });

  it("reports the reply to our DO TIMING-MARK and does not answer it", () => {
    const s = new TelnetSession({ role: "server" });
    expect([...s.send({ type: "timing-mark" })]).toEqual([IAC, DO, OPT.TM]);
    const ev = s.receive(bytes(IAC, WILL, OPT.TM));
    expect(ev).toEqual([{ type: "timing-mark", kind: "reply", agreed: true }]);
    s.send({ type: "timing-mark" });
    expect(s.receive(bytes(IAC, WONT, OPT.TM))).toEqual([{ type: "timing-mark", kind: "reply", agreed: false }]);
  });

  it("answers an unsolicited WILL TIMING-MARK with DONT, and consumes the answer to our own mark", () => {
    const s = new TelnetSession({ role: "client" });
    const ev = s.receive(bytes(IAC, WILL, OPT.TM));
    expect(simplify(ev)).toEqual([
      { type: "timing-mark", kind: "mark", agreed: false },
      { type: "transmit", bytes: [IAC, DONT, OPT.TM] },
    ]);
    expect([...s.send({ type: "timing-mark", kind: "mark" })]).toEqual([IAC, WILL, OPT.TM]);
    expect(s.receive(bytes(IAC, DONT, OPT.TM))).toEqual([]);
    expect(s.receive(bytes(IAC, WONT, OPT.TM))).toEqual([]);
  });

  it("does not loop between two engines", () => {
    const p = pair({ role: "server" }, { role: "client" });
    p.fromServer(p.server.send({ type: "timing-mark" }));
    expect(ofType(p.seen.server, "timing-mark")).toEqual([{ type: "timing-mark", kind: "reply", agreed: true }]);
    expect(p.messages).toBe(2);
  });
});

describe("RFC 859 — STATUS", () => {
  it("answers SEND with IS holding the real state (the RFC's example)", () => {
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, DO, OPT.ECHO, IAC, WILL, OPT.SGA, IAC, DO, OPT.STATUS, IAC, WILL, OPT.STATUS));
    const ev = s.receive(bytes(IAC, SB, OPT.STATUS, 1, IAC, SE));
    expect(ofType(ev, "status")).toEqual([{ type: "status", kind: "send" }]);
    expect(transmitted(ev)).toEqual([
      IAC, SB, OPT.STATUS, 0,
      WILL, OPT.ECHO, WILL, OPT.STATUS,
      DO, OPT.SGA, DO, OPT.STATUS,
      IAC, SE,
    ]);
  });

  it("does not answer SEND before agreeing to send status", () => {
    const s = new TelnetSession({ role: "server" });
    const ev = s.receive(bytes(IAC, SB, OPT.STATUS, 1, IAC, SE));
    expect(transmitted(ev)).toEqual([]);
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["wrong-direction"]);
  });

  it("decodes IS with WILL, DO and SB parameters, SE doubled", () => {
    const payload = bytes(0, WILL, 1, DO, 3, DO, SE, SE, SB, 31, 0, 80, SE, SE, 0, SE);
    expect(decodeStatus(payload)).toEqual({
      type: "status",
      kind: "is",
      will: [1],
      do: [3, 240],
      subnegotiations: [{ option: 31, payload: bytes(0, 80, 240, 0) }],
    });
    expect(encodeStatusIs({ will: [1], do: [3, 240], subnegotiations: [{ option: 31, payload: bytes(0, 80, 240, 0) }] })).toEqual(payload);
  });

  it("warns about malformed IS and goes on", () => {
    expect(typeof decodeStatus(bytes(0, WILL))).toBe("string");
    expect(typeof decodeStatus(bytes(0, 7, 1))).toBe("string");
    expect(typeof decodeStatus(bytes(0, SB, 31, 0))).toBe("string");
    const s = new TelnetSession({ role: "client" });
    s.receive(bytes(IAC, WILL, OPT.STATUS));
    const ev = s.receive(bytes(IAC, SB, OPT.STATUS, 9, IAC, SE, "ok"));
    expect(simplify(ev)).toEqual([
      expect.objectContaining({ type: "warning", code: "malformed-subnegotiation" }),
      { type: "data", bytes: [...bytes("ok")] },
    ]);
  });

  it("asks for status with a command once the peer agreed", () => {
    const s = new TelnetSession({ role: "client" });
    expect(s.send({ type: "status" }).length).toBe(0);
    s.receive(bytes(IAC, WILL, OPT.STATUS));
    expect([...s.send({ type: "status" })]).toEqual([IAC, SB, OPT.STATUS, 1, IAC, SE]);
  });

  it("works end to end between two engines", () => {
    const p = pair({ role: "server", options: { status: "request", echo: "offer" } }, { role: "client" });
    p.open();
    p.fromServer(p.server.send({ type: "status" }));
    const is = ofType(p.seen.server, "status").find((e) => e.kind === "is");
    expect(is).toEqual({ type: "status", kind: "is", will: [OPT.STATUS], do: [OPT.ECHO], subnegotiations: [] });
  });
});

describe("RFC 1073 — NAWS", () => {
  it("sends the configured size as soon as the server's DO arrives", () => {
    const c = new TelnetSession({ role: "client", windowSize: { width: 80, height: 24 } });
    expect(transmitted(c.receive(bytes(IAC, DO, OPT.NAWS)))).toEqual([
      IAC, WILL, OPT.NAWS, IAC, SB, OPT.NAWS, 0, 80, 0, 24, IAC, SE,
    ]);
  });

  it("doubles a 255 in the size and decodes it back (RFC 1073: IAC in the values)", () => {
    const c = new TelnetSession({ role: "client" });
    c.receive(bytes(IAC, DO, OPT.NAWS));
    const wire = c.send({ type: "naws", width: 255, height: 0xff01 });
    expect([...wire]).toEqual([IAC, SB, OPT.NAWS, 0, 255, 255, 255, 255, 1, IAC, SE]);
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, WILL, OPT.NAWS));
    expect(s.receive(wire)).toEqual([{ type: "naws", width: 255, height: 0xff01 }]);
  });

  it("keeps a size set before agreement and sends it once NAWS is on", () => {
    const c = new TelnetSession({ role: "client" });
    expect(c.send({ type: "naws", width: 100, height: 40 }).length).toBe(0);
    expect(transmitted(c.receive(bytes(IAC, DO, OPT.NAWS)))).toEqual([
      IAC, WILL, OPT.NAWS, IAC, SB, OPT.NAWS, 0, 100, 0, 40, IAC, SE,
    ]);
  });

  it("warns about a payload that is not 4 bytes", () => {
    const s = new TelnetSession({ role: "server" });
    s.receive(bytes(IAC, WILL, OPT.NAWS));
    const ev = s.receive(bytes(IAC, SB, OPT.NAWS, 0, 80, 0, IAC, SE));
    expect(ev).toEqual([expect.objectContaining({ type: "warning", code: "malformed-subnegotiation", option: OPT.NAWS })]);
  });

  it("codec round trip at the edges", () => {
    for (const [w, h] of [[0, 0], [65535, 65535], [255, 256], [1, 65280]]) {
      expect(decodeNaws(encodeNaws(w, h))).toEqual({ width: w, height: h });
    }
  });
});

describe("RFC 856/857/858 — BINARY, ECHO, SGA defaults", () => {
  it("a server echoes when asked, a client lets the server echo", () => {
    const s = new TelnetSession({ role: "server" });
    expect(transmitted(s.receive(bytes(IAC, DO, OPT.ECHO)))).toEqual([IAC, WILL, OPT.ECHO]);
    expect(transmitted(s.receive(bytes(IAC, WILL, OPT.ECHO)))).toEqual([IAC, DONT, OPT.ECHO]);
    const c = new TelnetSession({ role: "client" });
    expect(transmitted(c.receive(bytes(IAC, WILL, OPT.ECHO)))).toEqual([IAC, DO, OPT.ECHO]);
    expect(transmitted(c.receive(bytes(IAC, DO, OPT.ECHO)))).toEqual([IAC, WONT, OPT.ECHO]);
  });

  it("BINARY is per direction", () => {
    const p = pair({ role: "server" }, { role: "client" });
    p.fromServer(p.server.send({ type: "enable", option: OPT.BINARY, side: "local" }));
    expect(p.server.isEnabled(OPT.BINARY, "local")).toBe(true);
    expect(p.client.isEnabled(OPT.BINARY, "remote")).toBe(true);
    expect(p.client.isEnabled(OPT.BINARY, "local")).toBe(false);
    // Server -> client is binary now; client -> server is still NVT.
    expect([...p.server.send({ type: "text", text: "\r" })]).toEqual([13]);
    expect([...p.client.send({ type: "text", text: "\r" })]).toEqual([13, 0]);
  });
});
