/**
 * X.3-PAD, option 30 — RFC 1053.
 *
 * The host (DO) sets the user Telnet's (WILL) X.3 parameters: `SET` (0) and
 * `RESPONSE-SET` (1) with parameter/value pairs, `SEND` (4) to ask for all of them; the
 * user Telnet reports with `IS` (2, a change for a local reason) and `RESPONSE-IS` (3,
 * one per SEND, every parameter it knows). Decoded into events; refused by default.
 */
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

/** One X.3 parameter and its value (each one byte; parameter 0 is specific to RFC 1053). */
export interface X3Parameter {
  parameter: number;
  value: number;
}

/** An X.3-PAD message. */
export type X3PadMessage =
  | { kind: "set" | "response-set" | "is" | "response-is"; parameters: X3Parameter[] }
  | { kind: "send" };

/** An X.3-PAD subnegotiation from the peer. */
export type X3PadEvent = X3PadMessage & { type: "x3-pad" };
/** Send an X.3-PAD message (while the option is on). */
export type X3PadCommand = X3PadMessage & { type: "x3-pad" };

const KINDS = ["set", "response-set", "is", "response-is", "send"] as const;

/** X.3-PAD payload for a message. */
export function encodeX3Pad(m: X3PadMessage): Uint8Array {
  const code = KINDS.indexOf(m.kind);
  if (code < 0) throw new TypeError(`x3-pad: unknown kind ${JSON.stringify((m as { kind: unknown }).kind)}`);
  if (m.kind === "send") return new Uint8Array([code]);
  if (!Array.isArray(m.parameters)) throw new TypeError("x3-pad: parameters must be an array");
  const out = [code];
  for (const p of m.parameters) {
    for (const v of [p?.parameter, p?.value]) {
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 255) throw new TypeError("x3-pad: parameters and values must be integers 0-255");
    }
    out.push(p.parameter, p.value);
  }
  return Uint8Array.from(out);
}

/** Decode an X.3-PAD payload; a string says what is wrong with it. */
export function decodeX3Pad(payload: Uint8Array): X3PadEvent | string {
  if (payload.length === 0) return "empty X.3-PAD subnegotiation";
  const kind = KINDS[payload[0]];
  if (!kind) return `X.3-PAD subcommand ${payload[0]} is not defined by RFC 1053`;
  if (kind === "send") return payload.length === 1 ? { type: "x3-pad", kind } : "X.3-PAD SEND with parameters";
  if ((payload.length - 1) % 2 !== 0) return `X.3-PAD ${kind.toUpperCase()} with an odd number of bytes (a parameter without value)`;
  const parameters: X3Parameter[] = [];
  for (let i = 1; i < payload.length; i += 2) parameters.push({ parameter: payload[i], value: payload[i + 1] });
  return { type: "x3-pad", kind, parameters };
}

/** The X.3-PAD option module (RFC 1053). */
export const x3pad: OptionModule = {
  code: OPT.X3PAD,
  name: "x3pad",
  commands: ["x3-pad"],
  receive(payload, host) {
    const ev = decodeX3Pad(payload);
    if (typeof ev === "string") host.warn("malformed-subnegotiation", `${ev}: ignored`, OPT.X3PAD);
    else host.emit(ev);
  },
  send(command, host) {
    const payload = encodeX3Pad(command as X3PadCommand);
    if (host.isEnabled(OPT.X3PAD, "local") || host.isEnabled(OPT.X3PAD, "remote")) host.subnegotiate(OPT.X3PAD, payload);
  },
};
