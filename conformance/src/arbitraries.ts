/**
 * fast-check generators for Telnet byte streams, chunkings and session settings.
 */
import fc from "fast-check";
import type { OptionPolicy, SessionOptions, SidePolicy } from "@telnetkit/core";
import {
  BINARY,
  CR,
  DO,
  DONT,
  ECHO,
  EOR_OPT,
  IAC,
  LF,
  NAWS,
  NUL,
  PRIVATE_OPT,
  SB,
  SE,
  SGA,
  STATUS,
  STATUS_SEND,
  TM,
  TTYPE,
  TTYPE_SEND,
  UNKNOWN_OPT,
  WILL,
  WONT,
  escape,
  nawsPayload,
  neg,
  sb,
  statusIs,
  ttypeIs,
} from "./telnet.js";

/** Options with a meaning in the engine, plus one with no codec and one no one supports. */
export const OPTION_POOL = [BINARY, ECHO, SGA, STATUS, TM, TTYPE, EOR_OPT, NAWS, PRIVATE_OPT, UNKNOWN_OPT] as const;

/** Mostly options of the pool, sometimes any code (255 included). */
export const optionCode = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...OPTION_POOL) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
);

/** A byte, biased towards the ones that mean something to a Telnet parser. */
export const telnetishByte = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(IAC, SB, SE, CR, NUL, LF, WILL, WONT, DO, DONT) },
  { weight: 1, arbitrary: fc.constantFrom(...OPTION_POOL) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 255 }) },
);

/** Arbitrary bytes, biased towards Telnet's special ones. */
export const telnetishBytes = (maxLength: number) =>
  fc.array(telnetishByte, { maxLength }).map((a) => Uint8Array.from(a));

/** Any bytes at all, or Telnet-biased bytes. */
export const garbage = (maxLength: number) =>
  fc.oneof(fc.uint8Array({ maxLength }), telnetishBytes(maxLength));

/** Data bytes rich in CR, LF, NUL and 255. */
export const nvtishData = (maxLength: number) =>
  fc
    .array(
      fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(CR, LF, NUL, IAC) },
        { weight: 3, arbitrary: fc.integer({ min: 0, max: 255 }) },
      ),
      { maxLength },
    )
    .map((a) => Uint8Array.from(a));

const u16 = fc.oneof(
  fc.constantFrom(0, 255, 0xff00, 0xffff, 0x00ff, 80, 24),
  fc.integer({ min: 0, max: 0xffff }),
);

/** A terminal type name: RFC 1091 ASCII, sometimes MTTS, sometimes long or odd. */
export const ttypeName = fc.oneof(
  fc.constantFrom("XTERM", "VT100", "ANSI", "UNKNOWN", "MTTS 137", "xterm-256color"),
  fc.string({ maxLength: 12 }),
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 45 }).map((a) => String.fromCharCode(...a)),
);

/** A STATUS report: options from the whole code range, SE (240) and IAC (255) included. */
export const statusReport = fc.record({
  will: fc.array(fc.oneof(fc.constantFrom(SE, IAC, SB), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
  do: fc.array(fc.oneof(fc.constantFrom(SE, IAC, SB), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
  subnegotiations: fc.array(
    fc.record({
      option: fc.oneof(fc.constantFrom(SE, IAC, NAWS), fc.integer({ min: 0, max: 255 })),
      payload: fc.array(fc.oneof(fc.constantFrom(SE, IAC), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    }),
    { maxLength: 3 },
  ),
});

const command = fc.integer({ min: 236, max: 249 }).filter((c) => c !== SB);

/**
 * One piece of a Telnet stream, as wire bytes: well-formed pieces of every kind, plus
 * malformed and truncated ones. Concatenations of these are what the peer may send.
 */
export const streamPiece: fc.Arbitrary<number[]> = fc.oneof(
  // In-band data, escaped.
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 16 }).map((d) => escape(d)) },
  { weight: 3, arbitrary: nvtishData(10).map((d) => escape(d)) },
  { weight: 1, arbitrary: fc.constantFrom<number[]>([IAC, IAC], [CR, NUL], [CR, LF], [CR], [NUL], [LF]) },
  // Single-byte commands (RFC 854, RFC 885 EOR, RFC 1184 EOF/SUSP/ABORT).
  { weight: 2, arbitrary: command.map((c) => [IAC, c]) },
  // Negotiation.
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(WILL, WONT, DO, DONT), optionCode).map(([v, o]) => neg(v, o)) },
  // Subnegotiations with a codec: NAWS, TTYPE, STATUS.
  { weight: 2, arbitrary: fc.tuple(u16, u16).map(([w, h]) => sb(NAWS, nawsPayload(w, h))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 6 }).map((p) => sb(NAWS, p)) },
  { weight: 1, arbitrary: ttypeName.map((n) => sb(TTYPE, ttypeIs(n))) },
  { weight: 1, arbitrary: fc.constant(sb(TTYPE, TTYPE_SEND)) },
  { weight: 1, arbitrary: fc.constant(sb(STATUS, STATUS_SEND)) },
  { weight: 1, arbitrary: statusReport.map((r) => sb(STATUS, statusIs(r))) },
  { weight: 1, arbitrary: fc.tuple(optionCode, garbage(12)).map(([o, p]) => sb(o, p)) },
  // Malformed: IAC SE alone, IAC + a byte that is no command, an interrupted or empty SB, EXOPL's SB.
  { weight: 1, arbitrary: fc.constant<number[]>([IAC, SE]) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 235 }).map((b) => [IAC, b]) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(optionCode, fc.uint8Array({ maxLength: 6 }), fc.integer({ min: 236, max: 254 }))
      .map(([o, p, c]) => [IAC, SB, o, ...escape(p), IAC, c]),
  },
  { weight: 1, arbitrary: fc.constantFrom<number[]>([IAC, SB, IAC, SE], [IAC, SB, IAC, 1, 2, IAC, SE]) },
  // Truncated: the stream may stop anywhere, and what follows is read in that state.
  { weight: 1, arbitrary: fc.constantFrom<number[]>([IAC], [IAC, WILL], [IAC, DO], [IAC, SB], [IAC, SB, NAWS, 0, 80], [IAC, SB, 5, IAC]) },
  // Raw, unescaped bytes.
  { weight: 1, arbitrary: garbage(8).map((g) => Array.from(g)) },
);

/** WILL and DO for options of the pool, so that streams reach the states where subnegotiations mean something. */
export const enablingPrefix = fc
  .subarray(OPTION_POOL.flatMap((o) => [neg(WILL, o), neg(DO, o)]))
  .chain((msgs) => fc.shuffledSubarray(msgs, { minLength: msgs.length }))
  .map((msgs) => msgs.flat());

/** A Telnet stream: often an enabling prefix, then up to `maxPieces` pieces. */
export const telnetStream = (maxPieces = 40) =>
  fc
    .tuple(
      fc.oneof(fc.constant([] as number[]), enablingPrefix),
      fc.array(streamPiece, { maxLength: maxPieces, size: "max" }),
    )
    .map(([prefix, pieces]) => Uint8Array.from([...prefix, ...pieces.flat()]));

/** Cut points for a stream (any naturals, see `splitAt`). */
export const cuts = fc.array(fc.nat(), { maxLength: 24 });

const sidePolicy: fc.Arbitrary<SidePolicy> = fc.constantFrom("refuse", "accept", "initiate");

/** Session settings: a role, policies for options of the pool, sometimes small limits, client settings. */
export const sessionOptions: fc.Arbitrary<SessionOptions> = fc
  .record({
    role: fc.constantFrom("client" as const, "server" as const),
    policies: fc.array(fc.tuple(fc.constantFrom(...OPTION_POOL), sidePolicy, sidePolicy), { maxLength: 8 }),
    sbLimit: fc.option(fc.integer({ min: 1, max: 48 }), { nil: undefined }),
    ttypeCycle: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    windowSize: fc.option(fc.record({ width: u16, height: u16 }), { nil: undefined }),
    terminalTypes: fc.option(fc.array(fc.constantFrom("XTERM", "VT100", "MTTS 137"), { maxLength: 3 }), {
      nil: undefined,
    }),
  })
  .map(({ role, policies, sbLimit, ttypeCycle, windowSize, terminalTypes }) => {
    const options: Record<number, OptionPolicy> = {};
    for (const [code, local, remote] of policies) options[code] = { local, remote };
    const o: SessionOptions = { role, options };
    if (sbLimit !== undefined || ttypeCycle !== undefined) o.limits = { subnegotiation: sbLimit, ttypeCycle };
    if (windowSize) o.windowSize = windowSize;
    if (terminalTypes) o.terminalTypes = terminalTypes;
    return o;
  });

/** Number of runs for a property: `CONFORMANCE_RUNS_SCALE` multiplies every figure (default 1). */
export function runs(n: number): number {
  const scale = Number(globalThis.process?.env?.CONFORMANCE_RUNS_SCALE ?? 1);
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
