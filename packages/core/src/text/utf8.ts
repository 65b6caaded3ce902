import type { Charset, CharsetDecoder } from "./charset.js";

const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();

/**
 * Length of an incomplete UTF-8 character at the end of `bytes` (0 when the end is a
 * character boundary): a lead byte followed by fewer continuation bytes than it announces.
 */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue; // continuation: look further back
    const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

// Only whole characters reach it (the tail is held here), so one decoder serves every stream.
const td = new TextDecoder("utf-8");

function utf8Decoder(): CharsetDecoder {
  let pending: Uint8Array = EMPTY;
  return {
    decode(bytes, stream = true) {
      let all = bytes;
      if (pending.length > 0) {
        all = new Uint8Array(pending.length + bytes.length);
        all.set(pending);
        all.set(bytes, pending.length);
        pending = EMPTY;
      }
      const keep = stream ? incompleteUtf8Tail(all) : 0;
      // Our own copy of the held bytes: the caller may reuse its buffer.
      if (keep > 0) pending = all.slice(all.length - keep);
      const end = all.length - keep;
      return end === 0 ? "" : td.decode(end === all.length ? all : all.subarray(0, end));
    },
    takePending() {
      const p = pending;
      pending = EMPTY;
      return p;
    },
  };
}

/** UTF-8: malformed bytes decode as U+FFFD; a character split across chunks decodes once. */
export const utf8: Charset = {
  name: "UTF-8",
  singleByte: false,
  decoder: utf8Decoder,
  encode: (text) => encoder.encode(text),
};
