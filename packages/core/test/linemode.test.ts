import { describe, expect, it } from "vitest";
import {
  CLIENT_SLC_DEFAULTS,
  DM,
  DO,
  DONT,
  EOF,
  IAC,
  IP,
  OPT,
  SB,
  SE,
  SERVER_SLC_DEFAULTS,
  TelnetSession,
  WILL,
  WONT,
  decodeLinemode,
  encodeLinemode,
  forwardMaskHas,
  forwardMaskOf,
  forwardsOn,
  linemodeInfo,
  slcDefaults,
  slcFunctionOf,
  trappedSignal,
  type LinemodeSettings,
  type SlcTriplet,
  type TelnetEvent,
} from "@telnetkit/core";
import { ofType, transmitted } from "./helpers.js";

// RFC 1184 §1 codes, written out from the RFC.
const LINEMODE = 34, TM = 6;
const MODE = 1, FORWARDMASK = 2, SLC = 3;
const EDIT = 1, TRAPSIG = 2, MODE_ACK = 4, SOFT_TAB = 8, LIT_ECHO = 16;
const SYNCH = 1, BRK = 2, IPF = 3, AO = 4, AYT = 5, EOFF = 8, EC = 10, EL = 11, FORW1 = 17, MCL = 19, EEOL = 30;
const DEFAULT = 3, VALUE = 2, CANTCHANGE = 1, NOSUPPORT = 0, ACK = 128, FLUSHIN = 64, FLUSHOUT = 32;

/** `IAC SB LINEMODE payload IAC SE`, IAC doubled. */
const sb = (...payload: number[]): number[] => [IAC, SB, LINEMODE, ...payload.flatMap((b) => (b === IAC ? [IAC, IAC] : [b])), IAC, SE];
const u8 = (...parts: number[][]): Uint8Array => Uint8Array.from(parts.flat());
const warningCodes = (evs: TelnetEvent[]) => ofType(evs, "warning").map((w) => w.code);
const linemodeEvents = (evs: TelnetEvent[]) => ofType(evs, "linemode");

/** A server with LINEMODE on (the client said WILL), its opening MODE already sent. */
function server(linemode: LinemodeSettings = {}): TelnetSession {
  const s = new TelnetSession({ role: "server", options: { linemode: "request" }, linemode });
  s.start();
  s.receive(u8([IAC, WILL, LINEMODE]));
  return s;
}

/** A client with LINEMODE on (the server said DO), its export already sent. */
function client(linemode: LinemodeSettings = {}): TelnetSession {
  const c = new TelnetSession({ role: "client", options: { linemode: "accept" }, linemode });
  c.receive(u8([IAC, DO, LINEMODE]));
  return c;
}

const t = (func: number, modifiers: number, value: number): SlcTriplet => ({
  func,
  level: (["nosupport", "cantchange", "value", "default"] as const)[modifiers & 3],
  ack: (modifiers & ACK) !== 0,
  flushin: (modifiers & FLUSHIN) !== 0,
  flushout: (modifiers & FLUSHOUT) !== 0,
  value,
});

describe("RFC 1184 §1-2 — LINEMODE payload codec", () => {
  it("decodes and encodes MODE, the four FORWARDMASK verbs and SLC lists", () => {
    const cases: [number[], ReturnType<typeof decodeLinemode>["message"]][] = [
      [[MODE, EDIT | TRAPSIG], { kind: "mode", mask: 3 }],
      [[DO, FORWARDMASK, 0xff, 0x00, 0x01], { kind: "forwardmask", action: "do", mask: Uint8Array.from([0xff, 0, 1]) }],
      [[DO, FORWARDMASK], { kind: "forwardmask", action: "do", mask: new Uint8Array(0) }],
      [[DONT, FORWARDMASK], { kind: "forwardmask", action: "dont" }],
      [[WILL, FORWARDMASK], { kind: "forwardmask", action: "will" }],
      [[WONT, FORWARDMASK], { kind: "forwardmask", action: "wont" }],
      [[SLC, IPF, VALUE | FLUSHIN | FLUSHOUT | ACK, 3, 0, DEFAULT, 0], { kind: "slc", triplets: [t(IPF, VALUE | FLUSHIN | FLUSHOUT | ACK, 3), t(0, DEFAULT, 0)] }],
      [[SLC], { kind: "slc", triplets: [] }],
    ];
    for (const [payload, message] of cases) {
      const decoded = decodeLinemode(Uint8Array.from(payload));
      expect(decoded).toEqual({ message });
      expect([...encodeLinemode(decoded.message!)]).toEqual(payload);
    }
  });

  it("reports what is wrong with a malformed payload, keeping what can still be used", () => {
    expect(decodeLinemode(new Uint8Array(0))).toEqual({ problem: "empty LINEMODE subnegotiation" });
    expect(decodeLinemode(Uint8Array.from([MODE])).message).toBeUndefined();
    expect(decodeLinemode(Uint8Array.from([MODE, 1, 2])).message).toBeUndefined();
    expect(decodeLinemode(Uint8Array.from([9, 1])).problem).toMatch(/unknown LINEMODE suboption 9/);
    expect(decodeLinemode(Uint8Array.from([DO])).message).toBeUndefined();
    expect(decodeLinemode(Uint8Array.from([WILL, 7])).message).toBeUndefined();
    // An SLC list with a partial triplet: the whole triplets are kept.
    const partial = decodeLinemode(Uint8Array.from([SLC, EC, VALUE, 8, EL, VALUE]));
    expect(partial.message).toEqual({ kind: "slc", triplets: [t(EC, VALUE, 8)] });
    expect(partial.problem).toMatch(/2 bytes of a triplet/);
    // §2.3: "The mask is up to 32 octets long."
    const long = decodeLinemode(Uint8Array.from([DO, FORWARDMASK, ...new Array(40).fill(1)]));
    expect(long.message).toEqual({ kind: "forwardmask", action: "do", mask: new Uint8Array(32).fill(1) });
    expect(long.problem).toMatch(/40 octets/);
    // The bits of the modifier byte the RFC leaves undefined are ignored.
    expect(decodeLinemode(Uint8Array.from([SLC, EC, VALUE | 0x1c, 8])).message).toEqual({ kind: "slc", triplets: [t(EC, VALUE, 8)] });
  });
});

describe("RFC 1184 §3 — default policy and defaults", () => {
  it("refuses LINEMODE unless asked to: WONT to DO, DONT to WILL, on both roles", () => {
    for (const role of ["client", "server"] as const) {
      const s = new TelnetSession({ role });
      expect([...s.start()]).toEqual([]);
      expect(transmitted(s.receive(u8([IAC, DO, LINEMODE])))).toEqual([IAC, WONT, LINEMODE]);
      expect(transmitted(s.receive(u8([IAC, WILL, LINEMODE])))).toEqual([IAC, DONT, LINEMODE]);
    }
  });

  it("a server with `request` asks (DO LINEMODE) and sets EDIT|TRAPSIG once the client agrees", () => {
    const s = new TelnetSession({ role: "server", options: { linemode: "request" } });
    expect([...s.start()]).toEqual([IAC, DO, LINEMODE]);
    expect(transmitted(s.receive(u8([IAC, WILL, LINEMODE])))).toEqual(sb(MODE, EDIT | TRAPSIG));
    // The mode is in use once the client acks it (§2.2), not before.
    expect(linemodeInfo(s)).toMatchObject({ side: "server", mode: 0 });
  });

  it("a client with `accept` agrees (WILL LINEMODE) and exports its special characters (§5.5)", () => {
    const c = new TelnetSession({ role: "client", options: { linemode: "accept" } });
    const out = transmitted(c.receive(u8([IAC, DO, LINEMODE])));
    expect(out.slice(0, 3)).toEqual([IAC, WILL, LINEMODE]);
    const sent = decodeLinemode(Uint8Array.from(out.slice(6, -2))).message!;
    expect(sent.kind).toBe("slc");
    // The table of §5.10's client; NOSUPPORT functions are left out, being NOSUPPORT already (§3).
    expect(sent.kind === "slc" && sent.triplets.map((x) => x.func)).toEqual([1, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(linemodeInfo(c).slc.EC).toEqual(CLIENT_SLC_DEFAULTS.EC);
  });

  it("a client set to import asks for the server's defaults instead: SLC 0 SLC_DEFAULT 0", () => {
    const c = new TelnetSession({ role: "client", options: { linemode: "accept" }, linemode: { slcStart: "import" } });
    expect(transmitted(c.receive(u8([IAC, DO, LINEMODE])))).toEqual([IAC, WILL, LINEMODE, ...sb(SLC, 0, DEFAULT, 0)]);
  });

  it("starts from MODE 0, no forward mask and every SLC NOSUPPORT, and comes back to that when LINEMODE goes off", () => {
    const c = client();
    c.receive(u8(sb(MODE, EDIT), sb(DO, FORWARDMASK, 1)));
    expect(linemodeInfo(c)).toMatchObject({ mode: EDIT, side: "client" });
    expect(transmitted(c.receive(u8([IAC, DONT, LINEMODE])))).toEqual([IAC, WONT, LINEMODE]);
    const info = linemodeInfo(c);
    expect(info).toMatchObject({ side: null, mode: 0, edit: false, forwardMask: null });
    expect(Object.values(info.slc).every((s) => s.level === "nosupport")).toBe(true);
  });

  it("default tables name all 30 functions, and settings override them", () => {
    expect(Object.keys(CLIENT_SLC_DEFAULTS)).toHaveLength(30);
    expect(Object.keys(SERVER_SLC_DEFAULTS)).toHaveLength(30);
    expect(SERVER_SLC_DEFAULTS.MCL.level).toBe("default");
    expect(slcDefaults("client", { EC: { value: 8 } }).EC).toEqual({ level: "value", value: 8, flushin: false, flushout: false });
  });

  it("rejects invalid settings when the session is made", () => {
    expect(() => new TelnetSession({ role: "client", linemode: { slc: { NOPE: { value: 1 } } as never } })).toThrow(TypeError);
    expect(() => new TelnetSession({ role: "client", linemode: { slc: { EC: { value: 300 } } } })).toThrow(TypeError);
    expect(() => new TelnetSession({ role: "server", linemode: { mode: 1000 } })).toThrow(TypeError);
    expect(() => new TelnetSession({ role: "client", linemode: { slcStart: "both" as never } })).toThrow(TypeError);
  });
});

describe("RFC 1184 §5.7 — who is client and server", () => {
  it("plays the side the negotiation gives, and refuses LINEMODE in both directions", () => {
    const c = new TelnetSession({ role: "client", options: { linemode: "accept" } });
    c.receive(u8([IAC, DO, LINEMODE]));
    const evs = c.receive(u8([IAC, WILL, LINEMODE]));
    // Agreed by policy, then turned off again: DO then DONT, with a warning.
    expect(transmitted(evs)).toEqual([IAC, DO, LINEMODE, IAC, DONT, LINEMODE]);
    expect(warningCodes(evs)).toEqual(["negotiation-violation"]);
    expect(linemodeInfo(c).side).toBe("client");
  });
});

describe("RFC 1184 §2.2 — MODE and MODE_ACK", () => {
  it("client: a changed mode is taken and acked with MODE_ACK; the same mode is ignored", () => {
    const c = client();
    const evs = c.receive(u8(sb(MODE, EDIT | TRAPSIG)));
    expect(transmitted(evs)).toEqual(sb(MODE, EDIT | TRAPSIG | MODE_ACK));
    expect(linemodeEvents(evs)).toEqual([{ type: "linemode", kind: "mode", mode: 3, edit: true, trapsig: true, softTab: false, litEcho: false }]);
    // "If a MODE command is received with a mode mask that is currently in use (ignoring the MODE_ACK bit), the MODE command is ignored."
    expect(c.receive(u8(sb(MODE, EDIT | TRAPSIG)))).toEqual([]);
    expect(c.receive(u8(sb(MODE, EDIT | TRAPSIG | MODE_ACK)))).toEqual([]);
  });

  it("client: a MODE with MODE_ACK set that differs is ignored, never answered", () => {
    const c = client();
    expect(c.receive(u8(sb(MODE, EDIT | MODE_ACK)))).toEqual([]);
    expect(linemodeInfo(c).mode).toBe(0);
  });

  it("client: answers with a subset, without MODE_ACK, when it does not honour SOFT_TAB / LIT_ECHO; never drops EDIT or TRAPSIG", () => {
    const c = client({ supportedModes: { litEcho: true } });
    expect(transmitted(c.receive(u8(sb(MODE, EDIT | TRAPSIG | SOFT_TAB | LIT_ECHO))))).toEqual(sb(MODE, EDIT | TRAPSIG | LIT_ECHO));
    expect(linemodeInfo(c).mode).toBe(EDIT | TRAPSIG | LIT_ECHO);
    // Bits RFC 1184 does not define are dropped the same way.
    expect(transmitted(c.receive(u8(sb(MODE, EDIT | 0x40))))).toEqual(sb(MODE, EDIT));
  });

  it("client: asks for a mode itself (§5.1); the server's MODE_ACK is not answered", () => {
    const c = client();
    expect([...c.send({ type: "linemode", kind: "mode", mode: { edit: true } })]).toEqual(sb(MODE, EDIT));
    expect(linemodeEvents(c.takeEvents())).toHaveLength(1);
    expect(c.receive(u8(sb(MODE, EDIT | MODE_ACK)))).toEqual([]);
    expect(linemodeInfo(c).mode).toBe(EDIT);
  });

  it("server: switches to the mode the client acks, and never answers a MODE_ACK", () => {
    const s = server();
    const evs = s.receive(u8(sb(MODE, EDIT | TRAPSIG | MODE_ACK)));
    expect(transmitted(evs)).toEqual([]);
    expect(linemodeEvents(evs)).toHaveLength(1);
    expect(s.receive(u8(sb(MODE, EDIT | TRAPSIG | MODE_ACK)))).toEqual([]);
    // A MODE_ACK for a mode other than the one in use: "the server will switch to the new mode".
    expect(transmitted(s.receive(u8(sb(MODE, TRAPSIG | MODE_ACK))))).toEqual([]);
    expect(linemodeInfo(s).mode).toBe(TRAPSIG);
  });

  it("server: a client's MODE without MODE_ACK is its request: agreed with MODE_ACK, or answered with ours", () => {
    const s = server();
    s.receive(u8(sb(MODE, EDIT | TRAPSIG | MODE_ACK)));
    expect(transmitted(s.receive(u8(sb(MODE, TRAPSIG))))).toEqual(sb(MODE, TRAPSIG | MODE_ACK));
    expect(linemodeInfo(s).mode).toBe(TRAPSIG);

    const strict = server({ acceptModeRequests: false, mode: EDIT | TRAPSIG | LIT_ECHO });
    strict.receive(u8(sb(MODE, EDIT | TRAPSIG | LIT_ECHO | MODE_ACK)));
    // The client asks to drop EDIT and add SOFT_TAB: answered with "a subset of the new mode
    // mask", to which "the server ... may set the EDIT and TRAPSIG bits".
    expect(transmitted(strict.receive(u8(sb(MODE, TRAPSIG | SOFT_TAB))))).toEqual(sb(MODE, EDIT | TRAPSIG));
    expect(linemodeInfo(strict).mode).toBe(EDIT | TRAPSIG | LIT_ECHO);
    // A request within what the server wants is agreed.
    expect(transmitted(strict.receive(u8(sb(MODE, EDIT | TRAPSIG))))).toEqual(sb(MODE, EDIT | TRAPSIG | MODE_ACK));
    expect(linemodeInfo(strict).mode).toBe(EDIT | TRAPSIG);
  });

  it("server: the mode asked for before LINEMODE is on is sent when it comes on; mode 0 sends nothing (§3)", () => {
    const s = new TelnetSession({ role: "server", options: { linemode: "request" } });
    expect([...s.send({ type: "linemode", kind: "mode", mode: { trapsig: true, softTab: true } })]).toEqual([]);
    s.start();
    expect(transmitted(s.receive(u8([IAC, WILL, LINEMODE])))).toEqual(sb(MODE, TRAPSIG | SOFT_TAB));
    const quiet = new TelnetSession({ role: "server", options: { linemode: "request" }, linemode: { mode: 0 } });
    quiet.start();
    expect(transmitted(quiet.receive(u8([IAC, WILL, LINEMODE])))).toEqual([]);
  });

  it("server: a second request before the first is answered is sent, even back to the mode in use", () => {
    const s = server({ mode: 0 });
    expect([...s.send({ type: "linemode", kind: "mode", mode: EDIT })]).toEqual(sb(MODE, EDIT));
    expect([...s.send({ type: "linemode", kind: "mode", mode: 0 })]).toEqual(sb(MODE, 0));
    s.receive(u8(sb(MODE, EDIT | MODE_ACK), sb(MODE, MODE_ACK)));
    expect(linemodeInfo(s).mode).toBe(0);
  });
});

describe("RFC 1184 §2.3 — FORWARDMASK", () => {
  it("client: DO FORWARDMASK is answered WILL and the mask taken; DONT is answered WONT", () => {
    const c = client();
    const evs = c.receive(u8(sb(DO, FORWARDMASK, 0x80, 0x00, IAC)));
    expect(transmitted(evs)).toEqual(sb(WILL, FORWARDMASK));
    expect(linemodeEvents(evs)).toEqual([{ type: "linemode", kind: "forwardmask", mask: Uint8Array.from([0x80, 0, 0xff]) }]);
    const info = linemodeInfo(c);
    expect(forwardMaskHas(info.forwardMask, 0)).toBe(true);
    expect(forwardMaskHas(info.forwardMask, 23)).toBe(true);
    expect(forwardMaskHas(info.forwardMask, 24)).toBe(false);
    expect(transmitted(c.receive(u8(sb(DONT, FORWARDMASK))))).toEqual(sb(WONT, FORWARDMASK));
    expect(linemodeInfo(c).forwardMask).toBeNull();
  });

  it("client: answers WONT when set not to use a forward mask", () => {
    const c = client({ forwardMask: false });
    expect(transmitted(c.receive(u8(sb(DO, FORWARDMASK, 1))))).toEqual(sb(WONT, FORWARDMASK));
    expect(linemodeInfo(c).forwardMask).toBeNull();
  });

  it("server: doubles a 255 octet of the mask, and takes the mask once the client says WILL", () => {
    const s = server();
    expect([...s.send({ type: "linemode", kind: "forwardmask", mask: [0xff, 0x01] })]).toEqual([IAC, SB, LINEMODE, DO, FORWARDMASK, IAC, IAC, 0x01, IAC, SE]);
    expect(linemodeInfo(s).forwardMask).toBeNull();
    s.receive(u8(sb(WILL, FORWARDMASK)));
    expect([...linemodeInfo(s).forwardMask!]).toEqual([0xff, 0x01]);
    s.send({ type: "linemode", kind: "forwardmask", mask: null });
    s.receive(u8(sb(WONT, FORWARDMASK)));
    expect(linemodeInfo(s).forwardMask).toBeNull();
  });

  it("warns about DO/DONT from the client side, WILL/WONT from the server side, and an answer to nothing (§5.7)", () => {
    const s = server();
    const a = s.receive(u8(sb(DO, FORWARDMASK, 1)));
    expect(transmitted(a)).toEqual([]);
    expect(warningCodes(a)).toEqual(["wrong-direction"]);
    expect(warningCodes(s.receive(u8(sb(WILL, FORWARDMASK))))).toEqual(["negotiation-violation"]);
    const c = client();
    expect(warningCodes(c.receive(u8(sb(WONT, FORWARDMASK))))).toEqual(["wrong-direction"]);
  });

  it("only a server sends DO / DONT FORWARDMASK; masks are checked", () => {
    expect(() => client().send({ type: "linemode", kind: "forwardmask", mask: [1] })).toThrow(TypeError);
    expect(() => server().send({ type: "linemode", kind: "forwardmask", mask: new Array(33).fill(0) })).toThrow(TypeError);
    expect(() => server().send({ type: "linemode", kind: "forwardmask", mask: [256] })).toThrow(TypeError);
  });

  it("builds masks with the bit order of §2.3, and uses the upper half only in BINARY", () => {
    expect([...forwardMaskOf([0, 7, 8, 15])]).toEqual([0x81, 0x81]);
    const mask = forwardMaskOf([200]);
    expect(mask).toHaveLength(26);
    expect(forwardMaskHas(mask, 200)).toBe(false);
    expect(forwardMaskHas(mask, 200, true)).toBe(true);
  });
});

describe("RFC 1184 §5.9 — SLC, the table of responses", () => {
  // A server whose own table has one function at each level.
  const table: LinemodeSettings = {
    slc: {
      EC: { level: "value", value: 127 },
      EL: { level: "cantchange", value: 21 },
      AO: { level: "nosupport" },
      AYT: { level: "default" },
      IP: { level: "value", value: 3, flushin: true, flushout: true },
    },
  };
  const answer = (payload: number[], settings = table) => transmitted(server(settings).receive(u8(sb(SLC, ...payload))));

  it("f,SLC_DEFAULT,x is answered with our own setting: f,SLC_VALUE,v / f,SLC_CANTCHANGE,v / f,SLC_NOSUPPORT,x", () => {
    expect(answer([IPF, DEFAULT, 0])).toEqual(sb(SLC, IPF, VALUE | FLUSHIN | FLUSHOUT, 3));
    expect(answer([EL, DEFAULT, 0])).toEqual(sb(SLC, EL, CANTCHANGE, 21));
    expect(answer([AO, DEFAULT, 0])).toEqual(sb(SLC, AO, NOSUPPORT, 0));
    // Our own "DEFAULT" (no character of ours) cannot answer a DEFAULT: NOSUPPORT.
    expect(answer([AYT, DEFAULT, 0])).toEqual(sb(SLC, AYT, NOSUPPORT, 0));
  });

  it("f,SLC_VALUE,v: f,SLC_ACK|SLC_VALUE,v when we agree, else f,SLC_CANTCHANGE,w or f,SLC_NOSUPPORT,x", () => {
    expect(answer([EC, VALUE, 8])).toEqual(sb(SLC, EC, VALUE | ACK, 8));
    expect(answer([EL, VALUE, 24])).toEqual(sb(SLC, EL, CANTCHANGE, 21));
    expect(answer([EL, VALUE, 21])).toEqual(sb(SLC, EL, VALUE | ACK, 21));
    expect(answer([AO, VALUE, 15])).toEqual(sb(SLC, AO, NOSUPPORT, 0));
    expect(answer([AYT, VALUE | FLUSHOUT, 20])).toEqual(sb(SLC, AYT, VALUE | FLUSHOUT | ACK, 20));
  });

  it("f,SLC_CANTCHANGE,v: f,SLC_ACK|SLC_CANTCHANGE,v when we agree, else f,SLC_NOSUPPORT,x", () => {
    expect(answer([EC, CANTCHANGE, 8])).toEqual(sb(SLC, EC, CANTCHANGE | ACK, 8));
    expect(answer([EL, CANTCHANGE, 21])).toEqual(sb(SLC, EL, CANTCHANGE | ACK, 21));
    expect(answer([EL, CANTCHANGE, 8])).toEqual(sb(SLC, EL, NOSUPPORT, 0));
  });

  it("f,SLC_NOSUPPORT,x: f,SLC_ACK|SLC_NOSUPPORT,x (once the setting differs from ours, rule 1)", () => {
    const s = server(table);
    s.receive(u8(sb(SLC, EC, VALUE, 8)));
    expect(transmitted(s.receive(u8(sb(SLC, EC, NOSUPPORT, 0))))).toEqual(sb(SLC, EC, NOSUPPORT | ACK, 0));
    // Already NOSUPPORT (§3's starting point): the same, ignored.
    expect(answer([MCL, NOSUPPORT, 0])).toEqual([]);
  });

  it("x,SLC_ACK|x,x: no response; the server ignores it, the client takes the value (§5.5 rule 2)", () => {
    const s = server(table);
    const evs = s.receive(u8(sb(SLC, EC, VALUE | ACK, 8)));
    expect(transmitted(evs)).toEqual([]);
    expect(linemodeInfo(s).slc.EC.level).toBe("nosupport");
    const c = client();
    expect(transmitted(c.receive(u8(sb(SLC, EC, VALUE | ACK, 8))))).toEqual([]);
    expect(linemodeInfo(c).slc.EC.value).toBe(8);
  });

  it("rule 1: the same as the current setting is ignored", () => {
    const s = server(table);
    s.receive(u8(sb(SLC, EC, VALUE, 8)));
    const evs = s.receive(u8(sb(SLC, EC, VALUE, 8)));
    expect(transmitted(evs)).toEqual([]);
    expect(linemodeEvents(evs)).toMatchObject([{ kind: "slc", changed: [] }]);
  });

  it("rule 2: both sides changing the same character at once settle on the client's value", () => {
    const s = server(table);
    const c = client();
    const fromServer = s.send({ type: "linemode", kind: "slc", set: { EC: { value: 8 } } });
    const fromClient = c.send({ type: "linemode", kind: "slc", set: { EC: { value: 23 } } });
    // They cross on the wire.
    const toServer = transmitted(c.receive(fromServer));
    const toClient = transmitted(s.receive(fromClient));
    expect(toServer).toEqual(sb(SLC, EC, VALUE | ACK, 8));
    expect(toClient).toEqual(sb(SLC, EC, VALUE | ACK, 23));
    expect(transmitted(s.receive(Uint8Array.from(toServer)))).toEqual([]);
    expect(transmitted(c.receive(Uint8Array.from(toClient)))).toEqual([]);
    expect(linemodeInfo(s).slc.EC.value).toBe(23);
    expect(linemodeInfo(c).slc.EC.value).toBe(23);
  });

  it("answers a whole list in one subnegotiation, in function order", () => {
    expect(answer([EC, VALUE, 8, AO, VALUE, 15, IPF, VALUE | FLUSHIN, 3])).toEqual(
      sb(SLC, IPF, VALUE | FLUSHIN | ACK, 3, AO, NOSUPPORT, 0, EC, VALUE | ACK, 8),
    );
  });

  it("a value of 255 travels doubled (§2.4: any octet equal to IAC)", () => {
    const s = server(table);
    expect(transmitted(s.receive(u8(sb(SLC, EC, VALUE, 255))))).toEqual([IAC, SB, LINEMODE, SLC, EC, VALUE | ACK, IAC, IAC, IAC, SE]);
    expect(linemodeInfo(s).slc.EC.value).toBe(255);
  });

  it("an unknown function is not supported: answered NOSUPPORT, unless that is what it says", () => {
    expect(answer([31, VALUE, 1])).toEqual(sb(SLC, 31, NOSUPPORT, 0));
    expect(answer([200, NOSUPPORT, 0])).toEqual([]);
    expect(answer([31, VALUE | ACK, 1])).toEqual([]);
  });
});

describe("RFC 1184 §2.4 — SLC function 0", () => {
  it("0 SLC_DEFAULT 0: the server switches to its defaults and sends all of them", () => {
    const s = server({ slc: { EC: { value: 8 } } });
    s.receive(u8(sb(SLC, EC, VALUE, 127)));
    const evs = s.receive(u8(sb(SLC, 0, DEFAULT, 0)));
    const message = decodeLinemode(Uint8Array.from(transmitted(evs).slice(3, -2))).message!;
    expect(message.kind).toBe("slc");
    const triplets = message.kind === "slc" ? message.triplets : [];
    expect(triplets).toHaveLength(30);
    expect(triplets.find((x) => x.func === EC)).toEqual(t(EC, VALUE, 8));
    // "they should be sent as XXX SLC_DEFAULT 0, rather than as XXX SLC_NOSUPPORT 0"
    expect(triplets.find((x) => x.func === EEOL)).toEqual(t(EEOL, DEFAULT, 0));
    expect(linemodeInfo(s).slc.EC.value).toBe(8);
  });

  it("0 SLC_VALUE 0: the server sends its current settings without changing them", () => {
    const s = server();
    s.receive(u8(sb(SLC, EC, VALUE, 8)));
    const evs = s.receive(u8(sb(SLC, 0, VALUE, 0)));
    const message = decodeLinemode(Uint8Array.from(transmitted(evs).slice(3, -2))).message!;
    expect(message.kind === "slc" && message.triplets.find((x) => x.func === EC)).toEqual(t(EC, VALUE, 8));
    expect(message.kind === "slc" && message.triplets.find((x) => x.func === SYNCH)).toEqual(t(SYNCH, NOSUPPORT, 0));
  });

  it("only the client sends function 0, and only at DEFAULT or VALUE", () => {
    const c = client();
    const a = c.receive(u8(sb(SLC, 0, DEFAULT, 0)));
    expect(transmitted(a)).toEqual([]);
    expect(warningCodes(a)).toEqual(["wrong-direction"]);
    const s = server();
    const b = s.receive(u8(sb(SLC, 0, CANTCHANGE, 0)));
    expect(transmitted(b)).toEqual([]);
    expect(warningCodes(b)).toEqual(["malformed-subnegotiation"]);
    expect(() => s.send({ type: "linemode", kind: "slc-import" })).toThrow(TypeError);
    expect([...c.send({ type: "linemode", kind: "slc-import", from: "current" })]).toEqual(sb(SLC, 0, VALUE, 0));
  });

  it("an import settles: the client takes, acks or answers each of the server's defaults once", () => {
    const s = server();
    const c = new TelnetSession({ role: "client", options: { linemode: "accept" }, linemode: { slcStart: "import" } });
    let toServer = transmitted(c.receive(u8([IAC, DO, LINEMODE])));
    let rounds = 0;
    let toClient: number[] = [];
    while (toServer.length || toClient.length) {
      expect(++rounds).toBeLessThanOrEqual(4);
      const a = transmitted(s.receive(Uint8Array.from(toServer)));
      const b = transmitted(c.receive(Uint8Array.from(toClient)));
      toClient = a;
      toServer = b;
    }
    expect(linemodeInfo(c).slc).toEqual(linemodeInfo(s).slc);
    expect(linemodeInfo(c).slc.IP).toEqual(SERVER_SLC_DEFAULTS.IP);
  });
});

describe("RFC 1184 — malformed LINEMODE subnegotiations", () => {
  it("warn with a code and leave the session working", () => {
    for (const bad of [[], [MODE], [MODE, 1, 2], [7], [DO], [DONT, 9], [SLC, EC, VALUE], [SLC, EC, DEFAULT | ACK, 0]]) {
      const c = client();
      const evs = c.receive(u8(sb(...bad)));
      expect(warningCodes(evs).length).toBeGreaterThan(0);
      expect(warningCodes(evs).every((code) => code === "malformed-subnegotiation")).toBe(true);
      // Still answering.
      expect(transmitted(c.receive(u8(sb(MODE, EDIT))))).toEqual(sb(MODE, EDIT | MODE_ACK));
    }
  });

  it("DEFAULT|ACK is read as DEFAULT (no answer carries it), with a warning", () => {
    const c = client();
    const evs = c.receive(u8(sb(SLC, EC, DEFAULT | ACK, 0)));
    expect(warningCodes(evs)).toEqual(["malformed-subnegotiation"]);
    expect(transmitted(evs)).toEqual(sb(SLC, EC, VALUE, 127));
  });

  it("an SLC list with a partial triplet: the whole triplets are answered", () => {
    const s = server();
    const evs = s.receive(u8(sb(SLC, EC, VALUE, 8, EL)));
    expect(warningCodes(evs)).toEqual(["malformed-subnegotiation"]);
    expect(transmitted(evs)).toEqual(sb(SLC, EC, VALUE | ACK, 8));
  });

  it("a LINEMODE subnegotiation while LINEMODE is off is not acted on", () => {
    const c = new TelnetSession({ role: "client", options: { linemode: "accept" } });
    const evs = c.receive(u8(sb(MODE, EDIT)));
    expect(transmitted(evs)).toEqual([]);
    expect(warningCodes(evs)).toEqual([]);
    expect(linemodeInfo(c).mode).toBe(0);
  });
});

describe("RFC 1184 §2.5, §5.8 — signals: IAC IP, ABORT, EOF, SUSP and the flush flags", () => {
  it("sends IAC IP IAC DM IAC DO TIMING-MARK for IP with FLUSHIN and FLUSHOUT", () => {
    const c = client();
    expect(linemodeInfo(c).slc.IP).toMatchObject({ flushin: true, flushout: true });
    expect([...c.send({ type: "linemode", kind: "signal", function: "IP" })]).toEqual([IAC, IP, IAC, DM, IAC, DO, TM]);
    // The answer to DO TIMING-MARK is consumed as such (RFC 860), not taken for a new option.
    expect(ofType(c.receive(u8([IAC, WILL, TM])), "timing-mark")).toEqual([{ type: "timing-mark", kind: "reply", agreed: true }]);
  });

  it("sends IAC EOF alone when the function has no flush flag; the server sees a command event", () => {
    const c = client();
    const bytes = c.send({ type: "linemode", kind: "signal", function: "EOF" });
    expect([...bytes]).toEqual([IAC, EOF]);
    const s = server();
    expect(ofType(s.receive(bytes), "command")).toEqual([{ type: "command", command: "EOF", code: EOF }]);
    expect(() => c.send({ type: "linemode", kind: "signal", function: "EC" as never })).toThrow(TypeError);
  });

  it("helpers map typed characters: trapped signals only with TRAPSIG, forwarding on FORW1/FORW2 and the mask", () => {
    // A client that lets the server set FORW1 (NOSUPPORT in the default table).
    const c = client({ slc: { FORW1: { value: 0 } } });
    let info = linemodeInfo(c);
    expect(slcFunctionOf(info.slc, 3)).toBe("IP");
    expect(slcFunctionOf(info.slc, 127)).toBe("EC");
    expect(trappedSignal(info, 3)).toBeUndefined();
    c.receive(u8(sb(MODE, EDIT | TRAPSIG), sb(SLC, FORW1, VALUE, 27), sb(DO, FORWARDMASK, 0x00, 0x00, 0x00, 0x00, 0x80)));
    info = linemodeInfo(c);
    expect(trappedSignal(info, 3)).toBe("IP");
    expect(trappedSignal(info, 28)).toBe("ABORT");
    expect(trappedSignal(info, 127)).toBeUndefined(); // EC is edited locally, not sent
    expect(forwardsOn(info, 27)).toBe(true);
    expect(forwardsOn(info, 32)).toBe(true);
    expect(forwardsOn(info, 33)).toBe(false);
  });
});

describe("LINEMODE commands", () => {
  it("slc: sends changes as requests, and nothing while LINEMODE is off", () => {
    const c = client();
    expect([...c.send({ type: "linemode", kind: "slc", set: { EL: { value: 24 }, EC: { value: 8, flushin: true } } })]).toEqual(
      sb(SLC, EC, VALUE | FLUSHIN, 8, EL, VALUE, 24),
    );
    expect(linemodeInfo(c).slc.EC.value).toBe(8);
    const off = new TelnetSession({ role: "client" });
    expect([...off.send({ type: "linemode", kind: "slc", set: { EC: { value: 8 } } })]).toEqual([]);
    expect(() => c.send({ type: "linemode", kind: "slc", set: { XX: { value: 1 } } as never })).toThrow(TypeError);
    expect(() => c.send({ type: "linemode", kind: "slc", set: { EC: { level: "high" as never } } })).toThrow(TypeError);
  });

  it("slc-export: the client goes back to its table and sends it (§5.10)", () => {
    const c = client();
    c.receive(u8(sb(SLC, EC, VALUE, 8)));
    c.send({ type: "linemode", kind: "slc", set: { BRK: { value: 1 } } });
    const out = [...c.send({ type: "linemode", kind: "slc-export" })];
    const message = decodeLinemode(Uint8Array.from(out.slice(3, -2))).message!;
    // BRK is NOSUPPORT in our table but not in the server's view now: it is sent to reset it.
    expect(message.kind === "slc" && message.triplets.find((x) => x.func === BRK)).toEqual(t(BRK, NOSUPPORT, 0));
    expect(message.kind === "slc" && message.triplets.find((x) => x.func === EC)).toEqual(t(EC, VALUE, 127));
    expect(linemodeInfo(c).slc.EC.value).toBe(127);
    expect(() => server().send({ type: "linemode", kind: "slc-export" })).toThrow(TypeError);
  });

  it("rejects unknown kinds and invalid modes", () => {
    expect(() => client().send({ type: "linemode", kind: "nope" } as never)).toThrow(TypeError);
    expect(() => server().send({ type: "linemode", kind: "mode", mode: -1 })).toThrow(TypeError);
    expect(() => server().send({ type: "linemode", kind: "mode", mode: "edit" as never })).toThrow(TypeError);
  });
});

describe("RFC 1184 §5.5 — the server sees the client's special characters", () => {
  it("reports each SLC list with the table after it and the functions that changed", () => {
    const s = server();
    const evs = s.receive(u8(sb(SLC, EC, VALUE, 8, EOFF, VALUE, 4)));
    const [ev] = linemodeEvents(evs);
    expect(ev).toMatchObject({ kind: "slc", changed: ["EOF", "EC"] });
    expect(ev.kind === "slc" && ev.table.EC).toEqual({ level: "value", value: 8, flushin: false, flushout: false });
    expect(ev.kind === "slc" && ev.received).toEqual([t(EC, VALUE, 8), t(EOFF, VALUE, 4)]);
  });

  it("a character the client sets and the server cannot change ends as the server's (§5.9)", () => {
    const s = server({ slc: { EL: { level: "cantchange", value: 21 } } });
    const c = client();
    let toServer = [...c.send({ type: "linemode", kind: "slc", set: { EL: { value: 24 } } })];
    let toClient: number[] = [];
    for (let i = 0; i < 4 && (toServer.length || toClient.length); i++) {
      const a = transmitted(s.receive(Uint8Array.from(toServer)));
      toServer = transmitted(c.receive(Uint8Array.from(toClient)));
      toClient = a;
    }
    expect(linemodeInfo(c).slc.EL).toEqual({ level: "cantchange", value: 21, flushin: false, flushout: false });
    expect(linemodeInfo(s).slc.EL).toEqual(linemodeInfo(c).slc.EL);
  });
});

