import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  BUILTIN_MODULES,
  GMCP_MAX_PACKAGES,
  MSDP_MAX_REPORTED,
  OPT,
  TelnetSession,
  gmcpSupports,
  msdpReported,
  peerEnvironment,
  type OptionPolicy,
  type TelnetEvent,
  type TelnetEventMap,
} from "@telnetkit/core";
import { cuts, runs } from "../src/arbitraries.js";
import { ascii, feed, normalize, splitAt } from "../src/stream.js";
import { DO, DONT, WILL, WONT, neg, sb } from "../src/telnet.js";

// Every event type the engine declares; the compiler checks that this list is the map's keys.
const EVENT_TYPES: Record<keyof TelnetEventMap, true> = {
  data: true,
  transmit: true,
  command: true,
  option: true,
  subnegotiation: true,
  warning: true,
  naws: true,
  gmcp: true,
  "gmcp-hello": true,
  "gmcp-supports": true,
  msdp: true,
  mssp: true,
  tspeed: true,
  xdisploc: true,
  sndloc: true,
  lflow: true,
  logout: true,
  exopl: true,
  "com-port": true,
  authentication: true,
  encrypt: true,
  "output-disposition": true,
  "output-tabstops": true,
  xascii: true,
  rcte: true,
  det: true,
  bm: true,
  "supdup-output": true,
  "regime-3270": true,
  "x3-pad": true,
  tn3270e: true,
  tuid: true,
  outmrk: true,
  ttyloc: true,
  ttype: true,
  "terminal-types": true,
  status: true,
  "timing-mark": true,
  environ: true,
  charset: true,
  linemode: true,
  compression: true,
  compressed: true,
};

// MCCP's compressed input is the connection layer's: its own tests cover it.
const CODES = [...new Set(BUILTIN_MODULES.map((m) => m.code))].filter((c) => c !== OPT.MCCP2 && c !== OPT.MCCP3);
const ALL_ACCEPTED: Record<string, OptionPolicy> = Object.fromEntries(BUILTIN_MODULES.map((m) => [m.name, "accept"]));

/** A subnegotiation payload shaped like the options' own: a subcommand, then markers, names, JSON-ish text. */
const payload = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 100, max: 112 }), fc.integer({ min: 0, max: 255 })),
    fc.array(
      fc.oneof(
        fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 3 }),
        fc.constantFrom("USER", "Core.Supports.Add", 'Core.Hello {"client":"x"}', "REPORT", "UTF-8", ";", " ", "[", "{", "\u00ff").map(ascii),
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 6 }),
      ),
      { maxLength: 8 },
    ),
  )
  .map(([head, parts]) => [head, ...parts.flat()]);

const step = fc.oneof(
  { weight: 6, arbitrary: payload.map((p) => ({ kind: "sb" as const, p })) },
  { weight: 1, arbitrary: fc.constantFrom(WILL, WONT, DO, DONT).map((verb) => ({ kind: "neg" as const, verb })) },
);

function known(ev: TelnetEvent): boolean {
  return Object.hasOwn(EVENT_TYPES, ev.type);
}

describe("option modules — any subnegotiation, in either role, with the option on or off", () => {
  for (const code of CODES) {
    it(`option ${code}: never throws, no module-error, known event types, output bounded by input`, () => {
      fc.assert(
        fc.property(fc.constantFrom("client", "server" as const), fc.boolean(), fc.array(step, { minLength: 1, maxLength: 40 }), (role, on, steps) => {
          const s = new TelnetSession({ role: role as "client" | "server", options: ALL_ACCEPTED });
          if (on) s.receive(Uint8Array.from([...neg(WILL, code), ...neg(DO, code)]));
          for (const st of steps) {
            const input = st.kind === "sb" ? sb(code, st.p) : neg(st.verb, code);
            const events = s.receive(Uint8Array.from(input));
            for (const ev of events) {
              expect(known(ev)).toBe(true);
              if (ev.type === "warning") expect(ev.code).not.toBe("module-error");
            }
            // Each message gets one bounded answer: a table or a list of our own at most
            // (LINEMODE's SLC table for "0 VALUE 0": 96 bytes for 9).
            const out = events.reduce((n, ev) => n + (ev.type === "transmit" ? ev.bytes.length : 0), 0);
            expect(out).toBeLessThanOrEqual(12 * input.length + 128);
          }
        }),
        { numRuns: runs(60) },
      );
    });
  }
});

describe("option modules — any split of a stream gives the same events", () => {
  const piece = fc.oneof(
    fc.tuple(fc.constantFrom(...CODES), payload).map(([code, p]) => sb(code, p)),
    fc.tuple(fc.constantFrom(WILL, WONT, DO, DONT), fc.constantFrom(...CODES)).map(([verb, code]) => neg(verb, code)),
    fc.constantFrom(ascii("text\r\n"), [0x0d, 0x00]),
  );

  it("whole or cut anywhere, the normalized events are the same, in either role", () => {
    fc.assert(
      fc.property(fc.constantFrom("client", "server" as const), fc.array(piece, { maxLength: 30 }), cuts, (role, pieces, points) => {
        const input = Uint8Array.from(pieces.flat());
        const make = () => new TelnetSession({ role: role as "client" | "server", options: ALL_ACCEPTED });
        expect(normalize(feed(make(), splitAt(input, points)))).toEqual(normalize(make().receive(input)));
      }),
      { numRuns: runs(300) },
    );
  });
});

describe("what a peer can make a session keep is bounded", () => {
  const utf8 = (s: string) => [...new TextEncoder().encode(s)];
  const many = 2 * Math.max(GMCP_MAX_PACKAGES, MSDP_MAX_REPORTED);

  it("GMCP: Core.Supports.Add of new packages, message after message", () => {
    const s = new TelnetSession({ role: "server", options: { gmcp: "offer" } });
    s.start();
    s.receive(Uint8Array.from(neg(DO, OPT.GMCP)));
    for (let k = 0; k < many; k++) s.receive(Uint8Array.from(sb(OPT.GMCP, utf8(`Core.Supports.Add ["P${k} 1"]`))));
    expect(gmcpSupports(s).length).toBe(GMCP_MAX_PACKAGES);
  });

  it("MSDP: REPORT of new variables, message after message", () => {
    const s = new TelnetSession({ role: "server", options: { msdp: "offer" } });
    s.start();
    s.receive(Uint8Array.from(neg(DO, OPT.MSDP)));
    for (let k = 0; k < many; k++) s.receive(Uint8Array.from(sb(OPT.MSDP, [1, ...utf8("REPORT"), 2, ...utf8(`V${k}`)])));
    expect(msdpReported(s).length).toBe(MSDP_MAX_REPORTED);
  });

  it("NEW-ENVIRON: IS and INFO of new variables, message after message", () => {
    const s = new TelnetSession({ role: "server", options: { new_environ: "request" }, environRequest: false, limits: { environVariables: 64 } });
    s.start();
    s.receive(Uint8Array.from(neg(WILL, OPT.NEW_ENVIRON)));
    for (let k = 0; k < 200; k++) {
      s.receive(Uint8Array.from(sb(OPT.NEW_ENVIRON, [k === 0 ? 0 : 2, 0, ...utf8(`V${k}`), 1, 0x78, 3, ...utf8(`U${k}`), 1, 0x79])));
    }
    const env = peerEnvironment(s);
    expect(env.vars.size).toBe(64);
    expect(env.uservars.size).toBe(64);
  });

  it("a SEND that repeats its requests is answered with one copy of what is asked", () => {
    const c = new TelnetSession({ role: "client", environment: { USER: "joe", TERM: "xterm" }, userEnvironment: { SHELL: "/bin/sh" } });
    c.receive(Uint8Array.from(neg(DO, OPT.NEW_ENVIRON)));
    const send = sb(OPT.NEW_ENVIRON, [1, ...Array.from({ length: 2000 }, (_, k) => (k % 2 === 0 ? 0 : 3))]);
    const out = c.receive(Uint8Array.from(send)).reduce((n, ev) => n + (ev.type === "transmit" ? ev.bytes.length : 0), 0);
    expect(out).toBeGreaterThan(0);
    expect(out).toBeLessThan(64);
  });
});
