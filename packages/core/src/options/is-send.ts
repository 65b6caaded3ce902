/**
 * The IS / SEND pattern shared by TERMINAL-SPEED (RFC 1079) and X-DISPLOC (RFC 1096),
 * both modelled on RFC 930: the DO side asks with `SEND` (1), the WILL side answers
 * with `IS` (0) followed by an NVT ASCII string. Nothing may be sent unasked.
 */
import { latin1, latin1Bytes } from "../engine/bytes.js";
import type { OptionHost } from "../engine/option.js";

export const IS = 0;
export const SEND = 1;

/** A decoded IS / SEND payload: the request, or the answer's text. */
export type IsSend = { kind: "send" } | { kind: "is"; text: string };

/** Decode `SEND` or `IS text`; a string says what is wrong with the payload. */
export function decodeIsSend(payload: Uint8Array, what: string): IsSend | string {
  if (payload.length === 0) return `empty ${what} subnegotiation`;
  if (payload[0] === SEND) return payload.length === 1 ? { kind: "send" } : `${what} SEND with ${payload.length - 1} extra bytes`;
  if (payload[0] === IS) return { kind: "is", text: latin1(payload, 1) };
  return `${what} subcommand ${payload[0]} is neither IS (0) nor SEND (1)`;
}

/** `IS text` payload. */
export function encodeIs(text: string): Uint8Array {
  const b = latin1Bytes(text);
  const out = new Uint8Array(b.length + 1);
  out[0] = IS;
  out.set(b, 1);
  return out;
}

/** Per-session bookkeeping: SENDs we made that are not answered yet. */
export interface IsSendState {
  pending: number;
}

/**
 * Whether a decoded message may come from the peer: only the DO side (our remote side
 * on) may receive IS, only the WILL side (our local side on) may receive SEND. Warns
 * and returns false when not; counts IS against our SENDs (an unasked IS is warned).
 */
export function checkDirection(
  host: OptionHost,
  option: number,
  what: string,
  kind: "send" | "is",
  st: IsSendState,
): boolean {
  // Neither side on: ignored, as one sent in flight with a refusal (no warning).
  if (!host.isEnabled(option, "local") && !host.isEnabled(option, "remote")) return false;
  if (kind === "send") {
    if (host.isEnabled(option, "local")) return true;
    host.warn("wrong-direction", `${what} SEND, but we have not agreed to send it (WILL ${what})`, option);
    return false;
  }
  if (!host.isEnabled(option, "remote")) {
    host.warn("wrong-direction", `${what} IS, but we did not agree to receive it (DO ${what})`, option);
    return false;
  }
  if (st.pending > 0) st.pending--;
  else host.warn("unsolicited-subnegotiation", `${what} IS sent without a SEND (only answers are allowed)`, option);
  return true;
}
