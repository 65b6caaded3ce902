/**
 * LINEMODE MODE — RFC 1184 §2.2.
 *
 * `IAC SB LINEMODE MODE mask IAC SE`. The server asks for a mode; the client confirms it
 * with MODE_ACK set. Rules, for both sides:
 * - a mask equal to the mode in use (ignoring MODE_ACK) is ignored;
 * - a MODE with MODE_ACK set is never answered: the server switches to it, the client
 *   ignores it (so crossing requests settle on the server's);
 * - any other MODE is answered with the new mask and MODE_ACK, or with a subset of it
 *   (the client MUST keep EDIT and TRAPSIG as asked; the server may add them).
 */

export const MODE_EDIT = 1;
export const MODE_TRAPSIG = 2;
export const MODE_ACK = 4;
export const MODE_SOFT_TAB = 8;
export const MODE_LIT_ECHO = 16;
/** The mode bits RFC 1184 defines (MODE_ACK aside). */
export const MODE_MASK = MODE_EDIT | MODE_TRAPSIG | MODE_SOFT_TAB | MODE_LIT_ECHO;

/** A mode as flags. */
export interface LinemodeModeFlags {
  /** The client edits lines locally and sends whole lines. */
  edit: boolean;
  /** The client turns interrupt characters into Telnet commands (IP, BRK, AYT, ABORT, EOF, SUSP). */
  trapsig: boolean;
  /** The client expands HT into spaces. */
  softTab: boolean;
  /** The client echoes non-printable characters literally. */
  litEcho: boolean;
}

/** A mode as a mask or as flags (missing flags are off). */
export type LinemodeModeInput = number | Partial<LinemodeModeFlags>;

/** Flags of a mask. */
export function modeFlags(mask: number): LinemodeModeFlags {
  return {
    edit: (mask & MODE_EDIT) !== 0,
    trapsig: (mask & MODE_TRAPSIG) !== 0,
    softTab: (mask & MODE_SOFT_TAB) !== 0,
    litEcho: (mask & MODE_LIT_ECHO) !== 0,
  };
}

/** Mask of a mode given as flags or as a number (MODE_ACK removed); throws TypeError when invalid. */
export function modeMask(mode: LinemodeModeInput, what = "mode"): number {
  if (typeof mode === "number") {
    if (!Number.isInteger(mode) || mode < 0 || mode > 255) throw new TypeError(`${what} must be an integer 0-255`);
    return mode & ~MODE_ACK;
  }
  if (mode === null || typeof mode !== "object") throw new TypeError(`${what} must be a number or an object of flags`);
  return (
    (mode.edit ? MODE_EDIT : 0) |
    (mode.trapsig ? MODE_TRAPSIG : 0) |
    (mode.softTab ? MODE_SOFT_TAB : 0) |
    (mode.litEcho ? MODE_LIT_ECHO : 0)
  );
}

/** What to do with a MODE received: the mode now in use and the byte to answer with, if any. */
export interface ModeAnswer {
  mode: number;
  reply?: number;
}

/**
 * Client side (§2.2): `supported` are the optional bits we honour (SOFT_TAB, LIT_ECHO);
 * EDIT and TRAPSIG are always taken as asked. An answer that drops bits goes without
 * MODE_ACK, as a request of ours.
 */
export function clientModeAnswer(current: number, received: number, supported: number): ModeAnswer {
  const mask = received & ~MODE_ACK;
  if (mask === current || (received & MODE_ACK) !== 0) return { mode: current };
  const kept = (mask & (MODE_EDIT | MODE_TRAPSIG)) | (mask & supported & (MODE_SOFT_TAB | MODE_LIT_ECHO));
  return kept === mask ? { mode: mask, reply: mask | MODE_ACK } : { mode: kept, reply: kept };
}

/**
 * Server side (§2.2): a MODE_ACK confirms a mode, which we switch to. A MODE without it
 * is the client's request: agreed with (`accept`), or answered with the mode we want
 * (`wanted`) as far as the RFC lets us, a subset of the request plus EDIT and TRAPSIG.
 */
export function serverModeAnswer(current: number, wanted: number, received: number, accept: boolean): ModeAnswer {
  const mask = received & ~MODE_ACK;
  if (mask === current) return { mode: current };
  if ((received & MODE_ACK) !== 0) return { mode: mask };
  if (accept) return { mode: mask, reply: mask | MODE_ACK };
  const ours = wanted & (mask | MODE_EDIT | MODE_TRAPSIG);
  return ours === mask ? { mode: mask, reply: mask | MODE_ACK } : { mode: current, reply: ours };
}
