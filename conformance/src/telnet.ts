/**
 * Reference Telnet framing, written from the RFC text and independent of the engine:
 * the suite builds its inputs and its expectations with these.
 */

// RFC 854, "TELNET COMMAND STRUCTURE".
export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const GA = 249;
export const NOP = 241;
export const SE = 240;
export const EOR = 239; // RFC 885
export const CR = 13;
export const LF = 10;
export const NUL = 0;

/** Option codes the suite uses, from their RFCs. */
export const BINARY = 0; // RFC 856
export const ECHO = 1; // RFC 857
export const SGA = 3; // RFC 858
export const STATUS = 5; // RFC 859
export const TM = 6; // RFC 860
export const TTYPE = 24; // RFC 1091
export const EOR_OPT = 25; // RFC 885
export const NAWS = 31; // RFC 1073
/** An option with no codec in the engine, used for raw subnegotiations. */
export const PRIVATE_OPT = 180;
/** An option no one supports. */
export const UNKNOWN_OPT = 77;

/** RFC 854: "only the IAC need be doubled to be sent as data". */
export function escape(bytes: Iterable<number>): number[] {
  const out: number[] = [];
  for (const b of bytes) {
    out.push(b);
    if (b === IAC) out.push(IAC);
  }
  return out;
}

/** RFC 855: `IAC SB option <parameters> IAC SE`, with 255 in the parameters doubled. */
export const sb = (option: number, payload: Iterable<number>): number[] => [IAC, SB, option, ...escape(payload), IAC, SE];

/** `IAC verb option`. */
export const neg = (verb: number, option: number): number[] => [IAC, verb, option];

/**
 * RFC 854, "THE NVT PRINTER AND KEYBOARD": "the sequence CR NUL must be used where a
 * carriage return alone is actually desired". What an NVT receiver hands on: every NUL
 * that follows a CR is dropped (CR NUL NUL keeps the second NUL).
 */
export function nvtReceived(bytes: Iterable<number>): number[] {
  const out: number[] = [];
  let prev = -1;
  for (const b of bytes) {
    if (!(b === NUL && prev === CR)) out.push(b);
    prev = b;
  }
  return out;
}

/** RFC 1073: width and height as two 16-bit big-endian numbers. */
export const nawsPayload = (width: number, height: number): number[] => [width >> 8, width & 0xff, height >> 8, height & 0xff];

/** RFC 1091: `IS` is 0, `SEND` is 1; the name in ASCII. */
export const ttypeIs = (name: string): number[] => [0, ...Array.from(name, (c) => c.charCodeAt(0))];
export const TTYPE_SEND = [1];

/** A STATUS report as RFC 859 describes it. */
export interface Report {
  will: number[];
  do: number[];
  subnegotiations: { option: number; payload: number[] }[];
}

/**
 * RFC 859: `IS` (0), then `WILL x`, `DO x` and `SB x <parameters> SE`, "SB is terminated
 * with SE, rather than IAC SE. Transmission of SE, as a regular data byte, is
 * accomplished by doubling the byte (SE SE)."
 */
export function statusIs(report: Report): number[] {
  const se = (b: number) => (b === SE ? [SE, SE] : [b]);
  const out = [0];
  for (const c of report.will) out.push(WILL, ...se(c));
  for (const c of report.do) out.push(DO, ...se(c));
  for (const s of report.subnegotiations) out.push(SB, ...se(s.option), ...s.payload.flatMap(se), SE);
  return out;
}
export const STATUS_SEND = [1];
