import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  TelnetSession,
  decodeLinemode,
  encodeLinemode,
  linemodeInfo,
  type LinemodeCommand,
  type LinemodeMessage,
  type SessionOptions,
  type SlcName,
  type SlcSettingInput,
  type SlcTable,
  type SlcTriplet,
  type TelnetEvent,
} from "@telnetkit/core";
import { runs } from "../src/arbitraries.js";
import { cat, feed, splitAt, transmitBytes } from "../src/stream.js";
import { DO, IAC, WILL, neg, sb } from "../src/telnet.js";

// RFC 1184, Telnet Linemode Option: option 34; MODE 1, FORWARDMASK 2, SLC 3 (§1).
const LINEMODE = 34;
const MODE = 1;
const FORWARDMASK = 2;
const SLC = 3;
const DONT = 254;
const WONT = 252;
// The bits of the SLC modifier byte §1 defines: the level, ACK, FLUSHIN, FLUSHOUT.
const SLC_DEFINED_BITS = 3 | 128 | 64 | 32;
const SLC_NAMES: SlcName[] = [
  "SYNCH", "BRK", "IP", "AO", "AYT", "EOR", "ABORT", "EOF", "SUSP", "EC", "EL", "EW", "RP", "LNEXT", "XON",
  "XOFF", "FORW1", "FORW2", "MCL", "MCR", "MCWL", "MCWR", "MCBOL", "MCEOL", "INSRT", "OVER", "ECR", "EWR", "EBOL", "EEOL",
];

const byte = fc.integer({ min: 0, max: 255 });
// 255 often: it travels doubled (§2.3, §2.4).
const wireByte = fc.oneof({ weight: 4, arbitrary: byte }, { weight: 1, arbitrary: fc.constant(255) });
const level = fc.constantFrom("nosupport", "cantchange", "value", "default") as fc.Arbitrary<SlcTriplet["level"]>;
const triplet: fc.Arbitrary<SlcTriplet> = fc.record({ func: byte, level, ack: fc.boolean(), flushin: fc.boolean(), flushout: fc.boolean(), value: wireByte });

const message: fc.Arbitrary<LinemodeMessage> = fc.oneof(
  fc.record({ kind: fc.constant("mode" as const), mask: byte }),
  fc.uint8Array({ maxLength: 32 }).map((mask) => ({ kind: "forwardmask" as const, action: "do" as const, mask })),
  fc.constantFrom("dont", "will", "wont").map((action) => ({ kind: "forwardmask" as const, action: action as "dont" | "will" | "wont" })),
  fc.array(triplet, { maxLength: 40 }).map((triplets) => ({ kind: "slc" as const, triplets })),
);

/** A LINEMODE payload: mostly well-formed heads, anything after. */
const payload = fc
  .tuple(fc.oneof(fc.constantFrom(MODE, FORWARDMASK, SLC, DO, DONT, WILL, WONT), byte), fc.array(wireByte, { maxLength: 120 }))
  .map(([head, rest]) => [head, ...rest]);

describe("RFC 1184 §1-2.4 — LINEMODE codec", () => {
  it("decode(encode(m)) = m for MODE, FORWARDMASK and SLC", () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(decodeLinemode(encodeLinemode(m))).toEqual({ message: m });
      }),
      { numRuns: runs(500) },
    );
  });

  it("encode(decode(p)) = p for every payload that decodes without a problem (SLC's undefined modifier bits aside)", () => {
    fc.assert(
      fc.property(payload, (p) => {
        const decoded = decodeLinemode(Uint8Array.from(p));
        if (decoded.message === undefined || decoded.problem !== undefined) return;
        const expected = p[0] === SLC ? p.map((b, i) => (i > 0 && i % 3 === 2 ? b & SLC_DEFINED_BITS : b)) : p;
        expect([...encodeLinemode(decoded.message)]).toEqual(expected);
      }),
      { numRuns: runs(500) },
    );
  });

  it("the codec never throws, and every payload is either a message or a problem", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (p) => {
        const decoded = decodeLinemode(p);
        expect(decoded.message !== undefined || decoded.problem !== undefined).toBe(true);
      }),
      { numRuns: runs(500) },
    );
  });

  it("SLC lists and forward masks come through the wire intact, 255 doubled and undoubled (§2.3, §2.4)", () => {
    fc.assert(
      fc.property(fc.array(triplet, { maxLength: 40 }), fc.uint8Array({ maxLength: 32 }), fc.array(fc.nat(), { maxLength: 6 }), (triplets, mask, cuts) => {
        const server = lmServer();
        const slc = feed(server, splitAt(Uint8Array.from(sb(LINEMODE, encodeLinemode({ kind: "slc", triplets }))), cuts));
        const got = slc.filter((e) => e.type === "linemode" && e.kind === "slc");
        expect(got).toHaveLength(1);
        expect(got[0].type === "linemode" && got[0].kind === "slc" && got[0].received).toEqual(triplets);
        const client = lmClient();
        const fm = feed(client, splitAt(Uint8Array.from(sb(LINEMODE, encodeLinemode({ kind: "forwardmask", action: "do", mask }))), cuts));
        const ev = fm.find((e) => e.type === "linemode" && e.kind === "forwardmask");
        expect(ev?.type === "linemode" && ev.kind === "forwardmask" && ev.mask && [...ev.mask]).toEqual([...mask]);
      }),
      { numRuns: runs(200) },
    );
  });
});

/** A server with LINEMODE on. */
function lmServer(options: Partial<SessionOptions> = {}): TelnetSession {
  const s = new TelnetSession({ role: "server", options: { linemode: "request" }, ...options });
  s.start();
  s.receive(Uint8Array.from(neg(WILL, LINEMODE)));
  return s;
}

/** A client with LINEMODE on. */
function lmClient(options: Partial<SessionOptions> = {}): TelnetSession {
  const c = new TelnetSession({ role: "client", options: { linemode: "accept" }, ...options });
  c.receive(Uint8Array.from(neg(DO, LINEMODE)));
  return c;
}

describe("RFC 1184 — robustness of LINEMODE", () => {
  it("never throws on arbitrary LINEMODE subnegotiations, in any chunks, on either side, and keeps working", () => {
    fc.assert(
      fc.property(fc.constantFrom("client", "server", "off"), fc.array(payload, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (side, payloads, cuts) => {
        const session = side === "client" ? lmClient() : side === "server" ? lmServer() : new TelnetSession({ role: "client" });
        const stream = cat(...payloads.map((p) => sb(LINEMODE, p)));
        let events: TelnetEvent[] = [];
        expect(() => {
          events = feed(session, splitAt(stream, cuts));
        }).not.toThrow();
        // A module that threw would show as `module-error`: none.
        expect(events.filter((e) => e.type === "warning" && e.code === "module-error")).toEqual([]);
        // Answers are bounded by what came in: at most one triplet per triplet, plus a full table.
        expect(transmitBytes(events).length).toBeLessThanOrEqual(2 * (stream.length + 3 * 30) + 16 * payloads.length);
        // Still answering by the rules afterwards.
        if (side === "client") {
          const mode = linemodeInfo(session).mode ^ 1;
          expect(transmitBytes(session.receive(Uint8Array.from(sb(LINEMODE, [MODE, mode]))))).toEqual(sb(LINEMODE, [MODE, mode | 4]));
        } else if (side === "server") {
          const mode = linemodeInfo(session).mode ^ 1;
          session.receive(Uint8Array.from(sb(LINEMODE, [MODE, mode | 4])));
          expect(linemodeInfo(session).mode).toBe(mode);
        }
      }),
      { numRuns: runs(400) },
    );
  });
});

// ------------------------------------------------- SLC and MODE on a simulated wire

const setting: fc.Arbitrary<SlcSettingInput> = fc.record({ level, value: wireByte, flushin: fc.boolean(), flushout: fc.boolean() });
const slcSet = fc.dictionary(fc.constantFrom(...SLC_NAMES), setting, { minKeys: 1, maxKeys: 4 }) as fc.Arbitrary<Partial<Record<SlcName, SlcSettingInput>>>;
const table = fc.dictionary(fc.constantFrom(...SLC_NAMES), setting, { maxKeys: 12 }) as fc.Arbitrary<Partial<Record<SlcName, SlcSettingInput>>>;
const modeMask = fc.integer({ min: 0, max: 31 }).map((m) => m & ~4);

type Action =
  | { do: "to-client" }
  | { do: "to-server" }
  | { do: "server"; command: LinemodeCommand }
  | { do: "client"; command: LinemodeCommand };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<Action>({ do: "to-client" }, { do: "to-server" }) },
  { weight: 2, arbitrary: slcSet.map((set): Action => ({ do: "server", command: { type: "linemode", kind: "slc", set } })) },
  { weight: 2, arbitrary: slcSet.map((set): Action => ({ do: "client", command: { type: "linemode", kind: "slc", set } })) },
  { weight: 1, arbitrary: fc.constant<Action>({ do: "client", command: { type: "linemode", kind: "slc-export" } }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("default", "current").map((from): Action => ({ do: "client", command: { type: "linemode", kind: "slc-import", from: from as "default" | "current" } })),
  },
  { weight: 2, arbitrary: modeMask.map((mode): Action => ({ do: "server", command: { type: "linemode", kind: "mode", mode } })) },
  { weight: 1, arbitrary: modeMask.map((mode): Action => ({ do: "client", command: { type: "linemode", kind: "mode", mode } })) },
);

/** Settings equal for §5.5: a function not supported has no value that matters (§2.4, "f,SLC_NOSUPPORT,x"). */
function normalized(t: SlcTable): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(t)) out[name] = s.level === "nosupport" ? "nosupport" : s;
  return out;
}

describe("RFC 1184 §2.2, §5.5, §5.9 — two sessions on a simulated wire", () => {
  it("random SLC changes, imports, exports and MODE requests on both sides converge: same table, same mode, no ACK loop", () => {
    fc.assert(
      fc.property(
        table,
        table,
        fc.boolean(),
        modeMask,
        fc.constantFrom("export", "import") as fc.Arbitrary<"export" | "import">,
        fc.integer({ min: 0, max: 31 }),
        fc.array(action, { maxLength: 30 }),
        (serverSlc, clientSlc, acceptModeRequests, mode, slcStart, supportedModes, actions) => {
          const server = new TelnetSession({ role: "server", options: { linemode: "request" }, linemode: { slc: serverSlc, acceptModeRequests, mode } });
          const client = new TelnetSession({ role: "client", options: { linemode: "accept" }, linemode: { slc: clientSlc, slcStart, supportedModes } });
          const toClient: Uint8Array[] = [];
          const toServer: Uint8Array[] = [];
          const warnings: TelnetEvent[] = [];
          const deliver = (to: TelnetSession, chunk: Uint8Array, back: Uint8Array[]) => {
            const evs = to.receive(chunk);
            warnings.push(...evs.filter((e) => e.type === "warning"));
            const out = transmitBytes(evs);
            if (out.length) back.push(Uint8Array.from(out));
          };
          const push = (q: Uint8Array[], b: Uint8Array) => {
            if (b.length) q.push(b);
          };
          push(toClient, server.start());

          for (const a of actions) {
            if (a.do === "to-client" || a.do === "to-server") {
              const toward = a.do === "to-client";
              const b = (toward ? toClient : toServer).shift();
              if (b) deliver(toward ? client : server, b, toward ? toServer : toClient);
            } else if (a.do === "server") {
              push(toClient, server.send(a.command));
            } else {
              push(toServer, client.send(a.command));
            }
          }

          // Deliver everything in flight until both are quiet; count what it takes.
          let rounds = 0;
          let messages = 0;
          while (toClient.length || toServer.length) {
            rounds++;
            expect(rounds).toBeLessThanOrEqual(12);
            const c = toClient.splice(0);
            const s = toServer.splice(0);
            messages += c.length + s.length;
            for (const b of c) deliver(client, b, toServer);
            for (const b of s) deliver(server, b, toClient);
          }
          expect(messages).toBeLessThanOrEqual(6 * (actions.length + 2));

          const si = linemodeInfo(server);
          const ci = linemodeInfo(client);
          expect(si.side).toBe("server");
          expect(ci.side).toBe("client");
          expect(normalized(ci.slc)).toEqual(normalized(si.slc));
          // Every DEFAULT ("use the other side's") was answered with a setting.
          expect(Object.values(ci.slc).some((s) => s.level === "default")).toBe(false);
          expect(ci.mode).toBe(si.mode);
          expect(warnings).toEqual([]);
        },
      ),
      { numRuns: runs(600) },
    );
  });
});
