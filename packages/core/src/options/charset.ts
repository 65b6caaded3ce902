/**
 * CHARSET, option 42 — RFC 2066.
 *
 * A side asks with `REQUEST [ "[TTABLE]" version ] <sep> name <sep> name ...`; the other
 * answers `ACCEPTED name`, `REJECTED`, or, when the request offered TTABLE, `TTABLE-IS`
 * (a translation table), which is answered `TTABLE-ACK`, `TTABLE-NAK` (send it again) or
 * `TTABLE-REJECTED`. One subnegotiation at a time (§5).
 *
 * Who may ask: RFC 2066 §2 and §5 let the side that sent WILL and received DO send REQUEST.
 * MUD servers and clients (tintin++ among them) do it the other way round: the server says
 * DO CHARSET and, once the client says WILL, sends the REQUEST. So we answer a REQUEST
 * whenever the option is on in either direction, and a server asks as soon as either side
 * is on; a client asks only when its own side (WILL) is on, as the RFC says.
 *
 * Both sides asking at once (§2, §5): the server answers the client's REQUEST with
 * REJECTED, the client answers the server's; one character set results.
 *
 * Answering a REQUEST: the first set of our preference list (`SessionOptions.charsets`,
 * default UTF-8) that the request names, compared without case and with aliases; else a
 * translation table if the request offered TTABLE and we have one; else REJECTED.
 *
 * Default policy: both sides accepted, in both roles; we ask only when `charsets` is set.
 * Translation tables from the peer are refused (TTABLE-REJECTED) unless
 * `charsetTables: "accept"`.
 */
import { OPT } from "../engine/constants.js";
import type { Side } from "../engine/events.js";
import type { OptionHost, OptionModule } from "../engine/option.js";

/** Subcommands (RFC 2066 §1). */
export const CHARSET_REQUEST = 1;
export const CHARSET_ACCEPTED = 2;
export const CHARSET_REJECTED = 3;
export const CHARSET_TTABLE_IS = 4;
export const CHARSET_TTABLE_REJECTED = 5;
export const CHARSET_TTABLE_ACK = 6;
export const CHARSET_TTABLE_NAK = 7;

/**
 * A version 1 translation table (RFC 2066 §2, TTABLE-IS). `map1` maps characters of
 * `charset1` (one of the requested sets) to `charset2` (the set text is sent in on the
 * wire), `map2` maps back; entry `i` is the character that character `i` becomes, and
 * characters past the end of a map are not changed. Each entry of a map is
 * `ceil(charSize / 8)` octets in network order on the wire.
 */
export interface TranslationTable {
  version: 1;
  /** The separator octet the table was sent with. */
  separator: number;
  charset1: string;
  /** Bits per character of map 1 (RFC: should be a multiple of 8); 1 to 32 here. */
  charSize1: number;
  map1: readonly number[];
  charset2: string;
  charSize2: number;
  map2: readonly number[];
}

/**
 * A decoded CHARSET subnegotiation. `ttable` on a request is the highest TTABLE-IS version
 * the sender takes. A `ttable-is` carries `table` when its version is 1 and it parsed;
 * otherwise `error` says why not.
 */
export type CharsetMessage =
  | { kind: "request"; charsets: string[]; separator: number; ttable?: number }
  | { kind: "accepted"; charset: string }
  | { kind: "rejected" }
  | { kind: "ttable-is"; version: number; table?: TranslationTable; error?: string }
  | { kind: "ttable-rejected" }
  | { kind: "ttable-ack" }
  | { kind: "ttable-nak" };

/** Why a CHARSET subnegotiation ended with the character set unchanged. */
export type CharsetRejectReason =
  /** The peer answered our REQUEST with REJECTED. */
  | "peer-rejected"
  /** We had none of the peer's character sets (and no table to offer). */
  | "no-match"
  /** Both sides asked at once and we are the server: the client's request loses (RFC 2066 §5). */
  | "collision"
  /** The peer asked while a subnegotiation was going on (RFC 2066 §5). */
  | "busy"
  /** A translation table was refused, by either side. */
  | "ttable-rejected";

/**
 * CHARSET events. `accepted` is the one to act on: from now on text both ways is in
 * `charset` (with `table` when a translation table was agreed); `initiator` tells who sent
 * the REQUEST. `request` and `ttable-is` report what the peer sent before the session's
 * answer; `ttable-nak` that the peer asked for our table again.
 */
export type CharsetEvent =
  | { type: "charset"; kind: "request"; charsets: string[]; ttable?: number }
  | { type: "charset"; kind: "accepted"; charset: string; initiator: Side; table?: TranslationTable }
  | { type: "charset"; kind: "rejected"; initiator: Side; reason: CharsetRejectReason }
  | { type: "charset"; kind: "ttable-is"; table: TranslationTable }
  | { type: "charset"; kind: "ttable-nak" };

/**
 * Ask the peer to use one of `charsets` (default `SessionOptions.charsets`), most
 * preferred first, offering TTABLE when `ttable` is true (default: `charsetTables` is
 * `"accept"`). Sent now if CHARSET is on and no subnegotiation is going on, otherwise as
 * soon as that is so.
 */
export interface CharsetCommand {
  type: "charset";
  kind: "request";
  charsets?: readonly string[];
  ttable?: boolean;
}

/** Where CHARSET stands: the character set in force (undefined until one is agreed) and whether a subnegotiation is going on. */
export interface CharsetStatus {
  charset: string | undefined;
  table: TranslationTable | undefined;
  negotiating: boolean;
}

// ------------------------------------------------------------------ names

// Keys are upper case with punctuation removed: UTF-8, utf8 and UTF_8 are one name.
const ALIASES: Readonly<Record<string, string>> = {
  UTF8: "UTF8",
  ASCII: "USASCII",
  USASCII: "USASCII",
  US: "USASCII",
  ANSIX341968: "USASCII",
  ANSIX341986: "USASCII",
  ISO646US: "USASCII",
  IBM367: "USASCII",
  CP367: "USASCII",
  LATIN1: "ISO88591",
  L1: "ISO88591",
  ISO885911987: "ISO88591",
  IBM819: "ISO88591",
  CP819: "ISO88591",
  LATIN2: "ISO88592",
  L2: "ISO88592",
  ISO885921987: "ISO88592",
  LATIN9: "ISO885915",
  IBM437: "CP437",
  "437": "CP437",
  CSPC8CODEPAGE437: "CP437",
  WINDOWS1251: "CP1251",
  WINDOWS1252: "CP1252",
  SJIS: "SHIFTJIS",
  MSKANJI: "SHIFTJIS",
  EUCKR: "EUCKR",
  UHC: "CP949",
  KOI8R: "KOI8R",
  BIG5: "BIG5",
  GB18030: "GB18030",
};

/** A character set name reduced for comparison: case and punctuation ignored, common aliases joined (`utf8` and `UTF-8`, `Latin1` and `ISO-8859-1`). */
export function charsetKey(name: string): string {
  const k = name.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return ALIASES[k] ?? k;
}

/** Whether two character set names mean the same set (RFC 2066: case is not significant). */
export function sameCharset(a: string, b: string): boolean {
  return charsetKey(a) === charsetKey(b);
}

// ------------------------------------------------------------------ codec

const TTABLE_TAG = "[TTABLE]";
const SEPARATORS = [";", " ", ",", "|", ":", "/", "+", "!"];

function ascii(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

function checkName(name: unknown, what: string): string {
  if (typeof name !== "string" || name.length === 0 || !/^[\x20-\x7e]+$/.test(name)) {
    throw new TypeError(`charset: ${what} must be a non-empty string of printable ASCII`);
  }
  return name;
}

function pushAscii(out: number[], s: string): void {
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
}

// "[TTABLE]" or the "[TTABLE ]" of the RFC's syntax line, in any case; its length or 0.
function ttableTag(p: Uint8Array, at: number): number {
  for (const tag of ["[TTABLE]", "[TTABLE ]"]) {
    if (p.length >= at + tag.length && ascii(p, at, at + tag.length).toUpperCase() === tag) return tag.length;
  }
  return 0;
}

function decodeRequest(p: Uint8Array, problems: string[]): CharsetMessage | string {
  let at = 1;
  let ttable: number | undefined;
  const tag = ttableTag(p, at);
  if (tag > 0) {
    at += tag;
    if (at >= p.length) return "REQUEST ends after [TTABLE]";
    const version = p[at++];
    if (version === 0) problems.push("REQUEST offers TTABLE version 0, which must not be zero: read without TTABLE");
    else ttable = version;
  }
  if (at >= p.length) return "REQUEST without a character set list";
  const separator = p[at++];
  const charsets: string[] = [];
  let start = at;
  for (let i = at; i <= p.length; i++) {
    if (i === p.length || p[i] === separator) {
      if (i > start) {
        // Names are printable US-ASCII (RFC 2066 §2, IANA names): another could not be named back in ACCEPTED.
        const name = ascii(p, start, i);
        if (/^[\x20-\x7e]+$/.test(name)) charsets.push(name);
        else problems.push(`REQUEST names ${JSON.stringify(name)}, which is not printable ASCII: skipped`);
      }
      start = i + 1;
    }
  }
  if (charsets.length === 0) return "REQUEST with an empty character set list";
  const msg: CharsetMessage = { kind: "request", charsets, separator };
  if (ttable !== undefined) msg.ttable = ttable;
  return msg;
}

function decodeTable(p: Uint8Array): { table?: TranslationTable; error?: string } {
  const separator = p[2];
  if (separator === undefined) return { error: "TTABLE-IS without a separator" };
  let at = 3;
  const name = (): string | undefined => {
    const end = p.indexOf(separator, at);
    if (end === -1) return undefined;
    const s = ascii(p, at, end);
    at = end + 1;
    return s;
  };
  const sizeCount = (): { size: number; count: number } | string => {
    if (at + 4 > p.length) return "TTABLE-IS ends inside a character size or count";
    const size = p[at];
    const count = (p[at + 1] << 16) | (p[at + 2] << 8) | p[at + 3];
    at += 4;
    if (size < 1 || size > 32) return `TTABLE-IS character size ${size} is not 1-32`;
    if (size < 24 && count > 2 ** size) return `TTABLE-IS count ${count} is more than 2^${size} characters`;
    return { size, count };
  };
  const charset1 = name();
  if (charset1 === undefined) return { error: "TTABLE-IS ends inside the first character set name" };
  const s1 = sizeCount();
  if (typeof s1 === "string") return { error: s1 };
  // <char set name 2> ends at a separator after the counts, not before (RFC 2066 §2 syntax).
  const charset2 = name();
  if (charset2 === undefined) return { error: "TTABLE-IS ends inside the second character set name" };
  const s2 = sizeCount();
  if (typeof s2 === "string") return { error: s2 };
  const readMap = (size: number, count: number): number[] | undefined => {
    const width = Math.ceil(size / 8);
    if (at + count * width > p.length) return undefined;
    const map = new Array<number>(count);
    for (let i = 0; i < count; i++) {
      let v = 0;
      for (let k = 0; k < width; k++) v = v * 256 + p[at++];
      map[i] = v;
    }
    return map;
  };
  const map1 = readMap(s1.size, s1.count);
  if (map1 === undefined) return { error: "TTABLE-IS ends inside map 1" };
  const map2 = readMap(s2.size, s2.count);
  if (map2 === undefined) return { error: "TTABLE-IS ends inside map 2" };
  if (at !== p.length) return { error: `TTABLE-IS has ${p.length - at} bytes after map 2` };
  return {
    table: { version: 1, separator, charset1, charSize1: s1.size, map1, charset2, charSize2: s2.size, map2 },
  };
}

/**
 * Decode a CHARSET payload (after the option code, IAC undoubled). A string says why it is
 * not a CHARSET message at all; otherwise the message and the problems skipped over. A
 * TTABLE-IS that does not parse is still a message (with `error`), since it is answered.
 * Never throws.
 */
export function decodeCharset(payload: Uint8Array): { message: CharsetMessage; problems: string[] } | string {
  if (payload.length === 0) return "empty subnegotiation";
  const problems: string[] = [];
  const cmd = payload[0];
  const bare = (kind: "rejected" | "ttable-rejected" | "ttable-ack" | "ttable-nak") => {
    if (payload.length > 1) problems.push(`${payload.length - 1} bytes after ${kind.toUpperCase()}, ignored`);
    return { message: { kind } as CharsetMessage, problems };
  };
  switch (cmd) {
    case CHARSET_REQUEST: {
      const m = decodeRequest(payload, problems);
      return typeof m === "string" ? m : { message: m, problems };
    }
    case CHARSET_ACCEPTED:
      if (payload.length === 1) return "ACCEPTED without a character set";
      return { message: { kind: "accepted", charset: ascii(payload, 1, payload.length) }, problems };
    case CHARSET_REJECTED:
      return bare("rejected");
    case CHARSET_TTABLE_IS: {
      if (payload.length < 2) return { message: { kind: "ttable-is", version: 0, error: "TTABLE-IS without a version" }, problems };
      const version = payload[1];
      if (version !== 1) return { message: { kind: "ttable-is", version, error: `TTABLE-IS version ${version} is not 1` }, problems };
      return { message: { kind: "ttable-is", version, ...decodeTable(payload) }, problems };
    }
    case CHARSET_TTABLE_REJECTED:
      return bare("ttable-rejected");
    case CHARSET_TTABLE_ACK:
      return bare("ttable-ack");
    case CHARSET_TTABLE_NAK:
      return bare("ttable-nak");
    default:
      return `subcommand ${cmd} is not a CHARSET message`;
  }
}

/** A separator that appears in none of the names. */
export function chooseSeparator(names: readonly string[]): number {
  for (const s of SEPARATORS) if (names.every((n) => !n.includes(s))) return s.charCodeAt(0);
  throw new TypeError("charset: every usual separator appears in a character set name");
}

function pushMap(out: number[], map: readonly number[], size: number): void {
  const width = Math.ceil(size / 8);
  for (const v of map) {
    if (!Number.isInteger(v) || v < 0 || v >= 2 ** (width * 8)) throw new TypeError(`charset: map entry ${v} does not fit ${width} octets`);
    for (let k = width - 1; k >= 0; k--) out.push(Math.floor(v / 2 ** (8 * k)) & 0xff);
  }
}

function pushSizeCount(out: number[], size: number, count: number): void {
  if (!Number.isInteger(size) || size < 1 || size > 32) throw new TypeError("charset: character size must be 1-32");
  if (count > 0xffffff) throw new TypeError("charset: a map holds at most 2^24 - 1 characters");
  out.push(size, (count >> 16) & 0xff, (count >> 8) & 0xff, count & 0xff);
}

/** CHARSET payload for a message (before IAC doubling, which the session applies). Throws TypeError on an invalid message. */
export function encodeCharset(message: CharsetMessage | { kind: "ttable-is"; table: TranslationTable }): Uint8Array {
  const out: number[] = [];
  switch (message.kind) {
    case "request": {
      out.push(CHARSET_REQUEST);
      if (!Array.isArray(message.charsets) || message.charsets.length === 0) {
        throw new TypeError("charset request: charsets must be a non-empty array");
      }
      message.charsets.forEach((n) => checkName(n, "a character set name"));
      if (message.ttable !== undefined) {
        if (!Number.isInteger(message.ttable) || message.ttable < 1 || message.ttable > 255) {
          throw new TypeError("charset request: ttable version must be 1-255");
        }
        pushAscii(out, TTABLE_TAG);
        out.push(message.ttable);
      }
      const sep = message.separator ?? chooseSeparator(message.charsets);
      for (const n of message.charsets) {
        if (n.includes(String.fromCharCode(sep))) throw new TypeError(`charset request: separator appears in ${n}`);
        out.push(sep);
        pushAscii(out, n);
      }
      break;
    }
    case "accepted":
      out.push(CHARSET_ACCEPTED);
      pushAscii(out, checkName(message.charset, "charset"));
      break;
    case "rejected":
      out.push(CHARSET_REJECTED);
      break;
    case "ttable-is": {
      const t = message.table;
      if (!t || t.version !== 1) throw new TypeError("charset ttable-is: only a version 1 table can be sent");
      const sep = t.separator ?? chooseSeparator([t.charset1, t.charset2]);
      for (const n of [checkName(t.charset1, "charset1"), checkName(t.charset2, "charset2")]) {
        if (n.includes(String.fromCharCode(sep))) throw new TypeError(`charset ttable-is: separator appears in ${n}`);
      }
      out.push(CHARSET_TTABLE_IS, 1, sep);
      pushAscii(out, t.charset1);
      out.push(sep);
      pushSizeCount(out, t.charSize1, t.map1.length);
      pushAscii(out, t.charset2);
      out.push(sep);
      pushSizeCount(out, t.charSize2, t.map2.length);
      pushMap(out, t.map1, t.charSize1);
      pushMap(out, t.map2, t.charSize2);
      break;
    }
    case "ttable-rejected":
      out.push(CHARSET_TTABLE_REJECTED);
      break;
    case "ttable-ack":
      out.push(CHARSET_TTABLE_ACK);
      break;
    case "ttable-nak":
      out.push(CHARSET_TTABLE_NAK);
      break;
    default:
      throw new TypeError(`charset: unknown kind ${JSON.stringify((message as { kind: unknown }).kind)}`);
  }
  return new Uint8Array(out);
}

// ------------------------------------------------------------------ behaviour

interface OurRequest {
  charsets: string[];
  ttable: boolean;
  // TTABLE-NAKs we sent for the peer's table in this subnegotiation.
  naks: number;
}

interface CharsetState {
  charset: string | undefined;
  table: TranslationTable | undefined;
  // Our REQUEST waiting for its answer.
  ours: OurRequest | null;
  // Our TTABLE-IS waiting for ACK, NAK or TTABLE-REJECTED.
  sentTable: { table: TranslationTable; resent: boolean } | null;
  // A request to make once CHARSET is on and nothing else is going on.
  queued: { charsets: string[]; ttable: boolean } | null;
  // The automatic request was made since the option last turned on.
  auto: boolean;
}

function state(host: OptionHost): CharsetState {
  return host.state<CharsetState>(OPT.CHARSET, () => ({
    charset: undefined,
    table: undefined,
    ours: null,
    sentTable: null,
    queued: null,
    auto: false,
  }));
}

/** The character set in force, the translation table if one was agreed, and whether a CHARSET subnegotiation is going on (RFC 2066 §5: data should wait for its end). */
export function charsetStatus(host: OptionHost): CharsetStatus {
  const st = state(host);
  return { charset: st.charset, table: st.table, negotiating: st.ours !== null || st.sentTable !== null };
}

/** The character set agreed with the peer through CHARSET, or undefined while none is. */
export function agreedCharset(host: OptionHost): string | undefined {
  return state(host).charset;
}

function ourCharsets(host: OptionHost): readonly string[] {
  return host.settings.charsets ?? ["UTF-8"];
}

function on(host: OptionHost): boolean {
  return host.isEnabled(OPT.CHARSET, "local") || host.isEnabled(OPT.CHARSET, "remote");
}

function reply(host: OptionHost, message: Parameters<typeof encodeCharset>[0]): void {
  host.subnegotiate(OPT.CHARSET, encodeCharset(message));
}

function agree(host: OptionHost, st: CharsetState, charset: string, initiator: Side, table?: TranslationTable): void {
  st.charset = charset;
  st.table = table;
  host.emit(
    table
      ? { type: "charset", kind: "accepted", charset, initiator, table }
      : { type: "charset", kind: "accepted", charset, initiator },
  );
}

function rejected(host: OptionHost, initiator: Side, reason: CharsetRejectReason): void {
  host.emit({ type: "charset", kind: "rejected", initiator, reason });
}

function request(host: OptionHost, charsets: string[], ttable: boolean): void {
  const st = state(host);
  if (!on(host) || st.ours !== null || st.sentTable !== null) {
    st.queued = { charsets, ttable };
    return;
  }
  st.queued = null;
  st.ours = { charsets, ttable, naks: 0 };
  const separator = chooseSeparator(charsets);
  reply(host, ttable ? { kind: "request", charsets, separator, ttable: 1 } : { kind: "request", charsets, separator });
}

// A subnegotiation ended: make the request that was waiting, if any.
function ended(host: OptionHost, st: CharsetState): void {
  if (st.queued) request(host, st.queued.charsets, st.queued.ttable);
}

function answerRequest(host: OptionHost, st: CharsetState, msg: { charsets: string[]; ttable?: number }): void {
  const preferred = ourCharsets(host);
  const mine = new Set(preferred.map(charsetKey));
  // RFC 2066 §2: the receiver "may choose one based on its own preferences", as the
  // Cyrillic example of §5 does: the first of our list that the requester offers,
  // answered with the requester's spelling (ACCEPTED names one of the REQUEST's sets).
  let match: string | undefined;
  for (const p of preferred) {
    match = msg.charsets.find((n) => sameCharset(n, p));
    if (match !== undefined) break;
  }
  if (match !== undefined) {
    reply(host, { kind: "accepted", charset: match });
    agree(host, st, match, "remote");
    return;
  }
  if (msg.ttable !== undefined) {
    const asked = new Set(msg.charsets.map(charsetKey));
    const table = host.settings.translationTables?.find(
      (t) => asked.has(charsetKey(t.charset1)) && mine.has(charsetKey(t.charset2)),
    );
    if (table) {
      st.sentTable = { table, resent: false };
      reply(host, { kind: "ttable-is", table });
      return;
    }
  }
  reply(host, { kind: "rejected" });
  rejected(host, "remote", "no-match");
}

function receiveTable(host: OptionHost, st: CharsetState, msg: { version: number; table?: TranslationTable; error?: string }): void {
  const ours = st.ours;
  if (ours === null || !ours.ttable) {
    host.warn("wrong-state", "CHARSET TTABLE-IS, but we offered no TTABLE in a request: refused", OPT.CHARSET);
    reply(host, { kind: "ttable-rejected" });
    if (ours !== null) {
      st.ours = null;
      rejected(host, "local", "ttable-rejected");
      ended(host, st);
    }
    return;
  }
  if (msg.table) host.emit({ type: "charset", kind: "ttable-is", table: msg.table });
  const refuse = () => {
    st.ours = null;
    reply(host, { kind: "ttable-rejected" });
    rejected(host, "local", "ttable-rejected");
    ended(host, st);
  };
  if (!msg.table) host.warn("malformed-subnegotiation", `CHARSET: ${msg.error ?? "bad TTABLE-IS"}`, OPT.CHARSET);
  if (host.settings.charsetTables !== "accept") {
    refuse();
    return;
  }
  if (!msg.table) {
    // RFC 2066 §2: ask once more (TTABLE-NAK); after that, refuse instead of another futile try.
    if (msg.version === 1 && ours.naks === 0) {
      ours.naks++;
      reply(host, { kind: "ttable-nak" });
    } else refuse();
    return;
  }
  const table = msg.table;
  if (!ours.charsets.some((n) => sameCharset(n, table.charset1))) {
    // RFC 2066 §2: <char set name 1> MUST be one of the requested sets.
    host.warn("malformed-subnegotiation", `CHARSET TTABLE-IS maps ${table.charset1}, which we did not request`, OPT.CHARSET);
    refuse();
    return;
  }
  st.ours = null;
  reply(host, { kind: "ttable-ack" });
  agree(host, st, table.charset2, "local", table);
  ended(host, st);
}

function receive(payload: Uint8Array, host: OptionHost): void {
  // Off on both sides: ignored, as one sent in flight with a refusal (no warning).
  if (!on(host)) return;
  const st = state(host);
  const decoded = decodeCharset(payload);
  if (typeof decoded === "string") {
    host.warn("malformed-subnegotiation", `CHARSET: ${decoded}`, OPT.CHARSET);
    if (payload[0] === CHARSET_REQUEST && st.sentTable === null) {
      // RFC 2066 §2: a request is never left unanswered.
      reply(host, { kind: "rejected" });
    } else if (payload[0] === CHARSET_ACCEPTED && st.ours !== null) {
      st.ours = null;
      rejected(host, "local", "peer-rejected");
      ended(host, st);
    }
    return;
  }
  for (const p of decoded.problems) host.warn("malformed-subnegotiation", `CHARSET: ${p}`, OPT.CHARSET);
  const msg = decoded.message;
  switch (msg.kind) {
    case "request": {
      host.emit(
        msg.ttable === undefined
          ? { type: "charset", kind: "request", charsets: msg.charsets }
          : { type: "charset", kind: "request", charsets: msg.charsets, ttable: msg.ttable },
      );
      if (st.sentTable !== null || (st.ours !== null && st.ours.naks > 0)) {
        host.warn("wrong-state", "CHARSET REQUEST while a subnegotiation is going on (RFC 2066 §5): rejected", OPT.CHARSET);
        reply(host, { kind: "rejected" });
        rejected(host, "remote", "busy");
      } else if (st.ours !== null && host.role === "server") {
        // RFC 2066 §2, §5: requests crossed; the server rejects the client's, and ours stands.
        reply(host, { kind: "rejected" });
        rejected(host, "remote", "collision");
      } else {
        // No request of ours, or we are the client in a collision: answer the server's.
        answerRequest(host, st, msg);
      }
      return;
    }
    case "accepted": {
      const ours = st.ours;
      if (ours === null) {
        host.warn("wrong-state", `CHARSET ACCEPTED ${msg.charset}, but we have no request waiting: ignored`, OPT.CHARSET);
        return;
      }
      if (!ours.charsets.some((n) => sameCharset(n, msg.charset))) {
        host.warn("malformed-subnegotiation", `CHARSET ACCEPTED ${msg.charset}, which we did not request`, OPT.CHARSET);
      }
      st.ours = null;
      agree(host, st, msg.charset, "local");
      ended(host, st);
      return;
    }
    case "rejected":
      if (st.ours === null) {
        host.warn("wrong-state", "CHARSET REJECTED, but we have no request waiting: ignored", OPT.CHARSET);
        return;
      }
      st.ours = null;
      rejected(host, "local", "peer-rejected");
      ended(host, st);
      return;
    case "ttable-is":
      receiveTable(host, st, msg);
      return;
    case "ttable-ack":
    case "ttable-nak":
    case "ttable-rejected": {
      const sent = st.sentTable;
      if (sent === null) {
        host.warn("wrong-state", `CHARSET ${msg.kind.toUpperCase()}, but we sent no translation table: ignored`, OPT.CHARSET);
        return;
      }
      if (msg.kind === "ttable-ack") {
        st.sentTable = null;
        agree(host, st, sent.table.charset2, "remote", sent.table);
      } else if (msg.kind === "ttable-nak" && !sent.resent) {
        host.emit({ type: "charset", kind: "ttable-nak" });
        sent.resent = true;
        reply(host, { kind: "ttable-is", table: sent.table });
        return;
      } else {
        if (msg.kind === "ttable-nak") {
          // RFC 2066 §2: the table sender gives up with CHARSET REJECTED after repeated NAKs.
          host.emit({ type: "charset", kind: "ttable-nak" });
          reply(host, { kind: "rejected" });
        }
        st.sentTable = null;
        rejected(host, "remote", "ttable-rejected");
      }
      ended(host, st);
      return;
    }
  }
}

function checkCharsets(charsets: unknown): string[] {
  if (!Array.isArray(charsets) || charsets.length === 0) throw new TypeError("charset request: charsets must be a non-empty array");
  const list = charsets.map((n) => checkName(n, "a character set name"));
  chooseSeparator(list);
  return list;
}

function autoRequest(host: OptionHost): boolean {
  const s = host.settings;
  return s.charsetRequest ?? (s.charsets !== undefined && s.charsets.length > 0);
}

export const charset: OptionModule = {
  code: OPT.CHARSET,
  name: "charset",
  defaults: {
    client: { local: "accept", remote: "accept" },
    server: { local: "accept", remote: "accept" },
  },
  commands: ["charset"],
  receive,
  send(command, host) {
    const c = command as CharsetCommand;
    if (c.kind !== "request") throw new TypeError(`charset: unknown kind ${JSON.stringify((c as { kind: unknown }).kind)}`);
    const charsets = checkCharsets(c.charsets ?? ourCharsets(host));
    if (c.ttable !== undefined && typeof c.ttable !== "boolean") throw new TypeError("charset request: ttable must be a boolean");
    request(host, charsets, c.ttable ?? host.settings.charsetTables === "accept");
  },
  changed(side, enabled, host) {
    const st = state(host);
    if (!enabled) {
      if (!on(host)) {
        st.ours = null;
        st.sentTable = null;
        st.auto = false;
      }
      return;
    }
    if (st.queued) {
      request(host, st.queued.charsets, st.queued.ttable);
      return;
    }
    // RFC 2066 §5: the WILL side asks; a server also asks once the client's side is on (MUD convention).
    if (!st.auto && autoRequest(host) && (side === "local" || host.role === "server")) {
      st.auto = true;
      request(host, checkCharsets(ourCharsets(host)), host.settings.charsetTables === "accept");
    }
  },
};
