/**
 * Text helpers shared by the MUD options (GMCP, MSDP, MSSP): UTF-8 in and out, and
 * building plain objects from names a peer chose.
 */

// fatal: false turns bad bytes into U+FFFD instead of throwing; ignoreBOM keeps a
// leading U+FEFF, which is content here and not a byte order mark.
const utf8Decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
const utf8Strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/** `bytes[start, end)` as UTF-8; invalid sequences become U+FFFD. */
export function utf8Text(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return utf8Decoder.decode(bytes.subarray(start, end));
}

/** `bytes[start, end)` as UTF-8 when valid, otherwise as ISO 8859-1 (one character per byte). */
export function utf8OrLatin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const view = bytes.subarray(start, end);
  try {
    return utf8Strict.decode(view);
  } catch {
    let s = "";
    for (let k = 0; k < view.length; k++) s += String.fromCharCode(view[k]);
    return s;
  }
}

/** A string as UTF-8 bytes. */
export function utf8Bytes(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Index of the first character of `text` below `limit` (a control code the protocol reserves), or -1. */
export function reservedCharAt(text: string, limit: number): number {
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) < limit) return k;
  return -1;
}

/**
 * Set `obj[key]` as an own, enumerable property. A peer's name `__proto__` becomes an
 * ordinary key rather than changing the object's prototype.
 */
export function setEntry<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/** Whether `value` is an object made by `{}` or `Object.create(null)` (not an array, a class instance, a Date...). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
