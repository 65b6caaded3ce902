import { describe, expect, it } from "vitest";
import { InputBuffer, getCharset, usAscii, utf8 } from "@telnetkit/core";

const b = (s: string | number[]) => (typeof s === "string" ? new TextEncoder().encode(s) : Uint8Array.from(s));

function lines(buf: InputBuffer, limit = 1000): string[] {
  const out: string[] = [];
  for (let l = buf.line(limit); l !== null; l = buf.line(limit)) out.push(l);
  return out;
}

describe("InputBuffer line rules (RFC 854)", () => {
  it("CR LF, CR NUL, LF and bare CR each end one line", () => {
    const buf = new InputBuffer(utf8);
    buf.push(b("a\r\nb\r\0c\nd\re\r\n"));
    expect(lines(buf)).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("gives no empty line for the LF of a CR LF split across chunks", () => {
    const buf = new InputBuffer(utf8);
    buf.push(b("one\r"));
    expect(lines(buf)).toEqual(["one"]);
    buf.push(b("\ntwo\r"));
    expect(lines(buf)).toEqual(["two"]);
    buf.push(b([0]));
    buf.push(b("three\n"));
    expect(lines(buf)).toEqual(["three"]);
  });

  it("an empty line is still a line", () => {
    const buf = new InputBuffer(utf8);
    buf.push(b("\r\n\n\r\r\nx\n"));
    expect(lines(buf)).toEqual(["", "", "", "", "x"]);
  });

  it("every split of a stream gives the same lines", () => {
    const stream = b("ab\r\ncd\r\0ef\ngh\rij\r\n\r\nkl\n");
    const whole = new InputBuffer(utf8);
    whole.push(stream);
    const expected = lines(whole);
    for (let cut = 0; cut <= stream.length; cut++) {
      const buf = new InputBuffer(utf8);
      buf.push(stream.slice(0, cut));
      const got = lines(buf);
      buf.push(stream.slice(cut));
      got.push(...lines(buf));
      expect(got).toEqual(expected);
    }
  });

  it("keeps NUL out of text and a partial last line until the end", () => {
    const buf = new InputBuffer(utf8);
    buf.push(b([0x61, 0, 0x62, 0]));
    expect(buf.line(100)).toBeNull();
    buf.eof = true;
    expect(buf.line(100)).toBe("ab");
    expect(buf.line(100)).toBeNull();
  });

  it("splits a line longer than the limit", () => {
    const buf = new InputBuffer(utf8);
    buf.push(b("abcdefg\n"));
    expect(lines(buf, 3)).toEqual(["abc", "def", "g"]);
  });
});

describe("InputBuffer text and bytes", () => {
  it("decodes a UTF-8 character split across chunks once", () => {
    const buf = new InputBuffer(utf8);
    const e = b("é");
    buf.push(e.subarray(0, 1));
    expect(buf.takeText()).toBeNull();
    buf.push(e.subarray(1));
    expect(buf.takeText()).toBe("é");
  });

  it("gives decoded text and held partial characters back to a bytes read", () => {
    const buf = new InputBuffer(utf8);
    buf.push(b("hé"));
    buf.push(b([0xe2, 0x82]));
    expect(buf.takeText(1)).toBe("h");
    expect([...buf.takeBytes()!]).toEqual([0xc3, 0xa9, 0xe2, 0x82]);
    expect(buf.takeBytes()).toBeNull();
  });

  it("takes bytes across chunks, and no more than asked", () => {
    const buf = new InputBuffer(usAscii);
    buf.push(b("abc"));
    buf.push(b("def"));
    expect(new TextDecoder().decode(buf.takeBytes(4)!)).toBe("abcd");
    expect(buf.size).toBe(2);
    expect(new TextDecoder().decode(buf.takeBytes()!)).toBe("ef");
  });

  it("does not split a surrogate pair", () => {
    const buf = new InputBuffer(utf8);
    buf.push(b("😀x"));
    expect(buf.takeText(1)).toBe("😀");
    expect(buf.takeText()).toBe("x");
  });

  it("drops the LF after a line's CR from a bytes read too", () => {
    const buf = new InputBuffer(utf8);
    buf.push(b("x\r"));
    expect(buf.line(10)).toBe("x");
    buf.push(b("\nrest"));
    expect(new TextDecoder().decode(buf.takeBytes()!)).toBe("rest");
  });

  it("finds a string or a RegExp across chunks", () => {
    const buf = new InputBuffer(utf8);
    buf.push(b("login"));
    expect(buf.until("login: ")).toBeNull();
    buf.push(b(": rest"));
    expect(buf.until("login: ")).toBe("login: ");
    buf.push(b(" $ more"));
    expect(buf.until(/[$#] /)).toBe("rest $ ");
    expect(buf.takeText()).toBe("more");
  });

  it("decodes what is still undecoded with a new charset", () => {
    const buf = new InputBuffer(usAscii);
    buf.push(b([0xe9]));
    expect(buf.takeText()).toBe("\ufffd");
    buf.push(b([0xe9]));
    buf.setCharset(getCharset("latin1"));
    expect(buf.takeText()).toBe("é");
  });
});
