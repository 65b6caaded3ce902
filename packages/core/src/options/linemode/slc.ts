/**
 * LINEMODE SLC (Set Local Characters) — RFC 1184 §2.4, §5.5, §5.9.
 *
 * `IAC SB LINEMODE SLC <function modifiers value>... IAC SE`: a list of triplets. The
 * payload here is already unescaped: a value of 255 is one byte, the session doubles it
 * on the wire.
 *
 * The negotiation (§5.5) keeps two tables a side: `defaults`, what the local system
 * supports (the level says how far it can change: VALUE, CANTCHANGE, NOSUPPORT, or
 * DEFAULT for "no opinion, take the other side's"), and `current`, the settings in use.
 */

/** SLC function codes (RFC 1184 §1). */
export const SLC = {
  SYNCH: 1,
  BRK: 2,
  IP: 3,
  AO: 4,
  AYT: 5,
  EOR: 6,
  ABORT: 7,
  EOF: 8,
  SUSP: 9,
  EC: 10,
  EL: 11,
  EW: 12,
  RP: 13,
  LNEXT: 14,
  XON: 15,
  XOFF: 16,
  FORW1: 17,
  FORW2: 18,
  MCL: 19,
  MCR: 20,
  MCWL: 21,
  MCWR: 22,
  MCBOL: 23,
  MCEOL: 24,
  INSRT: 25,
  OVER: 26,
  ECR: 27,
  EWR: 28,
  EBOL: 29,
  EEOL: 30,
} as const;

/** Name of an SLC function (`"IP"`, `"EC"`, ...). */
export type SlcName = keyof typeof SLC;

/** Highest SLC function RFC 1184 defines (SLC_EEOL). */
export const NSLC = 30;

/** Name of each function code, `undefined` for 0 and codes above 30. */
export const SLC_NAMES: readonly (SlcName | undefined)[] = (() => {
  const names: (SlcName | undefined)[] = new Array(256).fill(undefined);
  for (const [name, code] of Object.entries(SLC)) names[code] = name as SlcName;
  return names;
})();

/** The modifier byte (RFC 1184 §1): two level bits and three flags. */
export const SLC_NOSUPPORT = 0;
export const SLC_CANTCHANGE = 1;
export const SLC_VALUE = 2;
export const SLC_DEFAULT = 3;
export const SLC_LEVELBITS = 3;
export const SLC_ACK = 128;
export const SLC_FLUSHIN = 64;
export const SLC_FLUSHOUT = 32;

/** Level of a function, lowest first: NOSUPPORT < CANTCHANGE < VALUE < DEFAULT (§2.4). */
export type SlcLevel = "nosupport" | "cantchange" | "value" | "default";

const LEVEL_NAMES: readonly SlcLevel[] = ["nosupport", "cantchange", "value", "default"];
const LEVEL_CODES: Readonly<Record<SlcLevel, number>> = { nosupport: 0, cantchange: 1, value: 2, default: 3 };

/**
 * One SLC triplet as it travels (RFC 1184 §2.4). `func` 0 is the client's request for the
 * server's table: `0 DEFAULT 0` (its defaults) or `0 VALUE 0` (its current settings).
 */
export interface SlcTriplet {
  func: number;
  level: SlcLevel;
  /** Set on a reply that agrees with the setting it repeats. */
  ack: boolean;
  /** Flush input (Telnet Synch) when this function is sent (§5.8). */
  flushin: boolean;
  /** Flush output (DO TIMING-MARK) when this function is sent (§5.8). */
  flushout: boolean;
  value: number;
}

/** The setting of one function, in a table. */
export interface SlcSetting {
  level: SlcLevel;
  value: number;
  flushin: boolean;
  flushout: boolean;
}

/** Every function's setting, by name. */
export type SlcTable = Record<SlcName, SlcSetting>;

/** A setting as a user writes it: `level` defaults to `"value"`, flags to false. */
export interface SlcSettingInput {
  level?: SlcLevel;
  value?: number;
  flushin?: boolean;
  flushout?: boolean;
}

// ------------------------------------------------------------------ codec

/** Triplet bytes for a list (before IAC doubling, which the session applies). */
export function encodeSlcTriplets(triplets: readonly SlcTriplet[]): number[] {
  const out: number[] = [];
  for (const t of triplets) {
    out.push(t.func & 0xff, modifiers(t), t.value & 0xff);
  }
  return out;
}

function modifiers(t: Pick<SlcTriplet, "level" | "ack" | "flushin" | "flushout">): number {
  return (
    LEVEL_CODES[t.level] | (t.ack ? SLC_ACK : 0) | (t.flushin ? SLC_FLUSHIN : 0) | (t.flushout ? SLC_FLUSHOUT : 0)
  );
}

/**
 * Triplets from `bytes[start..]`. Bits 2-4 of the modifier byte are not defined by the
 * RFC and are ignored. `partial` is the number of bytes left over after the last whole
 * triplet (a malformed list when not 0).
 */
export function decodeSlcTriplets(bytes: Uint8Array, start = 0): { triplets: SlcTriplet[]; partial: number } {
  const triplets: SlcTriplet[] = [];
  let i = start;
  for (; i + 3 <= bytes.length; i += 3) {
    const m = bytes[i + 1];
    triplets.push({
      func: bytes[i],
      level: LEVEL_NAMES[m & SLC_LEVELBITS],
      ack: (m & SLC_ACK) !== 0,
      flushin: (m & SLC_FLUSHIN) !== 0,
      flushout: (m & SLC_FLUSHOUT) !== 0,
      value: bytes[i + 2],
    });
  }
  return { triplets, partial: bytes.length - i };
}

// ------------------------------------------------------------------ tables

/** A setting in numbers: `level` 0-3, `flags` FLUSHIN|FLUSHOUT bits, `value`. Index = function code. */
export interface SlcEntry {
  level: number;
  flags: number;
  value: number;
}

const NONE: SlcEntry = { level: SLC_NOSUPPORT, flags: 0, value: 0 };

/** RFC 1184 §3: "Character values for SLC default to SLC_NOSUPPORT." */
export function emptyEntries(): SlcEntry[] {
  const t: SlcEntry[] = [];
  for (let f = 0; f <= NSLC; f++) t.push(NONE);
  return t;
}

/** Entries from a base table with a user's overrides on top; throws on an invalid override. */
export function entriesOf(base: Readonly<SlcTable>, overrides?: Readonly<Partial<Record<SlcName, SlcSettingInput>>>): SlcEntry[] {
  const t = emptyEntries();
  for (let f = 1; f <= NSLC; f++) t[f] = entryOf(base[SLC_NAMES[f]!]);
  if (overrides) {
    if (typeof overrides !== "object") throw new TypeError("linemode.slc must be an object keyed by SLC function name");
    for (const name of Object.keys(overrides)) {
      const code = (SLC as Record<string, number>)[name];
      if (code === undefined) throw new TypeError(`linemode.slc: unknown SLC function ${JSON.stringify(name)}`);
      t[code] = entryOf(checkSetting(overrides[name as SlcName], `linemode.slc.${name}`));
    }
  }
  return t;
}

/** A user's setting, checked and completed; throws TypeError when invalid. */
export function checkSetting(input: SlcSettingInput | undefined, what: string): SlcSetting {
  if (input === null || typeof input !== "object") throw new TypeError(`${what} must be an object`);
  const level = input.level ?? "value";
  if (LEVEL_CODES[level] === undefined) throw new TypeError(`${what}: unknown level ${JSON.stringify(level)}`);
  const value = input.value ?? 0;
  if (!Number.isInteger(value) || value < 0 || value > 255) throw new TypeError(`${what}: value must be an integer 0-255`);
  return { level, value, flushin: input.flushin === true, flushout: input.flushout === true };
}

export function entryOf(s: SlcSetting): SlcEntry {
  return { level: LEVEL_CODES[s.level], flags: (s.flushin ? SLC_FLUSHIN : 0) | (s.flushout ? SLC_FLUSHOUT : 0), value: s.value };
}

export function settingOf(e: SlcEntry): SlcSetting {
  return {
    level: LEVEL_NAMES[e.level],
    value: e.value,
    flushin: (e.flags & SLC_FLUSHIN) !== 0,
    flushout: (e.flags & SLC_FLUSHOUT) !== 0,
  };
}

/** A table by name from entries. */
export function tableOf(entries: readonly SlcEntry[]): SlcTable {
  const t = {} as SlcTable;
  for (let f = 1; f <= NSLC; f++) t[SLC_NAMES[f]!] = settingOf(entries[f]);
  return t;
}

export function tripletOf(func: number, e: SlcEntry, ack = false): SlcTriplet {
  return {
    func,
    level: LEVEL_NAMES[e.level],
    ack,
    flushin: (e.flags & SLC_FLUSHIN) !== 0,
    flushout: (e.flags & SLC_FLUSHOUT) !== 0,
    value: e.value,
  };
}

function entryOfTriplet(t: SlcTriplet): SlcEntry {
  return { level: LEVEL_CODES[t.level], flags: (t.flushin ? SLC_FLUSHIN : 0) | (t.flushout ? SLC_FLUSHOUT : 0), value: t.value };
}

/**
 * Whether two settings are the same for §5.5 rule 1. The value and flags of a function
 * that is not supported do not matter ("f,SLC_NOSUPPORT,x"). A DEFAULT is never "the
 * same": it asks for a setting, and is answered with one (§5.9's table).
 */
export function sameSetting(a: SlcEntry, b: SlcEntry): boolean {
  if (a.level !== b.level || a.level === SLC_DEFAULT) return false;
  return a.level === SLC_NOSUPPORT || (a.flags === b.flags && a.value === b.value);
}

const identical = (a: SlcEntry, b: SlcEntry) => a.level === b.level && a.flags === b.flags && a.value === b.value;

// ------------------------------------------------------------ negotiation

/** The two tables of one side (§5.5). `current` is changed in place. */
export interface SlcTables {
  current: SlcEntry[];
  defaults: readonly SlcEntry[];
}

/** What answering a list of triplets produced. */
export interface SlcAnswer {
  /** Triplets to send back, in function order (empty: send nothing). */
  replies: SlcTriplet[];
  /** Functions whose current setting changed. */
  changed: number[];
  /** Violations found, for `warning` events. */
  problems: { code: "malformed-subnegotiation" | "wrong-direction"; message: string }[];
}

/**
 * Answer an SLC list by RFC 1184 §5.5 and the table of §5.9, as the LINEMODE `client`
 * (the side that said WILL LINEMODE) or `server`.
 *
 * For each triplet: the same as the current setting is ignored (rule 1); an ACK is never
 * answered, and only the client takes its value (rule 2, also when the level differs, so
 * that crossing requests settle on the client's value); a DEFAULT is answered with our
 * default; otherwise we agree (take it, answer it with ACK: rule 3) or answer what we think
 * it should be, at a lower level (rule 4). Every answer is final or one level lower, so
 * an exchange ends after at most three replies per function.
 */
export function answerSlc(tables: SlcTables, triplets: readonly SlcTriplet[], side: "client" | "server"): SlcAnswer {
  const { current, defaults } = tables;
  const replies: (SlcTriplet | undefined)[] = [];
  const changed = new Set<number>();
  const problems: SlcAnswer["problems"] = [];
  let sendAll = false;

  const set = (f: number, e: SlcEntry) => {
    if (!identical(current[f], e)) changed.add(f);
    current[f] = e;
  };

  for (const t of triplets) {
    const f = t.func;
    if (f === 0) {
      // §2.4: only the client sends function 0, at level DEFAULT or VALUE.
      if (side === "client") {
        problems.push({ code: "wrong-direction", message: "SLC function 0 from the server (only a client asks for the other side's table)" });
      } else if (t.level === "default") {
        for (let g = 1; g <= NSLC; g++) set(g, defaults[g]);
        sendAll = true;
      } else if (t.level === "value") {
        sendAll = true;
      } else {
        problems.push({ code: "malformed-subnegotiation", message: `SLC function 0 at level ${t.level.toUpperCase()}: ignored` });
      }
      continue;
    }
    if (f > NSLC) {
      // A function we do not know: we do not support it (§5.5 rule 4, "at a lower level").
      if (!t.ack && t.level !== "nosupport") replies[f] = tripletOf(f, NONE);
      continue;
    }
    let ack = t.ack;
    if (ack && t.level === "default") {
      // No answer ever carries DEFAULT|ACK (§5.9): read it as a plain DEFAULT.
      problems.push({ code: "malformed-subnegotiation", message: `SLC ${SLC_NAMES[f]} with DEFAULT|ACK: read as DEFAULT` });
      ack = false;
    }
    const got = entryOfTriplet(t);
    if (sameSetting(current[f], got)) continue; // rule 1
    if (ack) {
      if (side === "client") set(f, got); // rule 2
      continue;
    }
    if (got.level === SLC_DEFAULT) {
      // §5.9: "f,SLC_DEFAULT,x" is answered with our own setting, never with DEFAULT.
      const d = defaults[f];
      const mine = d.level === SLC_DEFAULT ? NONE : d;
      set(f, mine);
      replies[f] = tripletOf(f, mine);
      continue;
    }
    const counter = disagreement(defaults[f], got);
    if (counter === undefined) {
      set(f, got); // rule 3
      replies[f] = tripletOf(f, got, true);
    } else {
      set(f, counter); // rule 4
      replies[f] = tripletOf(f, counter);
    }
  }

  if (sendAll) {
    // §2.4: on 0 DEFAULT 0 / 0 VALUE 0 the server sends all its special characters.
    for (let g = 1; g <= NSLC; g++) replies[g] ??= tripletOf(g, current[g]);
  }
  const out: SlcTriplet[] = [];
  for (const r of replies) if (r !== undefined) out.push(r);
  return { replies: out, changed: [...changed].sort((a, b) => a - b), problems };
}

/**
 * `undefined` when we agree with a setting (given what we support, `mine`), otherwise
 * what we answer instead: always at a lower level than what we received (§5.5 rule 4).
 */
function disagreement(mine: SlcEntry, got: SlcEntry): SlcEntry | undefined {
  if (got.level === SLC_NOSUPPORT) return undefined; // nothing is lower: always agreed
  switch (mine.level) {
    case SLC_DEFAULT: // §5.5: "just ack whatever value the client requests"
    case SLC_VALUE:
      return undefined;
    case SLC_CANTCHANGE:
      if (got.value === mine.value) return undefined;
      // Our fixed value, or nothing when neither side can change (§5.9: CANTCHANGE -> NOSUPPORT).
      return got.level === SLC_VALUE ? mine : NONE;
    default:
      return NONE;
  }
}

/**
 * The list a client sends to export its table (§5.5): every function it has a setting
 * for, and every one the peer may still hold a setting for (current not NOSUPPORT).
 * Functions left out are NOSUPPORT on both sides already (§3).
 */
export function exportList(defaults: readonly SlcEntry[], current: readonly SlcEntry[]): SlcTriplet[] {
  const out: SlcTriplet[] = [];
  for (let f = 1; f <= NSLC; f++) {
    if (defaults[f].level !== SLC_NOSUPPORT || current[f].level !== SLC_NOSUPPORT) out.push(tripletOf(f, defaults[f]));
  }
  return out;
}
