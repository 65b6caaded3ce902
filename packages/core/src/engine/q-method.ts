/**
 * RFC 1143, "The Q Method of Implementing TELNET Option Negotiation", section 7.
 *
 * Every rule that moves negotiation state lives here. The table does not know our role
 * or which side it is working on: "positive" is WILL from the peer about its side or DO
 * about ours, "negative" is WONT / DONT. The session maps the reply back to a verb.
 *
 * State is one byte per option: bits 0-2 our side, bits 4-6 the peer's side; in each,
 * two bits of state and one queue bit (EMPTY = 0, OPPOSITE = 1).
 */

export const NO = 0;
export const YES = 1;
export const WANTNO = 2;
export const WANTYES = 3;

export type QState = typeof NO | typeof YES | typeof WANTNO | typeof WANTYES;

const QUEUE = 4;

/** What the session must do after a rule ran: bits 0-1 the reply, bit 2 a peer violation. */
export const REPLY_NONE = 0;
export const REPLY_POSITIVE = 1;
export const REPLY_NEGATIVE = 2;
export const REPLY_MASK = 3;
export const VIOLATION = 4;

/** Shift of a side's nibble within the state byte: 0 for local, 4 for remote. */
export type SideShift = 0 | 4;

export function stateOf(q: Uint8Array, option: number, shift: SideShift): QState {
  return ((q[option] >> shift) & 3) as QState;
}

export function queuedOf(q: Uint8Array, option: number, shift: SideShift): boolean {
  return ((q[option] >> shift) & QUEUE) !== 0;
}

function put(q: Uint8Array, option: number, shift: SideShift, state: number, queued: boolean): void {
  const nibble = state | (queued ? QUEUE : 0);
  q[option] = (q[option] & ~(0xf << shift)) | (nibble << shift);
}

/**
 * The peer said WILL (about its side) or DO (about ours): `positive`; or WONT / DONT.
 * `agree` says whether we accept the option being enabled on that side.
 */
export function received(q: Uint8Array, option: number, shift: SideShift, positive: boolean, agree: boolean): number {
  const state = (q[option] >> shift) & 3;
  const queued = ((q[option] >> shift) & QUEUE) !== 0;
  if (positive) {
    switch (state) {
      case NO:
        if (agree) {
          put(q, option, shift, YES, false);
          return REPLY_POSITIVE;
        }
        return REPLY_NEGATIVE;
      case YES:
        return REPLY_NONE;
      case WANTNO:
        // "Error: DONT answered by WILL." The peer enabled it anyway.
        put(q, option, shift, queued ? YES : NO, false);
        return VIOLATION;
      default: // WANTYES
        if (queued) {
          put(q, option, shift, WANTNO, false);
          return REPLY_NEGATIVE;
        }
        put(q, option, shift, YES, false);
        return REPLY_NONE;
    }
  }
  switch (state) {
    case NO:
      return REPLY_NONE;
    case YES:
      put(q, option, shift, NO, false);
      return REPLY_NEGATIVE;
    case WANTNO:
      if (queued) {
        put(q, option, shift, WANTYES, false);
        return REPLY_POSITIVE;
      }
      put(q, option, shift, NO, false);
      return REPLY_NONE;
    default: // WANTYES: refused (with a queued disable, that is what we wanted anyway)
      put(q, option, shift, NO, false);
      return REPLY_NONE;
  }
}

/** We want the option on (`enable`) or off on a side. Returns the request to send, if any. */
export function ask(q: Uint8Array, option: number, shift: SideShift, enable: boolean): number {
  const state = (q[option] >> shift) & 3;
  const queued = ((q[option] >> shift) & QUEUE) !== 0;
  if (enable) {
    switch (state) {
      case NO:
        put(q, option, shift, WANTYES, false);
        return REPLY_POSITIVE;
      case YES:
        return REPLY_NONE;
      case WANTNO:
        // Wait for the WONT, then ask again.
        put(q, option, shift, WANTNO, true);
        return REPLY_NONE;
      default: // WANTYES: already asking; cancel a queued disable
        put(q, option, shift, WANTYES, false);
        return REPLY_NONE;
    }
  }
  switch (state) {
    case NO:
      return REPLY_NONE;
    case YES:
      put(q, option, shift, WANTNO, false);
      return REPLY_NEGATIVE;
    case WANTNO:
      put(q, option, shift, WANTNO, false);
      return REPLY_NONE;
    default: // WANTYES: disable once the WILL arrives
      put(q, option, shift, WANTYES, true);
      return REPLY_NONE;
  }
}
