/**
 * LINEMODE FORWARDMASK — RFC 1184 §2.3, §5.6.
 *
 * `IAC SB LINEMODE DO FORWARDMASK mask0 ... mask31 IAC SE` (server), answered `WILL` or
 * `WONT FORWARDMASK` (client); `DONT FORWARDMASK` stops it. Bit 7 of mask0 is character
 * 0, bit 0 of mask0 is character 7, and so on; a short mask means the rest is zero.
 * An octet of the mask equal to 255 goes doubled on the wire, like any IAC inside a
 * subnegotiation: the session doubles it when sending and undoubles it when receiving,
 * so the masks here hold it once.
 */

/** Longest mask: 32 octets, one bit for each of 256 characters. */
export const FORWARDMASK_MAX = 32;

/** The shortest mask with a bit set for each character code (0-255) given. */
export function forwardMaskOf(codes: Iterable<number>): Uint8Array {
  const mask = new Uint8Array(FORWARDMASK_MAX);
  let length = 0;
  for (const c of codes) {
    if (!Number.isInteger(c) || c < 0 || c > 255) throw new RangeError("forwardMaskOf: codes must be integers 0-255");
    mask[c >> 3] |= 0x80 >> (c & 7);
    length = Math.max(length, (c >> 3) + 1);
  }
  return mask.slice(0, length);
}

/**
 * Whether `code` is set in a mask. Without BINARY in the client's direction only the
 * first 16 octets count (§2.3: "only the first 16 octets of the mask (ASCII codes 0
 * through 127) are used").
 */
export function forwardMaskHas(mask: Uint8Array | null | undefined, code: number, binary = false): boolean {
  if (!mask || code < 0 || code > 255) return false;
  if (!binary && code > 127) return false;
  const octet = code >> 3;
  return octet < mask.length && (mask[octet] & (0x80 >> (code & 7))) !== 0;
}

/** The character codes set in a mask, in order. */
export function forwardMaskCodes(mask: Uint8Array): number[] {
  const codes: number[] = [];
  for (let c = 0; c < Math.min(mask.length, FORWARDMASK_MAX) * 8; c++) {
    if ((mask[c >> 3] & (0x80 >> (c & 7))) !== 0) codes.push(c);
  }
  return codes;
}
