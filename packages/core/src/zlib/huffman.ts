/**
 * Canonical Huffman codes of deflate (RFC 1951 section 3.2.2): a code is given by the bit
 * length of each symbol's code; codes of one length are consecutive, in symbol order.
 * Decoding looks the next FAST_BITS bits up in a table; longer codes (rare: at most 15 bits)
 * are found by walking the lengths one bit at a time.
 */

/** Bits looked up at once. */
export const FAST_BITS = 10;
/** Mask of the bits looked up at once. */
export const FAST_MASK = (1 << FAST_BITS) - 1;
/** `decodeSymbol`: the bits in hand do not hold a whole code yet. */
export const NEED_BITS = -1;
/** `decodeSymbol`: the bits are no code of this table (an incomplete code's unused pattern). */
export const NO_CODE = -2;

const MAX_BITS = 15;

/** A code ready for decoding. Entries are `symbol << 4 | length`. */
export interface Huffman {
  /** Entry for the next FAST_BITS bits (bit-reversed codes, as they arrive), 0 for a longer code or none. */
  readonly fast: Uint16Array;
  /** Number of codes of each length. */
  readonly count: Uint16Array;
  /** The first code of each length (RFC 1951 3.2.2, step 2). */
  readonly first: Int32Array;
  /** Where each length's symbols start in `symbols`. */
  readonly start: Uint16Array;
  /** Symbols in the order of their codes. */
  readonly symbols: Uint16Array;
  /** Longest code length in use, 0 for an empty code. */
  maxLength: number;
}

/** A table for codes of up to `size` symbols, to be filled by `buildHuffman`. */
export function newHuffman(size: number): Huffman {
  return {
    fast: new Uint16Array(1 << FAST_BITS),
    count: new Uint16Array(MAX_BITS + 1),
    first: new Int32Array(MAX_BITS + 2),
    start: new Uint16Array(MAX_BITS + 2),
    symbols: new Uint16Array(size),
    maxLength: 0,
  };
}

/**
 * Fill `h` with the code of `n` symbols whose lengths are `lengths[at..at+n)` (0: unused).
 * Returns false when the lengths over-subscribe the code (more codes than bit patterns);
 * an incomplete code is built, and `complete` tells the caller, who decides.
 */
export function buildHuffman(h: Huffman, lengths: Uint8Array, at: number, n: number): { ok: boolean; complete: boolean } {
  const { fast, count, first, start, symbols } = h;
  count.fill(0);
  for (let i = 0; i < n; i++) count[lengths[at + i]]++;
  count[0] = 0;
  // Bit patterns left unused at each length: below zero, the lengths ask for too many codes.
  let left = 1;
  let maxLength = 0;
  for (let len = 1; len <= MAX_BITS; len++) {
    left = (left << 1) - count[len];
    if (left < 0) return { ok: false, complete: false };
    if (count[len] !== 0) maxLength = len;
  }
  h.maxLength = maxLength;
  let code = 0;
  let index = 0;
  for (let len = 1; len <= MAX_BITS; len++) {
    code = (code + count[len - 1]) << 1;
    first[len] = code;
    start[len] = index;
    index += count[len];
  }
  // Symbols in code order, and the lookup table for the short codes.
  fast.fill(0);
  const next = start.slice();
  for (let sym = 0; sym < n; sym++) {
    const len = lengths[at + sym];
    if (len === 0) continue;
    const slot = next[len]++;
    symbols[slot] = sym;
    if (len > FAST_BITS) continue;
    // Codes are sent most significant bit first into a stream read from the low bit: reverse.
    const c = first[len] + slot - start[len];
    let reversed = 0;
    for (let b = 0; b < len; b++) reversed |= ((c >>> b) & 1) << (len - 1 - b);
    const entry = (sym << 4) | len;
    for (let i = reversed; i <= FAST_MASK; i += 1 << len) fast[i] = entry;
  }
  return { ok: true, complete: left === 0 };
}

/**
 * The symbol whose code starts the `bitCount` bits of `bits` (read from the low bit), as
 * `symbol << 4 | length`; NEED_BITS when more bits are needed, NO_CODE when none matches.
 */
export function decodeSymbol(h: Huffman, bits: number, bitCount: number): number {
  const entry = h.fast[bits & FAST_MASK];
  if (entry !== 0 && (entry & 15) <= bitCount) return entry;
  // A long code, or too few bits for the table: walk the lengths (RFC 1951 3.2.2's codes in order).
  const { count, first, start, symbols } = h;
  let code = 0;
  for (let len = 1; len <= h.maxLength; len++) {
    if (len > bitCount) return NEED_BITS;
    code = (code << 1) | ((bits >>> (len - 1)) & 1);
    const k = code - first[len];
    if (k >= 0 && k < count[len]) return (symbols[start[len] + k] << 4) | len;
  }
  return NO_CODE;
}
