/**
 * TERMINAL LOCATION NUMBER (TTYLOC), option 28 — RFC 946.
 *
 * The user's Telnet (WILL) sends a 64-bit location: `IAC SB TTYLOC <format> <number> IAC SE`,
 * format 0 being a 32-bit Internet host address then a 32-bit terminal number, most
 * significant byte first (section 2). Host 0.0.0.0 is unknown; terminal FFFFFFFF is
 * unknown and FFFFFFFE detached. Decoded into events; refused by default.
 */
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

/** A terminal location: `host` as a dotted address, `terminal` the line on it. */
export interface TtylocEvent {
  type: "ttyloc";
  format: 0;
  host: string;
  terminal: number;
}

/** Send our terminal location (while TTYLOC is on for our side). */
export interface TtylocCommand {
  type: "ttyloc";
  host: string;
  terminal: number;
}

/** Terminal numbers with a meaning (section "TTYLOC Number"). */
export const TTYLOC_UNKNOWN_TERMINAL = 0xffffffff;
export const TTYLOC_DETACHED = 0xfffffffe;

/** TTYLOC payload, format 0. */
export function encodeTtyloc(host: string, terminal: number): Uint8Array {
  const parts = typeof host === "string" ? host.split(".") : [];
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) throw new TypeError("ttyloc: host must be a dotted IPv4 address");
  if (typeof terminal !== "number" || !Number.isInteger(terminal) || terminal < 0 || terminal > 0xffffffff) throw new TypeError("ttyloc: terminal must be a 32-bit unsigned integer");
  return new Uint8Array([0, ...parts.map(Number), terminal >>> 24, (terminal >>> 16) & 0xff, (terminal >>> 8) & 0xff, terminal & 0xff]);
}

/** Decode a TTYLOC payload; a string says what is wrong with it. */
export function decodeTtyloc(payload: Uint8Array): TtylocEvent | string {
  if (payload.length === 0) return "empty TTYLOC subnegotiation";
  if (payload[0] !== 0) return `TTYLOC format ${payload[0]} is not defined (only 0)`;
  if (payload.length !== 9) return `TTYLOC format 0 with ${payload.length - 1} bytes, expected 8`;
  const terminal = ((payload[5] << 24) | (payload[6] << 16) | (payload[7] << 8) | payload[8]) >>> 0;
  return { type: "ttyloc", format: 0, host: `${payload[1]}.${payload[2]}.${payload[3]}.${payload[4]}`, terminal };
}

/** The TTYLOC option module (RFC 946). */
export const ttyloc: OptionModule = {
  code: OPT.TTYLOC,
  name: "ttyloc",
  commands: ["ttyloc"],
  receive(payload, host) {
    const ev = decodeTtyloc(payload);
    if (typeof ev === "string") host.warn("malformed-subnegotiation", `${ev}: ignored`, OPT.TTYLOC);
    else host.emit(ev);
  },
  send(command, host) {
    const c = command as TtylocCommand;
    const payload = encodeTtyloc(c.host, c.terminal);
    if (host.isEnabled(OPT.TTYLOC, "local")) host.subnegotiate(OPT.TTYLOC, payload);
  },
};
