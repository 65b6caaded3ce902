/**
 * MSDP (MUD Server Data Protocol), option 69 — mud-msdp.md.
 *
 * A subnegotiation is a list of `MSDP_VAR name MSDP_VAL value`; a value is UTF-8 text, a
 * table (`MSDP_TABLE_OPEN (VAR name VAL value)* MSDP_TABLE_CLOSE`, an object here) or an
 * array (`MSDP_ARRAY_OPEN (VAL value)* MSDP_ARRAY_CLOSE`). Several VALs after one VAR
 * make an array, and so does the same VAR given more than once: the spec treats
 * `VAR "REPORT" VAL "A" VAR "REPORT" VAL "B"` and `VAR "REPORT" VAL "A" VAL "B"` alike.
 *
 * The variables LIST, REPORT, RESET, SEND and UNREPORT are commands, usable by either side
 * ("Generic MSDP Commands"): they arrive as `command` events with their arguments, the
 * rest as one `variables` event. The session keeps the set of variables the peer asked
 * for with REPORT (`msdpReported`), so a server can send updates with
 * `{ type: "msdp", kind: "report", variables }` and only the reported ones go out.
 *
 * Nesting is limited to `MSDP_MAX_DEPTH` tables and arrays; deeper input is refused with a
 * `nesting-limit` warning (the parser keeps its own stack and never recurses on input).
 * Any other malformed payload gives `malformed-subnegotiation` and is dropped whole.
 *
 * Default policy: a client accepts the server's WILL MSDP (as TinTin++ and Mudlet do); a
 * server neither offers nor accepts it unless configured, e.g. `options: { msdp: "offer" }`.
 */
import { concatBytes } from "../engine/bytes.js";
import { OPT } from "../engine/constants.js";
import type { OptionHost, OptionModule } from "../engine/option.js";
import { isPlainObject, reservedCharAt, setEntry, utf8Bytes, utf8Text } from "./mud-text.js";

export const MSDP_VAR = 1;
export const MSDP_VAL = 2;
export const MSDP_TABLE_OPEN = 3;
export const MSDP_TABLE_CLOSE = 4;
export const MSDP_ARRAY_OPEN = 5;
export const MSDP_ARRAY_CLOSE = 6;

/** Most tables and arrays nested in one another that a message may hold. */
export const MSDP_MAX_DEPTH = 32;

/** The standard commands (mud-msdp.md, "Generic MSDP Commands"). */
export const MSDP_COMMANDS = ["LIST", "REPORT", "RESET", "SEND", "UNREPORT"] as const;
export type MsdpCommandName = (typeof MSDP_COMMANDS)[number];

/** A value as received: text, an array (MSDP array, or several VALs) or an object (MSDP table). */
export type MsdpValue = string | MsdpValue[] | { [name: string]: MsdpValue };

/** Variables by name. */
export type MsdpVariables = { [name: string]: MsdpValue };

/** A value to send: as `MsdpValue`, and numbers, which are sent as their decimal text. */
export type MsdpInput = string | number | readonly MsdpInput[] | { readonly [name: string]: MsdpInput };

/**
 * MSDP from the peer: `variables` (values it sends) or `command` (one of the standard
 * commands, with its arguments). A message holding both gives the variables first, then
 * each command.
 */
export type MsdpEvent =
  | { type: "msdp"; kind: "variables"; variables: MsdpVariables }
  | { type: "msdp"; kind: "command"; command: MsdpCommandName; args: string[] };

/**
 * MSDP to the peer, sent only while MSDP is on (otherwise nothing is sent):
 * - `variables`: send these variables and values;
 * - `report`: send those of these variables the peer asked for with REPORT, drop the others;
 * - `command`: send a standard command with its arguments, as the spec's list form
 *   (`VAR "REPORT" VAL "HEALTH" VAL "MANA"`).
 */
export type MsdpCommand =
  | { type: "msdp"; kind: "variables"; variables: { readonly [name: string]: MsdpInput } }
  | { type: "msdp"; kind: "report"; variables: { readonly [name: string]: MsdpInput } }
  | { type: "msdp"; kind: "command"; command: MsdpCommandName; args: readonly string[] };

/** A decoded MSDP payload, or what is wrong with it. */
export type MsdpDecoded =
  | { ok: true; variables: MsdpVariables }
  | { ok: false; code: "malformed-subnegotiation" | "nesting-limit"; reason: string };

// ------------------------------------------------------------------------ decode

const ROOT = 0;
const TABLE = 1;
const ARRAY = 2;

// Where the parser stands within the innermost table or array.
const EXPECT = 0; // at its start: VAR (table) or VAL (array) or its close
const NAME = 1; // after VAR: the name, then VAL
const VALUE = 2; // just after VAL: text, or a table or array opening
const AFTER = 3; // after a value: another VAL, VAR (table), or the close

interface Frame {
  kind: typeof ROOT | typeof TABLE | typeof ARRAY;
  // Tables: values by name, in first-seen order; a repeated name adds values.
  entries: Map<string, MsdpValue[]> | null;
  items: MsdpValue[] | null;
  name: string;
}

function tableOf(entries: Map<string, MsdpValue[]>): MsdpVariables {
  const obj: MsdpVariables = {};
  for (const [name, vals] of entries) setEntry(obj, name, vals.length === 1 ? vals[0] : vals);
  return obj;
}

function addValue(frame: Frame, value: MsdpValue): void {
  if (frame.items) {
    frame.items.push(value);
    return;
  }
  const entries = frame.entries!;
  const vals = entries.get(frame.name);
  if (vals) vals.push(value);
  else entries.set(frame.name, [value]);
}

const MARKER_NAMES = ["", "VAR", "VAL", "TABLE_OPEN", "TABLE_CLOSE", "ARRAY_OPEN", "ARRAY_CLOSE"];

/** Decode an MSDP payload into variables by name. Never throws. */
export function decodeMsdp(payload: Uint8Array, maxDepth = MSDP_MAX_DEPTH): MsdpDecoded {
  const bad = (reason: string): MsdpDecoded => ({ ok: false, code: "malformed-subnegotiation", reason });
  if (payload.length === 0) return bad("MSDP message with no variable");
  const stack: Frame[] = [{ kind: ROOT, entries: new Map(), items: null, name: "" }];
  let frame = stack[0];
  let at = EXPECT;
  const n = payload.length;
  let i = 0;
  while (i < n) {
    const b = payload[i];
    if (b === 0 || b > MSDP_ARRAY_CLOSE) {
      // A run of text, up to the next marker.
      let j = i + 1;
      while (j < n && (payload[j] === 0 || payload[j] > MSDP_ARRAY_CLOSE)) j++;
      const text = utf8Text(payload, i, j);
      i = j;
      if (at === NAME) frame.name = text;
      else if (at === VALUE) {
        addValue(frame, text);
        at = AFTER;
      } else return bad(`MSDP text at byte ${j - 1} is neither a name nor a value`);
      continue;
    }
    i++;
    if (b === MSDP_TABLE_OPEN || b === MSDP_ARRAY_OPEN) {
      if (at !== VALUE) return bad(`MSDP ${MARKER_NAMES[b]} at byte ${i - 1} does not follow VAL`);
      if (stack.length > maxDepth) {
        return { ok: false, code: "nesting-limit", reason: `MSDP tables and arrays nested deeper than ${maxDepth}` };
      }
      frame =
        b === MSDP_TABLE_OPEN
          ? { kind: TABLE, entries: new Map(), items: null, name: "" }
          : { kind: ARRAY, entries: null, items: [], name: "" };
      stack.push(frame);
      at = EXPECT;
      continue;
    }
    // VAL followed at once by a marker: the value is the empty string.
    if (at === VALUE) {
      addValue(frame, "");
      at = AFTER;
    }
    switch (b) {
      case MSDP_VAR:
        if (frame.kind === ARRAY) return bad(`MSDP VAR inside an array at byte ${i - 1}`);
        if (at === NAME) return bad(`MSDP VAR ${JSON.stringify(frame.name)} has no VAL`);
        frame.name = "";
        at = NAME;
        break;
      case MSDP_VAL:
        if (frame.kind !== ARRAY && at === EXPECT) return bad(`MSDP VAL at byte ${i - 1} has no VAR`);
        at = VALUE;
        break;
      default: {
        // TABLE_CLOSE or ARRAY_CLOSE
        const closes = b === MSDP_TABLE_CLOSE ? TABLE : ARRAY;
        if (frame.kind !== closes) return bad(`MSDP ${MARKER_NAMES[b]} at byte ${i - 1} closes nothing open`);
        if (at === NAME) return bad(`MSDP VAR ${JSON.stringify(frame.name)} has no VAL`);
        stack.pop();
        const value = frame.items ?? tableOf(frame.entries!);
        frame = stack[stack.length - 1];
        addValue(frame, value);
        at = AFTER;
      }
    }
  }
  if (at === VALUE) {
    addValue(frame, "");
    at = AFTER;
  }
  if (stack.length > 1) return bad(`MSDP message ends inside ${stack.length - 1} unclosed table(s) or array(s)`);
  if (at === NAME) return bad(`MSDP VAR ${JSON.stringify(frame.name)} has no VAL`);
  return { ok: true, variables: tableOf(frame.entries!) };
}

// ------------------------------------------------------------------------ encode

function pushText(out: Uint8Array[], text: string, what: string): void {
  // mud-msdp.md: names and values cannot hold NUL or the MSDP markers (IAC cannot occur in UTF-8).
  const bad = reservedCharAt(text, MSDP_ARRAY_CLOSE + 1);
  if (bad !== -1) throw new TypeError(`msdp: ${what} holds the reserved control code ${text.charCodeAt(bad)}`);
  if (text.length > 0) out.push(utf8Bytes(text));
}

const MARK = [1, 2, 3, 4, 5, 6].map((b) => new Uint8Array([b]));

function pushValue(out: Uint8Array[], value: MsdpInput, depth: number, maxDepth: number, where: string): void {
  if (typeof value === "string") {
    pushText(out, value, `value of ${where}`);
    return;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`msdp: value of ${where} is not a finite number`);
    out.push(utf8Bytes(String(value)));
    return;
  }
  if (depth >= maxDepth) throw new TypeError(`msdp: ${where} is nested deeper than ${maxDepth} (or holds itself)`);
  if (Array.isArray(value)) {
    out.push(MARK[MSDP_ARRAY_OPEN - 1]);
    for (const item of value as readonly MsdpInput[]) {
      out.push(MARK[MSDP_VAL - 1]);
      pushValue(out, item, depth + 1, maxDepth, where);
    }
    out.push(MARK[MSDP_ARRAY_CLOSE - 1]);
    return;
  }
  if (isPlainObject(value)) {
    out.push(MARK[MSDP_TABLE_OPEN - 1]);
    pushTable(out, value as { readonly [name: string]: MsdpInput }, depth + 1, maxDepth);
    out.push(MARK[MSDP_TABLE_CLOSE - 1]);
    return;
  }
  throw new TypeError(`msdp: value of ${where} is not a string, number, array or plain object`);
}

function pushTable(
  out: Uint8Array[],
  table: { readonly [name: string]: MsdpInput },
  depth: number,
  maxDepth: number,
): void {
  for (const name of Object.keys(table)) {
    out.push(MARK[MSDP_VAR - 1]);
    pushText(out, name, "a variable name");
    out.push(MARK[MSDP_VAL - 1]);
    pushValue(out, table[name], depth, maxDepth, name);
  }
}

/**
 * MSDP payload for variables: arrays become MSDP arrays, plain objects MSDP tables.
 * Throws a TypeError for text holding NUL or the MSDP markers (codes 1-6), nesting deeper
 * than `MSDP_MAX_DEPTH`, or a value of another type.
 */
export function encodeMsdp(variables: { readonly [name: string]: MsdpInput }): Uint8Array {
  if (!isPlainObject(variables)) throw new TypeError("msdp: variables must be a plain object");
  const out: Uint8Array[] = [];
  pushTable(out, variables, 0, MSDP_MAX_DEPTH);
  return concatBytes(out);
}

/** MSDP payload for a command in the list form: `VAR command VAL arg1 VAL arg2 ...`. */
export function encodeMsdpCommand(command: MsdpCommandName, args: readonly string[]): Uint8Array {
  if (!(MSDP_COMMANDS as readonly string[]).includes(command)) {
    throw new TypeError(`msdp: command must be one of ${MSDP_COMMANDS.join(", ")}, not ${JSON.stringify(command)}`);
  }
  if (!Array.isArray(args) || args.length === 0 || !args.every((a) => typeof a === "string")) {
    throw new TypeError(`msdp ${command}: args must be a non-empty array of strings`);
  }
  const out: Uint8Array[] = [MARK[MSDP_VAR - 1], utf8Bytes(command)];
  for (const a of args) {
    out.push(MARK[MSDP_VAL - 1]);
    pushText(out, a, `an argument of ${command}`);
  }
  return concatBytes(out);
}

// ---------------------------------------------------------------------- behaviour

interface MsdpState {
  // Variables the peer asked for with REPORT and has not withdrawn.
  reported: Set<string>;
}

function state(host: Pick<OptionHost, "state">): MsdpState {
  return host.state<MsdpState>(OPT.MSDP, () => ({ reported: new Set() }));
}

/** The variables the peer asked to have reported (REPORT, less UNREPORT), in the order asked. */
export function msdpReported(session: Pick<OptionHost, "state">): string[] {
  return [...state(session).reported];
}

function isOn(host: OptionHost): boolean {
  return host.isEnabled(OPT.MSDP, "local") || host.isEnabled(OPT.MSDP, "remote");
}

function isCommand(name: string): name is MsdpCommandName {
  return (MSDP_COMMANDS as readonly string[]).includes(name);
}

// A command's arguments: one text value or an array of them.
function argsOf(value: MsdpValue): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  return undefined;
}

/** Most variables kept of what the peer asked to have reported; more are dropped with an `msdp-limit` warning. */
export const MSDP_MAX_REPORTED = 256;

// Returns false when a REPORT name was dropped for the limit.
function track(st: MsdpState, command: MsdpCommandName, args: readonly string[]): boolean {
  let kept = true;
  if (command === "REPORT") {
    for (const a of args) {
      if (st.reported.size < MSDP_MAX_REPORTED || st.reported.has(a)) st.reported.add(a);
      else kept = false;
    }
  } else if (command === "UNREPORT") for (const a of args) st.reported.delete(a);
  // RESET puts a group back to its initial state; for REPORTED_VARIABLES that is none.
  else if (command === "RESET" && args.includes("REPORTED_VARIABLES")) st.reported.clear();
  return kept;
}

function checkVariables(v: unknown, kind: string): { readonly [name: string]: MsdpInput } {
  if (!isPlainObject(v)) throw new TypeError(`msdp ${kind}: variables must be a plain object`);
  return v as { readonly [name: string]: MsdpInput };
}

export const msdp: OptionModule = {
  code: OPT.MSDP,
  name: "msdp",
  defaults: {
    client: { local: "refuse", remote: "accept" },
    server: { local: "refuse", remote: "refuse" },
  },
  commands: ["msdp"],
  receive(payload, host) {
    const d = decodeMsdp(payload);
    if (!d.ok) {
      host.warn(d.code, `${d.reason}: ignored`, OPT.MSDP);
      return;
    }
    const variables: MsdpVariables = {};
    const commands: { command: MsdpCommandName; args: string[] }[] = [];
    let plain = 0;
    for (const name of Object.keys(d.variables)) {
      const value = d.variables[name];
      if (!isCommand(name)) {
        setEntry(variables, name, value);
        plain++;
        continue;
      }
      const args = argsOf(value);
      if (!args) {
        host.warn("malformed-subnegotiation", `MSDP ${name} with a table for argument: ignored`, OPT.MSDP);
        continue;
      }
      commands.push({ command: name, args });
    }
    if (plain > 0) host.emit({ type: "msdp", kind: "variables", variables });
    const st = state(host);
    for (const c of commands) {
      // mud-msdp.md: the reported set lasts while MSDP is on; with MSDP off nothing is kept.
      if (isOn(host) && !track(st, c.command, c.args)) {
        host.warn("msdp-limit", `MSDP REPORT: more than ${MSDP_MAX_REPORTED} reported variables, the rest dropped`, OPT.MSDP);
      }
      host.emit({ type: "msdp", kind: "command", command: c.command, args: c.args });
    }
  },
  send(command, host) {
    const c = command as MsdpCommand;
    let payload: Uint8Array;
    switch (c.kind) {
      case "variables":
        payload = encodeMsdp(checkVariables(c.variables, c.kind));
        break;
      case "report": {
        const all = checkVariables(c.variables, c.kind);
        const reported = state(host).reported;
        const wanted: { [name: string]: MsdpInput } = {};
        for (const name of Object.keys(all)) if (reported.has(name)) setEntry(wanted, name, all[name]);
        payload = encodeMsdp(wanted);
        break;
      }
      case "command":
        payload = encodeMsdpCommand(c.command, c.args);
        break;
      default:
        throw new TypeError(`msdp: unknown kind ${JSON.stringify((c as { kind: unknown }).kind)}`);
    }
    if (payload.length > 0 && isOn(host)) host.subnegotiate(OPT.MSDP, payload);
  },
  changed(side, enabled, host) {
    const other: typeof side = side === "local" ? "remote" : "local";
    // mud-msdp.md: once MSDP goes off, what was exchanged is forgotten.
    if (!enabled && !host.isEnabled(OPT.MSDP, other)) state(host).reported.clear();
  },
};
