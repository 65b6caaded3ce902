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
  encodeEnvironSend,
  encodeEnvironVariables,
  peerEnvironment,
  splitEnvironSend,
  ENVIRON_SEND_LIMIT,
  MNES_VARIABLES,
  WELL_KNOWN_VARIABLES,
  type EnvironRequest,
  type TelnetEvent,
} from "@telnetkit/core";
import { bytes, ofType, pair, transmitted } from "./helpers.js";

const NE = OPT.NEW_ENVIRON;
const [IS, SEND, INFO] = [0, 1, 2];
const [VAR, VALUE, ESC, USERVAR] = [0, 1, 2, 3];
const hex = (s: string) => new Uint8Array(s.trim().split(/\s+/).map((h) => parseInt(h, 16)));
const sb = (...parts: (number | string | number[])[]) => bytes(IAC, SB, NE, ...parts, IAC, SE);
const warnings = (ev: TelnetEvent[]) => ofType(ev, "warning").map((w) => w.code);

/** A client that has agreed to NEW-ENVIRON (the server said DO). */
function client(options: Partial<ConstructorParameters<typeof TelnetSession>[0]> = {}) {
  const c = new TelnetSession({ role: "client", ...options });
  expect(transmitted(c.receive(bytes(IAC, DO, NE)))).toEqual([IAC, WILL, NE]);
  return c;
}

/** A server that asked for NEW-ENVIRON and was told WILL; its automatic SEND is returned too. */
function server(options: Partial<ConstructorParameters<typeof TelnetSession>[0]> = {}) {
  const s = new TelnetSession({ role: "server", options: { new_environ: "request" }, ...options });
  expect([...s.start()]).toEqual([IAC, DO, NE]);
  const ev = s.receive(bytes(IAC, WILL, NE));
  return { s, sent: transmitted(ev) };
}

describe("RFC 1572 — NEW-ENVIRON codec", () => {
  it("decodes the IS of the RFC's example (§6), the USER twice as the RFC explains", () => {
    const payload = bytes(IS, VAR, "USER", VALUE, "joe", VAR, "ACCT", VALUE, "kernel", VAR, "USER", VALUE, "joe",
      VAR, "DISPLAY", VALUE, "foo:0.0", USERVAR, "SHELL", VALUE, "/bin/csh");
    expect(decodeEnviron(payload)).toEqual({
      message: {
        command: "is",
        variables: [
          { kind: "var", name: "USER", value: "joe" },
          { kind: "var", name: "ACCT", value: "kernel" },
          { kind: "var", name: "USER", value: "joe" },
          { kind: "var", name: "DISPLAY", value: "foo:0.0" },
          { kind: "uservar", name: "SHELL", value: "/bin/csh" },
        ],
      },
      problems: [],
    });
  });

  it("decodes the SEND of the example: two names, then all well-known and all user variables", () => {
    const payload = bytes(SEND, VAR, "USER", VAR, "ACCT", VAR, USERVAR);
    expect(decodeEnviron(payload)).toEqual({
      message: {
        command: "send",
        requests: [{ kind: "var", name: "USER" }, { kind: "var", name: "ACCT" }, { kind: "var" }, { kind: "uservar" }],
      },
      problems: [],
    });
    expect([...encodeEnvironSend([{ kind: "var", name: "USER" }, { kind: "var", name: "ACCT" }, { kind: "var" }, { kind: "uservar" }])])
      .toEqual([...payload]);
  });

  it("reads the four SENDs that an empty IS answers (§6)", () => {
    const ok = (p: Uint8Array) => (decodeEnviron(p) as { message: { requests: EnvironRequest[] } }).message.requests;
    expect(ok(bytes(SEND))).toEqual([]);
    expect(ok(bytes(SEND, VAR))).toEqual([{ kind: "var" }]);
    expect(ok(bytes(SEND, USERVAR))).toEqual([{ kind: "uservar" }]);
    expect(ok(bytes(SEND, VAR, USERVAR))).toEqual([{ kind: "var" }, { kind: "uservar" }]);
    expect(decodeEnviron(bytes(IS))).toEqual({ message: { command: "is", variables: [] }, problems: [] });
  });

  it("tells an undefined variable (no VALUE) from an empty value (VALUE then a type or the end) (§2)", () => {
    const p = bytes(INFO, VAR, "A", VAR, "B", VALUE, USERVAR, "C", VALUE);
    expect(decodeEnviron(p)).toEqual({
      message: {
        command: "info",
        variables: [
          { kind: "var", name: "A" },
          { kind: "var", name: "B", value: "" },
          { kind: "uservar", name: "C", value: "" },
        ],
      },
      problems: [],
    });
    expect([...encodeEnvironVariables("info", [{ kind: "var", name: "A" }, { kind: "var", name: "B", value: "" }, { kind: "uservar", name: "C", value: "" }])])
      .toEqual([...p]);
  });

  it("escapes VAR, VALUE, ESC and USERVAR inside names and values with ESC, both ways (§2)", () => {
    const name = "a\x00b\x01";
    const value = "\x02\x03z";
    const p = encodeEnvironVariables("is", [{ kind: "uservar", name, value }]);
    expect([...p]).toEqual([IS, USERVAR, 0x61, ESC, 0, 0x62, ESC, 1, VALUE, ESC, 2, ESC, 3, 0x7a]);
    expect(decodeEnviron(p)).toEqual({ message: { command: "is", variables: [{ kind: "uservar", name, value }] }, problems: [] });
    const s = encodeEnvironSend([{ kind: "var", name: "\x03" }]);
    expect([...s]).toEqual([SEND, VAR, ESC, USERVAR]);
  });

  it("carries UTF-8 text, and reads other bytes one character per byte", () => {
    const p = encodeEnvironVariables("is", [{ kind: "var", name: "USER", value: "José" }]);
    expect([...p.slice(-5)]).toEqual([0x4a, 0x6f, 0x73, 0xc3, 0xa9]);
    expect(decodeEnviron(p)).toMatchObject({ message: { variables: [{ value: "José" }] } });
    expect(decodeEnviron(bytes(IS, VAR, "USER", VALUE, [0x4a, 0xe9]))).toMatchObject({
      message: { variables: [{ value: "J\u00e9" }] },
    });
  });

  it("names the well-known variables (§5) and the MNES ones", () => {
    expect(WELL_KNOWN_VARIABLES).toEqual(["USER", "JOB", "ACCT", "PRINTER", "SYSTEMTYPE", "DISPLAY"]);
    expect(MNES_VARIABLES).toContain("CLIENT_NAME");
    expect(MNES_VARIABLES).toContain("TERMINAL_TYPE");
  });

  it("reports what it skips in malformed lists and never throws", () => {
    expect(decodeEnviron(bytes())).toBe("empty subnegotiation");
    expect(decodeEnviron(bytes(9))).toMatch(/not IS, SEND or INFO/);
    expect(decodeEnviron(bytes(IS, "xy", VAR, "A"))).toMatchObject({ problems: [expect.stringMatching(/before the first/)] });
    expect(decodeEnviron(bytes(IS, VALUE, "x"))).toMatchObject({ problems: [expect.stringMatching(/VALUE before/)] });
    expect(decodeEnviron(bytes(IS, VAR, "A", VALUE, "1", VALUE, "2"))).toMatchObject({
      message: { variables: [{ name: "A", value: "1" }] },
      problems: [expect.stringMatching(/two VALUEs/)],
    });
    expect(decodeEnviron(bytes(IS, VAR, "A", ESC))).toMatchObject({
      message: { variables: [{ name: "A" }] },
      problems: [expect.stringMatching(/ESC at the end/)],
    });
    expect(decodeEnviron(bytes(SEND, VAR, "A", VALUE, "B"))).toMatchObject({
      message: { requests: [{ kind: "var", name: "A" }] },
      problems: [expect.stringMatching(/VALUE in a SEND/)],
    });
  });
});

describe("NEW-ENVIRON bytes of real peers", () => {
  // transcripts/client-kermit.txt: C-Kermit 10.0 answering a bare SEND.
  const kermitIs = hex("ff fa 27 00 00 55 53 45 52 01 72 6f 6f 74 00 53 59 53 54 45 4d 54 59 50 45 01 55 4e 49 58 ff f0");
  // transcripts/client-plink.txt: PuTTY's plink.
  const plinkIs = hex("ff fa 27 00 00 55 53 45 52 01 72 6f 6f 74 ff f0");
  // transcripts/client-tintin.txt (mnes run), answering SEND VAR USERVAR: an empty VAR between entries, a trailing space.
  const tintinIs = hex(`ff fa 27 00 00 43 48 41 52 53 45 54 01 55 54 46 2d 38 00 00 43 4c 49 45 4e 54 5f 4e 41 4d 45 01
    54 69 6e 54 69 6e 2b 2b 00 00 43 4c 49 45 4e 54 5f 56 45 52 53 49 4f 4e 01 32 2e 30 32 2e 32 30 20 00 00 4d 54 54 53
    01 37 38 33 00 00 54 45 52 4d 49 4e 41 4c 5f 54 59 50 45 01 78 74 65 72 6d ff f0`);
  // tintin answering SEND VAR "USER" USERVAR "CLIENT_NAME" USERVAR "CHARSET" USERVAR "MTTS": three IS, each with VAR.
  const tintinThree = hex(`ff fa 27 00 00 43 4c 49 45 4e 54 5f 4e 41 4d 45 01 54 69 6e 54 69 6e 2b 2b ff f0
    ff fa 27 00 00 43 48 41 52 53 45 54 01 55 54 46 2d 38 ff f0 ff fa 27 00 00 4d 54 54 53 01 37 38 33 ff f0`);
  // inetutils and netkit telnet with no exported variables.
  const emptyIs = hex("ff fa 27 00 ff f0");

  it("decodes C-Kermit's and plink's IS", () => {
    const { s } = server();
    const ev = ofType(s.receive(kermitIs), "environ");
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      option: NE,
      kind: "is",
      variables: [
        { kind: "var", name: "USER", value: "root" },
        { kind: "var", name: "SYSTEMTYPE", value: "UNIX" },
      ],
    });
    const p = server().s;
    const [e2] = ofType(p.receive(plinkIs), "environ");
    expect(e2.kind === "is" && [...e2.environment.vars]).toEqual([["USER", "root"]]);
  });

  it("decodes tintin++'s answer with its empty VARs silently and keeps the trailing space", () => {
    const { s } = server();
    const ev = s.receive(tintinIs);
    expect(warnings(ev)).toEqual([]);
    const [e] = ofType(ev, "environ");
    expect(e.kind === "is" && e.variables.map((v) => [v.name, v.value])).toEqual([
      ["CHARSET", "UTF-8"],
      ["CLIENT_NAME", "TinTin++"],
      ["CLIENT_VERSION", "2.02.20 "],
      ["MTTS", "783"],
      ["TERMINAL_TYPE", "xterm"],
    ]);
    expect(peerEnvironment(s).vars.get("CLIENT_VERSION")).toBe("2.02.20 ");
  });

  it("merges tintin++'s several IS into one map", () => {
    const { s } = server();
    const ev = s.receive(tintinThree);
    expect(ofType(ev, "environ")).toHaveLength(3);
    expect(Object.fromEntries(peerEnvironment(s).vars)).toEqual({ CLIENT_NAME: "TinTin++", CHARSET: "UTF-8", MTTS: "783" });
  });

  it("takes the empty IS of inetutils and netkit telnet", () => {
    const { s } = server();
    const ev = s.receive(emptyIs);
    expect(warnings(ev)).toEqual([]);
    expect(ofType(ev, "environ")).toMatchObject([{ kind: "is", variables: [] }]);
  });

  it("answers the bare SEND of inetutils and netkit telnetd byte for byte as C-Kermit does", () => {
    // transcripts/server-netkit.txt: netkit telnetd sends DO NEW-ENVIRON alone, then SEND, and waits.
    const c = client({ environment: { USER: "root", SYSTEMTYPE: "UNIX" } });
    const ev = c.receive(hex("ff fa 27 01 ff f0"));
    expect(ofType(ev, "environ")).toEqual([{ type: "environ", option: NE, kind: "send", requests: [] }]);
    expect(transmitted(ev)).toEqual([...kermitIs]);
  });

  it("answers with an empty IS when it has nothing, as inetutils telnet does", () => {
    const c = client();
    expect(transmitted(c.receive(hex("ff fa 27 01 ff f0")))).toEqual([...emptyIs]);
  });
});

describe("NEW-ENVIRON client", () => {
  it("agrees by default and answers SEND in the order asked, unknown names with no VALUE (§2)", () => {
    const c = client({ environment: { USER: "joe", DISPLAY: "foo:0.0" }, userEnvironment: { SHELL: "/bin/csh" } });
    const ev = c.receive(sb(SEND, VAR, "USER", VAR, "ACCT", VAR, USERVAR));
    expect(transmitted(ev)).toEqual([
      ...sb(IS, VAR, "USER", VALUE, "joe", VAR, "ACCT", VAR, "USER", VALUE, "joe", VAR, "DISPLAY", VALUE, "foo:0.0",
        USERVAR, "SHELL", VALUE, "/bin/csh"),
    ]);
  });

  it("answers a request repeated in one SEND once: a SEND of many bare VARs costs one copy of the environment", () => {
    const environment = { USER: "joe", DISPLAY: "foo:0.0", TERM: "xterm-256color" };
    const c = client({ environment, userEnvironment: { SHELL: "/bin/csh" } });
    const once = transmitted(c.receive(sb(SEND, VAR, USERVAR)));
    const many = sb(SEND, ...Array.from({ length: 1000 }, () => [VAR, USERVAR]).flat(), ...Array.from({ length: 100 }, () => [VAR, "USER"]).flat());
    const ev = c.receive(many);
    expect(transmitted(ev)).toEqual([...once.slice(0, -2), ...bytes(VAR, "USER", VALUE, "joe"), IAC, SE]);
    expect(transmitted(ev).length).toBeLessThan(many.length);
  });

  it("answers a USERVAR request from the user variables only", () => {
    const c = client({ environment: { X: "well-known" }, userEnvironment: { Y: "user" } });
    expect(transmitted(c.receive(sb(SEND, USERVAR, "X", USERVAR, "Y")))).toEqual([
      ...sb(IS, USERVAR, "X", USERVAR, "Y", VALUE, "user"),
    ]);
  });

  it("answers the MNES example with VAR names", () => {
    const c = client({ environment: { CLIENT_NAME: "telnetkit", CLIENT_VERSION: "1.0", CHARSET: "UTF-8" } });
    expect(transmitted(c.receive(sb(SEND, VAR, "CLIENT_NAME", VAR, "CLIENT_VERSION")))).toEqual([
      ...sb(IS, VAR, "CLIENT_NAME", VALUE, "telnetkit", VAR, "CLIENT_VERSION", VALUE, "1.0"),
    ]);
  });

  it("does not answer SEND before agreeing (only the WILL side sends, §6)", () => {
    const c = new TelnetSession({ role: "client", environment: { USER: "joe" } });
    const ev = c.receive(sb(SEND));
    expect(transmitted(ev)).toEqual([]);
    expect(warnings(ev)).toContain("wrong-direction");
  });

  it("sends INFO for changed values, only after it has answered a SEND (§2)", () => {
    const c = client({ environment: { USER: "joe" } });
    expect([...c.send({ type: "environ", kind: "update", environment: { DISPLAY: "a:0" } })]).toEqual([]);
    expect(transmitted(c.receive(sb(SEND, VAR)))).toEqual([...sb(IS, VAR, "USER", VALUE, "joe", VAR, "DISPLAY", VALUE, "a:0")]);
    expect([...c.send({ type: "environ", kind: "update", environment: { DISPLAY: "b:0", USER: "joe" }, userEnvironment: { T: "1" } })])
      .toEqual([...sb(INFO, VAR, "DISPLAY", VALUE, "b:0", USERVAR, "T", VALUE, "1")]);
    // null undefines a variable: a type with no VALUE.
    expect([...c.send({ type: "environ", kind: "update", environment: { DISPLAY: null } })]).toEqual([...sb(INFO, VAR, "DISPLAY")]);
    expect([...c.send({ type: "environ", kind: "update", environment: { DISPLAY: null } })]).toEqual([]);
  });

  it("starts over after DONT NEW-ENVIRON (mud-mnes.md): no INFO until the next SEND", () => {
    const c = client({ environment: { USER: "joe" } });
    c.receive(sb(SEND));
    c.receive(bytes(IAC, DONT, NE));
    c.receive(bytes(IAC, DO, NE));
    expect([...c.send({ type: "environ", kind: "update", environment: { USER: "ann" } })]).toEqual([]);
    expect(transmitted(c.receive(sb(SEND)))).toEqual([...sb(IS, VAR, "USER", VALUE, "ann")]);
  });

  it("rejects invalid commands", () => {
    const c = client();
    expect(() => c.send({ type: "environ", kind: "update", environment: { A: 1 as unknown as string } })).toThrow(TypeError);
    expect(() => c.send({ type: "environ", kind: "send", option: 5 })).toThrow(TypeError);
    expect(() => c.send({ type: "environ", kind: "send", requests: [{ kind: "x" as "var" }] })).toThrow(TypeError);
    expect(() => c.send({ type: "environ", kind: "nope" } as never)).toThrow(TypeError);
  });
});

describe("NEW-ENVIRON server", () => {
  it("refuses the client's WILL by default, and asks when told to", () => {
    const s = new TelnetSession({ role: "server" });
    expect(transmitted(s.receive(bytes(IAC, WILL, NE)))).toEqual([IAC, DONT, NE]);
    expect(server().sent).toEqual([...sb(SEND, VAR, USERVAR)]);
  });

  it("asks for what environRequest says, or nothing", () => {
    expect(server({ environRequest: [{ kind: "var", name: "USER" }] }).sent).toEqual([...sb(SEND, VAR, "USER")]);
    expect(server({ environRequest: false }).sent).toEqual([]);
  });

  it("keeps the peer's environment: IS, then INFO changes and undefines (§2)", () => {
    const { s } = server();
    s.receive(sb(IS, VAR, "USER", VALUE, "joe", VAR, "DISPLAY", VALUE, "a:0", USERVAR, "SHELL", VALUE, "sh"));
    const ev = ofType(s.receive(sb(INFO, VAR, "DISPLAY", VALUE, "b:0", USERVAR, "SHELL", VAR, "JOB", VALUE)), "environ");
    expect(ev).toHaveLength(1);
    const e = ev[0];
    if (e.kind === "send") throw new Error("expected INFO");
    expect(e.kind).toBe("info");
    expect(e.variables).toEqual([
      { kind: "var", name: "DISPLAY", value: "b:0" },
      { kind: "uservar", name: "SHELL" },
      { kind: "var", name: "JOB", value: "" },
    ]);
    expect(Object.fromEntries(e.environment.vars)).toEqual({ USER: "joe", DISPLAY: "b:0", JOB: "" });
    expect(e.environment.uservars.size).toBe(0);
  });

  it("drops the peer's environment when it says WONT (a new session after a copyover)", () => {
    const { s } = server();
    s.receive(sb(IS, VAR, "USER", VALUE, "joe"));
    s.receive(bytes(IAC, WONT, NE));
    expect(peerEnvironment(s).vars.size).toBe(0);
  });

  it("splits a long request into SENDs of at most 240 bytes (inetutils telnet's 256-byte buffer)", () => {
    const s = new TelnetSession({ role: "server", options: { new_environ: "request" }, environRequest: false });
    s.start();
    s.receive(bytes(IAC, WILL, NE));
    const names: EnvironRequest[] = Array.from({ length: 60 }, (_, i) => ({ kind: i % 2 ? "uservar" : "var", name: `VARIABLE_${i}` }));
    const out = s.send({ type: "environ", kind: "send", requests: names });
    const frames: number[][] = [];
    let cur: number[] = [];
    for (let i = 0; i < out.length; i++) {
      cur.push(out[i]);
      if (out[i] === SE && out[i - 1] === IAC) {
        frames.push(cur);
        cur = [];
      }
    }
    expect(frames.length).toBeGreaterThan(1);
    for (const f of frames) expect(f.length).toBeLessThanOrEqual(ENVIRON_SEND_LIMIT);
    const back = frames.flatMap((f) => (decodeEnviron(new Uint8Array(f.slice(3, -2))) as { message: { requests: EnvironRequest[] } }).message.requests);
    expect(back).toEqual(names);
    expect(splitEnvironSend(names).length).toBe(frames.length);
  });

  it("holds a SEND asked for before the client agreed, and makes it when it does", () => {
    const s = new TelnetSession({ role: "server", options: { new_environ: "request" } });
    s.start();
    expect([...s.send({ type: "environ", kind: "send", requests: [{ kind: "var", name: "USER" }] })]).toEqual([]);
    expect(transmitted(s.receive(bytes(IAC, WILL, NE)))).toEqual([...sb(SEND, VAR, "USER")]);
  });

  it("ignores IS from a peer it did not ask (only the WILL side sends IS, §6)", () => {
    const s = new TelnetSession({ role: "server" });
    const ev = s.receive(sb(IS, VAR, "USER", VALUE, "x"));
    expect(warnings(ev)).toContain("wrong-direction");
    expect(ofType(ev, "environ")).toEqual([]);
  });

  it("bounds the peer's variables", () => {
    const { s } = server({ limits: { environVariables: 2 } });
    const ev = s.receive(sb(IS, VAR, "A", VALUE, "1", VAR, "B", VALUE, "2", VAR, "C", VALUE, "3", VAR, "A", VALUE, "9"));
    expect(warnings(ev)).toEqual(["environ-limit"]);
    expect(Object.fromEntries(peerEnvironment(s).vars)).toEqual({ A: "9", B: "2" });
  });

  it("warns about malformed payloads and goes on", () => {
    const { s } = server();
    for (const bad of [sb(), sb(7, 1, 2), sb(IS, VALUE, "x"), sb(IS, VAR, VALUE, "x"), sb(IS, VAR, "A", ESC)]) {
      const ev = s.receive(bad);
      expect(warnings(ev).length).toBeGreaterThan(0);
    }
    const after = s.receive(bytes("ok"));
    expect(ofType(after, "data").map((d) => String.fromCharCode(...d.bytes))).toEqual(["ok"]);
  });
});

describe("NEW-ENVIRON between our own client and server", () => {
  it("the server learns the client's configured environment", () => {
    const p = pair(
      { role: "server", options: { new_environ: "request" } },
      { role: "client", environment: { USER: "ann", DISPLAY: "h:0" }, userEnvironment: { LANG: "C" } },
    );
    p.open();
    const env = peerEnvironment(p.server);
    expect(Object.fromEntries(env.vars)).toEqual({ USER: "ann", DISPLAY: "h:0" });
    expect(Object.fromEntries(env.uservars)).toEqual({ LANG: "C" });
    p.fromClient(p.client.send({ type: "environ", kind: "update", userEnvironment: { LANG: "de_DE.UTF-8" } }));
    expect(peerEnvironment(p.server).uservars.get("LANG")).toBe("de_DE.UTF-8");
    expect(ofType([...p.seen.server, ...p.seen.client], "warning")).toEqual([]);
  });
});
