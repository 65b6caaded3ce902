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
  decodeEnviron,
  encodeEnvironVariables,
  guessIsCodes,
  guessSendCodes,
  peerEnvironment,
  type TelnetEvent,
} from "@telnetkit/core";
import { bytes, ofType, transmitted } from "./helpers.js";

const ENV = OPT.ENVIRON;
const [IS, SEND, INFO] = [0, 1, 2];
// RFC 1408 as written; the BSD implementation swaps the first two (RFC 1571 §1).
const [VAR, VALUE, ESC, USERVAR] = [0, 1, 2, 3];
const sb = (...parts: (number | string | number[])[]) => bytes(IAC, SB, ENV, ...parts, IAC, SE);
const warnings = (ev: TelnetEvent[]) => ofType(ev, "warning").map((w) => w.code);

function client(environment: Record<string, string> = { USER: "joe" }) {
  const c = new TelnetSession({ role: "client", options: { environ: "accept" }, environment });
  expect(transmitted(c.receive(bytes(IAC, DO, ENV)))).toEqual([IAC, WILL, ENV]);
  return c;
}

function server() {
  const s = new TelnetSession({ role: "server", options: { environ: "request" }, environRequest: false });
  s.start();
  s.receive(bytes(IAC, WILL, ENV));
  return s;
}

describe("RFC 1408 — ENVIRON policy", () => {
  it("is refused by default, in both roles", () => {
    expect(transmitted(new TelnetSession({ role: "client" }).receive(bytes(IAC, DO, ENV)))).toEqual([IAC, WONT, ENV]);
    expect(transmitted(new TelnetSession({ role: "server" }).receive(bytes(IAC, WILL, ENV)))).toEqual([IAC, DONT, ENV]);
  });

  it("answers inetutils telnetd's opening with WILL NEW-ENVIRON and WONT ENVIRON (it hangs if given both)", () => {
    // transcripts/server-inetutils.txt: ... DO XDISPLOC, DO NEW_ENVIRON, DO ENVIRON.
    const c = new TelnetSession({ role: "client" });
    const out = transmitted(c.receive(bytes(IAC, DO, OPT.NEW_ENVIRON, IAC, DO, ENV)));
    expect(out).toEqual([IAC, WILL, OPT.NEW_ENVIRON, IAC, WONT, ENV]);
  });

  it("uses the same exchange as NEW-ENVIRON, with RFC 1408's codes by default", () => {
    const c = client({ USER: "joe", DISPLAY: "x:0" });
    const ev = c.receive(sb(SEND, VAR, "USER"));
    expect(ofType(ev, "environ")).toEqual([{ type: "environ", option: ENV, kind: "send", requests: [{ kind: "var", name: "USER" }] }]);
    expect(transmitted(ev)).toEqual([...sb(IS, VAR, "USER", VALUE, "joe")]);
  });

  it("is asked for with the environ command's option 36", () => {
    const s = server();
    expect([...s.send({ type: "environ", kind: "send", option: ENV })]).toEqual([...sb(SEND, VAR, USERVAR)]);
  });
});

describe("RFC 1571 §2, §4 — the client reads the server's codes from its SEND", () => {
  it("a VALUE in a SEND means the server is reversed: it answers with reversed codes", () => {
    const c = client({ USER: "joe" });
    // A BSD server asking for USER: its VAR is byte 1.
    const ev = c.receive(sb(SEND, 1, "USER"));
    expect(ofType(ev, "environ")).toMatchObject([{ requests: [{ kind: "var", name: "USER" }] }]);
    expect(transmitted(ev)).toEqual([...sb(IS, 1, "USER", 0, "joe")]);
    expect(warnings(ev)).toEqual([]);
    // "from that point on": INFO too.
    expect([...c.send({ type: "environ", kind: "update", environment: { USER: "ann" } })]).toEqual([...sb(INFO, 1, "USER", 0, "ann")]);
  });

  it("reads the rest of the SEND with reversed codes, USERVAR unchanged", () => {
    const c = client({ USER: "joe" });
    const ev = c.receive(sb(SEND, USERVAR, "X", 1, "USER"));
    expect(ofType(ev, "environ")).toMatchObject([{ requests: [{ kind: "uservar", name: "X" }, { kind: "var", name: "USER" }] }]);
    expect(transmitted(ev)).toEqual([...sb(IS, USERVAR, "X", 1, "USER", 0, "joe")]);
  });

  it("a SEND with VAR only, or with no VAR or VALUE, keeps the RFC's codes", () => {
    const c = client({ USER: "joe" });
    expect(transmitted(c.receive(sb(SEND, VAR, "USER")))).toEqual([...sb(IS, VAR, "USER", VALUE, "joe")]);
    const d = client({ USER: "joe" });
    expect(transmitted(d.receive(sb(SEND)))).toEqual([...sb(IS, VAR, "USER", VALUE, "joe")]);
    expect(guessSendCodes(bytes(SEND, USERVAR, "X"))).toEqual({ codes: undefined, conflict: false });
  });

  it("a SEND with both VAR and VALUE is ill-formed: a warning, read by the first", () => {
    const c = client({ USER: "joe" });
    const ev = c.receive(sb(SEND, 1, "USER", 0, "X"));
    expect(warnings(ev)).toContain("malformed-subnegotiation");
    expect(guessSendCodes(bytes(SEND, 1, "A", 0, "B"))).toEqual({ codes: "reversed", conflict: true });
  });

  it("ignores escaped bytes when looking for VAR and VALUE", () => {
    expect(guessSendCodes(bytes(SEND, VAR, "A", ESC, 1, "B")).codes).toBe("rfc");
  });
});

describe("RFC 1571 §3, §5 — the server guesses the client's codes from IS and INFO", () => {
  const guess = (...parts: (number | string)[]) => guessIsCodes(bytes(IS, ...parts)).codes;

  it("IS/INFO followed by VAR: ok; by VALUE: reversed", () => {
    expect(guess(0, "USER", 1, "joe")).toBe("rfc");
    expect(guess(1, "USER", 0, "joe")).toBe("reversed");
  });

  it("after a USERVAR: two consecutive VARs mean ok, two consecutive VALUEs reversed", () => {
    expect(guess(USERVAR, "X", 0, "A", 0, "B")).toBe("rfc");
    expect(guess(USERVAR, "X", 1, "A", 1, "B")).toBe("reversed");
  });

  it("an empty VALUE means ok, an empty VAR reversed", () => {
    expect(guess(USERVAR, "X", 1)).toBe("rfc");
    expect(guess(USERVAR, "X", 0)).toBe("reversed");
  });

  it("counts: VARs and USERVARs equal to VALUEs is ok; VALUEs and USERVARs equal to VARs is reversed", () => {
    expect(guess(USERVAR, "X", 1, "x", 0, "Y", 1, "y")).toBe("rfc");
    expect(guess(USERVAR, "X", 0, "x", 1, "Y", 0, "y")).toBe("reversed");
    // Consecutive USERVARs count once.
    expect(guessIsCodes(bytes(IS, USERVAR, "A", USERVAR, "B", 1, "b", 0, "C", 1, "c")).rule).toMatch(/as many VARs/);
  });

  it("well-known names decide last: under VAR ok, under VALUE reversed; else assume ok", () => {
    expect(guessIsCodes(bytes(IS, USERVAR, "A", 0, "USER", USERVAR, "B", 1, "x")).rule).toMatch(/VAR names a well-known/);
    expect(guess(USERVAR, "A", 0, "USER", USERVAR, "B", 1, "x")).toBe("rfc");
    expect(guess(USERVAR, "A", 1, "USER", USERVAR, "B", 0, "x")).toBe("reversed");
    expect(guess(USERVAR, "A", 1, "foo", USERVAR, "B", 0, "bar")).toBeUndefined();
    expect(guess()).toBeUndefined();
  });

  it("a BSD client's IS is read with its codes, and the codes stay from then on", () => {
    const s = server();
    const ev = ofType(s.receive(sb(IS, 1, "USER", 0, "joe", USERVAR, "SHELL", 0, "/bin/sh")), "environ");
    expect(ev).toMatchObject([
      {
        option: ENV,
        kind: "is",
        codes: "reversed",
        variables: [
          { kind: "var", name: "USER", value: "joe" },
          { kind: "uservar", name: "SHELL", value: "/bin/sh" },
        ],
      },
    ]);
    // An INFO that alone would not decide is read the same way.
    const [info] = ofType(s.receive(sb(INFO, USERVAR, "SHELL", 0, "/bin/zsh")), "environ");
    expect(info).toMatchObject({ kind: "info", codes: "reversed" });
    expect(peerEnvironment(s, ENV).uservars.get("SHELL")).toBe("/bin/zsh");
    // And our next SEND uses the client's codes.
    expect([...s.send({ type: "environ", kind: "send", option: ENV, requests: [{ kind: "var", name: "DISPLAY" }] })]).toEqual([
      ...sb(SEND, 1, "DISPLAY"),
    ]);
  });

  it("an empty IS decides nothing: the next list still can", () => {
    const s = server();
    expect(ofType(s.receive(sb(IS)), "environ")).toMatchObject([{ codes: "rfc", variables: [] }]);
    expect(ofType(s.receive(sb(INFO, 1, "USER", 0, "joe")), "environ")).toMatchObject([
      { codes: "reversed", variables: [{ name: "USER", value: "joe" }] },
    ]);
  });

  it("an RFC 1408 client is read as such", () => {
    const s = server();
    const [ev] = ofType(s.receive(sb(IS, VAR, "USER", VALUE, "joe")), "environ");
    expect(ev).toMatchObject({ codes: "rfc", variables: [{ name: "USER", value: "joe" }] });
  });

  it("the codec itself reads and writes either assignment", () => {
    const vars = [{ kind: "var" as const, name: "USER", value: "joe" }, { kind: "var" as const, name: "JOB" }];
    const rev = encodeEnvironVariables("is", vars, "reversed");
    expect([...rev]).toEqual([...bytes(IS, 1, "USER", 0, "joe", 1, "JOB")]);
    expect(decodeEnviron(rev, "reversed")).toEqual({ message: { command: "is", variables: vars }, problems: [] });
  });
});
