/**
 * DATA ENTRY TERMINAL (DET), option 20 — RFC 732.
 *
 * Every DET function is a subnegotiation `IAC SB DET <subcommand> <parameters> IAC SE`,
 * with the subcommands and parameter layouts of Appendix 1 (codes 1-41) plus the
 * DET-MACRO subcommand of Appendix 3 (254). Decoded by one table; refused by default.
 */
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

/** Subcommands without parameters. */
export type DetSimpleCommand =
  | "up" | "down" | "left" | "right" | "home"
  | "line-insert" | "line-delete" | "char-insert" | "char-delete"
  | "read-cursor" | "reverse-tab"
  | "transmit-screen" | "transmit-unprotected" | "transmit-line" | "transmit-field"
  | "transmit-rest-of-screen" | "transmit-rest-of-line" | "transmit-rest-of-field" | "transmit-modified"
  | "erase-screen" | "erase-line" | "erase-field"
  | "erase-rest-of-screen" | "erase-rest-of-line" | "erase-rest-of-field" | "erase-unprotected"
  | "field-separator";

/** A DET subcommand, by its parameters (section 2 and Appendix 1). */
export type DetMessage =
  | { command: "edit-facilities" | "erase-facilities" | "transmit-facilities"; map: number }
  | { command: "format-facilities"; map: number } // two bytes: byte 0 high, byte 1 low
  | { command: "move-cursor" | "cursor-position" | "data-transmit"; x: number; y: number }
  | { command: "skip-to-line"; y: number }
  | { command: "skip-to-char"; x: number }
  | { command: DetSimpleCommand }
  | { command: "format-data"; format: number; count: number } // 16-bit format map, 16-bit count
  | { command: "repeat"; count: number; char: number }
  | { command: "suppress-protection" | "det-macro"; negotiation: "will" | "wont" | "do" | "dont" }
  | { command: "fn"; code: number }
  | { command: "error"; subcommand: number; error: number };

/** A DET subcommand from the peer. */
export type DetEvent = DetMessage & { type: "det" };
/** Send a DET subcommand (while DET is on). */
export type DetCommand = DetMessage & { type: "det" };

// Appendix 1: code -> name and parameters, each 1 or 2 bytes, big-endian.
type Field = [name: string, size: 1 | 2];
const XY: Field[] = [["x", 1], ["y", 1]];
const TABLE: Record<number, [string, Field[]]> = {
  1: ["edit-facilities", [["map", 1]]],
  2: ["erase-facilities", [["map", 1]]],
  3: ["transmit-facilities", [["map", 1]]],
  4: ["format-facilities", [["map", 2]]],
  5: ["move-cursor", XY],
  6: ["skip-to-line", [["y", 1]]],
  7: ["skip-to-char", [["x", 1]]],
  8: ["up", []],
  9: ["down", []],
  10: ["left", []],
  11: ["right", []],
  12: ["home", []],
  13: ["line-insert", []],
  14: ["line-delete", []],
  15: ["char-insert", []],
  16: ["char-delete", []],
  17: ["read-cursor", []],
  18: ["cursor-position", XY],
  19: ["reverse-tab", []],
  20: ["transmit-screen", []],
  21: ["transmit-unprotected", []],
  22: ["transmit-line", []],
  23: ["transmit-field", []],
  24: ["transmit-rest-of-screen", []],
  25: ["transmit-rest-of-line", []],
  26: ["transmit-rest-of-field", []],
  27: ["transmit-modified", []],
  28: ["data-transmit", XY],
  29: ["erase-screen", []],
  30: ["erase-line", []],
  31: ["erase-field", []],
  32: ["erase-rest-of-screen", []],
  33: ["erase-rest-of-line", []],
  34: ["erase-rest-of-field", []],
  35: ["erase-unprotected", []],
  // Section 2, "Format Functions": <format map> two bytes, then <count> two bytes
  // (Appendix 1 lists only the map; the section's text and its description of count rule).
  36: ["format-data", [["format", 2], ["count", 2]]],
  37: ["repeat", [["count", 1], ["char", 1]]],
  38: ["suppress-protection", [["negotiation", 1]]],
  39: ["field-separator", []],
  40: ["fn", [["code", 1]]],
  41: ["error", [["subcommand", 1], ["error", 1]]],
  254: ["det-macro", [["negotiation", 1]]], // Appendix 3
};

const CODES: Record<string, number> = Object.fromEntries(Object.entries(TABLE).map(([code, [name]]) => [name, Number(code)]));
const NEGOTIATION = { will: 251, wont: 252, do: 253, dont: 254 } as const;
const NEGOTIATION_NAMES: Record<number, keyof typeof NEGOTIATION> = { 251: "will", 252: "wont", 253: "do", 254: "dont" };

/** DET payload for a subcommand. */
export function encodeDet(m: DetMessage): Uint8Array {
  const code = CODES[m.command];
  if (code === undefined) throw new TypeError(`det: unknown command ${JSON.stringify(m.command)}`);
  const out = [code];
  for (const [name, size] of TABLE[code][1]) {
    let v = (m as unknown as Record<string, unknown>)[name];
    if (name === "negotiation") v = NEGOTIATION[v as keyof typeof NEGOTIATION];
    const max = size === 1 ? 0xff : 0xffff;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) throw new TypeError(`det ${m.command}: bad ${name}`);
    if (size === 2) out.push(v >> 8);
    out.push(v & 0xff);
  }
  return Uint8Array.from(out);
}

/** Decode a DET payload; a string says what is wrong with it (Appendix 2's errors 2, 9, 10, 11). */
export function decodeDet(payload: Uint8Array): DetEvent | string {
  if (payload.length === 0) return "empty DET subnegotiation";
  const entry = TABLE[payload[0]];
  if (!entry) return `DET subcommand ${payload[0]} is not defined (illegal subcommand code)`;
  const [command, fields] = entry;
  const want = fields.reduce((n, [, size]) => n + size, 1);
  if (payload.length > want) return `DET ${command} has too many parameters`;
  if (payload.length < want) return `DET ${command} has too few parameters`;
  const ev: Record<string, unknown> = { type: "det", command };
  let i = 1;
  for (const [name, size] of fields) {
    const v = size === 1 ? payload[i] : (payload[i] << 8) | payload[i + 1];
    i += size;
    if (name === "negotiation") {
      if (!NEGOTIATION_NAMES[v]) return `DET ${command} negotiation byte ${v} is not WILL, WONT, DO or DONT`;
      ev[name] = NEGOTIATION_NAMES[v];
    } else ev[name] = v;
  }
  return ev as DetEvent;
}

/** The DATA ENTRY TERMINAL option module (RFC 732). */
export const det: OptionModule = {
  code: OPT.DET,
  name: "det",
  commands: ["det"],
  receive(payload, host) {
    const ev = decodeDet(payload);
    if (typeof ev === "string") host.warn("malformed-subnegotiation", `${ev}: ignored`, OPT.DET);
    else host.emit(ev);
  },
  send(command, host) {
    const payload = encodeDet(command as DetCommand);
    if (host.isEnabled(OPT.DET, "local") || host.isEnabled(OPT.DET, "remote")) host.subnegotiate(OPT.DET, payload);
  },
};
