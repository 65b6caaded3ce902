/**
 * EXTEND-ASCII, option 17 — RFC 698.
 *
 * `IAC SB EXTASC <bits 15-8> <bits 7-0> IAC SE` carries one character of more than 8
 * bits. The meaning of the extra bits is the program's; at SU-AI and MIT-AI (section 5)
 * octal 200 is CONTROL and octal 400 is META, which the event reports. Refused by default.
 */
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

/** One extended character: `code` is the 16-bit value; `ascii`, `control`, `meta` read it the SU-AI way. */
export interface XasciiEvent {
  type: "xascii";
  code: number;
  ascii: number;
  control: boolean;
  meta: boolean;
}

/** Send one extended character (only while the option is on for our side). */
export interface XasciiCommand {
  type: "xascii";
  code: number;
}

/** EXTEND-ASCII payload for a 16-bit character. */
export function encodeXascii(code: number): Uint8Array {
  if (typeof code !== "number" || !Number.isInteger(code) || code < 0 || code > 0xffff) {
    throw new TypeError("xascii: code must be an integer 0-65535");
  }
  return new Uint8Array([code >> 8, code & 0xff]);
}

/** Decode an EXTEND-ASCII payload; a string says what is wrong with it. */
export function decodeXascii(payload: Uint8Array): XasciiEvent | string {
  if (payload.length !== 2) return `EXTEND-ASCII payload of ${payload.length} bytes, expected 2`;
  const code = (payload[0] << 8) | payload[1];
  return { type: "xascii", code, ascii: code & 0x7f, control: (code & 0o200) !== 0, meta: (code & 0o400) !== 0 };
}

/** The EXTEND-ASCII option module (RFC 698). */
export const xascii: OptionModule = {
  code: OPT.XASCII,
  name: "xascii",
  commands: ["xascii"],
  receive(payload, host) {
    const ev = decodeXascii(payload);
    if (typeof ev === "string") host.warn("malformed-subnegotiation", `${ev}: ignored`, OPT.XASCII);
    else host.emit(ev);
  },
  send(command, host) {
    const payload = encodeXascii((command as XasciiCommand).code);
    if (host.isEnabled(OPT.XASCII, "local")) host.subnegotiate(OPT.XASCII, payload);
  },
};
