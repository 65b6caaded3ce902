/**
 * Feeding byte streams to a session and comparing what comes out.
 */
import { TelnetSession, type SessionOptions, type TelnetEvent } from "@telnetkit/core";

// Events that transmit bytes never move across: what the peer must see before them.
const BARRIERS = new Set(["data", "command", "compression", "compressed"]);

/** Concatenate byte arrays or plain number arrays into one Uint8Array. */
export function cat(...parts: (Uint8Array | readonly number[])[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Bytes of an ASCII / Latin-1 string, one byte per character. */
export const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0) & 0xff);

/**
 * Split `bytes` at the given cut points (any numbers: taken modulo length + 1, sorted,
 * duplicates give empty chunks, which a session must also accept).
 */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = cuts.map((c) => Math.abs(c) % (bytes.length + 1)).sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

/** Every byte in its own chunk. */
export const bytewise = (bytes: Uint8Array): Uint8Array[] => Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));

// Bytes around each chunk fed: a parser that read outside the view it was given would see them.
const FENCE = [255, 250, 13, 0, 255, 240, 255];

/**
 * Feed chunks one after another; all events in order. Each chunk is handed over as a view
 * into a larger buffer, with Telnet-special bytes just outside it, as a socket's pooled
 * buffers are: a parser must read only the bytes of the view.
 */
export function feed(session: TelnetSession, chunks: readonly Uint8Array[]): TelnetEvent[] {
  const events: TelnetEvent[] = [];
  for (const c of chunks) {
    const fenced = new Uint8Array(c.length + 2 * FENCE.length);
    fenced.set(FENCE, 0);
    fenced.set(c, FENCE.length);
    fenced.set(FENCE, FENCE.length + c.length);
    events.push(...session.receive(fenced.subarray(FENCE.length, FENCE.length + c.length)));
  }
  return events;
}

/** A plain, comparable form of an event: byte arrays as number arrays. */
export type PlainEvent = Record<string, unknown> & { type: string };

function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return Array.from(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) o[k] = plain(v);
    return o;
  }
  return value;
}

/**
 * Events in comparable form: adjacent `data` events merged, every byte array turned into a
 * number array, and transmit bytes in canonical place: all of them up to the next `data` or
 * `command` event (or the end) as one `transmit` event just before it. An engine may send the
 * replies to a run of negotiation early, in one event; never late (see `transmitOwed`). Two
 * event lists that normalize the same say the same thing to the application and to the peer.
 */
export function normalize(events: readonly TelnetEvent[]): PlainEvent[] {
  return canonical(events, (ev) => plain(ev) as PlainEvent);
}

/** `normalize` with the conversion of each event given. */
export function canonical<E extends { type: string; bytes?: unknown }, P>(events: readonly E[], convert: (ev: E) => P): P[] {
  const out: P[] = [];
  let tx: number[] | null = null;
  for (const ev of events) {
    if (ev.type === "transmit") {
      (tx ??= []).push(...(ev.bytes as Uint8Array));
      continue;
    }
    if (tx !== null && BARRIERS.has(ev.type)) {
      out.push({ type: "transmit", bytes: tx } as P);
      tx = null;
    }
    const last = out[out.length - 1] as { type?: string; bytes?: number[] } | undefined;
    if (ev.type === "data" && last?.type === "data") {
      last.bytes!.push(...(ev.bytes as Uint8Array));
      continue;
    }
    out.push(convert(ev));
  }
  if (tx !== null) out.push({ type: "transmit", bytes: tx } as P);
  return out;
}

/**
 * How many transmit bytes were handed out before each non-transmit event, in order: the
 * bytes owed to the peer for what came before that event must be among them.
 */
export function transmitOwed(events: readonly { type: string; bytes?: Uint8Array }[]): number[] {
  const owed: number[] = [];
  let sent = 0;
  let last = "";
  for (const ev of events) {
    if (ev.type === "transmit") sent += ev.bytes!.length;
    else if (!(ev.type === "data" && last === "data")) owed.push(sent); // data split anywhere is one run
    last = ev.type;
  }
  return owed;
}

/** All data bytes of a list of events, in order. */
export function dataBytes(events: readonly TelnetEvent[]): number[] {
  const out: number[] = [];
  for (const ev of events) if (ev.type === "data") for (const b of ev.bytes) out.push(b);
  return out;
}

/** All transmit bytes of a list of events, in order. */
export function transmitBytes(events: readonly TelnetEvent[]): number[] {
  const out: number[] = [];
  for (const ev of events) if (ev.type === "transmit") for (const b of ev.bytes) out.push(b);
  return out;
}

/** Events of one type. */
export const ofType = <T extends TelnetEvent["type"]>(events: readonly TelnetEvent[], type: T) =>
  events.filter((e): e is Extract<TelnetEvent, { type: T }> => e.type === type);

/** RFC 1143 state of both sides of all 256 options, plus whether the session is settled: the whole negotiation state. */
export function optionSnapshot(session: TelnetSession): { states: string[]; settled: boolean } {
  const states: string[] = [];
  for (let c = 0; c < 256; c++) {
    const s = session.optionState(c);
    states.push(`${s.local}/${s.remote}`);
  }
  return { states, settled: session.isSettled() };
}

/** A fresh session. */
export const session = (options: SessionOptions): TelnetSession => new TelnetSession(options);
