/**
 * LINEMODE subnegotiation payloads — RFC 1184 §1, §2.2-2.4. The payload is what follows
 * `IAC SB LINEMODE`, unescaped: the session doubles and undoubles IAC.
 *
 *   MODE mask                              1, mask
 *   DO FORWARDMASK mask0 ... (0-32 octets) 253, 2, mask...
 *   DONT / WILL / WONT FORWARDMASK         254 / 251 / 252, 2
 *   SLC triplets...                        3, (function, modifiers, value)...
 */
import { DO, DONT, WILL, WONT } from "../../engine/constants.js";
import { FORWARDMASK_MAX } from "./forwardmask.js";
import { decodeSlcTriplets, encodeSlcTriplets, type SlcTriplet } from "./slc.js";

/** LINEMODE suboption codes (RFC 1184 §1). */
export const LM_MODE = 1;
export const LM_FORWARDMASK = 2;
export const LM_SLC = 3;

/** The verb in front of FORWARDMASK. */
export type ForwardMaskAction = "do" | "dont" | "will" | "wont";

/** One LINEMODE subnegotiation, decoded. */
export type LinemodeMessage =
  | { kind: "mode"; mask: number }
  | { kind: "forwardmask"; action: "do"; mask: Uint8Array }
  | { kind: "forwardmask"; action: "dont" | "will" | "wont" }
  | { kind: "slc"; triplets: SlcTriplet[] };

/**
 * A decoded payload: `message` when there is one to act on, `problem` when the payload
 * broke a rule (with a message too when the rest could still be used: an SLC list with a
 * partial triplet at the end, a mask longer than 32 octets, bytes after WILL FORWARDMASK).
 */
export interface DecodedLinemode {
  message?: LinemodeMessage;
  problem?: string;
}

const VERBS: Readonly<Record<number, ForwardMaskAction>> = { [DO]: "do", [DONT]: "dont", [WILL]: "will", [WONT]: "wont" };
const VERB_CODES: Readonly<Record<ForwardMaskAction, number>> = { do: DO, dont: DONT, will: WILL, wont: WONT };

/** Payload bytes of a message (before IAC doubling, which the session applies). */
export function encodeLinemode(message: LinemodeMessage): Uint8Array {
  switch (message.kind) {
    case "mode":
      return new Uint8Array([LM_MODE, message.mask & 0xff]);
    case "forwardmask": {
      const verb = VERB_CODES[message.action];
      if (message.action !== "do") return new Uint8Array([verb, LM_FORWARDMASK]);
      const out = new Uint8Array(2 + message.mask.length);
      out[0] = verb;
      out[1] = LM_FORWARDMASK;
      out.set(message.mask, 2);
      return out;
    }
    case "slc":
      return new Uint8Array([LM_SLC, ...encodeSlcTriplets(message.triplets)]);
  }
}

/** Decode a payload. Never throws. */
export function decodeLinemode(payload: Uint8Array): DecodedLinemode {
  if (payload.length === 0) return { problem: "empty LINEMODE subnegotiation" };
  const sub = payload[0];
  if (sub === LM_MODE) {
    if (payload.length !== 2) return { problem: `LINEMODE MODE with ${payload.length - 1} bytes, expected 1` };
    return { message: { kind: "mode", mask: payload[1] } };
  }
  if (sub === LM_SLC) {
    const { triplets, partial } = decodeSlcTriplets(payload, 1);
    const message: LinemodeMessage = { kind: "slc", triplets };
    return partial === 0 ? { message } : { message, problem: `LINEMODE SLC list ends with ${partial} bytes of a triplet` };
  }
  const action = VERBS[sub];
  if (action === undefined) return { problem: `unknown LINEMODE suboption ${sub}` };
  const upper = action.toUpperCase();
  if (payload.length < 2) return { problem: `LINEMODE ${upper} without FORWARDMASK` };
  if (payload[1] !== LM_FORWARDMASK) return { problem: `LINEMODE ${upper} ${payload[1]}: only FORWARDMASK follows a verb` };
  if (action === "do") {
    const mask = payload.slice(2, 2 + FORWARDMASK_MAX);
    const message: LinemodeMessage = { kind: "forwardmask", action, mask };
    return payload.length - 2 > FORWARDMASK_MAX
      ? { message, problem: `FORWARDMASK of ${payload.length - 2} octets, at most ${FORWARDMASK_MAX}: the rest ignored` }
      : { message };
  }
  const message: LinemodeMessage = { kind: "forwardmask", action };
  return payload.length === 2 ? { message } : { message, problem: `LINEMODE ${upper} FORWARDMASK with ${payload.length - 2} extra bytes` };
}
