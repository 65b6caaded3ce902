import { describe, expect, it } from "vitest";
import { DO, IAC, OPT, SB, SE, TelnetSession, WILL, WONT, DONT, decodeOutputDisposition, encodeOutputDisposition, optionName } from "@telnetkit/core";
import { bytes, ofType, transmitted } from "./helpers.js";

const sb = (option: number, ...payload: number[]) => bytes(IAC, SB, option, ...payload, IAC, SE);

describe("RFC 652-658 — output dispositions and tabstops", () => {
  it("are named in traces and refused by default", () => {
    const codes = [OPT.NAOCRD, OPT.NAOHTS, OPT.NAOHTD, OPT.NAOFFD, OPT.NAOVTS, OPT.NAOVTD, OPT.NAOLFD];
    expect(codes).toEqual([10, 11, 12, 13, 14, 15, 16]);
    expect(codes.map(optionName)).toEqual(["NAOCRD", "NAOHTS", "NAOHTD", "NAOFFD", "NAOVTS", "NAOVTD", "NAOLFD"]);
    const s = new TelnetSession({ role: "server" });
    expect(transmitted(s.receive(bytes(IAC, DO, OPT.NAOCRD, IAC, WILL, OPT.NAOLFD)))).toEqual([IAC, WONT, OPT.NAOCRD, IAC, DONT, OPT.NAOLFD]);
  });

  it("RFC 652: DS <value>, DR <value>, with the meaning of each value", () => {
    expect(decodeOutputDisposition(OPT.NAOCRD, bytes(1, 0))).toEqual({ type: "output-disposition", option: 10, party: "sender", value: 0, suggestion: "self" });
    expect(decodeOutputDisposition(OPT.NAOCRD, bytes(0, 20))).toMatchObject({ party: "receiver", suggestion: "delay", value: 20 });
    expect(decodeOutputDisposition(OPT.NAOCRD, bytes(0, 252))).toMatchObject({ suggestion: "discard" });
    expect(decodeOutputDisposition(OPT.NAOCRD, bytes(0, 254))).toMatchObject({ suggestion: "wait" });
    expect(decodeOutputDisposition(OPT.NAOCRD, bytes(0, 255))).toMatchObject({ suggestion: "other" });
    // "251 Not allowed", "253 Not allowed" for NAOCRD; 251 is allowed for NAOHTD (replace by a space).
    expect(typeof decodeOutputDisposition(OPT.NAOCRD, bytes(0, 251))).toBe("string");
    expect(typeof decodeOutputDisposition(OPT.NAOCRD, bytes(0, 253))).toBe("string");
    expect(decodeOutputDisposition(OPT.NAOHTD, bytes(1, 251))).toMatchObject({ suggestion: "replace" });
    expect(decodeOutputDisposition(OPT.NAOFFD, bytes(1, 253))).toMatchObject({ suggestion: "simulate" });
    expect(typeof decodeOutputDisposition(OPT.NAOLFD, bytes(1, 251))).toBe("string");
    expect(typeof decodeOutputDisposition(OPT.NAOVTD, bytes(2, 1))).toBe("string");
    expect(typeof decodeOutputDisposition(OPT.NAOVTD, bytes(1, 1, 1))).toBe("string");
  });

  it("RFC 653 / 656: tabstop lists, values 1-250 only when several", () => {
    expect(decodeOutputDisposition(OPT.NAOHTS, bytes(1, 9, 17, 25))).toEqual({ type: "output-tabstops", option: 11, party: "sender", suggestion: "stops", stops: [9, 17, 25] });
    expect(decodeOutputDisposition(OPT.NAOVTS, bytes(0, 0))).toMatchObject({ suggestion: "self", stops: [0] });
    expect(decodeOutputDisposition(OPT.NAOVTS, bytes(0, 255))).toMatchObject({ suggestion: "other" });
    expect(typeof decodeOutputDisposition(OPT.NAOHTS, bytes(1, 9, 0))).toBe("string");
    expect(typeof decodeOutputDisposition(OPT.NAOHTS, bytes(1, 9, 251))).toBe("string");
    expect([...encodeOutputDisposition({ option: OPT.NAOHTS, party: "receiver", stops: [8, 16] })]).toEqual([0, 8, 16]);
  });

  it("a session decodes them even while refused (the trace shows them by name), and sends them once enabled", () => {
    const s = new TelnetSession({ role: "server", options: { naohtd: "accept" } });
    const ev = s.receive(sb(OPT.NAOFFD, 1, 252));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual([]);
    expect(ofType(ev, "output-disposition")).toEqual([{ type: "output-disposition", option: 13, party: "sender", value: 252, suggestion: "discard" }]);
    expect(ofType(s.receive(sb(OPT.NAOHTS, 1, 0, 1)), "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
    expect(s.send({ type: "output-disposition", option: OPT.NAOHTD, party: "receiver", value: 251 })).toEqual(new Uint8Array(0));
    s.receive(bytes(IAC, DO, OPT.NAOHTD));
    expect([...s.send({ type: "output-disposition", option: OPT.NAOHTD, party: "receiver", value: 251 })]).toEqual([...sb(OPT.NAOHTD, 0, 251)]);
    expect(() => s.send({ type: "output-tabstops", option: OPT.NAOHTD, party: "receiver", stops: [1] })).toThrow(TypeError);
  });
});
