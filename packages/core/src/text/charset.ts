/**
 * Charsets for the connection layer: text to and from bytes, on Web-standard APIs only.
 *
 * UTF-8 (split-safe: a character cut across two chunks decodes once), US-ASCII, ISO-8859-1,
 * IBM437 (CP437) with its own table, and every single-byte charset `TextDecoder` knows
 * (windows-125x, ISO-8859-x, KOI8-R, IBM866, ...). Encoders turn what a charset cannot
 * hold into `?`.
 */
import { CP437_HIGH, WINDOWS_1252_C1 } from "./tables.js";
import { singleByteCharset, tableFromTextDecoder } from "./single-byte.js";
import { utf8 } from "./utf8.js";

/** Decodes a byte stream chunk by chunk. */
export interface CharsetDecoder {
  /**
   * Decode a chunk. With `stream` (the default) an incomplete character at the end is
   * kept for the next chunk; without it, the kept bytes are decoded now (as U+FFFD if incomplete).
   */
  decode(bytes: Uint8Array, stream?: boolean): string;
  /** Take back the bytes of an incomplete character held for the next chunk (then holds none). */
  takePending(): Uint8Array;
}

/** A character set: its name and its codec. */
export interface Charset {
  /** IANA name in upper case, as CHARSET (RFC 2066) exchanges it: `UTF-8`, `US-ASCII`, `ISO-8859-1`, `IBM437`. */
  readonly name: string;
  /** One byte per character. */
  readonly singleByte: boolean;
  /** A new decoder (each stream needs its own: it may hold part of a character). */
  decoder(): CharsetDecoder;
  /** Text to bytes; a character the charset cannot hold becomes `?`. */
  encode(text: string): Uint8Array;
}

const ASCII_TABLE = (() => {
  let s = "";
  for (let i = 0; i < 128; i++) s += String.fromCharCode(i);
  return s + "\ufffd".repeat(128);
})();

const LATIN1_TABLE = (() => {
  let s = "";
  for (let i = 0; i < 256; i++) s += String.fromCharCode(i);
  return s;
})();

/** US-ASCII: the NVT's 7-bit code (RFC 854); bytes 128-255 decode as U+FFFD. */
export const usAscii: Charset = singleByteCharset("US-ASCII", ASCII_TABLE);
/** ISO-8859-1 itself (the Web's `latin1` label means windows-1252; this does not). */
export const latin1Charset: Charset = singleByteCharset("ISO-8859-1", LATIN1_TABLE);
/** IBM437, the IBM PC's code page (CP437): ASCII below 128, accented letters and box drawing above. */
export const cp437: Charset = singleByteCharset("IBM437", LATIN1_TABLE.slice(0, 128) + CP437_HIGH);
export { utf8 };

// Labels handled here, before TextDecoder (which would map ascii and latin1 to windows-1252).
const OWN: Record<string, Charset> = {
  "utf-8": utf8,
  utf8: utf8,
  "unicode-1-1-utf-8": utf8,
  "us-ascii": usAscii,
  ascii: usAscii,
  "ansi_x3.4-1968": usAscii,
  "iso646-us": usAscii,
  "iso-ir-6": usAscii,
  "iso-8859-1": latin1Charset,
  iso_8859_1: latin1Charset,
  "iso_8859-1": latin1Charset,
  "iso8859-1": latin1Charset,
  latin1: latin1Charset,
  l1: latin1Charset,
  cp819: latin1Charset,
  ibm819: latin1Charset,
  ibm437: cp437,
  cp437: cp437,
  "437": cp437,
  cspc8codepage437: cp437,
};

// The WHATWG Encoding Standard's single-byte encodings, by their canonical names.
const WEB_SINGLE_BYTE = new Set([
  "ibm866",
  "iso-8859-2",
  "iso-8859-3",
  "iso-8859-4",
  "iso-8859-5",
  "iso-8859-6",
  "iso-8859-7",
  "iso-8859-8",
  "iso-8859-8-i",
  "iso-8859-10",
  "iso-8859-13",
  "iso-8859-14",
  "iso-8859-15",
  "iso-8859-16",
  "koi8-r",
  "koi8-u",
  "macintosh",
  "windows-874",
  "windows-1250",
  "windows-1251",
  "windows-1252",
  "windows-1253",
  "windows-1254",
  "windows-1255",
  "windows-1256",
  "windows-1257",
  "windows-1258",
  "x-mac-cyrillic",
]);

const made = new Map<string, Charset>();

/**
 * The charset for a name or label (case-insensitive): `utf-8`, `us-ascii`, `latin1`,
 * `cp437`, or any single-byte label `TextDecoder` knows (`windows-1252`, `koi8-r`, ...).
 * Throws a `RangeError` for an unknown or multi-byte charset other than UTF-8.
 */
export function getCharset(name: string): Charset {
  const label = String(name).trim().toLowerCase();
  const own = OWN[label];
  if (own) return own;
  let canonical: string;
  try {
    canonical = new TextDecoder(label).encoding;
  } catch {
    throw new RangeError(`unknown charset ${JSON.stringify(name)}`);
  }
  if (canonical === "utf-8") return utf8;
  if (!WEB_SINGLE_BYTE.has(canonical)) {
    throw new RangeError(`charset ${JSON.stringify(name)} (${canonical}) is not supported: only UTF-8 and single-byte charsets`);
  }
  let cs = made.get(canonical);
  if (!cs) {
    cs =
      canonical === "windows-1252"
        ? singleByteCharset("WINDOWS-1252", LATIN1_TABLE.slice(0, 128) + WINDOWS_1252_C1 + LATIN1_TABLE.slice(160))
        : singleByteCharset(canonical.toUpperCase(), tableFromTextDecoder(canonical), canonical);
    made.set(canonical, cs);
  }
  return cs;
}

/** Whether `getCharset(name)` would succeed. */
export function isSupportedCharset(name: string): boolean {
  try {
    getCharset(name);
    return true;
  } catch {
    return false;
  }
}
