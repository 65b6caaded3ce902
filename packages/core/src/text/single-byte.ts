import type { Charset, CharsetDecoder } from "./charset.js";

const EMPTY = new Uint8Array(0);
const QUESTION = 0x3f;
// For text that is all ASCII, where UTF-8 and every ASCII-based charset agree: native speed.
const asciiDecoder = new TextDecoder("utf-8");

/** Whether every byte is below 0x80, four bytes at a time where aligned. */
export function isAscii(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  const head = Math.min(n, (4 - ((bytes.byteOffset + i) & 3)) & 3);
  for (; i < head; i++) if (bytes[i] & 0x80) return false;
  const words = (n - i) >> 2;
  if (words > 0) {
    const w = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    for (let k = 0; k < words; k++) if (w[k] & 0x80808080) return false;
    i += words * 4;
  }
  for (; i < n; i++) if (bytes[i] & 0x80) return false;
  return true;
}

/** The 256 characters of a single-byte charset `TextDecoder` knows, in byte order. */
export function tableFromTextDecoder(label: string): string {
  const all = new Uint8Array(256);
  for (let i = 0; i < 256; i++) all[i] = i;
  const table = new TextDecoder(label).decode(all);
  if (table.length !== 256) throw new RangeError(`charset ${label} is not single-byte`);
  return table;
}

/**
 * A charset with one byte per character, from its 256 characters in byte order (U+FFFD
 * for a byte with no character). With `webLabel`, decoding uses the native `TextDecoder`.
 */
export function singleByteCharset(name: string, table: string, webLabel?: string): Charset {
  if (table.length !== 256) throw new RangeError(`${name}: a single-byte table has 256 characters`);
  const codes = new Uint16Array(256);
  let asciiSame = true;
  for (let i = 0; i < 256; i++) {
    codes[i] = table.charCodeAt(i);
    if (i < 128 && codes[i] !== i) asciiSame = false;
  }
  let reverse: Map<number, number> | null = null;
  const reverseTable = (): Map<number, number> => {
    if (reverse) return reverse;
    reverse = new Map();
    // The first byte wins when two map to the same character; U+FFFD has no byte.
    for (let i = 255; i >= 0; i--) if (codes[i] !== 0xfffd) reverse.set(codes[i], i);
    return reverse;
  };

  const decodeTable = (bytes: Uint8Array): string => {
    let s = "";
    const part = new Uint16Array(Math.min(bytes.length, 4096));
    for (let i = 0; i < bytes.length; i += 4096) {
      const n = Math.min(4096, bytes.length - i);
      for (let j = 0; j < n; j++) part[j] = codes[bytes[i + j]];
      s += String.fromCharCode.apply(null, (n === part.length ? part : part.subarray(0, n)) as unknown as number[]);
    }
    return s;
  };

  const decoder = (): CharsetDecoder => {
    const native = webLabel ? new TextDecoder(webLabel) : null;
    return {
      decode: (bytes) => {
        if (bytes.length === 0) return "";
        if (asciiSame && isAscii(bytes)) return asciiDecoder.decode(bytes);
        return native ? native.decode(bytes) : decodeTable(bytes);
      },
      takePending: () => EMPTY,
    };
  };

  const encode = (text: string): Uint8Array => {
    const out = new Uint8Array(text.length);
    let n = 0;
    let map: Map<number, number> | null = null;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128 && asciiSame) {
        out[n++] = c;
        continue;
      }
      // A surrogate pair is one character outside every single-byte charset: one "?".
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
        out[n++] = QUESTION;
        continue;
      }
      map ??= reverseTable();
      out[n++] = map.get(c) ?? QUESTION;
    }
    return n === out.length ? out : out.subarray(0, n);
  };

  return { name, singleByte: true, decoder, encode };
}
