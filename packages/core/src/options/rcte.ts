/**
 * REMOTE CONTROLLED TRANSMISSION AND ECHOING (RCTE), option 7 — RFC 726.
 *
 * The controlling host (WILL) tells the user's Telnet what to echo and when to transmit:
 * `IAC SB RCTE <cmd> [BC1 BC2] [TC1 TC2] IAC SE` (section 2, 3e). Bit 0 of `cmd` off means
 * "continue as before"; bits 1 and 2 skip (do not echo) the break character and the text
 * before it; bit 3 brings new break classes, bit 4 new transmission classes, each as two
 * bytes (class 1 is the low bit of the second byte). Refused by default.
 */
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

/** The character classes of section 3e3, as bits of a class word. */
export const RCTE_CLASSES = {
  upperCase: 1 << 0,
  lowerCase: 1 << 1,
  digits: 1 << 2,
  formatEffectors: 1 << 3,
  controls: 1 << 4,
  punctuation: 1 << 5,
  brackets: 1 << 6,
  symbols: 1 << 7,
  space: 1 << 8,
} as const;

/**
 * A break reset command. `continue`: bit 0 off, repeat the last command (other fields
 * false/absent). `breakClasses` / `transmitClasses`: the new class words, when reset.
 */
export interface RcteEvent {
  type: "rcte";
  continue: boolean;
  skipBreak: boolean;
  skipText: boolean;
  breakClasses?: number;
  transmitClasses?: number;
}

/** Send a break reset command (we must be the controlling side: WILL RCTE on). */
export type RcteCommand = Omit<RcteEvent, "type" | "continue"> & { type: "rcte"; continue?: boolean };

function word(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffff) throw new TypeError(`rcte: ${what} must be an integer 0-65535`);
  return v;
}

/** RCTE payload for a command. */
export function encodeRcte(m: Omit<RcteCommand, "type">): Uint8Array {
  if (m.continue) return new Uint8Array([0]);
  let cmd = 1;
  if (m.skipBreak) cmd |= 2;
  if (m.skipText) cmd |= 4;
  const out = [0];
  if (m.breakClasses !== undefined) {
    const w = word(m.breakClasses, "breakClasses");
    cmd |= 8;
    out.push(w >> 8, w & 0xff);
  }
  if (m.transmitClasses !== undefined) {
    const w = word(m.transmitClasses, "transmitClasses");
    cmd |= 16;
    out.push(w >> 8, w & 0xff);
  }
  out[0] = cmd;
  return Uint8Array.from(out);
}

/** Decode an RCTE payload; a string says what is wrong with it. */
export function decodeRcte(payload: Uint8Array): RcteEvent | string {
  if (payload.length === 0) return "empty RCTE subnegotiation";
  const cmd = payload[0];
  if (cmd > 31) return `RCTE command byte ${cmd} has bits beyond the five defined`;
  if ((cmd & 1) === 0) {
    // 3e1j: even values mean "continue", and then no class bytes may follow.
    if (payload.length !== 1) return "RCTE continue command followed by class bytes";
    return { type: "rcte", continue: true, skipBreak: false, skipText: false };
  }
  const want = 1 + (cmd & 8 ? 2 : 0) + (cmd & 16 ? 2 : 0);
  if (payload.length !== want) return `RCTE command ${cmd} with ${payload.length - 1} class bytes, expected ${want - 1}`;
  const ev: RcteEvent = { type: "rcte", continue: false, skipBreak: (cmd & 2) !== 0, skipText: (cmd & 4) !== 0 };
  let i = 1;
  if (cmd & 8) {
    ev.breakClasses = (payload[i] << 8) | payload[i + 1];
    i += 2;
  }
  if (cmd & 16) ev.transmitClasses = (payload[i] << 8) | payload[i + 1];
  return ev;
}

/** The RCTE option module (RFC 726). */
export const rcte: OptionModule = {
  code: OPT.RCTE,
  name: "rcte",
  commands: ["rcte"],
  receive(payload, host) {
    const ev = decodeRcte(payload);
    if (typeof ev === "string") {
      host.warn("malformed-subnegotiation", `${ev}: ignored`, OPT.RCTE);
      return;
    }
    if (payload[0] !== 0 && (payload[0] & 1) === 0) {
      host.warn("malformed-subnegotiation", `RCTE command ${payload[0]} is even: "in error", read as continue (3e1j)`, OPT.RCTE);
    }
    host.emit(ev);
  },
  send(command, host) {
    const payload = encodeRcte(command as RcteCommand);
    if (host.isEnabled(OPT.RCTE, "local")) host.subnegotiate(OPT.RCTE, payload);
  },
};
