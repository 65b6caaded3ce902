/**
 * SUPDUP-OUTPUT, option 22 — RFC 749.
 *
 * The server (WILL) may drive the user's screen with SUPDUP display codes inside a
 * normal Telnet session. The user's Telnet, on DO, sends its terminal parameters:
 * `IAC SB SUPDUP-OUTPUT 1 <six-bit bytes> IAC SE`; the server then sends
 * `IAC SB SUPDUP-OUTPUT 2 n TD1 .. TDn SCx SCy IAC SE`: n (0-254) display codes of
 * RFC 734 and the cursor position after them. Decoded into events; refused by default.
 */
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

/** A SUPDUP-OUTPUT block: the user's terminal parameters, or display codes with the final cursor. */
export type SupdupOutputMessage =
  | { kind: "terminal-parameters"; parameters: Uint8Array }
  | { kind: "display"; codes: Uint8Array; x: number; y: number };

/** A SUPDUP-OUTPUT block from the peer. */
export type SupdupOutputEvent = SupdupOutputMessage & { type: "supdup-output" };
/** Send a SUPDUP-OUTPUT block (while the option is on). */
export type SupdupOutputCommand = SupdupOutputMessage & { type: "supdup-output" };

function byte(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 254) throw new TypeError(`supdup-output: ${what} must be an integer 0-254`);
  return v;
}

/** SUPDUP-OUTPUT payload for a block. */
export function encodeSupdupOutput(m: SupdupOutputMessage): Uint8Array {
  if (m.kind === "terminal-parameters") {
    if (!(m.parameters instanceof Uint8Array)) throw new TypeError("supdup-output: parameters must be a Uint8Array");
    return Uint8Array.from([1, ...m.parameters]);
  }
  if (m.kind !== "display") throw new TypeError(`supdup-output: unknown kind ${JSON.stringify((m as { kind: unknown }).kind)}`);
  if (!(m.codes instanceof Uint8Array) || m.codes.length > 254) throw new TypeError("supdup-output: codes must be a Uint8Array of at most 254 bytes");
  return Uint8Array.from([2, m.codes.length, ...m.codes, byte(m.x, "x"), byte(m.y, "y")]);
}

/** Decode a SUPDUP-OUTPUT payload; a string says what is wrong with it. */
export function decodeSupdupOutput(payload: Uint8Array): SupdupOutputEvent | string {
  if (payload.length === 0) return "empty SUPDUP-OUTPUT subnegotiation";
  if (payload[0] === 1) return { type: "supdup-output", kind: "terminal-parameters", parameters: payload.slice(1) };
  if (payload[0] !== 2) return `SUPDUP-OUTPUT command ${payload[0]} is neither 1 nor 2`;
  if (payload.length < 4) return "SUPDUP-OUTPUT display block too short";
  const n = payload[1];
  if (n > 254) return "SUPDUP-OUTPUT display block with more than 254 codes";
  if (payload.length !== n + 4) return `SUPDUP-OUTPUT display block says ${n} codes, holds ${payload.length - 4}`;
  return { type: "supdup-output", kind: "display", codes: payload.slice(2, 2 + n), x: payload[2 + n], y: payload[3 + n] };
}

/** The SUPDUP-OUTPUT option module (RFC 749). */
export const supdupOutput: OptionModule = {
  code: OPT.SUPDUP_OUTPUT,
  name: "supdup-output",
  commands: ["supdup-output"],
  receive(payload, host) {
    const ev = decodeSupdupOutput(payload);
    if (typeof ev === "string") host.warn("malformed-subnegotiation", `${ev}: ignored`, OPT.SUPDUP_OUTPUT);
    else host.emit(ev);
  },
  send(command, host) {
    const payload = encodeSupdupOutput(command as SupdupOutputCommand);
    if (host.isEnabled(OPT.SUPDUP_OUTPUT, "local") || host.isEnabled(OPT.SUPDUP_OUTPUT, "remote")) {
      host.subnegotiate(OPT.SUPDUP_OUTPUT, payload);
    }
  },
};
