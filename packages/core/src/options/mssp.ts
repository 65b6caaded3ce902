/**
 * MSSP (MUD Server Status Protocol), option 70 — mud-mssp.md.
 *
 * The server offers (WILL MSSP); when the client (a MUD crawler, or a client showing
 * server information) answers DO MSSP, the server sends its status in one
 * subnegotiation: `MSSP_VAR name MSSP_VAL value ...`. A variable may carry several
 * values (several VALs, or the same VAR again), "ordered from least to most relevant",
 * so each variable decodes to an array of strings, the default value last.
 *
 * Server: with `settings.mssp` set, the server offers MSSP at `start()` and sends that
 * status each time the client agrees; values may be functions, called at that moment
 * (player count, uptime). Client: accepts WILL MSSP and reports the status as an `mssp`
 * event. Without `settings.mssp` a server neither offers nor accepts MSSP; policy
 * `options: { mssp: ... }` overrides both defaults.
 *
 * The spec does not name a charset: text is sent as UTF-8 and read as UTF-8 when valid,
 * ISO 8859-1 otherwise.
 */
import { concatBytes } from "../engine/bytes.js";
import { OPT } from "../engine/constants.js";
import type { OptionHost, OptionModule } from "../engine/option.js";
import { isPlainObject, reservedCharAt, setEntry, utf8Bytes, utf8OrLatin1 } from "./mud-text.js";

export const MSSP_VAR = 1;
export const MSSP_VAL = 2;

/** Server status as received: each variable's values, the default (most relevant) last. */
export type MsspVariables = { [name: string]: string[] };

/** One value to report; numbers are sent as their decimal text. */
export type MsspValue = string | number;

/** A status variable: one value, several (default last), or a function giving them when the status is sent. */
export type MsspSetting = MsspValue | readonly MsspValue[] | (() => MsspValue | readonly MsspValue[]);

/** Server status to report, by variable name (`NAME`, `PLAYERS`, `UPTIME`, ... of mud-mssp.md). */
export type MsspStatus = { readonly [name: string]: MsspSetting };

/** Client: the server's status. */
export interface MsspEvent {
  type: "mssp";
  variables: MsspVariables;
}

/**
 * Server: send the status now (while MSSP is on for our side; otherwise nothing is sent):
 * `variables` if given, else `settings.mssp`.
 */
export interface MsspCommand {
  type: "mssp";
  variables?: MsspStatus;
}

/** A decoded MSSP payload: the variables, and what was wrong with the rest if anything was. */
export interface MsspDecoded {
  variables: MsspVariables;
  problem?: string;
}

function isMark(b: number): boolean {
  return b === MSSP_VAR || b === MSSP_VAL;
}

/**
 * Decode an MSSP payload. Never throws and keeps what it can: bytes before the first VAR
 * and a VAR without VAL are skipped, and `problem` says so.
 */
export function decodeMssp(payload: Uint8Array): MsspDecoded {
  const variables: MsspVariables = {};
  const lists = new Map<string, string[]>();
  let problem: string | undefined;
  const n = payload.length;
  let i = 0;
  if (n === 0) problem = "MSSP message with no variable";
  else if (payload[0] !== MSSP_VAR) {
    problem = "MSSP message does not start with MSSP_VAR";
    while (i < n && payload[i] !== MSSP_VAR) i++;
  }
  while (i < n) {
    // payload[i] is MSSP_VAR here.
    let j = ++i;
    while (j < n && !isMark(payload[j])) j++;
    const name = utf8OrLatin1(payload, i, j);
    i = j;
    const values: string[] = [];
    while (i < n && payload[i] === MSSP_VAL) {
      j = ++i;
      while (j < n && !isMark(payload[j])) j++;
      values.push(utf8OrLatin1(payload, i, j));
      i = j;
    }
    if (values.length === 0) {
      problem ??= `MSSP variable ${JSON.stringify(name)} has no value`;
      continue;
    }
    const list = lists.get(name);
    if (list) list.push(...values);
    else {
      lists.set(name, values);
      setEntry(variables, name, values);
    }
  }
  return problem === undefined ? { variables } : { variables, problem };
}

function valuesOf(name: string, setting: MsspSetting): readonly MsspValue[] {
  const v = typeof setting === "function" ? setting() : setting;
  const list: readonly unknown[] = Array.isArray(v) ? v : [v];
  // "The value can be an empty string": a variable with no values is sent with one empty value.
  if (list.length === 0) return [""];
  for (const x of list) {
    if (typeof x === "string") continue;
    if (typeof x === "number" && Number.isFinite(x)) continue;
    throw new TypeError(`mssp: ${name} must be a string, a finite number or an array of them`);
  }
  return list as readonly MsspValue[];
}

function pushText(out: Uint8Array[], text: string, what: string): void {
  // mud-mssp.md: names and values cannot hold NUL, MSSP_VAR or MSSP_VAL (IAC cannot occur in UTF-8).
  const bad = reservedCharAt(text, MSSP_VAL + 1);
  if (bad !== -1) throw new TypeError(`mssp: ${what} holds the reserved control code ${text.charCodeAt(bad)}`);
  if (text.length > 0) out.push(utf8Bytes(text));
}

const VAR_BYTE = new Uint8Array([MSSP_VAR]);
const VAL_BYTE = new Uint8Array([MSSP_VAL]);

/**
 * MSSP payload for a status: each variable once, with one VAL per value. Functions are
 * called now. Throws a TypeError for a value of another type, or text holding NUL,
 * MSSP_VAR or MSSP_VAL.
 */
export function encodeMssp(status: MsspStatus): Uint8Array {
  if (!isPlainObject(status)) throw new TypeError("mssp: status must be a plain object");
  const out: Uint8Array[] = [];
  for (const name of Object.keys(status)) {
    out.push(VAR_BYTE);
    pushText(out, name, "a variable name");
    for (const v of valuesOf(name, status[name])) {
      out.push(VAL_BYTE);
      pushText(out, typeof v === "number" ? String(v) : v, `a value of ${name}`);
    }
  }
  return concatBytes(out);
}

function sendStatus(host: OptionHost, status: MsspStatus): void {
  const payload = encodeMssp(status);
  if (payload.length > 0) host.subnegotiate(OPT.MSSP, payload);
}

export const mssp: OptionModule = {
  code: OPT.MSSP,
  name: "mssp",
  defaults: {
    client: { local: "refuse", remote: "accept" },
    server: { local: "refuse", remote: "refuse" },
  },
  defaultPolicy(role, settings) {
    // A server with a status to report offers MSSP.
    return role === "server" && settings.mssp ? { local: "initiate", remote: "refuse" } : undefined;
  },
  commands: ["mssp"],
  receive(payload, host) {
    // The status goes from the side that said WILL MSSP (the server) to the other.
    if (host.role === "server") {
      host.warn("wrong-direction", "MSSP status sent by a client: ignored", OPT.MSSP);
      return;
    }
    const d = decodeMssp(payload);
    if (d.problem !== undefined) host.warn("malformed-subnegotiation", `${d.problem}: skipped`, OPT.MSSP);
    if (Object.keys(d.variables).length > 0) host.emit({ type: "mssp", variables: d.variables });
  },
  send(command, host) {
    const c = command as MsspCommand;
    const status = c.variables ?? host.settings.mssp;
    if (status === undefined) throw new TypeError("mssp: no variables given and no settings.mssp configured");
    // Encode first, so a bad status throws whether MSSP is on or not.
    const payload = encodeMssp(status);
    if (payload.length > 0 && host.isEnabled(OPT.MSSP, "local")) host.subnegotiate(OPT.MSSP, payload);
  },
  changed(side, enabled, host) {
    // mud-mssp.md: "If the server receives IAC DO MSSP it should respond with" the status.
    if (side === "local" && enabled && host.settings.mssp) sendStatus(host, host.settings.mssp);
  },
};
