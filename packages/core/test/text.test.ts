import { describe, expect, it } from "vitest";
import { cp437, getCharset, incompleteUtf8Tail, isSupportedCharset, latin1Charset, usAscii, utf8 } from "@telnetkit/core";

const enc = new TextEncoder();
const allBytes = () => Uint8Array.from({ length: 256 }, (_, i) => i);

describe("UTF-8", () => {
  const text = "aé€😀z";
  const bytes = enc.encode(text);

  it("decodes a character split across chunks once, at every split point", () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = utf8.decoder();
      const got = d.decode(bytes.subarray(0, cut)) + d.decode(bytes.subarray(cut));
      expect(got).toBe(text);
    }
  });

  it("decodes byte by byte", () => {
    const d = utf8.decoder();
    let got = "";
    for (const b of bytes) got += d.decode(Uint8Array.of(b));
    expect(got).toBe(text);
  });

  it("holds an incomplete tail, gives it back, and flushes it as U+FFFD", () => {
    const d = utf8.decoder();
    expect(d.decode(Uint8Array.of(0x41, 0xe2, 0x82))).toBe("A");
    expect([...d.takePending()]).toEqual([0xe2, 0x82]);
    expect([...d.takePending()]).toEqual([]);
    expect(d.decode(Uint8Array.of(0xf0, 0x9f))).toBe("");
    expect(d.decode(new Uint8Array(0), false)).toBe("\ufffd");
  });

  it("does not keep bytes of a chunk the caller reuses", () => {
    const d = utf8.decoder();
    const buf = Uint8Array.of(0xe2, 0x82);
    d.decode(buf);
    buf.fill(0);
    expect(d.decode(Uint8Array.of(0xac))).toBe("€");
  });

  it("finds incomplete tails", () => {
    expect(incompleteUtf8Tail(enc.encode("abc"))).toBe(0);
    expect(incompleteUtf8Tail(Uint8Array.of(0x61, 0xc3))).toBe(1);
    expect(incompleteUtf8Tail(Uint8Array.of(0xf0, 0x9f, 0x98))).toBe(3);
    expect(incompleteUtf8Tail(enc.encode("😀"))).toBe(0);
    expect(incompleteUtf8Tail(Uint8Array.of(0x80, 0x80, 0x80, 0x80))).toBe(0);
  });

  it("turns malformed input into U+FFFD and encodes with TextEncoder", () => {
    expect(utf8.decoder().decode(Uint8Array.of(0x61, 0xff, 0x62), false)).toBe("a\ufffdb");
    expect([...utf8.encode("é")]).toEqual([0xc3, 0xa9]);
  });
});

describe("single-byte charsets", () => {
  it("US-ASCII decodes bytes above 127 as U+FFFD and encodes other characters as ?", () => {
    expect(usAscii.decoder().decode(Uint8Array.of(0x48, 0x69, 0xe9))).toBe("Hi\ufffd");
    expect(new TextDecoder().decode(usAscii.encode("café 😀!"))).toBe("caf? ?!");
  });

  it("ISO-8859-1 is the identity on 0-255, not windows-1252", () => {
    const s = latin1Charset.decoder().decode(allBytes());
    for (let i = 0; i < 256; i++) expect(s.charCodeAt(i)).toBe(i);
    expect(getCharset("latin1")).toBe(latin1Charset);
    expect(getCharset("ISO-8859-1").name).toBe("ISO-8859-1");
    expect([...latin1Charset.encode("é€")]).toEqual([0xe9, 0x3f]);
  });

  it("CP437 has its box drawing where IBM866 has it, and round-trips every byte", () => {
    const s = cp437.decoder().decode(allBytes());
    expect(s.length).toBe(256);
    expect(s.slice(0, 128)).toBe(latin1Charset.decoder().decode(allBytes().subarray(0, 128)));
    const ibm866 = getCharset("ibm866").decoder().decode(allBytes());
    expect(s.slice(0xb0, 0xe0)).toBe(ibm866.slice(0xb0, 0xe0));
    expect(s[0x82]).toBe("é");
    expect(s[0xdb]).toBe("█");
    expect([...cp437.encode(s)]).toEqual([...allBytes()]);
    expect(getCharset("cp437")).toBe(cp437);
    expect(new TextDecoder().decode(cp437.encode("€"))).toBe("?");
  });

  it("uses TextDecoder's single-byte charsets, with reverse tables for encoding", () => {
    const koi = getCharset("koi8-r");
    expect(koi.name).toBe("KOI8-R");
    const word = "Привет";
    const bytes = koi.encode(word);
    expect(bytes.length).toBe(word.length);
    expect(new TextDecoder("koi8-r").decode(bytes)).toBe(word);
    expect(koi.decoder().decode(bytes)).toBe(word);
    const cp1252 = getCharset("windows-1252");
    expect([...cp1252.encode("€")]).toEqual([0x80]);
    expect(cp1252.decoder().decode(Uint8Array.of(0x80, 0x93, 0xe9))).toBe("€“é");
    expect(getCharset("cp1252")).toBe(cp1252);
  });

  it("a surrogate pair becomes one ?", () => {
    expect([...getCharset("windows-1251").encode("a😀b")]).toEqual([0x61, 0x3f, 0x62]);
  });

  it("refuses unknown and multi-byte charsets other than UTF-8", () => {
    expect(() => getCharset("no-such-charset")).toThrow(RangeError);
    expect(() => getCharset("shift_jis")).toThrow(RangeError);
    expect(isSupportedCharset("shift_jis")).toBe(false);
    expect(isSupportedCharset("utf8")).toBe(true);
    expect(getCharset("UTF-8")).toBe(utf8);
  });
});

describe("ASCII fast path", () => {
  it("decodes ASCII and non-ASCII the same at any alignment and length", async () => {
    const { isAscii } = await import("../src/text/single-byte.js");
    const base = new Uint8Array(64).fill(0x41);
    for (let off = 0; off < 8; off++) {
      for (let len = 0; len < 20; len++) {
        const view = base.subarray(off, off + len);
        expect(isAscii(view)).toBe(true);
        for (let k = 0; k < len; k++) {
          const copy = base.slice(off, off + len);
          copy[k] = 0xe9;
          expect(isAscii(copy.subarray(0))).toBe(false);
          const shifted = new Uint8Array(len + off);
          shifted.set(copy, off);
          expect(isAscii(shifted.subarray(off))).toBe(false);
          expect(latin1Charset.decoder().decode(shifted.subarray(off))).toBe(String.fromCharCode(...copy));
          expect(usAscii.decoder().decode(shifted.subarray(off))).toBe(
            String.fromCharCode(...[...copy].map((b) => (b < 128 ? b : 0xfffd))),
          );
        }
      }
    }
  });
});
