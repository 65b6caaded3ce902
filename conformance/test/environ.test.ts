import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  OPT,
  TelnetSession,
  decodeEnviron,
  encodeEnviron,
  encodeEnvironVariables,
  escapeIac,
  guessIsCodes,
  guessSendCodes,
  peerEnvironment,
  splitEnvironSend,
  ENVIRON_SEND_LIMIT,
  type EnvironCodes,
  type EnvironMessage,
  type EnvironRequest,
  type EnvironVariable,
  type TelnetEvent,
} from "@telnetkit/core";
import { runs } from "../src/arbitraries.js";
import { SimulatedWire, settle } from "../src/wire.js";

const IAC = 255;
const SB = 250;
const SE = 240;

// Text that exercises ESC: the four type bytes, IAC's code point, ASCII, and any other code point.
const envText = (maxLength = 10) =>
  fc.array(
    fc.oneof(
      fc.constantFrom("\x00", "\x01", "\x02", "\x03", "\u00ff", "="),
      fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }),
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
    ),
    { maxLength },
  ).map((parts) => parts.join(""));
const kind = fc.constantFrom("var" as const, "uservar" as const);
const variable: fc.Arbitrary<EnvironVariable> = fc.oneof(
  fc.record({ kind, name: envText() }),
  fc.record({ kind, name: envText(), value: envText() }),
);
const request: fc.Arbitrary<EnvironRequest> = fc.oneof(
  fc.record({ kind }),
  fc.record({ kind, name: envText().filter((s) => s.length > 0) }),
);
const message: fc.Arbitrary<EnvironMessage> = fc.oneof(
  fc.record({ command: fc.constant("send" as const), requests: fc.array(request, { maxLength: 6 }) }),
  fc.record({ command: fc.constantFrom("is" as const, "info" as const), variables: fc.array(variable, { maxLength: 6 }) }),
);
const codes = fc.constantFrom<EnvironCodes>("rfc", "reversed");
const sb = (option: number, payload: Uint8Array) => Uint8Array.from([IAC, SB, option, ...escapeIac(payload), IAC, SE]);

describe("RFC 1572 §2 / RFC 1408 §2 — the variable list codec", () => {
  it("decode(encode(m)) = m for every message, in both code assignments (RFC 1571)", () => {
    fc.assert(
      fc.property(message, codes, (m, c) => {
        const bytes = encodeEnviron(m, c);
        expect(decodeEnviron(bytes, c)).toEqual({ message: m, problems: [] });
        // And the encoder's output is its own fixed point.
        const again = decodeEnviron(bytes, c);
        if (typeof again === "string") throw new Error(again);
        expect([...encodeEnviron(again.message, c)]).toEqual([...bytes]);
      }),
      { numRuns: runs(400) },
    );
  });

  it("no byte of a name or value is read as a type: escaped VAR, VALUE, ESC, USERVAR never split a variable", () => {
    fc.assert(
      fc.property(fc.array(variable, { minLength: 1, maxLength: 4 }), (vars) => {
        const d = decodeEnviron(encodeEnvironVariables("is", vars));
        expect(typeof d !== "string" && d.message.command === "is" && d.message.variables.length).toBe(vars.length);
      }),
      { numRuns: runs(300) },
    );
  });

  it("decoding and RFC 1571's guesses never throw, whatever the payload", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), codes, (p, c) => {
        const d = decodeEnviron(p, c);
        expect(typeof d === "string" || Array.isArray(d.problems)).toBe(true);
        if (p.length > 0) {
          expect(["rfc", "reversed", undefined]).toContain(guessIsCodes(p).codes);
          expect(typeof guessSendCodes(p).conflict).toBe("boolean");
        }
      }),
      { numRuns: runs(500) },
    );
  });

  it("a split SEND keeps every request in order, each subnegotiation at most 240 bytes", () => {
    const longName = fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 120 });
    const req = fc.record({ kind, name: fc.option(longName, { nil: undefined }) }).map((r) =>
      r.name === undefined ? { kind: r.kind } : { kind: r.kind, name: r.name },
    );
    fc.assert(
      fc.property(fc.array(req, { maxLength: 40 }), codes, (reqs, c) => {
        const parts = splitEnvironSend(reqs, c);
        const back: EnvironRequest[] = [];
        for (const p of parts) {
          expect(escapeIac(p).length + 5).toBeLessThanOrEqual(ENVIRON_SEND_LIMIT);
          const d = decodeEnviron(p, c);
          if (typeof d === "string" || d.message.command !== "send") throw new Error("not a SEND");
          back.push(...d.message.requests);
        }
        expect(back).toEqual(reqs);
      }),
      { numRuns: runs(300) },
    );
  });
});

describe("RFC 1572 §2 — answers", () => {
  it("an IS lists each variable asked for by name, in order, with its value or none (undefined)", () => {
    const env = fc.dictionary(fc.constantFrom("USER", "JOB", "ACCT", "DISPLAY", "X\x01", "Ü"), envText(6), { maxKeys: 4 });
    const names = fc.array(fc.constantFrom("USER", "JOB", "ACCT", "DISPLAY", "X\x01", "Ü", "NONE"), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(env, env, names, kind, (vars, uservars, asked, k) => {
        const c = new TelnetSession({ role: "client", environment: vars, userEnvironment: uservars });
        c.receive(Uint8Array.from([IAC, 253, OPT.NEW_ENVIRON]));
        const send = encodeEnviron({ command: "send", requests: asked.map((name) => ({ kind: k, name })) });
        const out = c.receive(sb(OPT.NEW_ENVIRON, send)).flatMap((e) => (e.type === "transmit" ? [...e.bytes] : []));
        // UTF-8 never holds 255, so the IS needs no IAC undoubling.
        const payload = Uint8Array.from(out.slice(3, -2));
        const d = decodeEnviron(payload);
        if (typeof d === "string" || d.message.command !== "is") throw new Error("expected IS");
        const source = k === "var" ? vars : uservars;
        // A name asked twice is answered once.
        expect(d.message.variables).toEqual(
          [...new Set(asked)].map((name) => (Object.hasOwn(source, name) ? { kind: k, name, value: source[name] } : { kind: k, name })),
        );
      }),
      { numRuns: runs(300) },
    );
  });
});

describe("NEW-ENVIRON and ENVIRON sessions", () => {
  it("never throw on arbitrary lists, warn with a code, and keep working", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("client" as const, "server" as const),
        fc.array(fc.tuple(fc.constantFrom(OPT.NEW_ENVIRON, OPT.ENVIRON), fc.uint8Array({ maxLength: 60 })), { maxLength: 12 }),
        (role, lists) => {
          const s = new TelnetSession({
            role,
            options: { new_environ: "accept", environ: "accept" },
            environment: { USER: "u" },
            limits: { environVariables: 4 },
          });
          s.receive(Uint8Array.from([IAC, 253, OPT.NEW_ENVIRON, IAC, 251, OPT.NEW_ENVIRON, IAC, 253, OPT.ENVIRON, IAC, 251, OPT.ENVIRON]));
          for (const [option, payload] of lists) {
            for (const ev of s.receive(sb(option, payload))) {
              if (ev.type === "warning") expect(ev.code.length).toBeGreaterThan(0);
            }
          }
          for (const option of [OPT.NEW_ENVIRON, OPT.ENVIRON]) {
            const env = peerEnvironment(s, option);
            expect(env.vars.size).toBeLessThanOrEqual(4);
            expect(env.uservars.size).toBeLessThanOrEqual(4);
          }
          const after = s.receive(Uint8Array.from([0x6f, 0x6b]));
          expect(after).toEqual([{ type: "data", bytes: Uint8Array.from([0x6f, 0x6b]) }]);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it("our server learns our client's environment exactly, over any split of the wire", () => {
    const env = fc.dictionary(envText(8).filter((s) => s.length > 0), envText(8), { maxKeys: 6 });
    fc.assert(
      fc.property(env, env, fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }), (vars, uservars, sizes) => {
        const server = new TelnetSession({ role: "server", options: { new_environ: "request" } });
        const client = new TelnetSession({ role: "client", environment: vars, userEnvironment: uservars });
        const wire = new SimulatedWire(server, client);
        wire.write(wire.A, server.start());
        wire.write(wire.B, client.start());
        const seen: TelnetEvent[] = [];
        for (let i = 0; !wire.quiet && i < 400; i++) {
          const n = sizes[i % sizes.length];
          if (wire.A.outbox.size > 0) seen.push(...wire.deliver(wire.A, n).events);
          if (wire.B.outbox.size > 0) seen.push(...wire.deliver(wire.B, n).events);
        }
        for (const evs of settle(wire)) seen.push(...evs);
        expect(seen.filter((e) => e.type === "warning")).toEqual([]);
        const got = peerEnvironment(server);
        expect(Object.fromEntries(got.vars)).toEqual(vars);
        expect(Object.fromEntries(got.uservars)).toEqual(uservars);
      }),
      { numRuns: runs(200) },
    );
  });
});
