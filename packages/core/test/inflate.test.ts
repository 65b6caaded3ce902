// The zlib decoder of src/zlib and its codec, against node:zlib: the same output for every
// level and strategy, fed whole, as flushed, in any cuts and one byte at a time; the end
// found exactly; corrupt streams judged as zlib judges them; then MCCP2 through a connection.
import * as zlib from "node:zlib";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DO,
  DONT,
  IAC,
  OPT,
  SB,
  SE,
  TelnetConnection,
  WILL,
  createChannelPair,
  inflateCodec,
  nodeZlibCodec,
  type TelnetEvent,
} from "@telnetkit/core";
import { Inflate } from "../src/zlib/inflate.js";
import { scripted } from "./scripted-channel.js";

const zc = zlib.constants;
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const START2 = [IAC, SB, OPT.MCCP2, IAC, SE];
const PIECE = 65536;

// A deterministic generator for the test data (xorshift32).
function prng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function mudText(size: number, seed: number): Uint8Array {
  const r = prng(seed);
  const words = ["the", "orc", "hits", "you", "hard", "\x1b[1;31mblood\x1b[0m", "north", "gold", "sword", "Aelin", "says:", "élan"];
  let s = "";
  for (let line = 0; s.length < size; line++) {
    s += `${line}: `;
    for (let w = 0, n = 3 + Math.floor(r() * 12); w < n; w++) s += words[Math.floor(r() * words.length)] + " ";
    s += "\r\n<100hp 50m> ";
  }
  return enc(s).subarray(0, size);
}

function randomBytes(size: number, seed: number): Uint8Array {
  const r = prng(seed);
  return Uint8Array.from({ length: size }, () => Math.floor(r() * 256));
}

// Byte k with probability about 2^-(k+1): Huffman codes far longer than the lookup table's 10 bits.
function skewedBytes(size: number, seed: number): Uint8Array {
  const r = prng(seed);
  return Uint8Array.from({ length: size }, () => {
    let k = 0;
    while (r() < 0.5 && k < 40) k++;
    return (k * 37) & 255;
  });
}

// Long runs and repeats: matches of 258 bytes, distances of 1 (overlapping copies) and far back.
function runs(size: number, seed: number): Uint8Array {
  const r = prng(seed);
  const out = new Uint8Array(size);
  const motif = randomBytes(3000, seed + 1);
  for (let at = 0; at < size; ) {
    const kind = r();
    const n = Math.min(size - at, 1 + Math.floor(r() * 2000));
    if (kind < 0.3) out.fill(Math.floor(r() * 256), at, at + n);
    else if (kind < 0.7) out.set(motif.subarray(0, n), at);
    else out.set(randomBytes(n, at), at);
    at += n;
  }
  return out;
}

function cutInPieces(data: Uint8Array, count: number, seed: number): Uint8Array[] {
  const r = prng(seed);
  const cuts = Array.from({ length: count - 1 }, () => Math.floor(r() * data.length)).sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const c of [...cuts, data.length]) {
    pieces.push(data.subarray(at, c));
    at = c;
  }
  return pieces;
}

type Compressed = { name: string; pieces: Uint8Array[]; data: Uint8Array; stream: Uint8Array; flushes: number[] };

// One zlib stream of node:zlib: each piece written then flushed with `flush`, Z_FINISH at the end.
// `flushes`: where the stream stood after each flush.
async function compress(name: string, pieces: Uint8Array[], options: zlib.ZlibOptions, flush: number): Promise<Compressed> {
  const d = zlib.createDeflate(options);
  const parts: Buffer[] = [];
  let size = 0;
  d.on("data", (b: Buffer) => {
    parts.push(b);
    size += b.length;
  });
  const flushes: number[] = [];
  for (const p of pieces) {
    d.write(p);
    await new Promise<void>((resolve) => d.flush(flush, () => resolve()));
    flushes.push(size);
  }
  await new Promise<void>((resolve, reject) => {
    d.on("end", resolve);
    d.on("error", reject);
    d.end();
  });
  const data = Buffer.concat(pieces);
  return { name, pieces, data, stream: Buffer.concat(parts), flushes };
}

type Outcome = { out: Uint8Array; pieces: number[]; end: Uint8Array | null; error: string | null; calls: number };

// Feed `writes` to an inflater of the codec; what its sink saw.
function inflateWrites(writes: Uint8Array[], onWrite?: (out: Uint8Array, index: number) => void): Outcome {
  const chunks: Uint8Array[] = [];
  const o: Outcome = { out: new Uint8Array(0), pieces: [], end: null, error: null, calls: 0 };
  const joined = () => Buffer.concat(chunks);
  const inflater = inflateCodec().createInflater!({
    data(bytes) {
      if (o.end !== null || o.error !== null) throw new Error("data after the end");
      chunks.push(bytes);
      o.pieces.push(bytes.length);
      o.calls++;
    },
    end(rest) {
      if (o.end !== null || o.error !== null) throw new Error("a second end");
      o.end = rest;
      o.calls++;
    },
    error(err) {
      if (o.end !== null || o.error !== null) throw new Error("an error after the end");
      o.error = err.message;
      o.calls++;
    },
    drain() {},
  });
  writes.forEach((w, i) => {
    if (inflater.write(w) === false) throw new Error("the inflater asked for a pause");
    onWrite?.(joined(), i);
  });
  o.out = joined();
  return o;
}

const cutAt = (bytes: Uint8Array, cuts: number[]): Uint8Array[] => {
  const sorted = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const c of [...sorted, bytes.length]) {
    out.push(bytes.slice(at, c));
    at = c;
  }
  return out;
};
const bytesOneByOne = (bytes: Uint8Array) => Array.from(bytes, (b) => Uint8Array.of(b));

const TRAILER = Uint8Array.from([...enc("plain Telnet after the stream\r\n"), IAC, IAC, 0x78, 0x9c, 0]);
const withTrailer = (stream: Uint8Array) => new Uint8Array(Buffer.concat([stream, TRAILER]));
const LEVELS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const STRATEGIES: [string, number][] = [
  ["default", zc.Z_DEFAULT_STRATEGY],
  ["Z_FILTERED", zc.Z_FILTERED],
  ["Z_HUFFMAN_ONLY", zc.Z_HUFFMAN_ONLY],
  ["Z_RLE", zc.Z_RLE],
  ["Z_FIXED", zc.Z_FIXED],
];
const FLUSHES: [string, number][] = [
  ["Z_SYNC_FLUSH", zc.Z_SYNC_FLUSH],
  ["Z_FULL_FLUSH", zc.Z_FULL_FLUSH],
];

function checkWhole(c: Compressed, o: Outcome): void {
  expect(o.error, c.name).toBeNull();
  expect(Buffer.from(o.out).equals(Buffer.from(c.data)), `${c.name}: output`).toBe(true);
  expect(o.end, `${c.name}: end`).not.toBeNull();
  expect(Array.from(o.end!), `${c.name}: rest`).toEqual(Array.from(TRAILER));
  for (const p of o.pieces) expect(p > 0 && p <= PIECE, `${c.name}: piece of ${p} bytes`).toBe(true);
}

describe("the zlib decoder against node:zlib", () => {
  // Large streams (the output passes the 64 KiB pieces and the window slides) for every
  // level, strategy and flush; small ones for feeding one byte at a time.
  const large: Compressed[] = [];
  const small: Compressed[] = [];
  beforeAll(async () => {
    const datasets: [string, Uint8Array][] = [
      ["mud text", mudText(200_000, 1)],
      ["random bytes", randomBytes(40_000, 2)],
      ["skewed bytes", skewedBytes(60_000, 3)],
      ["runs", runs(150_000, 4)],
    ];
    for (const level of LEVELS)
      for (const [sname, strategy] of STRATEGIES)
        for (const [fname, flush] of FLUSHES)
          for (const [dname, data] of datasets) {
            const name = `${dname}, level ${level}, ${sname}, ${fname}`;
            large.push(await compress(name, cutInPieces(data, 9, level * 31 + strategy), { level, strategy }, flush));
          }
    const smallSets: [string, Uint8Array][] = [
      ["mud text", mudText(3000, 5)],
      ["random bytes", randomBytes(700, 6)],
      ["runs", runs(3000, 7)],
    ];
    for (const level of LEVELS)
      for (const [sname, strategy] of STRATEGIES)
        for (const [dname, data] of smallSets) {
          small.push(await compress(`${dname}, level ${level}, ${sname}`, cutInPieces(data, 4, level), { level, strategy }, zc.Z_SYNC_FLUSH));
        }
  }, 120_000);

  it("every level, strategy and flush, fed whole: the same output, and the rest is exactly what followed the stream", () => {
    expect(large.length).toBe(LEVELS.length * STRATEGIES.length * FLUSHES.length * 4);
    for (const c of large) checkWhole(c, inflateWrites([withTrailer(c.stream)]));
  });

  it("fed as it was flushed: each flushed write's output comes out before the next write", () => {
    for (const c of large) {
      const bounds = [0, ...c.flushes];
      const writes = bounds.slice(1).map((b, i) => c.stream.subarray(bounds[i], b));
      writes.push(withTrailer(c.stream.subarray(bounds[bounds.length - 1])));
      const expected = c.pieces.map((_, i) => Buffer.concat(c.pieces.slice(0, i + 1)));
      const o = inflateWrites(writes, (out, i) => {
        if (i < expected.length) expect(Buffer.from(out).equals(expected[i]), `${c.name}: after flush ${i}`).toBe(true);
      });
      checkWhole(c, o);
    }
  });

  it("one byte at a time: the same output and rest", () => {
    for (const c of small) {
      const wire = withTrailer(c.stream);
      const o = inflateWrites(bytesOneByOne(wire));
      expect(o.error, c.name).toBeNull();
      expect(Buffer.from(o.out).equals(Buffer.from(c.data)), c.name).toBe(true);
      // The end came with the check's last byte: every byte after it came back as rest, one by one.
      expect(o.end, c.name).not.toBeNull();
      expect(o.end!.length, c.name).toBe(0);
    }
  });

  it("the end with the stream's last byte, then the rest, in one-byte writes: end comes at the check's last byte", () => {
    const c = small[0];
    let endedAfter = -1;
    const inflater = inflateCodec().createInflater!({
      data() {},
      end: () => void (endedAfter = written),
      error: (e) => {
        throw e;
      },
      drain() {},
    });
    let written = 0;
    for (const b of [...c.stream, ...TRAILER]) {
      written++;
      inflater.write(Uint8Array.of(b));
    }
    expect(endedAfter).toBe(c.stream.length);
  });

  it("any cuts of the stream and what follows it: the same output and rest (fast-check)", () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.nat(), { maxLength: 40 }), fc.boolean(), (pick, cuts, useSmall) => {
        const list = useSmall ? small : large;
        const c = list[pick % list.length];
        const wire = withTrailer(c.stream);
        const o = inflateWrites(cutAt(wire, cuts.map((x) => x % (wire.length + 1))));
        expect(o.error).toBeNull();
        expect(Buffer.from(o.out).equals(Buffer.from(c.data))).toBe(true);
        // The rest: the bytes after the stream in the write where it ended, then nothing more is seen.
        const endCut = cuts.map((x) => x % (wire.length + 1)).filter((x) => x >= c.stream.length).sort((a, b) => a - b)[0] ?? wire.length;
        expect(Array.from(o.end!)).toEqual(Array.from(wire.subarray(c.stream.length, endCut)));
      }),
      { numRuns: 150 },
    );
  });

  it("a highly compressible stream (4 MiB of one byte) comes out in pieces of at most 64 KiB", () => {
    const data = new Uint8Array(4 << 20).fill(0x2a);
    const stream = zlib.deflateSync(data, { level: 9 });
    const o = inflateWrites([stream]);
    expect(o.error).toBeNull();
    expect(o.out.length).toBe(data.length);
    expect(o.out.every((b) => b === 0x2a)).toBe(true);
    expect(Math.max(...o.pieces)).toBeLessThanOrEqual(PIECE);
    expect(o.pieces.length).toBeGreaterThanOrEqual(64);
  });

  it("level 0: stored blocks of up to 65535 bytes, cut inside their headers and their data", () => {
    const data = randomBytes(150_000, 9);
    const stream = zlib.deflateSync(data, { level: 0 });
    const o = inflateWrites(cutAt(stream, [1, 2, 3, 4, 5, 6, 7, 65536, 65540, 100_000]));
    expect(o.error).toBeNull();
    expect(Buffer.from(o.out).equals(Buffer.from(data))).toBe(true);
    expect(o.end!.length).toBe(0);
  });
});

// --- corrupt and cut streams

type Verdict = { kind: "end"; out: Uint8Array; rest: Uint8Array } | { kind: "error" } | { kind: "cut" };

function zlibVerdict(bytes: Uint8Array): Verdict {
  try {
    const r = zlib.inflateSync(bytes, { info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    return { kind: "end", out: r.buffer, rest: bytes.subarray(r.engine.bytesWritten) };
  } catch (err) {
    return (err as { code?: string }).code === "Z_BUF_ERROR" ? { kind: "cut" } : { kind: "error" };
  }
}

function ourVerdict(writes: Uint8Array[]): { verdict: Verdict; out: Uint8Array } {
  let o: Outcome | null = null;
  expect(() => (o = inflateWrites(writes))).not.toThrow();
  const r = o! as Outcome;
  if (r.error !== null) return { verdict: { kind: "error" }, out: r.out };
  if (r.end !== null) return { verdict: { kind: "end", out: r.out, rest: r.end }, out: r.out };
  return { verdict: { kind: "cut" }, out: r.out };
}

// Deflate makes at most 258 bytes from a match of two 1-bit codes: about 1032 bytes per input byte.
const MAX_RATIO = 1032;

describe("corrupt and cut streams", () => {
  const samples: Uint8Array[] = [];
  beforeAll(() => {
    for (const [level, strategy] of [
      [1, zc.Z_DEFAULT_STRATEGY],
      [6, zc.Z_DEFAULT_STRATEGY],
      [9, zc.Z_FIXED],
      [6, zc.Z_HUFFMAN_ONLY],
      [0, zc.Z_DEFAULT_STRATEGY],
      [4, zc.Z_RLE],
    ])
      for (const data of [mudText(2500, level + 10), runs(2500, level + 20), skewedBytes(1500, level + 30)])
        samples.push(Uint8Array.from([...zlib.deflateSync(data, { level, strategy }), ...enc("after")]));
  });

  it("flipped bytes: the verdict of node:zlib (the same output and rest when it ends; never an end when zlib fails), never a throw, bounded output (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (pick, flips, cuts) => {
          const bad = samples[pick % samples.length].slice();
          for (const [at, x] of flips) bad[at % bad.length] ^= x;
          const theirs = zlibVerdict(bad);
          const { verdict: ours, out } = ourVerdict(cutAt(bad, cuts.map((c) => c % (bad.length + 1))));
          expect(out.length).toBeLessThanOrEqual(MAX_RATIO * bad.length + 258);
          if (theirs.kind === "end") {
            expect(ours.kind).toBe("end");
            if (ours.kind !== "end") return;
            expect(Buffer.from(ours.out).equals(Buffer.from(theirs.out))).toBe(true);
          } else {
            expect(ours.kind).not.toBe("end");
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("flipped bytes fed whole: when zlib ends the stream, the rest is the same bytes", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (pick, at, x) => {
        const bad = samples[pick % samples.length].slice();
        bad[at % bad.length] ^= x;
        const theirs = zlibVerdict(bad);
        const { verdict: ours } = ourVerdict([bad]);
        if (theirs.kind === "end" && ours.kind === "end") expect(Array.from(ours.rest)).toEqual(Array.from(theirs.rest));
        else expect(ours.kind === "end").toBe(theirs.kind === "end");
      }),
      { numRuns: 1500 },
    );
  });

  it("every prefix of a stream: no end and no error, the output a prefix of the whole; end() then ends it with no rest", () => {
    for (const s of samples.slice(0, 6)) {
      const stream = s.subarray(0, s.length - 5);
      const whole = zlib.inflateSync(stream);
      for (let n = 0; n < stream.length; n++) {
        const { verdict, out } = ourVerdict([stream.subarray(0, n)]);
        expect(verdict.kind, `prefix of ${n}`).toBe("cut");
        expect(Buffer.from(out).equals(whole.subarray(0, out.length)), `prefix of ${n}`).toBe(true);
      }
      let ended: Uint8Array | null = null;
      const inflater = inflateCodec().createInflater!({ data() {}, end: (r) => void (ended = r), error: () => {}, drain() {} });
      inflater.write(stream.subarray(0, stream.length >> 1));
      inflater.end();
      expect(ended).toEqual(new Uint8Array(0));
    }
  });
});

// --- hand-made streams, one rule each

// Bits in deflate's order: values from the low bit, Huffman codes from their high bit.
function bitWriter() {
  const bytes: number[] = [];
  let acc = 0;
  let n = 0;
  const put = (bit: number) => {
    acc |= bit << n;
    if (++n === 8) {
      bytes.push(acc);
      acc = 0;
      n = 0;
    }
  };
  return {
    value(v: number, count: number) {
      for (let i = 0; i < count; i++) put((v >> i) & 1);
      return this;
    },
    code(c: number, count: number) {
      for (let i = count - 1; i >= 0; i--) put((c >> i) & 1);
      return this;
    },
    bytes(): number[] {
      return n > 0 ? [...bytes, acc] : [...bytes];
    },
  };
}

const ZHEAD = [0x78, 0x9c];
// Fixed code (RFC 1951 3.2.6) of a literal/length symbol.
function fixedLit(w: ReturnType<typeof bitWriter>, sym: number) {
  if (sym < 144) return w.code(0x30 + sym, 8);
  if (sym < 256) return w.code(0x190 + sym - 144, 9);
  if (sym < 280) return w.code(sym - 256, 7);
  return w.code(0xc0 + sym - 280, 8);
}

describe("invalid streams, one rule each: an error, as node:zlib gives one", () => {
  const cases: [string, number[], string][] = [
    ["header check", [0x78, 0x9d, 0x03, 0x00], "incorrect header check"],
    ["compression method 7", [0x77, 0x85, 0, 0], "unknown compression method"],
    ["window of 64 KiB (CINFO 8)", [0x88, 0x98, 0, 0], "invalid window size"],
    ["block type 3", [...ZHEAD, bitWriter().value(1, 1).value(3, 2).bytes()[0], 0, 0, 0, 0], "invalid block type"],
    ["stored LEN and NLEN disagree", [0x78, 0x01, 0x01, 0x05, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5], "invalid stored block lengths"],
    [
      "a match before any output",
      [...ZHEAD, ...fixedLit(bitWriter().value(1, 1).value(1, 2), 257).code(0, 5).value(0, 7).bytes(), 0, 0, 0, 0],
      "invalid distance too far back",
    ],
    [
      "literal/length symbol 286",
      [...ZHEAD, ...fixedLit(fixedLit(bitWriter().value(1, 1).value(1, 2), 65), 286).value(0, 16).bytes(), 0, 0, 0, 0],
      "invalid literal/length code",
    ],
    [
      "distance symbol 30",
      [...ZHEAD, ...fixedLit(fixedLit(bitWriter().value(1, 1).value(1, 2), 65), 257).code(30, 5).value(0, 16).bytes(), 0, 0, 0, 0],
      "invalid distance code",
    ],
    [
      "code length code over-subscribed",
      // HLIT 0, HDIST 0, HCLEN 4 -> lengths of 16, 17, 18, 0: all 1 bit (four codes of one bit).
      [...ZHEAD, ...bitWriter().value(1, 1).value(2, 2).value(0, 5).value(0, 5).value(0, 4).value(1, 3).value(1, 3).value(1, 3).value(1, 3).value(0, 16).bytes(), 0, 0, 0, 0],
      "invalid code lengths set",
    ],
    [
      "a repeat of the previous length with none before it",
      // Code length code: 0 and 16 with one bit each (codes 0 and 1); then symbol 16 first.
      [...ZHEAD, ...bitWriter().value(1, 1).value(2, 2).value(0, 5).value(0, 5).value(0, 4).value(1, 3).value(0, 3).value(0, 3).value(1, 3).code(1, 1).value(0, 2).value(0, 16).bytes(), 0, 0, 0, 0],
      "invalid bit length repeat",
    ],
    [
      "no end-of-block code",
      // Code length code: 0 and 18 with one bit each (codes 0 and 1); lengths: 138 + 120 zeros (258 = 257 + 1).
      [...ZHEAD, ...bitWriter().value(1, 1).value(2, 2).value(0, 5).value(0, 5).value(0, 4).value(0, 3).value(0, 3).value(1, 3).value(1, 3).code(1, 1).value(127, 7).code(1, 1).value(109, 7).value(0, 16).bytes(), 0, 0, 0, 0],
      "missing end-of-block",
    ],
  ];

  // A dynamic block whose code length code gives `clen` (symbol -> length), then the given code length symbols.
  const dynamic = (hlit: number, hdist: number, clen: Record<number, number>, symbols: [number, number, number, number][]) => {
    const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
    let hclen = 4;
    order.forEach((sym, i) => clen[sym] !== undefined && (hclen = Math.max(hclen, i + 1)));
    const w = bitWriter().value(1, 1).value(2, 2).value(hlit, 5).value(hdist, 5).value(hclen - 4, 4);
    for (let i = 0; i < hclen; i++) w.value(clen[order[i]] ?? 0, 3);
    // Each: the Huffman code and its length, then extra bits and their count.
    for (const [code, bits, extra, extraBits] of symbols) w.code(code, bits).value(extra, extraBits);
    return [...ZHEAD, ...w.bytes()];
  };
  const broken = (bytes: number[]) => [...bytes, 0, 0, 0, 0, 0, 0, 0];
  // Code length code 18:1 0:2 2:2 (codes 0, 10, 11): 65 zeros, 2, 190 zeros, 2 (the end of block), then the distance.
  const lit65AndEnd = (distance: [number, number, number, number][]): [number, number, number, number][] => [
    [0, 1, 54, 7], [3, 2, 0, 0], [0, 1, 127, 7], [0, 1, 41, 7], [3, 2, 0, 0], ...distance,
  ];
  cases.push(
    ["an incomplete literal/length code (two codes of two bits)", broken(dynamic(0, 0, { 18: 1, 0: 2, 2: 2 }, lit65AndEnd([[2, 2, 0, 0]]))), "invalid literal/lengths set"],
    [
      "an incomplete distance code (two codes of two bits)",
      // Code length code 0:2 1:2 2:2 18:2 (codes 00, 01, 10, 11): 65 zeros, 1, 190 zeros, 1, then distances 2, 2.
      broken(dynamic(0, 1, { 0: 2, 1: 2, 2: 2, 18: 2 }, [[3, 2, 54, 7], [1, 2, 0, 0], [3, 2, 127, 7], [3, 2, 41, 7], [1, 2, 0, 0], [2, 2, 0, 0], [2, 2, 0, 0]])),
      "invalid distances set",
    ],
    ["an incomplete code length code", broken(dynamic(0, 0, { 18: 1, 0: 2 }, [[0, 1, 54, 7]])), "invalid code lengths set"],
  );

  it("the same hand-made dynamic block with complete codes is valid: one literal, the end", () => {
    // Code length code 18:1 0:2 1:2 (codes 0, 10, 11): literal 65 and the end of block get one bit each (0 and 1).
    const block = dynamic(0, 0, { 18: 1, 0: 2, 1: 2 }, [[0, 1, 54, 7], [3, 2, 0, 0], [0, 1, 127, 7], [0, 1, 41, 7], [3, 2, 0, 0], [2, 2, 0, 0], [0, 1, 0, 0], [1, 1, 0, 0]]);
    const wire = Uint8Array.from([...block, 0x00, 0x42, 0x00, 0x42, 0x21]);
    const theirs = zlibVerdict(wire);
    expect(theirs.kind).toBe("end");
    for (const writes of [[wire], bytesOneByOne(wire)]) {
      const o = inflateWrites(writes);
      expect(dec(o.out)).toBe("A");
      expect(o.end).not.toBeNull();
    }
    expect(Array.from(inflateWrites([wire]).end!)).toEqual([0x21]);
  });

  for (const [name, bytes, message] of cases) {
    it(`${name}: "${message}"`, () => {
      const wire = Uint8Array.from(bytes);
      expect(zlibVerdict(wire).kind).toBe("error");
      for (const writes of [[wire], bytesOneByOne(wire)]) {
        const o = inflateWrites(writes);
        expect(o.end).toBeNull();
        expect(o.error).toContain(message);
      }
    });
  }

  it('a preset dictionary (FDICT): "preset dictionary"', () => {
    const wire = zlib.deflateSync(enc("hello hello"), { dictionary: enc("hello") });
    expect(wire[1] & 0x20).toBe(0x20);
    expect(inflateWrites([wire]).error).toContain("preset dictionary");
  });

  it('a wrong Adler-32: "incorrect data check", after the output', () => {
    const wire = Uint8Array.from(zlib.deflateSync(enc("the orc hits you\r\n")));
    wire[wire.length - 1] ^= 1;
    const o = inflateWrites([wire]);
    expect(dec(o.out)).toBe("the orc hits you\r\n");
    expect(o.error).toContain("incorrect data check");
  });

  it("after an end or an error, writes are ignored; after destroy, no callbacks", () => {
    const o = inflateWrites([Uint8Array.of(0x78, 0x9d), Uint8Array.of(1, 2, 3)]);
    expect(o.calls).toBe(1);
    let calls = 0;
    const sink = { data: () => void calls++, end: () => void calls++, error: () => void calls++, drain: () => void calls++ };
    const inflater = inflateCodec().createInflater!(sink);
    inflater.destroy();
    inflater.write(zlib.deflateSync(enc("x")));
    inflater.end();
    expect(calls).toBe(0);
  });

  it("paused, the inflater makes nothing and asks for a pause; resumed, it goes on later, then drains; an end waits for it", async () => {
    const text = mudText(200_000, 11);
    const stream = zlib.deflateSync(text);
    const seen: string[] = [];
    let out = 0;
    const inflater = inflateCodec().createInflater!({
      data: (b) => void (out += b.length),
      end: (rest) => void seen.push(`end ${rest.length}`),
      error: (e) => void seen.push(`error ${e.message}`),
      drain: () => void seen.push(`drain at ${out}`),
    });
    expect(inflater.write(stream.subarray(0, 1000))).toBe(true);
    const first = out;
    expect(first).toBeGreaterThan(0);
    inflater.pause!();
    expect(inflater.write(stream.subarray(1000))).toBe(false);
    inflater.end();
    expect(out).toBe(first);
    inflater.resume!();
    expect(out).toBe(first); // not inside resume()
    await Promise.resolve();
    expect(out).toBe(text.length);
    expect(seen).toEqual(["end 0"]);
    // Paused and resumed before the end: the drain comes once all is decoded.
    const again: string[] = [];
    const other = inflateCodec().createInflater!({ data() {}, end: () => void again.push("end"), error() {}, drain: () => void again.push("drain") });
    other.pause!();
    expect(other.write(stream.subarray(0, 100))).toBe(false);
    other.resume!();
    await Promise.resolve();
    expect(again).toEqual(["drain"]);
  });

  it("the decoder alone: run() before any input asks for input; rest() before the end is empty", () => {
    const z = new Inflate();
    expect(z.run()).toBe("input");
    expect(z.rest().length).toBe(0);
    z.push(Uint8Array.of(0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff));
    expect(z.run()).toBe("end");
    expect(z.pending).toBe(0);
    expect(Array.from(z.rest())).toEqual([0xff]);
    expect(z.finished).toBe(true);
  });
});

// --- MCCP2 through a connection

describe("MCCP2 with inflateCodec()", () => {
  it("a client accepts MCCP2 and refuses MCCP3 (it has no deflater)", () => {
    const { channel, written, feed } = scripted();
    const c = new TelnetConnection(channel, { role: "client", compression: inflateCodec() });
    feed([IAC, WILL, OPT.MCCP2, IAC, WILL, OPT.MCCP3]);
    expect(written).toEqual([IAC, DO, OPT.MCCP2, IAC, DONT, OPT.MCCP3]);
    c.destroy();
  });

  it("from a server on node:zlib: the text, a stop, plain text, a new stream", async () => {
    const [a, b] = createChannelPair();
    const s = new TelnetConnection(a, { role: "server", compression: nodeZlibCodec(zlib), options: { mccp2: "offer" } });
    const c = new TelnetConnection(b, { role: "client", compression: inflateCodec() });
    expect(await c.waitFor("MCCP2", "remote")).toBe(true);
    await s.waitFor("MCCP2", "local");
    const text = dec(mudText(100_000, 42)).replace(/é/g, "e");
    await s.write(text);
    let got = "";
    while (got.length < text.length) got += (await c.read()) ?? "";
    expect(got).toBe(text);
    expect(c.session.decompressing).toBe(OPT.MCCP2);
    await s.send({ type: "mccp2", action: "stop" });
    await s.write("plain part\n");
    expect(await c.readline()).toBe("plain part");
    expect(c.session.decompressing).toBe(0);
    await s.send({ type: "mccp2", action: "start" });
    await s.write("again\n");
    expect(await c.readline()).toBe("again");
    expect(c.session.decompressing).toBe(OPT.MCCP2);
    await s.close();
    await c.closed;
  });

  it("the stream's end and plain Telnet after it in one chunk, cut at every byte: the same text, no warning", async () => {
    const z = zlib.deflateSync(enc("inside the stream\r\n"));
    const wire = Uint8Array.from([...START2, ...z, ...enc("after it\r\n"), IAC, WILL, OPT.ECHO, ...enc("and more\r\n")]);
    for (let cut = 0; cut <= wire.length; cut++) {
      const { channel, feed } = scripted();
      const c = new TelnetConnection(channel, { role: "client", compression: inflateCodec() });
      const warnings: TelnetEvent[] = [];
      c.on("warning", (w) => warnings.push(w));
      feed([IAC, WILL, OPT.MCCP2]);
      feed(wire.subarray(0, cut));
      feed(wire.subarray(cut));
      expect(await c.readline(), `cut at ${cut}`).toBe("inside the stream");
      expect(await c.readline(), `cut at ${cut}`).toBe("after it");
      expect(await c.readline(), `cut at ${cut}`).toBe("and more");
      expect(c.session.decompressing).toBe(0);
      expect(c.session.enabledOptions("remote")).toContain(OPT.ECHO);
      expect(warnings).toEqual([]);
      c.destroy();
    }
  });

  it("a corrupt stream: a compression-error warning, DONT MCCP2, and plain Telnet afterwards", async () => {
    const { channel, written, feed } = scripted();
    const c = new TelnetConnection(channel, { role: "client", compression: inflateCodec() });
    const warnings: string[] = [];
    c.on("warning", (w) => warnings.push((w as { code: string }).code));
    feed([IAC, WILL, OPT.MCCP2]);
    feed([...START2, 0x78, 0x9c, 0xff, 0xff, 0xff, 1, 2, 3]);
    expect(warnings).toEqual(["compression-error"]);
    expect(written.slice(-3)).toEqual([IAC, DONT, OPT.MCCP2]);
    feed(enc("plain again\r\n"));
    expect(await c.readline()).toBe("plain again");
    c.destroy();
  });

  it("a zip bomb (32 MiB of zeros in 32 KiB of zlib in one read), read slowly, never holds much more than maxBuffer", async () => {
    const size = 32 << 20;
    const maxBuffer = 65536;
    const bomb = zlib.deflateSync(new Uint8Array(size), { level: 9 });
    expect(bomb.length).toBeLessThan(64 << 10);
    const paused = { channel: false };
    let events: { data(b: Uint8Array): void } | null = null;
    const channel = {
      start: (ev: { data(b: Uint8Array): void }) => void (events = ev),
      write: () => true,
      pause: () => void (paused.channel = true),
      resume: () => void (paused.channel = false),
      end() {},
      destroy() {},
    };
    const c = new TelnetConnection(channel, { role: "client", compression: inflateCodec(), maxBuffer });
    events!.data(Uint8Array.from([IAC, WILL, OPT.MCCP2, ...START2, ...bomb]));
    let read = 0;
    let most = 0;
    let nonZero = 0;
    while (read < size) {
      for (let k = 0; k < 3; k++) await new Promise((r) => setImmediate(r));
      most = Math.max(most, c.bufferedInput);
      // maxBuffer, plus the piece the inflater was on when the pause came.
      expect(most).toBeLessThanOrEqual(maxBuffer + PIECE);
      const part = await c.readBytes();
      if (part === null) break;
      read += part.length;
      for (const b of part) nonZero |= b;
    }
    expect(read).toBe(size);
    expect(nonZero).toBe(0);
    c.destroy();
  });

  it("a server with it accepts MCCP3 and reads a client's node:zlib stream", async () => {
    const [a, b] = createChannelPair();
    const s = new TelnetConnection(a, { role: "server", compression: inflateCodec(), options: { mccp3: "offer" } });
    const c = new TelnetConnection(b, { role: "client", compression: nodeZlibCodec(zlib) });
    expect(await c.waitFor("MCCP3", "remote")).toBe(true);
    await c.write("north\nlook\n");
    expect(await s.readline()).toBe("north");
    expect(await s.readline()).toBe("look");
    expect(s.session.decompressing).toBe(OPT.MCCP3);
    await c.close();
    await s.closed;
  });
});
