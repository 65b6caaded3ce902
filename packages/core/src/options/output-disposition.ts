/**
 * The output disposition options of 1974 — RFC 652 (NAOCRD, 10), 653 (NAOHTS, 11), 654
 * (NAOHTD, 12), 655 (NAOFFD, 13), 656 (NAOVTS, 14), 657 (NAOVTD, 15), 658 (NAOLFD, 16).
 *
 * Seven copies of one text: for a simplex connection, the data sender (DO) and receiver
 * (WILL) agree who handles a format character. `IAC SB <option> DR|DS <8-bit value>...`:
 * DR (0) from the data receiver, DS (1) from the data sender. Disposition options carry
 * one value (0: "I will handle it", 1-250: the other party, with that many character
 * times of delay, 251-254 option-specific, 255: the other party, as it likes); the two
 * tabstop options carry a list of columns or lines (1-250), or a single 0 or 255.
 * Decoded into events; refused by default (no terminal handling behind them).
 */
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

/** Who sent the subnegotiation: the data receiver (DR, 0) or the data sender (DS, 1). */
export type NaoParty = "receiver" | "sender";

/**
 * What a disposition value suggests: `self` (0, the command sender handles it), `delay`
 * (1-250, the other party, with `delay` character times), `replace` (251: by a space, or
 * by CR LF for FF and VT), `discard` (252), `simulate` (253), `wait` (254: wait for a
 * character on the other connection), `other` (255: the other party, as it likes).
 */
export type NaoSuggestion = "self" | "delay" | "replace" | "discard" | "simulate" | "wait" | "other";

/** A disposition subnegotiation (RFC 652, 654, 655, 657, 658). */
export interface OutputDispositionEvent {
  type: "output-disposition";
  option: number;
  party: NaoParty;
  value: number;
  suggestion: NaoSuggestion;
}

/** A tabstop subnegotiation (RFC 653, 656): `stops` are columns (HT) or lines (VT). */
export interface OutputTabstopsEvent {
  type: "output-tabstops";
  option: number;
  party: NaoParty;
  suggestion: "self" | "stops" | "other";
  stops: number[];
}

/** Send a disposition (the option must be on). `suggestion` is derived from `value`. */
export type OutputDispositionCommand = Omit<OutputDispositionEvent, "suggestion"> & { suggestion?: NaoSuggestion };
/** Send tabstops: a list of 1-250, or `[0]` (self) / `[255]` (other). */
export type OutputTabstopsCommand = Omit<OutputTabstopsEvent, "suggestion"> & { suggestion?: OutputTabstopsEvent["suggestion"] };

const DR = 0;
const DS = 1;

// Values 251-254 each option allows (the others: "Not allowed, in order to be compatible").
const ALLOWED: Record<number, readonly number[]> = {
  [OPT.NAOCRD]: [252, 254],
  [OPT.NAOHTD]: [251, 252, 253, 254],
  [OPT.NAOFFD]: [251, 252, 253, 254],
  [OPT.NAOVTD]: [251, 252, 253, 254],
  [OPT.NAOLFD]: [252, 253, 254],
};

const SPECIAL: Record<number, NaoSuggestion> = { 251: "replace", 252: "discard", 253: "simulate", 254: "wait", 255: "other" };

/** What a disposition value suggests. */
export function naoSuggestion(value: number): NaoSuggestion {
  return value === 0 ? "self" : value <= 250 ? "delay" : SPECIAL[value];
}

const isTabstops = (option: number) => option === OPT.NAOHTS || option === OPT.NAOVTS;

/** Payload for a disposition or tabstop message. */
export function encodeOutputDisposition(m: { option: number; party: NaoParty; value: number } | { option: number; party: NaoParty; stops: readonly number[] }): Uint8Array {
  const head = m.party === "sender" ? DS : DR;
  const values = "stops" in m ? m.stops : [m.value];
  for (const v of values) {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 255) throw new TypeError("output disposition: values must be integers 0-255");
  }
  return Uint8Array.from([head, ...values]);
}

/** Decode a subnegotiation of one of the seven options; a string says what is wrong. */
export function decodeOutputDisposition(option: number, payload: Uint8Array): OutputDispositionEvent | OutputTabstopsEvent | string {
  if (payload.length < 2) return "output disposition subnegotiation without a value";
  if (payload[0] !== DR && payload[0] !== DS) return `output disposition subcommand ${payload[0]} is neither DR (0) nor DS (1)`;
  const party: NaoParty = payload[0] === DS ? "sender" : "receiver";
  if (isTabstops(option)) {
    const stops = [...payload.subarray(1)];
    if (stops.length === 1 && (stops[0] === 0 || stops[0] === 255)) {
      return { type: "output-tabstops", option, party, suggestion: stops[0] === 0 ? "self" : "other", stops };
    }
    // Section 5: several values only if each is greater than 0 and less than 251.
    if (stops.some((s) => s === 0 || s > 250)) return "tabstop list with a value outside 1-250";
    return { type: "output-tabstops", option, party, suggestion: "stops", stops };
  }
  if (payload.length !== 2) return `output disposition with ${payload.length - 1} values, expected 1`;
  const value = payload[1];
  if (value > 250 && value < 255 && !ALLOWED[option]?.includes(value)) return `value ${value} is not allowed for this option`;
  return { type: "output-disposition", option, party, value, suggestion: naoSuggestion(value) };
}

function module(code: number, name: string): OptionModule {
  return {
    code,
    name,
    commands: code === OPT.NAOCRD ? ["output-disposition", "output-tabstops"] : undefined,
    receive(payload, host) {
      const ev = decodeOutputDisposition(code, payload);
      if (typeof ev === "string") host.warn("malformed-subnegotiation", `${ev}: ignored`, code);
      else host.emit(ev);
    },
    send(command, host) {
      // One module routes the family's two command types; the option field picks the module.
      const c = command as OutputDispositionCommand | OutputTabstopsCommand;
      const target = FAMILY.find((m) => m.code === c.option);
      if (!target || (c.type === "output-tabstops") !== isTabstops(c.option)) {
        throw new TypeError(`${c.type}: option ${String(c.option)} is not one of its options`);
      }
      const payload = encodeOutputDisposition(c);
      if (host.isEnabled(c.option, "local") || host.isEnabled(c.option, "remote")) host.subnegotiate(c.option, payload);
    },
  };
}

/** RFC 652, carriage return. */
export const naocrd = module(OPT.NAOCRD, "naocrd");
/** RFC 653, horizontal tabstops. */
export const naohts = module(OPT.NAOHTS, "naohts");
/** RFC 654, horizontal tab. */
export const naohtd = module(OPT.NAOHTD, "naohtd");
/** RFC 655, formfeed. */
export const naoffd = module(OPT.NAOFFD, "naoffd");
/** RFC 656, vertical tabstops. */
export const naovts = module(OPT.NAOVTS, "naovts");
/** RFC 657, vertical tab. */
export const naovtd = module(OPT.NAOVTD, "naovtd");
/** RFC 658, linefeed. */
export const naolfd = module(OPT.NAOLFD, "naolfd");

/** The seven modules, in code order. */
export const FAMILY: readonly OptionModule[] = [naocrd, naohts, naohtd, naoffd, naovts, naovtd, naolfd];
