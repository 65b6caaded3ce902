// The four receive workloads, built in memory with the structure of gen-workloads.py:
// plain text, binary with IAC doubled, MUD prompts, negotiation only. Deterministic.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRandom } from "./prng.mjs";

const IAC = 255;
const SB = 250;
const SE = 240;
const GA = 249;
const EOR = 239;
const DO = 253;
const DONT = 254;
const WILL = 251;
const WONT = 252;

/** Option codes the nego workload negotiates (the same list as gen-workloads.py). */
export const NEGO_OPTIONS = [0, 1, 3, 5, 24, 31, 32, 33, 34, 36, 39, 42, 86, 91, 201];

export const WORKLOAD_NAMES = ["plain", "binary", "mud", "nego"];

const ascii = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0));

// Appends bytes to a buffer that doubles when full.
class Writer {
  constructor(capacity) {
    this.buf = new Uint8Array(capacity);
    this.len = 0;
  }
  room(n) {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
  }
  bytes(b) {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  byte(...list) {
    this.room(list.length);
    for (const b of list) this.buf[this.len++] = b;
  }
  result() {
    return this.buf.slice(0, this.len);
  }
}

const WORDS = ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog",
  "telnet", "session", "option", "negotiation", "terminal", "window"].map((w) => ascii(w + " "));
const CRLF = ascii("\r\n");

// Words with a CR LF before a line would pass 78 bytes; cut at exactly n bytes.
function plainText(rng, n) {
  const w = new Writer(n + 128);
  let line = 0;
  while (w.len < n) {
    const word = rng.pick(WORDS);
    if (line + word.length > 78) {
      w.bytes(CRLF);
      line = 0;
    }
    w.bytes(word);
    line += word.length;
  }
  return w.buf.slice(0, n);
}

function plain(rng, n) {
  return plainText(rng, n);
}

// Random bytes; every 0xFF sent as IAC IAC.
function binary(rng, n) {
  const raw = rng.fill(new Uint8Array(n));
  let count = 0;
  for (let i = 0; i < n; i++) if (raw[i] === IAC) count++;
  const out = new Uint8Array(n + count);
  let at = 0;
  for (let i = 0; i < n; i++) {
    out[at++] = raw[i];
    if (raw[i] === IAC) out[at++] = IAC;
  }
  return out;
}

const COLOURS = ["\x1b[1;31m", "\x1b[0;32m", "\x1b[1;33m", "\x1b[0m"].map(ascii);
const PROMPT = ascii("\x1b[0m\r\n<100hp 50m> ");

// Coloured paragraphs, each followed by a prompt ended by IAC GA or IAC EOR.
function mud(rng, n) {
  const w = new Writer(n + 1024);
  while (w.len < n) {
    w.bytes(rng.pick(COLOURS));
    w.bytes(plainText(rng, rng.int(60, 400)));
    w.bytes(PROMPT);
    w.byte(IAC, rng.pick([GA, EOR]));
  }
  return w.result();
}

const TTYPES = ["XTERM-256COLOR", "VT100", "ANSI"].map(ascii);
const ENVIRON_IS = ascii("\0\0USER\x01guest\x03LANG\x01en_US.UTF-8");
const CHARSET = ascii("\x02UTF-8");

// Commands only: 60% DO/DONT/WILL/WONT, then NAWS, TTYPE IS, NEW-ENVIRON IS, CHARSET subnegotiations.
function nego(rng, n) {
  const w = new Writer(n + 1024);
  while (w.len < n) {
    const k = rng.random();
    if (k < 0.6) {
      w.byte(IAC, rng.pick([DO, DONT, WILL, WONT]), rng.pick(NEGO_OPTIONS));
    } else if (k < 0.75) {
      const width = rng.int(1, 400);
      const height = rng.int(1, 400);
      w.byte(IAC, SB, 31);
      for (const b of [width >> 8, width & 255, height >> 8, height & 255]) {
        if (b === IAC) w.byte(IAC, IAC);
        else w.byte(b);
      }
      w.byte(IAC, SE);
    } else if (k < 0.85) {
      w.byte(IAC, SB, 24);
      w.bytes(Uint8Array.of(0));
      w.bytes(rng.pick(TTYPES));
      w.byte(IAC, SE);
    } else if (k < 0.95) {
      w.byte(IAC, SB, 39);
      w.bytes(ENVIRON_IS);
      w.byte(IAC, SE);
    } else {
      w.byte(IAC, SB, 42);
      w.bytes(CHARSET);
      w.byte(IAC, SE);
    }
  }
  return w.result();
}

const GENERATORS = { plain, binary, mud, nego };

/** Build one workload of about `mib` MiB (the seed is fixed per workload). */
export function generateWorkload(name, mib) {
  const fn = GENERATORS[name];
  if (!fn) throw new Error(`unknown workload ${name}`);
  return fn(createRandom(0x7e1e7 + name.length * 7919), Math.round(mib * 1024 * 1024));
}

/** Read `NAME.bin` from a folder (as gen-workloads.py writes plain.bin, binary.bin, mud.bin, nego.bin). */
export function readWorkload(dir, name) {
  const b = readFileSync(join(dir, `${name}.bin`));
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/** Telnet commands in a stream (IAC IAC is data, a subnegotiation is one command). */
export function countCommands(bytes) {
  let count = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i] !== IAC) {
      i++;
      continue;
    }
    const b = bytes[i + 1];
    if (b === IAC) {
      i += 2;
    } else if (b >= WILL) {
      count++;
      i += 3;
    } else if (b === SB) {
      count++;
      i += 3;
      while (i < bytes.length && !(bytes[i] === IAC && bytes[i + 1] === SE)) i += bytes[i] === IAC ? 2 : 1;
      i += 2;
    } else {
      count++;
      i += 2;
    }
  }
  return count;
}
