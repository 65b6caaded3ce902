/**
 * A streaming decoder of one zlib stream (RFC 1950) of deflate data (RFC 1951): stored,
 * fixed and dynamic Huffman blocks, a 32 KiB window, the Adler-32 check. Plain TypeScript,
 * nothing of a runtime.
 *
 * Input comes in pieces of any size, down to one byte. Every state resumes where the last
 * piece left it (the bit reader keeps at most 31 bits; a match cut between its length and
 * its distance is kept half-decoded), so each input byte is read once whatever the cuts.
 * The decoder says exactly where the stream ended, after its check: what follows belongs
 * to something else (for MCCP, plain Telnet again). Memory is the window and the piece of
 * output not yet taken (at most 64 KiB), in one buffer of 160 KiB; nothing else grows.
 *
 * ```ts
 * const z = new Inflate();
 * z.push(bytes);
 * for (let s = z.run(); ; s = z.run()) {
 *   if (z.pending > 0) use(z.take());
 *   if (s !== "output") break; // "input": push more; "end": z.rest(); "error": z.error
 * }
 * ```
 */
import { FAST_MASK, NEED_BITS, NO_CODE, buildHuffman, decodeSymbol, newHuffman, type Huffman } from "./huffman.js";

/**
 * Why `run` stopped: it needs more input (`push`), a piece of output is ready (`take` it,
 * then `run` again), the stream ended (`rest()` is what followed it), or the stream is not
 * valid (`error` says why).
 */
export type InflateStatus = "input" | "output" | "end" | "error";

// States, in stream order. SYMBOL to DISTANCE_EXTRA are the steps of a Huffman block.
const HEADER = 0;
const BLOCK = 1;
const STORED_LEN = 2;
const STORED_NLEN = 3;
const STORED = 4;
const TABLE_SIZES = 5;
const CODE_LENGTH_CODES = 6;
const CODE_LENGTHS = 7;
const SYMBOL = 8;
const LENGTH_EXTRA = 9;
const DISTANCE = 10;
const DISTANCE_EXTRA = 11;
const CHECK = 12;
const DONE = 13;
const FAILED = 14;

const WINDOW = 32768; // RFC 1951 3.2: distances reach back at most 32 KiB
const PIECE = 65536; // output is handed over in pieces of at most this
const MAX_MATCH = 258;
// The window, a piece being made, and room to make the next one before sliding back.
const BUFFER = WINDOW + 2 * PIECE;
// Adler-32 sums are reduced every this many bytes, which keeps them below 2^30.
const ADLER_RUN = 2048;
const ADLER_BASE = 65521;

// RFC 1951 3.2.7: the order in which the code length code's lengths are sent.
const CODE_LENGTH_ORDER = Uint8Array.of(16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);

// RFC 1951 3.2.5: base and extra bits of the length symbols 257-285 and the distance symbols 0-29.
const LENGTH_BASE = new Uint16Array(29);
const LENGTH_EXTRA_BITS = new Uint8Array(29);
const DISTANCE_BASE = new Uint16Array(30);
const DISTANCE_EXTRA_BITS = new Uint8Array(30);
for (let i = 0, base = 3; i < 28; i++) {
  LENGTH_EXTRA_BITS[i] = i < 8 ? 0 : (i >> 2) - 1;
  LENGTH_BASE[i] = base;
  base += 1 << LENGTH_EXTRA_BITS[i];
}
LENGTH_BASE[28] = 258;
for (let i = 0, base = 1; i < 30; i++) {
  DISTANCE_EXTRA_BITS[i] = i < 4 ? 0 : (i >> 1) - 1;
  DISTANCE_BASE[i] = base;
  base += 1 << DISTANCE_EXTRA_BITS[i];
}

const EMPTY = new Uint8Array(0);

// RFC 1951 3.2.6: the fixed codes, built the first time a stream needs them.
let fixed: { literals: Huffman; distances: Huffman } | null = null;
function fixedCodes(): { literals: Huffman; distances: Huffman } {
  if (fixed !== null) return fixed;
  const lengths = new Uint8Array(288 + 32);
  lengths.fill(8, 0, 144);
  lengths.fill(9, 144, 256);
  lengths.fill(7, 256, 280);
  lengths.fill(8, 280, 288);
  lengths.fill(5, 288, 320);
  const literals = newHuffman(288);
  const distances = newHuffman(32);
  buildHuffman(literals, lengths, 0, 288);
  buildHuffman(distances, lengths, 288, 32);
  return (fixed = { literals, distances });
}

/** A decoder of one zlib stream. See the module's comment for the loop that drives it. */
export class Inflate {
  /** Why the stream is invalid, once `run` returned "error". */
  error = "";

  private mode = HEADER;
  private input: Uint8Array = EMPTY;
  private pos = 0;
  // Bits read from the input and not used yet, the next one lowest.
  private bitBuf = 0;
  private bitCount = 0;
  private lastBlock = false;

  // Output: [0, outPos) of the buffer, of which [taken, outPos) is not handed over yet.
  private readonly out = new Uint8Array(BUFFER);
  private outPos = 0;
  private taken = 0;
  private limit = PIECE - MAX_MATCH; // a symbol starts only below this: a piece never passes PIECE
  private summed = 0; // output up to here is in the Adler-32 sums
  private adlerA = 1;
  private adlerB = 0;

  // The codes of the current Huffman block, and the tables a dynamic block builds into.
  private literals: Huffman | null = null;
  private distances: Huffman | null = null;
  private readonly dynamicLiterals = newHuffman(288);
  private readonly dynamicDistances = newHuffman(32);
  private readonly codeLengthCode = newHuffman(19);
  private readonly lengths = new Uint8Array(286 + 30);
  private literalCount = 0;
  private distanceCount = 0;
  private codeLengthCount = 0;
  // Progress inside a state: stored bytes left, code lengths read, check bytes read.
  private counter = 0;
  // A match between its steps: the length symbol, then the length; the distance symbol.
  private symbol = 0;
  private length = 0;
  private check = 0;

  /** Output made and not taken yet, in bytes. */
  get pending(): number {
    return this.outPos - this.taken;
  }

  /** Whether the stream ended or failed: `run` has nothing more to do. */
  get finished(): boolean {
    return this.mode === DONE || this.mode === FAILED;
  }

  /** The next piece of compressed input. The one before must be used up (`run` said "input"). */
  push(input: Uint8Array): void {
    if (this.finished) return;
    this.input = input;
    this.pos = 0;
  }

  /** After "end": what followed the stream in the last piece pushed (a view of it). */
  rest(): Uint8Array {
    return this.mode === DONE ? this.input.subarray(this.pos) : EMPTY;
  }

  /** The output made since the last `take`, as a new array; it leaves the window free to move on. */
  take(): Uint8Array {
    this.sum();
    const piece = this.out.slice(this.taken, this.outPos);
    this.taken = this.outPos;
    // Slide the last 32 KiB back to the start when less than a piece of room is left.
    if (this.outPos > BUFFER - PIECE) {
      this.out.copyWithin(0, this.outPos - WINDOW, this.outPos);
      this.outPos = this.taken = this.summed = WINDOW;
    }
    this.limit = this.taken + PIECE - MAX_MATCH;
    return piece;
  }

  /** Decode as far as the input and the room for output allow. */
  run(): InflateStatus {
    for (;;) {
      let status: InflateStatus | null;
      switch (this.mode) {
        case HEADER:
          status = this.header();
          break;
        case BLOCK:
          status = this.blockHeader();
          break;
        case STORED_LEN:
        case STORED_NLEN:
          status = this.storedHeader();
          break;
        case STORED:
          status = this.stored();
          break;
        case TABLE_SIZES:
          status = this.tableSizes();
          break;
        case CODE_LENGTH_CODES:
          status = this.codeLengthCodes();
          break;
        case CODE_LENGTHS:
          status = this.codeLengths();
          break;
        case CHECK:
          status = this.adlerCheck();
          break;
        case DONE:
          return "end";
        case FAILED:
          return "error";
        default:
          status = this.codes();
      }
      if (status !== null) return status;
    }
  }

  // --- the bit reader (RFC 1951 3.1.1: bits from the low end of each byte)

  // Whether `n` bits (at most 24) are in hand, reading input bytes as needed.
  private pull(n: number): boolean {
    while (this.bitCount < n) {
      if (this.pos >= this.input.length) return false;
      this.bitBuf |= this.input[this.pos++] << this.bitCount;
      this.bitCount += 8;
    }
    return true;
  }

  // Take `n` bits that are in hand.
  private bits(n: number): number {
    const v = this.bitBuf & ((1 << n) - 1);
    this.bitBuf >>>= n;
    this.bitCount -= n;
    return v;
  }

  // Drop the bits up to the next byte boundary.
  private align(): void {
    this.bits(this.bitCount & 7);
  }

  private fail(message: string): "error" {
    this.mode = FAILED;
    this.error = message;
    this.input = EMPTY;
    return "error";
  }

  // --- RFC 1950 2.2: CMF, FLG

  private header(): InflateStatus | null {
    if (!this.pull(16)) return "input";
    const cmf = this.bits(8);
    const flg = this.bits(8);
    if ((cmf * 256 + flg) % 31 !== 0) return this.fail("incorrect header check");
    if ((cmf & 15) !== 8) return this.fail("unknown compression method");
    if ((cmf >> 4) > 7) return this.fail("invalid window size");
    if (flg & 0x20) return this.fail("preset dictionary not supported");
    this.mode = BLOCK;
    return null;
  }

  // --- RFC 1951 3.2.3: BFINAL, BTYPE

  private blockHeader(): InflateStatus | null {
    if (!this.pull(3)) return "input";
    this.lastBlock = this.bits(1) === 1;
    const type = this.bits(2);
    if (type === 0) {
      this.align();
      this.mode = STORED_LEN;
    } else if (type === 1) {
      const codes = fixedCodes();
      this.literals = codes.literals;
      this.distances = codes.distances;
      this.mode = SYMBOL;
    } else if (type === 2) {
      this.mode = TABLE_SIZES;
    } else {
      return this.fail("invalid block type");
    }
    return null;
  }

  private endOfBlock(): void {
    if (this.lastBlock) {
      this.align();
      this.mode = CHECK;
      this.counter = 0;
    } else {
      this.mode = BLOCK;
    }
  }

  // --- RFC 1951 3.2.4: stored blocks (LEN, NLEN, then LEN bytes)

  private storedHeader(): InflateStatus | null {
    if (!this.pull(16)) return "input";
    const v = this.bits(16);
    if (this.mode === STORED_LEN) {
      this.counter = v;
      this.mode = STORED_NLEN;
    } else {
      if ((v ^ 0xffff) !== this.counter) return this.fail("invalid stored block lengths");
      this.mode = STORED;
    }
    return null;
  }

  private stored(): InflateStatus | null {
    const out = this.out;
    // Whole bytes the bit reader already holds come first (none after an aligned header, in practice).
    while (this.counter > 0 && this.bitCount >= 8) {
      if (this.outPos >= this.limit) return "output";
      out[this.outPos++] = this.bits(8);
      this.counter--;
    }
    while (this.counter > 0) {
      const room = this.limit + MAX_MATCH - this.outPos;
      if (room <= 0) return "output";
      const n = Math.min(this.counter, this.input.length - this.pos, room);
      if (n <= 0) return "input";
      out.set(this.input.subarray(this.pos, this.pos + n), this.outPos);
      this.pos += n;
      this.outPos += n;
      this.counter -= n;
    }
    this.endOfBlock();
    return null;
  }

  // --- RFC 1951 3.2.7: the code lengths of a dynamic block

  private tableSizes(): InflateStatus | null {
    if (!this.pull(14)) return "input";
    this.literalCount = this.bits(5) + 257;
    this.distanceCount = this.bits(5) + 1;
    this.codeLengthCount = this.bits(4) + 4;
    if (this.literalCount > 286 || this.distanceCount > 30) return this.fail("too many length or distance symbols");
    this.lengths.fill(0, 0, 19);
    this.counter = 0;
    this.mode = CODE_LENGTH_CODES;
    return null;
  }

  private codeLengthCodes(): InflateStatus | null {
    const lengths = this.lengths;
    while (this.counter < this.codeLengthCount) {
      if (!this.pull(3)) return "input";
      lengths[CODE_LENGTH_ORDER[this.counter++]] = this.bits(3);
    }
    const built = buildHuffman(this.codeLengthCode, lengths, 0, 19);
    // The code length code must be complete (or empty, which fails at its first use).
    if (!built.ok || (!built.complete && this.codeLengthCode.maxLength !== 0)) return this.fail("invalid code lengths set");
    this.counter = 0;
    this.mode = CODE_LENGTHS;
    return null;
  }

  private codeLengths(): InflateStatus | null {
    const lengths = this.lengths;
    const total = this.literalCount + this.distanceCount;
    const code = this.codeLengthCode;
    while (this.counter < total) {
      this.pull(14); // a code (7 bits at most) and its extra bits (7 at most); fewer at the input's end
      const entry = decodeSymbol(code, this.bitBuf, this.bitCount);
      if (entry === NEED_BITS) return "input";
      if (entry === NO_CODE) return this.fail("invalid code lengths set");
      const used = entry & 15;
      const sym = entry >>> 4;
      if (sym < 16) {
        this.bits(used);
        lengths[this.counter++] = sym;
        continue;
      }
      // 16: repeat the previous length 3-6 times; 17: 3-10 zeros; 18: 11-138 zeros.
      const extra = sym === 16 ? 2 : sym === 17 ? 3 : 7;
      if (this.bitCount < used + extra) return "input";
      this.bits(used);
      const times = this.bits(extra) + (sym === 18 ? 11 : 3);
      if (sym === 16 && this.counter === 0) return this.fail("invalid bit length repeat");
      if (this.counter + times > total) return this.fail("invalid bit length repeat");
      const value = sym === 16 ? lengths[this.counter - 1] : 0;
      lengths.fill(value, this.counter, this.counter + times);
      this.counter += times;
    }
    if (lengths[256] === 0) return this.fail("invalid code -- missing end-of-block");
    // An incomplete code is allowed only when it has a single code of one bit (or none).
    const lit = buildHuffman(this.dynamicLiterals, lengths, 0, this.literalCount);
    if (!lit.ok || (!lit.complete && this.dynamicLiterals.maxLength > 1)) return this.fail("invalid literal/lengths set");
    const dist = buildHuffman(this.dynamicDistances, lengths, this.literalCount, this.distanceCount);
    if (!dist.ok || (!dist.complete && this.dynamicDistances.maxLength > 1)) return this.fail("invalid distances set");
    this.literals = this.dynamicLiterals;
    this.distances = this.dynamicDistances;
    this.mode = SYMBOL;
    return null;
  }

  // --- RFC 1951 3.2.5: literals, lengths and distances, until the end-of-block symbol.
  // The hot loop: state in locals, written back whenever it stops.

  private codes(): InflateStatus | null {
    const input = this.input;
    const end = input.length;
    const out = this.out;
    const literals = this.literals!;
    const distances = this.distances!;
    const litFast = literals.fast;
    const distFast = distances.fast;
    const limit = this.limit;
    let pos = this.pos;
    let buf = this.bitBuf;
    let cnt = this.bitCount;
    let outPos = this.outPos;
    let step = this.mode;
    let sym = this.symbol;
    let length = this.length;
    let status: InflateStatus | null = "input";
    for (;;) {
      if (step === SYMBOL) {
        if (outPos >= limit) {
          status = "output";
          break;
        }
        // Up to 31 bits in hand: a code and most extra bits without another read.
        if (cnt < 15) {
          while (cnt < 24 && pos < end) {
            buf |= input[pos++] << cnt;
            cnt += 8;
          }
        }
        let entry = litFast[buf & FAST_MASK];
        if (entry === 0 || (entry & 15) > cnt) {
          entry = decodeSymbol(literals, buf, cnt);
          if (entry === NEED_BITS) break;
          if (entry === NO_CODE) {
            status = this.fail("invalid literal/length code");
            break;
          }
        }
        const used = entry & 15;
        buf >>>= used;
        cnt -= used;
        sym = entry >>> 4;
        if (sym < 256) {
          out[outPos++] = sym;
          continue;
        }
        if (sym === 256) {
          step = BLOCK; // endOfBlock() below sets the real next state
          status = null;
          break;
        }
        sym -= 257;
        if (sym >= 29) {
          status = this.fail("invalid literal/length code");
          break;
        }
        step = LENGTH_EXTRA;
      }
      if (step === LENGTH_EXTRA) {
        const extra = LENGTH_EXTRA_BITS[sym];
        while (cnt < extra && pos < end) {
          buf |= input[pos++] << cnt;
          cnt += 8;
        }
        if (cnt < extra) break;
        length = LENGTH_BASE[sym] + (buf & ((1 << extra) - 1));
        buf >>>= extra;
        cnt -= extra;
        step = DISTANCE;
      }
      if (step === DISTANCE) {
        while (cnt < 24 && pos < end) {
          buf |= input[pos++] << cnt;
          cnt += 8;
        }
        let entry = distFast[buf & FAST_MASK];
        if (entry === 0 || (entry & 15) > cnt) {
          entry = decodeSymbol(distances, buf, cnt);
          if (entry === NEED_BITS) break;
          if (entry === NO_CODE) {
            status = this.fail("invalid distance code");
            break;
          }
        }
        const used = entry & 15;
        buf >>>= used;
        cnt -= used;
        sym = entry >>> 4;
        if (sym >= 30) {
          status = this.fail("invalid distance code");
          break;
        }
        step = DISTANCE_EXTRA;
      }
      // DISTANCE_EXTRA, then the copy.
      const extra = DISTANCE_EXTRA_BITS[sym];
      while (cnt < extra && pos < end) {
        buf |= input[pos++] << cnt;
        cnt += 8;
      }
      if (cnt < extra) break;
      const distance = DISTANCE_BASE[sym] + (buf & ((1 << extra) - 1));
      buf >>>= extra;
      cnt -= extra;
      if (distance > outPos) {
        status = this.fail("invalid distance too far back");
        break;
      }
      let from = outPos - distance;
      if (length >= 32 && distance >= length) {
        out.copyWithin(outPos, from, from + length);
        outPos += length;
      } else {
        // Byte by byte: short, or the source overlaps what is being written (a run).
        const stop = outPos + length;
        while (outPos < stop) out[outPos++] = out[from++];
      }
      step = SYMBOL;
    }
    if (this.mode === FAILED) return status;
    this.pos = pos;
    this.bitBuf = buf;
    this.bitCount = cnt;
    this.outPos = outPos;
    this.symbol = sym;
    this.length = length;
    this.mode = step;
    if (status === null) this.endOfBlock();
    return status;
  }

  // --- RFC 1950 2.2: ADLER32 of the output, most significant byte first

  private adlerCheck(): InflateStatus | null {
    while (this.counter < 4) {
      if (!this.pull(8)) return "input";
      this.check = ((this.check << 8) | this.bits(8)) >>> 0;
      this.counter++;
    }
    this.sum();
    if (this.check !== (((this.adlerB << 16) | this.adlerA) >>> 0)) return this.fail("incorrect data check");
    this.mode = DONE;
    return "end";
  }

  // Bring the Adler-32 sums up to the output made so far.
  private sum(): void {
    const out = this.out;
    let a = this.adlerA;
    let b = this.adlerB;
    let i = this.summed;
    const end = this.outPos;
    while (i < end) {
      const stop = Math.min(end, i + ADLER_RUN);
      // Four bytes a turn: about 1.4 times as fast under V8 as one.
      for (; i + 4 <= stop; i += 4) {
        a += out[i];
        b += a;
        a += out[i + 1];
        b += a;
        a += out[i + 2];
        b += a;
        a += out[i + 3];
        b += a;
      }
      for (; i < stop; i++) {
        a += out[i];
        b += a;
      }
      a %= ADLER_BASE;
      b %= ADLER_BASE;
    }
    this.adlerA = a;
    this.adlerB = b;
    this.summed = end;
  }
}
