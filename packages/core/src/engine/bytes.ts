import { IAC } from "./constants.js";

type IndexOf = (this: Uint8Array, value: number, from: number) => number;

// Node's and Bun's Buffer#indexOf is a memchr and accepts any Uint8Array as `this`;
// Uint8Array#indexOf is several times slower there. Deno and browsers use the portable one
// (Deno's global Buffer is written in JavaScript: measured slower than Uint8Array#indexOf).
const bufferIndexOf: IndexOf | undefined = (() => {
  if ("Deno" in globalThis) return undefined;
  const B = (globalThis as { Buffer?: { prototype?: { indexOf?: unknown } } }).Buffer;
  const fn = B?.prototype?.indexOf;
  if (typeof fn !== "function") return undefined;
  try {
    const probe = new Uint8Array([1, 255, 0]);
    if ((fn as IndexOf).call(probe, 255, 0) !== 1 || (fn as IndexOf).call(probe, 255, 2) !== -1) return undefined;
  } catch {
    return undefined;
  }
  return fn as IndexOf;
})();

/** Position of `value` in `bytes` at or after `from`, or -1: the fastest search the runtime has. */
export const indexOfByte: (bytes: Uint8Array, value: number, from: number) => number = bufferIndexOf
  ? (bytes, value, from) => bufferIndexOf.call(bytes, value, from)
  : (bytes, value, from) => bytes.indexOf(value, from);

/** Which byte search `indexOfByte` uses: `"buffer"` (Node/Bun memchr) or `"typed-array"`. */
export const byteSearch: "buffer" | "typed-array" = bufferIndexOf ? "buffer" : "typed-array";

export const EMPTY = new Uint8Array(0);

// From this size on, clearing a new array costs more than the work done on it: Node's and
// Bun's Buffer.allocUnsafeSlow skips the clearing (and the pool). Measured with bench/.
const LARGE = 8192;

type Alloc = (size: number) => Uint8Array;

// The `buffer` getter of typed arrays, called directly: read as a property of a Node Buffer
// it goes through a slow lookup (Buffer.prototype is a dictionary).
const bufferOf = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), "buffer")!.get as (
  this: Uint8Array,
) => ArrayBufferLike;

const bufferAllocUnsafe: Alloc | undefined = (() => {
  const B = (globalThis as { Buffer?: { allocUnsafeSlow?: unknown } }).Buffer;
  const fn = B?.allocUnsafeSlow;
  if (typeof fn !== "function") return undefined;
  try {
    // It must give a buffer of its own, never a slice of a shared pool.
    const probe = (fn as Alloc).call(B, LARGE);
    if (!(probe instanceof Uint8Array) || probe.byteOffset !== 0 || bufferOf.call(probe).byteLength !== LARGE) return undefined;
  } catch {
    return undefined;
  }
  return (size) => (fn as Alloc).call(B, size);
})();

/**
 * A new array of `size` bytes that the caller overwrites entirely before anyone sees it:
 * not cleared first when it is large and the runtime can skip that. Always a plain
 * Uint8Array with a buffer of its own.
 */
export function allocForFill(size: number): Uint8Array {
  if (size >= LARGE && bufferAllocUnsafe) return new Uint8Array(bufferOf.call(bufferAllocUnsafe(size)), 0, size);
  return new Uint8Array(size);
}

// Below this many bytes a loop in JavaScript beats a call into native code.
const SHORT = 16;

/**
 * `indexOfByte` for searches that often end at once (a command right after a command) or
 * run over a few bytes (one-byte chunks): those cases skip the native call.
 */
export function findByte(bytes: Uint8Array, value: number, from: number): number {
  const n = bytes.length;
  if (n - from <= SHORT) {
    for (let k = from; k < n; k++) if (bytes[k] === value) return k;
    return -1;
  }
  return bytes[from] === value ? from : indexOfByte(bytes, value, from + 1);
}

/** A new array holding `bytes[start, end)` (a Uint8Array even when `bytes` is a Node Buffer). */
export function copyBytes(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const len = end - start;
  if (len <= SHORT) {
    const out = new Uint8Array(len);
    for (let k = 0; k < len; k++) out[k] = bytes[start + k];
    return out;
  }
  const out = allocForFill(len);
  out.set(bytes.subarray(start, end));
  return out;
}

/** Double every IAC (RFC 854). Returns `bytes` itself when it holds no IAC. */
export function escapeIac(bytes: Uint8Array): Uint8Array {
  let at = indexOfByte(bytes, IAC, 0);
  if (at === -1) return bytes;
  const found: number[] = [];
  for (; at !== -1; at = indexOfByte(bytes, IAC, at + 1)) found.push(at);
  const count = found.length;
  // Copy the input once, shifted by the number of IACs to add, then move each run left
  // into place: copyWithin needs no view per run, which set(subarray()) does.
  // Every byte of `out` is written below: by set(), then by the moves and the doubled IACs.
  const out = allocForFill(bytes.length + count);
  out.set(bytes, count);
  let dst = 0;
  let src = count;
  for (let k = 0; k < count; k++) {
    const end = found[k] + 1 + count; // just after this IAC, where it sits in `out`
    if (end - src <= SHORT) for (let j = src; j < end; j++) out[dst++] = out[j];
    else {
      out.copyWithin(dst, src, end);
      dst += end - src;
    }
    out[dst++] = IAC;
    src = end;
  }
  // Each IAC closed the gap by one: the bytes after the last one are in place.
  return out;
}

/** Undo `escapeIac`: IAC IAC becomes one IAC. A lone IAC is kept as it is. */
export function unescapeIac(bytes: Uint8Array): Uint8Array {
  let at = indexOfByte(bytes, IAC, 0);
  if (at === -1) return bytes;
  const out = new Uint8Array(bytes.length);
  let dst = 0;
  let src = 0;
  while (at !== -1) {
    const end = at + 1;
    out.set(bytes.subarray(src, end), dst);
    dst += end - src;
    src = bytes[end] === IAC ? end + 1 : end;
    at = indexOfByte(bytes, IAC, src);
  }
  out.set(bytes.subarray(src), dst);
  dst += bytes.length - src;
  return out.subarray(0, dst);
}

/** Concatenate byte arrays into one new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Bytes to a string, one character per byte (ISO 8859-1): for the ASCII fields of subnegotiations. */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = "";
  // Chunks keep fromCharCode's argument list short.
  for (let i = start; i < end; i += 4096) {
    const stop = Math.min(end, i + 4096);
    if (stop - i < 16) {
      for (let j = i; j < stop; j++) s += String.fromCharCode(bytes[j]);
    } else {
      s += String.fromCharCode.apply(null, bytes.subarray(i, stop) as unknown as number[]);
    }
  }
  return s;
}

/** A string to bytes, one byte per UTF-16 code unit; code units above U+00FF (and each half of a surrogate pair) become `?`. */
export function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = c > 0xff ? 0x3f : c;
  }
  return out;
}
