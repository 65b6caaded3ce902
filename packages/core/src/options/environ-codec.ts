/**
 * The variable lists of NEW-ENVIRON (RFC 1572) and ENVIRON (RFC 1408): SEND, IS and INFO
 * with VAR, VALUE, USERVAR and ESC, shared by both options.
 *
 * RFC 1408 and RFC 1572 both write VAR = 0 and VALUE = 1, but the BSD implementation of
 * the old ENVIRON option uses VAR = 1 and VALUE = 0 (RFC 1571 §1). Every function here
 * takes the code assignment to use (`"rfc"` or `"reversed"`); NEW-ENVIRON always uses
 * `"rfc"`. ESC (2) and USERVAR (3) are the same in both. Names and values are text:
 * encoded as UTF-8, decoded as UTF-8 when valid and as ISO 8859-1 otherwise.
 */
import { latin1 } from "../engine/bytes.js";

/** Subnegotiation commands (RFC 1572 §1, RFC 1408 §1). */
export const ENV_IS = 0;
export const ENV_SEND = 1;
export const ENV_INFO = 2;

/** Type codes as RFC 1572 (and RFC 1408 as written) assign them. */
export const ENV_VAR = 0;
export const ENV_VALUE = 1;
export const ENV_ESC = 2;
export const ENV_USERVAR = 3;

/**
 * Which byte is VAR and which is VALUE: `"rfc"` is VAR 0, VALUE 1 (RFC 1572, RFC 1408 as
 * written); `"reversed"` is VAR 1, VALUE 0 (BSD's ENVIRON, RFC 1571).
 */
export type EnvironCodes = "rfc" | "reversed";

/** The well-known variables of RFC 1572 §5 (and RFC 1408 §5), sent with VAR. */
export const WELL_KNOWN_VARIABLES = ["USER", "JOB", "ACCT", "PRINTER", "SYSTEMTYPE", "DISPLAY"] as const;

/**
 * The MUD New Environment Standard's variables (mud-mnes.md), which MUD clients send with
 * VAR over NEW-ENVIRON: CHARSET, CLIENT_NAME, CLIENT_VERSION, IPADDRESS, MTTS, TERMINAL_TYPE.
 */
export const MNES_VARIABLES = ["CHARSET", "CLIENT_NAME", "CLIENT_VERSION", "IPADDRESS", "MTTS", "TERMINAL_TYPE"] as const;

/** `var`: a well-known variable (VAR); `uservar`: a user variable (USERVAR). */
export type EnvironVariableKind = "var" | "uservar";

/**
 * One variable of an IS or INFO. `value` absent is an undefined variable (a type with no
 * VALUE, RFC 1572 §2); `""` is a variable defined with an empty value.
 */
export interface EnvironVariable {
  kind: EnvironVariableKind;
  name: string;
  value?: string;
}

/** One entry of a SEND: a variable by name, or every variable of that kind when `name` is absent or empty. */
export interface EnvironRequest {
  kind: EnvironVariableKind;
  name?: string;
}

/** A decoded NEW-ENVIRON / ENVIRON subnegotiation. An empty `requests` list asks for the whole default environment. */
export type EnvironMessage =
  | { command: "send"; requests: EnvironRequest[] }
  | { command: "is" | "info"; variables: EnvironVariable[] };

/** A decoded message and what was wrong in it but could be skipped. */
export interface EnvironDecoded {
  message: EnvironMessage;
  /** Problems found and skipped, one sentence each (the session reports them as warnings). */
  problems: string[];
}

/** A type byte and its bytes, up to the next type byte, ESC removed: `buf[start, end)` of its tokenize(). */
interface Token {
  code: number;
  start: number;
  end: number;
}

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

/** Bytes of a name or value to text: ASCII and valid UTF-8 as such, anything else as ISO 8859-1. */
export function environText(bytes: Uint8Array): string {
  return textOf(bytes, 0, bytes.length);
}

function textOf(bytes: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (bytes[i] > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (!ascii) {
    try {
      return utf8Strict.decode(bytes.subarray(start, end));
    } catch {
      // not UTF-8: one character per byte
    }
  }
  return latin1(bytes, start, end);
}

function varCode(codes: EnvironCodes): number {
  return codes === "rfc" ? ENV_VAR : ENV_VALUE;
}

function valueCode(codes: EnvironCodes): number {
  return codes === "rfc" ? ENV_VALUE : ENV_VAR;
}

// The 4 type bytes are escaped in names and values in both code assignments.
function isTypeByte(b: number): boolean {
  return b <= ENV_USERVAR;
}

/**
 * Split the list after the command byte into type tokens, undoing ESC. `lead` counts the
 * bytes before the first type byte (none are legal); `danglingEsc` is an ESC at the end.
 */
function tokenize(payload: Uint8Array, start: number): { buf: Uint8Array; tokens: Token[]; lead: number; danglingEsc: boolean } {
  const tokens: Token[] = [];
  // Without ESC each token's bytes are where they are in the payload; with ESC they are
  // copied, without it, into a buffer of their own.
  const compact = payload.indexOf(ENV_ESC, start) !== -1;
  const buf = compact ? new Uint8Array(payload.length) : payload;
  let lead = 0;
  let code = -1;
  let from = 0;
  let w = 0;
  let danglingEsc = false;
  for (let i = start; i < payload.length; i++) {
    let b = payload[i];
    if (b === ENV_ESC) {
      if (i + 1 === payload.length) {
        danglingEsc = true;
        break;
      }
      b = payload[++i];
    } else if (isTypeByte(b)) {
      if (code !== -1) tokens.push({ code, start: from, end: w });
      code = b;
      from = w = compact ? w : i + 1;
      continue;
    }
    if (code === -1) lead++;
    else {
      if (compact) buf[w] = b;
      w++;
    }
  }
  if (code !== -1) tokens.push({ code, start: from, end: w });
  return { buf, tokens, lead, danglingEsc };
}

/**
 * Decode a NEW-ENVIRON or ENVIRON payload (the bytes after the option code, IAC already
 * undoubled). Returns a string when the payload is not a SEND, IS or INFO at all; otherwise
 * the message with anything malformed skipped and described in `problems`. Never throws.
 */
export function decodeEnviron(payload: Uint8Array, codes: EnvironCodes = "rfc"): EnvironDecoded | string {
  if (payload.length === 0) return "empty subnegotiation";
  const cmd = payload[0];
  if (cmd !== ENV_IS && cmd !== ENV_SEND && cmd !== ENV_INFO) return `subcommand ${cmd} is not IS, SEND or INFO`;
  const problems: string[] = [];
  const { buf, tokens, lead, danglingEsc } = tokenize(payload, 1);
  if (lead > 0) problems.push(`${lead} bytes before the first VAR or USERVAR, skipped`);
  if (danglingEsc) problems.push("ESC at the end of the list, dropped");
  const VAR = varCode(codes);
  if (cmd === ENV_SEND) {
    const requests: EnvironRequest[] = [];
    for (const t of tokens) {
      if (t.code === ENV_USERVAR || t.code === VAR) {
        const kind: EnvironVariableKind = t.code === VAR ? "var" : "uservar";
        requests.push(t.end > t.start ? { kind, name: textOf(buf, t.start, t.end) } : { kind });
      } else {
        problems.push("VALUE in a SEND, skipped");
      }
    }
    return { message: { command: "send", requests }, problems };
  }
  const variables: EnvironVariable[] = [];
  let current: EnvironVariable | null = null;
  for (const t of tokens) {
    if (t.code === ENV_USERVAR || t.code === VAR) {
      current = { kind: t.code === VAR ? "var" : "uservar", name: textOf(buf, t.start, t.end) };
      variables.push(current);
    } else if (current !== null && current.value === undefined) {
      current.value = textOf(buf, t.start, t.end);
    } else {
      problems.push(current === null ? "VALUE before any variable, skipped" : "two VALUEs for one variable, the second skipped");
    }
  }
  return { message: { command: cmd === ENV_IS ? "is" : "info", variables }, problems };
}

function pushEscaped(out: number[], bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (isTypeByte(b)) out.push(ENV_ESC);
    out.push(b);
  }
}

function pushType(out: number[], kind: EnvironVariableKind, codes: EnvironCodes): void {
  out.push(kind === "var" ? varCode(codes) : ENV_USERVAR);
}

function checkKind(kind: unknown): EnvironVariableKind {
  if (kind !== "var" && kind !== "uservar") throw new TypeError(`environ: kind must be "var" or "uservar", not ${JSON.stringify(kind)}`);
  return kind;
}

function checkText(text: unknown, what: string): string {
  if (typeof text !== "string") throw new TypeError(`environ: ${what} must be a string`);
  return text;
}

/** Payload of one SEND entry, without the command byte. */
function encodeRequest(out: number[], r: EnvironRequest, codes: EnvironCodes): void {
  pushType(out, checkKind(r.kind), codes);
  if (r.name !== undefined) pushEscaped(out, utf8.encode(checkText(r.name, "name")));
}

/** NEW-ENVIRON / ENVIRON payload for `SEND`, type bytes and names escaped (RFC 1572 §2). An empty list asks for everything. */
export function encodeEnvironSend(requests: readonly EnvironRequest[], codes: EnvironCodes = "rfc"): Uint8Array {
  const out: number[] = [ENV_SEND];
  for (const r of requests) encodeRequest(out, r, codes);
  return new Uint8Array(out);
}

/** NEW-ENVIRON / ENVIRON payload for `IS` or `INFO`; a variable without `value` is sent as undefined (no VALUE). */
export function encodeEnvironVariables(
  command: "is" | "info",
  variables: readonly EnvironVariable[],
  codes: EnvironCodes = "rfc",
): Uint8Array {
  const out: number[] = [command === "is" ? ENV_IS : ENV_INFO];
  for (const v of variables) {
    pushType(out, checkKind(v.kind), codes);
    pushEscaped(out, utf8.encode(checkText(v.name, "name")));
    if (v.value !== undefined) {
      out.push(valueCode(codes));
      pushEscaped(out, utf8.encode(checkText(v.value, "value")));
    }
  }
  return new Uint8Array(out);
}

/** Encode any NEW-ENVIRON / ENVIRON message. */
export function encodeEnviron(message: EnvironMessage, codes: EnvironCodes = "rfc"): Uint8Array {
  return message.command === "send"
    ? encodeEnvironSend(message.requests, codes)
    : encodeEnvironVariables(message.command, message.variables, codes);
}

/**
 * Largest SEND subnegotiation we write, from IAC SB to IAC SE with IAC doubled: inetutils
 * telnet keeps subnegotiations in a 256-byte buffer and drops the rest.
 */
export const ENVIRON_SEND_LIMIT = 240;

// IAC SB option ... IAC SE, with every 255 of the payload doubled.
function framedLength(payload: readonly number[] | Uint8Array): number {
  let n = payload.length + 5;
  for (let i = 0; i < payload.length; i++) if (payload[i] === 0xff) n++;
  return n;
}

/**
 * SEND payloads for a list of requests, split so that each framed subnegotiation is at
 * most `limit` bytes. An entry too long to fit with the SEND byte alone goes in a
 * subnegotiation of its own. An empty list gives one SEND that asks for everything.
 */
export function splitEnvironSend(
  requests: readonly EnvironRequest[],
  codes: EnvironCodes = "rfc",
  limit: number = ENVIRON_SEND_LIMIT,
): Uint8Array[] {
  if (requests.length === 0) return [new Uint8Array([ENV_SEND])];
  const payloads: Uint8Array[] = [];
  let cur: number[] = [ENV_SEND];
  for (const r of requests) {
    const entry: number[] = [];
    encodeRequest(entry, r, codes);
    if (cur.length > 1 && framedLength(cur) + framedLength(entry) - 5 > limit) {
      payloads.push(new Uint8Array(cur));
      cur = [ENV_SEND];
    }
    for (const b of entry) cur.push(b);
  }
  payloads.push(new Uint8Array(cur));
  return payloads;
}

// ------------------------------------------------------------ RFC 1571 guesses

/**
 * RFC 1571 §2 (client parsing a SEND): a SEND holds only VAR and USERVAR, so a VALUE byte
 * means the server uses reversed codes. Returns the codes the SEND shows, `undefined` when
 * it holds neither VAR nor VALUE (keep assuming what we assumed), and `conflict` when it
 * holds both (ill-formed; the first one seen decides).
 */
export function guessSendCodes(payload: Uint8Array): { codes: EnvironCodes | undefined; conflict: boolean } {
  const { tokens } = tokenize(payload, 1);
  let first: EnvironCodes | undefined;
  let seen0 = false;
  let seen1 = false;
  for (const t of tokens) {
    if (t.code === ENV_VAR) seen0 = true;
    else if (t.code === ENV_VALUE) seen1 = true;
    else continue;
    first ??= t.code === ENV_VAR ? "rfc" : "reversed";
  }
  return { codes: first, conflict: seen0 && seen1 };
}

/**
 * RFC 1571 §3 and §5 (server parsing an IS or INFO): the codes the client uses, by the
 * first rule that decides, in the order of §5's summary; `codes` is undefined when none
 * does ("anything else": assume the client is ok). `rule` names the deciding rule.
 */
export function guessIsCodes(payload: Uint8Array): { codes: EnvironCodes | undefined; rule: string } {
  const { buf, tokens, lead } = tokenize(payload, 1);
  // An empty list shows nothing (the counting rule would call it "ok" and fix that for good).
  if (tokens.length === 0) return { codes: undefined, rule: "an empty list" };
  // Codes below are the bytes: 0 is VAR and 1 is VALUE under the RFC's definitions.
  if (lead === 0 && tokens.length > 0) {
    if (tokens[0].code === 0) return { codes: "rfc", rule: "IS/INFO is followed by VAR" };
    if (tokens[0].code === 1) return { codes: "reversed", rule: "IS/INFO is followed by VALUE" };
  }
  const adjacent = (c: number) => tokens.some((t, i) => i > 0 && t.code === c && tokens[i - 1].code === c);
  if (adjacent(0)) return { codes: "rfc", rule: "two consecutive VARs" };
  if (adjacent(1)) return { codes: "reversed", rule: "two consecutive VALUEs" };
  const empty = (c: number) => tokens.some((t) => t.code === c && t.end === t.start);
  if (empty(1)) return { codes: "rfc", rule: "an empty VALUE" };
  if (empty(0)) return { codes: "reversed", rule: "an empty VAR" };
  let vars = 0;
  let values = 0;
  let uservars = 0;
  for (let i = 0; i < tokens.length; i++) {
    const c = tokens[i].code;
    if (c === 0) vars++;
    else if (c === 1) values++;
    else if (c === ENV_USERVAR && (i === 0 || tokens[i - 1].code !== ENV_USERVAR)) uservars++;
  }
  if (uservars + vars === values) return { codes: "rfc", rule: "as many VARs and USERVARs as VALUEs" };
  if (uservars + values === vars) return { codes: "reversed", rule: "as many VALUEs and USERVARs as VARs" };
  const wellKnown = (c: number) =>
    tokens.some((t) => t.code === c && (WELL_KNOWN_VARIABLES as readonly string[]).includes(textOf(buf, t.start, t.end)));
  if (wellKnown(0)) return { codes: "rfc", rule: "a VAR names a well-known variable" };
  if (wellKnown(1)) return { codes: "reversed", rule: "a VALUE names a well-known variable" };
  return { codes: undefined, rule: "nothing decides" };
}
