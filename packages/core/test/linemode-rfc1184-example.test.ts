import { describe, expect, it } from "vitest";
import {
  TelnetSession,
  decodeLinemode,
  forwardMaskCodes,
  linemodeInfo,
  type SessionOptions,
  type SlcName,
  type SlcSettingInput,
  type TelnetEvent,
} from "@telnetkit/core";
import { ofType, transmitted } from "./helpers.js";

// RFC 1184 §5.10, "Examples of a connection", as a scripted dialogue. The codes are
// written out here from §1 so that the test reads the RFC, not the library. §5.10 leaves
// out the IAC SB ... IAC SE framing; `sb()` puts it back, with IAC doubled (§2.4).
const IAC = 255, SB = 250, SE = 240, DO = 253, DONT = 254, WILL = 251, WONT = 252;
const ECHO = 1, LINEMODE = 34;
const MODE = 1, FORWARDMASK = 2, SLC = 3;
const EDIT = 1, TRAPSIG = 2, MODE_ACK = 4;
const SYNCH = 1, IP = 3, AO = 4, AYT = 5, ABORT = 7, EOF = 8, SUSP = 9, EC = 10, EL = 11;
const EW = 12, RP = 13, LNEXT = 14, XON = 15, XOFF = 16;
const DEFAULT = 3, VALUE = 2, NOSUPPORT = 0, ACK = 128, FLUSHIN = 64, FLUSHOUT = 32;

const sb = (...payload: number[]): number[] => [IAC, SB, LINEMODE, ...payload.flatMap((b) => (b === IAC ? [IAC, IAC] : [b])), IAC, SE];
const neg = (verb: number, option: number): number[] => [IAC, verb, option];
const u8 = (...parts: number[][]): Uint8Array => Uint8Array.from(parts.flat());

// The lines of §5.10, in order.
const CLIENT_SLC_EXPORT = sb(SLC,
  SYNCH, DEFAULT, 0, IP, VALUE | FLUSHIN | FLUSHOUT, 3, AO, VALUE, 15, AYT, DEFAULT, 0,
  ABORT, VALUE | FLUSHIN | FLUSHOUT, 28, EOF, VALUE, 4, SUSP, VALUE | FLUSHIN, 26, EC, VALUE, 127,
  EL, VALUE, 21, EW, VALUE, 23, RP, VALUE, 18, LNEXT, VALUE, 22, XON, VALUE, 17, XOFF, VALUE, 19);
const SERVER_SLC_REPLY = sb(SLC,
  SYNCH, NOSUPPORT, 0, IP, VALUE | FLUSHIN | FLUSHOUT | ACK, 3, AO, NOSUPPORT, 0, AYT, NOSUPPORT, 0,
  ABORT, VALUE | FLUSHIN | FLUSHOUT | ACK, 28, EOF, VALUE | ACK, 4, SUSP, NOSUPPORT, 0,
  EC, VALUE | ACK, 127, EL, VALUE | ACK, 21, EW, VALUE | ACK, 23, RP, VALUE | ACK, 18,
  LNEXT, VALUE | ACK, 22, XON, VALUE | ACK, 17, XOFF, VALUE | ACK, 19);
const CLIENT_SLC_ACKS = sb(SLC, SYNCH, NOSUPPORT | ACK, 0, AO, NOSUPPORT | ACK, 0, AYT, ACK | NOSUPPORT, 0, SUSP, NOSUPPORT | ACK, 0);
const SERVER_SLC_REPLY_2 = sb(SLC,
  SYNCH, NOSUPPORT, 0, AO, NOSUPPORT, 15, AYT, NOSUPPORT, 0, SUSP, NOSUPPORT | FLUSHIN, 26,
  EC, VALUE | ACK, 127, EW, VALUE | ACK, 23, RP, VALUE | ACK, 18, LNEXT, VALUE | ACK, 22,
  XON, VALUE | ACK, 17, XOFF, VALUE | ACK, 19);
const CLIENT_SLC_ACKS_2 = sb(SLC, SYNCH, NOSUPPORT | ACK, 0, AO, NOSUPPORT | ACK, 15, AYT, NOSUPPORT | ACK, 0, SUSP, NOSUPPORT | ACK | FLUSHIN, 26);
const CLIENT_IMPORT = sb(SLC, 0, DEFAULT, 0);
const SERVER_DEFAULTS_AS_SHOWN = sb(SLC,
  IP, VALUE | FLUSHIN | FLUSHOUT, 3, ABORT, VALUE | FLUSHIN | FLUSHOUT, 28, EOF, VALUE, 4, EC, VALUE, 127, EL, VALUE, 21);
// "Note that we have preceded all the the 0377s in the forward mask with an IAC": taken
// as the example prints it, not through sb(), to check the doubling itself.
const DO_FORWARDMASK_WIRE = [IAC, SB, LINEMODE, DO, FORWARDMASK,
  IAC, 0o377, IAC, 0o377, IAC, 0o377, IAC, 0o377, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0o1, IAC, SE];
const FORWARD_MASK = [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01];

/**
 * The example's server: what its replies show it supports. IP, ABORT, EOF, EC and EL
 * are the defaults it sends on "0 DEFAULT 0"; EW..XOFF it agrees to; SYNCH, AO, AYT and
 * SUSP it does not support.
 */
const EXAMPLE_SERVER_SLC: Partial<Record<SlcName, SlcSettingInput>> = {
  SYNCH: { level: "nosupport" },
  BRK: { level: "nosupport" },
  AO: { level: "nosupport" },
  AYT: { level: "nosupport" },
  EOR: { level: "nosupport" },
  SUSP: { level: "nosupport" },
  FORW1: { level: "nosupport" },
  FORW2: { level: "nosupport" },
  MCL: { level: "nosupport" }, MCR: { level: "nosupport" }, MCWL: { level: "nosupport" }, MCWR: { level: "nosupport" },
  MCBOL: { level: "nosupport" }, MCEOL: { level: "nosupport" }, INSRT: { level: "nosupport" }, OVER: { level: "nosupport" },
  ECR: { level: "nosupport" }, EWR: { level: "nosupport" }, EBOL: { level: "nosupport" }, EEOL: { level: "nosupport" },
};

const SERVER: SessionOptions = { role: "server", options: { linemode: "request" }, linemode: { mode: { edit: true }, slc: EXAMPLE_SERVER_SLC } };
// The client's table is the library's default one, which is the example's.
const CLIENT: SessionOptions = { role: "client", options: { linemode: "accept" } };

const sent = (s: TelnetSession, command: Parameters<TelnetSession["send"]>[0]) => [...s.send(command)];
const warnings = (evs: TelnetEvent[]) => ofType(evs, "warning");

describe("RFC 1184 §5.10 — the example connection, client side (the example's server bytes in, ours out)", () => {
  it("answers every line of the example's server as the example's client does", () => {
    const c = new TelnetSession(CLIENT);
    const all: TelnetEvent[] = [];
    const rx = (...parts: number[][]) => {
      const evs = c.receive(u8(...parts));
      all.push(...evs);
      return transmitted(evs);
    };

    // DO LINEMODE: WILL LINEMODE, then the client sends its list of special characters.
    expect(rx(neg(DO, LINEMODE))).toEqual([...neg(WILL, LINEMODE), ...CLIENT_SLC_EXPORT]);
    // The server sets the mode and answers the characters; the client acks the mode and what changed.
    expect(rx(sb(MODE, EDIT), SERVER_SLC_REPLY)).toEqual([...sb(MODE, EDIT | MODE_ACK), ...CLIENT_SLC_ACKS]);
    expect(linemodeInfo(c).edit).toBe(true);

    // Password without echo, then echo back on.
    expect(rx(neg(WILL, ECHO))).toEqual(neg(DO, ECHO));
    expect(rx(neg(WONT, ECHO))).toEqual(neg(DONT, ECHO));
    // Character mode with signal trapping, and back.
    expect(rx(neg(WILL, ECHO))).toEqual(neg(DO, ECHO));
    expect(rx(sb(MODE, TRAPSIG))).toEqual(sb(MODE, TRAPSIG | MODE_ACK));
    expect(rx(neg(WONT, ECHO))).toEqual(neg(DONT, ECHO));
    expect(rx(sb(MODE, EDIT | TRAPSIG))).toEqual(sb(MODE, EDIT | TRAPSIG | MODE_ACK));
    // Full control to the application, and back.
    expect(rx(neg(WILL, ECHO))).toEqual(neg(DO, ECHO));
    expect(rx(sb(MODE, 0))).toEqual(sb(MODE, 0 | MODE_ACK));
    expect(rx(neg(WONT, ECHO))).toEqual(neg(DONT, ECHO));
    expect(rx(sb(MODE, EDIT | TRAPSIG))).toEqual(sb(MODE, EDIT | TRAPSIG | MODE_ACK));

    // "The user changes his erase character to ^H."
    expect(rx(sb(SLC, EC, VALUE, 8))).toEqual(sb(SLC, EC, VALUE | ACK, 8));
    expect(linemodeInfo(c).slc.EC.value).toBe(8);

    // "The user decides to revert to all the original client side special characters."
    expect(sent(c, { type: "linemode", kind: "slc-export" })).toEqual(CLIENT_SLC_EXPORT);
    expect(rx(SERVER_SLC_REPLY_2)).toEqual(CLIENT_SLC_ACKS_2);

    // "The user decides to import the remote sides default special characters."
    expect(sent(c, { type: "linemode", kind: "slc-import" })).toEqual(CLIENT_IMPORT);
    // "Since these are the same as the current local settings, no response is generated."
    expect(rx(SERVER_DEFAULTS_AS_SHOWN)).toEqual([]);

    // The editor: MODE 0 and a forward mask on the control characters.
    // §5.10 prints the client's answer as "LINEMODE MODE 0", without MODE_ACK; §2.2 says
    // a changed mode is answered "with the new mode mask and the MODE_ACK bit set", as the
    // example itself does everywhere else, so MODE_ACK is expected here.
    expect(rx(sb(MODE, 0), DO_FORWARDMASK_WIRE)).toEqual([...sb(MODE, 0 | MODE_ACK), ...sb(WILL, FORWARDMASK)]);
    const mask = linemodeInfo(c).forwardMask!;
    expect([...mask]).toEqual(FORWARD_MASK);
    // "only forward the data when got a control character": 0-31 and DEL.
    expect(forwardMaskCodes(mask)).toEqual([...Array.from({ length: 32 }, (_, i) => i), 127]);

    // Back to what it was (the example again omits MODE_ACK in the client's answer).
    expect(rx(sb(MODE, EDIT | TRAPSIG), sb(DONT, FORWARDMASK))).toEqual([
      ...sb(MODE, EDIT | TRAPSIG | MODE_ACK),
      ...sb(WONT, FORWARDMASK),
    ]);
    expect(linemodeInfo(c).forwardMask).toBeNull();
    expect(warnings(all)).toEqual([]);
  });
});

describe("RFC 1184 §5.10 — the example connection, server side (the example's client bytes in, ours out)", () => {
  it("answers every line of the example's client as the example's server does, where §5.5 agrees", () => {
    const s = new TelnetSession(SERVER);
    const all: TelnetEvent[] = [];
    const rx = (...parts: number[][]) => {
      const evs = s.receive(u8(...parts));
      all.push(...evs);
      return transmitted(evs);
    };

    expect([...s.start()]).toEqual(neg(DO, LINEMODE));
    // "Now that linemode is enabled, the server sets the initial mode, and acknowledges the special characters."
    expect(rx(neg(WILL, LINEMODE), CLIENT_SLC_EXPORT)).toEqual([...sb(MODE, EDIT), ...SERVER_SLC_REPLY]);
    expect(rx(sb(MODE, EDIT | MODE_ACK), CLIENT_SLC_ACKS)).toEqual([]);
    expect(linemodeInfo(s).mode).toBe(EDIT);

    expect(sent(s, { type: "enable", option: ECHO, side: "local" })).toEqual(neg(WILL, ECHO));
    expect(rx(neg(DO, ECHO))).toEqual([]);
    expect(sent(s, { type: "disable", option: ECHO, side: "local" })).toEqual(neg(WONT, ECHO));
    expect(rx(neg(DONT, ECHO))).toEqual([]);

    for (const mode of [TRAPSIG, EDIT | TRAPSIG, 0, EDIT | TRAPSIG]) {
      expect(sent(s, { type: "linemode", kind: "mode", mode })).toEqual(sb(MODE, mode));
      expect(rx(sb(MODE, mode | MODE_ACK))).toEqual([]);
      expect(linemodeInfo(s).mode).toBe(mode);
    }

    expect(sent(s, { type: "linemode", kind: "slc", set: { EC: { value: 8 } } })).toEqual(sb(SLC, EC, VALUE, 8));
    expect(rx(sb(SLC, EC, VALUE | ACK, 8))).toEqual([]);

    // The client reverts. The example's server answers SYNCH, AO, AYT, SUSP and EC, and
    // acks EW..XOFF again although they did not change. §5.5 rule 1 ignores a setting
    // equal to the current one, so those are not answered here; and a function we do not
    // support is answered with our own setting ("NOSUPPORT 0") where the example repeats
    // the client's value ("AO NOSUPPORT 15"), a value §2.4 says does not matter.
    expect(rx(CLIENT_SLC_EXPORT)).toEqual(
      sb(SLC, SYNCH, NOSUPPORT, 0, AO, NOSUPPORT, 0, AYT, NOSUPPORT, 0, SUSP, NOSUPPORT, 0, EC, VALUE | ACK, 127),
    );
    // The example client's acks (values repeated from the example's server) settle it.
    expect(rx(CLIENT_SLC_ACKS_2)).toEqual([]);
    expect(linemodeInfo(s).slc.EC.value).toBe(127);

    // 0 DEFAULT 0: our server sends all its special characters (§2.4: "send all those
    // special characters"); the example shows five of them, which are among ours as shown.
    const dump = rx(CLIENT_IMPORT);
    const decoded = decodeLinemode(Uint8Array.from(dump.slice(3, -2)));
    expect(decoded.problem).toBeUndefined();
    const triplets = decoded.message!.kind === "slc" ? decoded.message!.triplets : [];
    expect(triplets.map((t) => t.func)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const shown = decodeLinemode(Uint8Array.from(SERVER_DEFAULTS_AS_SHOWN.slice(3, -2))).message!;
    for (const t of shown.kind === "slc" ? shown.triplets : []) expect(triplets[t.func - 1]).toEqual(t);

    // The editor's mode and forward mask, with every 0377 of the mask doubled.
    expect(sent(s, { type: "linemode", kind: "mode", mode: 0 })).toEqual(sb(MODE, 0));
    expect(sent(s, { type: "linemode", kind: "forwardmask", mask: FORWARD_MASK })).toEqual(DO_FORWARDMASK_WIRE);
    const evs: TelnetEvent[] = [];
    expect(transmitted((evs.push(...s.receive(u8(sb(MODE, 0 | MODE_ACK), sb(WILL, FORWARDMASK)))), evs))).toEqual([]);
    expect(ofType(evs, "linemode").map((e) => e.kind)).toEqual(["mode", "forwardmask"]);
    expect([...linemodeInfo(s).forwardMask!]).toEqual(FORWARD_MASK);

    expect(sent(s, { type: "linemode", kind: "mode", mode: EDIT | TRAPSIG })).toEqual(sb(MODE, EDIT | TRAPSIG));
    expect(sent(s, { type: "linemode", kind: "forwardmask", mask: null })).toEqual(sb(DONT, FORWARDMASK));
    expect(rx(sb(MODE, EDIT | TRAPSIG | MODE_ACK), sb(WONT, FORWARDMASK))).toEqual([]);
    expect(linemodeInfo(s)).toMatchObject({ mode: EDIT | TRAPSIG, forwardMask: null });
    expect(warnings(all)).toEqual([]);
  });

  it("takes the example's client answer printed without MODE_ACK as a request (§2.2), and acks it", () => {
    const s = new TelnetSession(SERVER);
    s.start();
    s.receive(u8(neg(WILL, LINEMODE), sb(MODE, EDIT | MODE_ACK)));
    s.send({ type: "linemode", kind: "mode", mode: 0 });
    // "LINEMODE MODE 0" as §5.10 prints it: a MODE without MODE_ACK that differs from ours.
    expect(transmitted(s.receive(u8(sb(MODE, 0))))).toEqual(sb(MODE, 0 | MODE_ACK));
    expect(linemodeInfo(s).mode).toBe(0);
  });
});

describe("RFC 1184 §5.10 — the example connection between our server and our client", () => {
  it("keeps both sides' modes and special characters equal after every exchange", () => {
    const s = new TelnetSession(SERVER);
    const c = new TelnetSession(CLIENT);
    const seen: TelnetEvent[] = [];
    let messages = 0;
    // Deliver until both are quiet; the number of rounds shows there is no ACK loop.
    const pump = (toClient: Uint8Array, toServer: Uint8Array = new Uint8Array(0)) => {
      let rounds = 0;
      while (toClient.length || toServer.length) {
        if (++rounds > 6) throw new Error("no settling");
        const fromClient = c.receive(toClient);
        const fromServer = s.receive(toServer);
        seen.push(...fromClient, ...fromServer);
        messages += (toClient.length ? 1 : 0) + (toServer.length ? 1 : 0);
        toServer = Uint8Array.from(transmitted(fromClient));
        toClient = Uint8Array.from(transmitted(fromServer));
      }
      return rounds;
    };
    const agree = () => {
      const a = linemodeInfo(s);
      const b = linemodeInfo(c);
      expect(a.mode).toBe(b.mode);
      expect(a.slc).toEqual(b.slc);
      expect(a.forwardMask === null ? null : [...a.forwardMask]).toEqual(b.forwardMask === null ? null : [...b.forwardMask]);
    };

    expect(pump(s.start())).toBeLessThanOrEqual(4);
    agree();
    expect(linemodeInfo(c).side).toBe("client");
    expect(linemodeInfo(s).side).toBe("server");
    for (const mode of [TRAPSIG, EDIT | TRAPSIG, 0, EDIT | TRAPSIG]) {
      pump(s.send({ type: "linemode", kind: "mode", mode }));
      agree();
      expect(linemodeInfo(c).mode).toBe(mode);
    }
    pump(s.send({ type: "linemode", kind: "slc", set: { EC: { value: 8 } } }));
    agree();
    expect(linemodeInfo(c).slc.EC.value).toBe(8);
    pump(new Uint8Array(0), c.send({ type: "linemode", kind: "slc-export" }));
    agree();
    expect(linemodeInfo(c).slc.EC.value).toBe(127);
    // Import: our server sends all 30 functions; all equal to the client's, so one message.
    const before = messages;
    pump(new Uint8Array(0), c.send({ type: "linemode", kind: "slc-import" }));
    expect(messages - before).toBe(2);
    agree();
    pump(Uint8Array.from([...s.send({ type: "linemode", kind: "mode", mode: 0 }), ...s.send({ type: "linemode", kind: "forwardmask", mask: FORWARD_MASK })]));
    agree();
    expect(linemodeInfo(c).forwardMask).not.toBeNull();
    pump(Uint8Array.from([...s.send({ type: "linemode", kind: "mode", mode: EDIT | TRAPSIG }), ...s.send({ type: "linemode", kind: "forwardmask", mask: null })]));
    agree();
    expect(warnings(seen)).toEqual([]);
  });
});
