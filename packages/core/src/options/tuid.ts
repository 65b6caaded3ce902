/**
 * TACACS USER IDENTIFICATION (TUID), option 26 — RFC 927.
 *
 * The server (DO) asks the user's Telnet (WILL) for the UUID of the user it already
 * authenticated: `IAC SB TUID <uuid> IAC SE`, a 32-bit number (section 2). Decoded into
 * an event; refused by default (accepting it means trusting the peer's login).
 */
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

/** The user's UUID from the user's Telnet. */
export interface TuidEvent {
  type: "tuid";
  uuid: number;
}

/** Send our user's UUID (while TUID is on for our side). */
export interface TuidCommand {
  type: "tuid";
  uuid: number;
}

/** TUID payload: the UUID, most significant byte first. */
export function encodeTuid(uuid: number): Uint8Array {
  if (typeof uuid !== "number" || !Number.isInteger(uuid) || uuid < 0 || uuid > 0xffffffff) throw new TypeError("tuid: uuid must be a 32-bit unsigned integer");
  return new Uint8Array([uuid >>> 24, (uuid >>> 16) & 0xff, (uuid >>> 8) & 0xff, uuid & 0xff]);
}

/** Decode a TUID payload; a string says what is wrong with it. */
export function decodeTuid(payload: Uint8Array): TuidEvent | string {
  if (payload.length !== 4) return `TUID payload of ${payload.length} bytes, expected a 32-bit UUID`;
  return { type: "tuid", uuid: ((payload[0] << 24) | (payload[1] << 16) | (payload[2] << 8) | payload[3]) >>> 0 };
}

/** The TUID option module (RFC 927). */
export const tuid: OptionModule = {
  code: OPT.TUID,
  name: "tuid",
  commands: ["tuid"],
  receive(payload, host) {
    const ev = decodeTuid(payload);
    if (typeof ev === "string") host.warn("malformed-subnegotiation", `${ev}: ignored`, OPT.TUID);
    else host.emit(ev);
  },
  send(command, host) {
    const payload = encodeTuid((command as TuidCommand).uuid);
    if (host.isEnabled(OPT.TUID, "local")) host.subnegotiate(OPT.TUID, payload);
  },
};
