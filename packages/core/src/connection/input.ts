import type { Charset, CharsetDecoder } from "../text/charset.js";

const EMPTY = new Uint8Array(0);
const CR = 13;
const LF = 10;
const NUL = 0;

/**
 * What the peer sent and nobody has read yet: bytes as they came, and text decoded from
 * them on the first text read. Bytes are decoded once; a text read decodes everything
 * buffered, a bytes read after a text read gets the decoded text back re-encoded.
 *
 * Line rules of RFC 854 for `line()`: CR LF, CR NUL, LF and a bare CR each end a line. A
 * CR at the end of what has arrived ends the line at once, and an LF or NUL that comes
 * next is dropped as the rest of that line end. NUL is a no-op in NVT text: text reads
 * never see it.
 */
export class InputBuffer {
  private chunks: Uint8Array[] = [];
  private head = 0; // chunks before head are consumed
  private bytes = 0; // undecoded bytes held
  private text = "";
  private decoderValue: CharsetDecoder | null = null; // made at the first text read
  private charset: Charset;
  /** The last line ended with a CR at the end of the data: drop an LF or NUL that comes next. */
  private afterCr = false;
  /** The text held ends with CR NUL (the NUL dropped): an LF that comes next ends another line. */
  private crNul = false;
  /** The peer will send nothing more. */
  eof = false;

  constructor(charset: Charset) {
    this.charset = charset;
  }

  private get decoder(): CharsetDecoder {
    return (this.decoderValue ??= this.charset.decoder());
  }

  /** Bytes and characters held (a character counted as one byte): what backpressure bounds. */
  get size(): number {
    return this.bytes + this.text.length;
  }

  /** Keep a chunk; the caller must not change it afterwards. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.bytes += chunk.length;
  }

  /** Decode what is not decoded yet with another charset from now on. */
  setCharset(charset: Charset): void {
    if (charset === this.charset) return;
    const held = this.decoderValue?.takePending();
    if (held && held.length > 0) this.unshift(held);
    this.charset = charset;
    this.decoderValue = null;
  }

  // ------------------------------------------------------------------ bytes

  /** Up to `max` bytes (all when omitted), or null when nothing is held. */
  takeBytes(max = Infinity): Uint8Array | null {
    this.textBackToBytes();
    this.dropAfterCrBytes();
    if (this.bytes === 0) return null;
    const first = this.chunks[this.head];
    if (first.length <= max && (this.chunks.length - this.head === 1 || first.length === max)) {
      this.shift();
      this.bytes -= first.length;
      return first;
    }
    const want = Math.min(max, this.bytes);
    if (first.length >= want) {
      this.chunks[this.head] = first.subarray(want);
      this.bytes -= want;
      return first.subarray(0, want);
    }
    const out = new Uint8Array(want);
    let at = 0;
    while (at < want) {
      const c = this.chunks[this.head];
      const n = Math.min(c.length, want - at);
      out.set(n === c.length ? c : c.subarray(0, n), at);
      at += n;
      if (n === c.length) this.shift();
      else this.chunks[this.head] = c.subarray(n);
    }
    this.bytes -= want;
    return out;
  }

  // ------------------------------------------------------------------- text

  /** Up to `max` UTF-16 units of text (all when omitted; a surrogate pair is not split), or null when none. */
  takeText(max = Infinity): string | null {
    this.decodeAll();
    if (this.text.length === 0) return null;
    if (max >= this.text.length) {
      const all = this.text;
      this.text = "";
      return all;
    }
    let n = Math.max(1, Math.floor(max));
    const c = this.text.charCodeAt(n - 1);
    if (c >= 0xd800 && c <= 0xdbff && n < this.text.length) n = n > 1 ? n - 1 : n + 1;
    const part = this.text.slice(0, n);
    this.text = this.text.slice(n);
    return part;
  }

  /**
   * The next line without its end, or null when no complete line is held. At `eof`, or
   * when more than `limit` characters are held with no line end, the first `limit` come as a line.
   */
  line(limit: number): string | null {
    this.decodeAll();
    const t = this.text;
    let end = -1;
    const scan = Math.min(t.length, limit + 1);
    for (let i = 0; i < scan; i++) {
      const c = t.charCodeAt(i);
      if (c === LF || c === CR) {
        end = i;
        break;
      }
    }
    if (end === -1) {
      if (t.length > limit) {
        // A piece ends before a character, not inside a surrogate pair.
        const c = t.charCodeAt(limit - 1);
        const n = c >= 0xd800 && c <= 0xdbff && limit > 1 ? limit - 1 : limit;
        this.text = t.slice(n);
        return t.slice(0, n);
      }
      if (this.eof && t.length > 0) {
        this.text = "";
        return t;
      }
      return null;
    }
    let next = end + 1;
    if (t.charCodeAt(end) === CR) {
      if (next < t.length) {
        if (t.charCodeAt(next) === LF) next++;
      } else {
        this.afterCr = true; // its LF may be in the next chunk
      }
    }
    this.text = t.slice(next);
    return t.slice(0, end);
  }

  /** Text through the end of the first match of `pattern`, or null when there is none yet. */
  until(pattern: string | RegExp): string | null {
    this.decodeAll();
    const t = this.text;
    let end: number;
    if (typeof pattern === "string") {
      const at = t.indexOf(pattern);
      if (at === -1) return null;
      end = at + pattern.length;
    } else {
      pattern.lastIndex = 0;
      const m = pattern.exec(t);
      if (!m) return null;
      end = m.index + m[0].length;
    }
    this.text = t.slice(end);
    return t.slice(0, end);
  }

  // -------------------------------------------------------------- internals

  private decodeAll(): void {
    if (this.bytes === 0) return;
    let s = "";
    for (let i = this.head; i < this.chunks.length; i++) s += this.decoder.decode(this.chunks[i], true);
    this.chunks = [];
    this.head = 0;
    this.bytes = 0;
    if (this.crNul) {
      // The text held ends with a CR NUL, a whole line end: an LF next is another one.
      s = s.replace(/^\0+/, "");
      if (s.length === 0) return;
      if (s.charCodeAt(0) === LF) s = "\r" + s;
      this.crNul = this.afterCr = false;
    } else if (this.afterCr && s.length > 0) {
      // The rest of the line end the last line took at its CR: an LF, or the NUL of CR NUL.
      const c = s.charCodeAt(0);
      if (c === LF || c === NUL) s = s.slice(1);
      this.afterCr = false;
    }
    if (s.indexOf("\0") !== -1) {
      // NUL is dropped, but CR NUL LF is two line ends, not the CR LF it would leave: CR CR LF.
      this.crNul = /\r\0+$/.test(s);
      s = s.replace(/\r\0+(?=\n)/g, "\r\r").replace(/\0/g, "");
    }
    this.text += s;
  }

  private textBackToBytes(): void {
    if (this.text.length === 0 && (this.charset.singleByte || this.decoderValue === null)) return;
    const held = this.decoder.takePending();
    const encoded = this.text.length > 0 ? this.charset.encode(this.text) : EMPTY;
    this.text = "";
    if (held.length > 0) this.unshift(held);
    if (encoded.length > 0) this.unshift(encoded);
  }

  private dropAfterCrBytes(): void {
    if (!this.afterCr || this.bytes === 0) return;
    const first = this.chunks[this.head];
    if (first[0] === LF || first[0] === NUL) {
      this.bytes--;
      if (first.length === 1) this.shift();
      else this.chunks[this.head] = first.subarray(1);
    }
    this.afterCr = false;
  }

  private unshift(chunk: Uint8Array): void {
    if (this.head > 0) this.chunks[--this.head] = chunk;
    else this.chunks.unshift(chunk);
    this.bytes += chunk.length;
  }

  private shift(): void {
    this.chunks[this.head++] = EMPTY;
    if (this.head === this.chunks.length) {
      this.chunks.length = 0;
      this.head = 0;
    } else if (this.head > 64 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }
}
