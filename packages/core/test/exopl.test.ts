import { describe, expect, it } from "vitest";
import { DO, DONT, IAC, OPT, SB, SE, TelnetSession, WILL, WONT, decodeExopl, encodeExopl, isExtendedEnabled } from "@telnetkit/core";
import { bytes, ofType, transmitted } from "./helpers.js";

// IAC SB EXOPL ... IAC SE: the option byte of EXOPL is 255 itself (not doubled, RFC 861 section 2).
const ext = (...payload: number[]) => bytes(IAC, SB, OPT.EXOPL, ...payload, IAC, SE);

function agreed(settings: Partial<ConstructorParameters<typeof TelnetSession>[0]> = {}) {
  const s = new TelnetSession({ role: "server", options: { exopl: "accept" }, ...settings });
  s.receive(bytes(IAC, DO, OPT.EXOPL, IAC, WILL, OPT.EXOPL));
  return s;
}

describe("RFC 861 — EXTENDED-OPTIONS-LIST", () => {
  it("is refused by default (section 3)", () => {
    const s = new TelnetSession({ role: "server" });
    expect(transmitted(s.receive(bytes(IAC, DO, OPT.EXOPL, IAC, WILL, OPT.EXOPL)))).toEqual([IAC, WONT, 255, IAC, DONT, 255]);
  });

  it("section 5: SB EXOPL DO/WILL <code> is answered, refused by default, apart from the base options", () => {
    const s = agreed();
    const ev = s.receive(ext(DO, 1));
    expect(transmitted(ev)).toEqual([...ext(WONT, 1)]);
    expect(ofType(ev, "exopl")).toEqual([{ type: "exopl", verb: "do", option: 1, enabled: false }]);
    expect(transmitted(s.receive(ext(WILL, 3)))).toEqual([...ext(DONT, 3)]);
    // Base ECHO and SGA untouched.
    expect(s.optionState(OPT.ECHO)).toEqual({ local: "no", remote: "no" });
    expect(s.optionState(OPT.SGA)).toEqual({ local: "no", remote: "no" });
    // Refusing again: nothing more to say (RFC 1143).
    expect(transmitted(s.receive(ext(WONT, 3)))).toEqual([]);
  });

  it("accepts the extended options listed in settings, each side on its own", () => {
    const s = agreed({ extendedOptions: { local: [9], remote: [4] } });
    expect(transmitted(s.receive(ext(DO, 9)))).toEqual([...ext(WILL, 9)]);
    expect(transmitted(s.receive(ext(WILL, 4)))).toEqual([...ext(DO, 4)]);
    expect(transmitted(s.receive(ext(WILL, 9)))).toEqual([...ext(DONT, 9)]);
    expect(isExtendedEnabled(s, 9, "local")).toBe(true);
    expect(isExtendedEnabled(s, 4, "remote")).toBe(true);
    expect(s.isEnabled(9, "local")).toBe(false);
    // Our own request, then the peer's refusal.
    expect([...s.send({ type: "exopl", verb: "enable", option: 20, side: "remote" })]).toEqual([...ext(DO, 20)]);
    expect(transmitted(s.receive(ext(WONT, 20)))).toEqual([]);
  });

  it("decodes SB EXOPL SB <code> <parameters> SE, and sends one once the option is on", () => {
    const s = agreed({ extendedOptions: { local: [9] } });
    s.receive(ext(DO, 9));
    const ev = s.receive(ext(SB, 9, 1, 2, 3, SE));
    expect(ofType(ev, "exopl")).toEqual([{ type: "exopl", verb: "sb", option: 9, payload: new Uint8Array([1, 2, 3]) }]);
    expect(ofType(ev, "warning")).toEqual([]);
    expect([...s.send({ type: "exopl", verb: "sb", option: 9, payload: new Uint8Array([7]) })]).toEqual([...ext(SB, 9, 7, SE)]);
    expect(s.send({ type: "exopl", verb: "sb", option: 10, payload: new Uint8Array([7]) })).toEqual(new Uint8Array(0));
  });

  it("malformed frames are warned about and leave the session working", () => {
    const s = agreed();
    for (const bad of [ext(DO), ext(SB, 9, 1), ext(7, 1), ext(DO, 1, 2)]) {
      const ev = s.receive(bad);
      expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
      expect(transmitted(ev)).toEqual([]);
    }
    expect(ofType(s.receive(bytes("ok")), "data")).toHaveLength(1);
    const off = new TelnetSession({ role: "server" });
    const ev = off.receive(ext(DO, 1));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual([]);
    expect(transmitted(ev)).toEqual([]);
  });

  it("codec round trip", () => {
    expect(decodeExopl(encodeExopl({ verb: "dont", option: 200 }))).toEqual({ verb: "dont", option: 200 });
    expect(decodeExopl(encodeExopl({ verb: "sb", option: 0, payload: new Uint8Array() }))).toEqual({ verb: "sb", option: 0, payload: new Uint8Array() });
  });
});
