/**
 * What NEW-ENVIRON (RFC 1572) and ENVIRON (RFC 1408) do with their variable lists, shared
 * by both modules:
 * - the side that is WILL (normally the client) answers each SEND with one IS built from
 *   its configured environment, and sends INFO when a value changes afterwards;
 * - the side that is DO (normally the server) asks with SEND, split to fit the peer's
 *   buffer, and keeps the peer's environment as a map, updated by each IS and INFO.
 * For ENVIRON the VAR/VALUE codes are guessed by RFC 1571's rules; NEW-ENVIRON has one
 * assignment only.
 */
import { OPT } from "../engine/constants.js";
import type { OptionHost } from "../engine/option.js";
import {
  decodeEnviron,
  encodeEnvironVariables,
  guessIsCodes,
  guessSendCodes,
  splitEnvironSend,
  ENV_SEND,
  type EnvironCodes,
  type EnvironRequest,
  type EnvironVariable,
  type EnvironVariableKind,
} from "./environ-codec.js";

/** The peer's environment as far as it told us: well-known variables (VAR) and user variables (USERVAR). Undefined variables are absent. */
export interface PeerEnvironment {
  vars: ReadonlyMap<string, string>;
  uservars: ReadonlyMap<string, string>;
}

/**
 * A NEW-ENVIRON (`option` 39) or ENVIRON (`option` 36) subnegotiation from the peer:
 * - `send`: the peer asks for variables (an empty `requests` list: all of them); the
 *   session answers it from `SessionOptions.environment` right after this event;
 * - `is` / `info`: the peer's variables (an answer, or a change), in the order sent, and
 *   its whole environment after applying them. `codes` tells, for ENVIRON, which VAR/VALUE
 *   codes the peer was found to use (RFC 1571).
 */
export type EnvironEvent =
  | { type: "environ"; option: number; kind: "send"; requests: EnvironRequest[] }
  | {
      type: "environ";
      option: number;
      kind: "is" | "info";
      variables: EnvironVariable[];
      environment: PeerEnvironment;
      codes?: EnvironCodes;
    };

/**
 * NEW-ENVIRON / ENVIRON commands:
 * - `send`: ask the peer for variables (`requests` absent: all, as `SEND VAR USERVAR`),
 *   split into subnegotiations of at most 240 bytes; made at once if the peer agreed
 *   (WILL), otherwise as soon as it does. `option` is 39 (default) or 36.
 * - `update`: change our environment (`null` removes a variable); once we have answered a
 *   SEND, the changes go to the peer as INFO on each environment option that is on.
 */
export type EnvironCommand =
  | { type: "environ"; kind: "send"; option?: number; requests?: readonly EnvironRequest[] }
  | {
      type: "environ";
      kind: "update";
      environment?: Readonly<Record<string, string | null>>;
      userEnvironment?: Readonly<Record<string, string | null>>;
    };

/** What a server asks for when the policy starts the exchange: `SEND VAR USERVAR` (tintin++ answers no bare SEND). */
export const ENVIRON_ALL: readonly EnvironRequest[] = [{ kind: "var" }, { kind: "uservar" }];

const DEFAULT_VARIABLE_LIMIT = 256;

interface EnvironState {
  // The peer's variables. Events and peerEnvironment() hand these maps out as read-only
  // snapshots; a change after that copies the map first (`shared`), so no snapshot moves.
  peerVars: Map<string, string>;
  peerUservars: Map<string, string>;
  shared: boolean;
  // We answered a SEND: INFO may follow (RFC 1572 §2: INFO is not for initial information).
  answered: boolean;
  // The peer's VAR/VALUE codes (always "rfc" for NEW-ENVIRON); `known` once RFC 1571 evidence decided them.
  codes: EnvironCodes;
  known: boolean;
  // A SEND asked for before the peer agreed.
  pending: readonly EnvironRequest[] | null;
  // Our environment; used from the NEW-ENVIRON state by both options.
  vars: Map<string, string> | null;
  uservars: Map<string, string> | null;
}

function state(host: OptionHost, option: number): EnvironState {
  return host.state<EnvironState>(option, () => ({
    peerVars: new Map(),
    peerUservars: new Map(),
    shared: false,
    answered: false,
    codes: "rfc",
    known: false,
    pending: null,
    vars: null,
    uservars: null,
  }));
}

function fromRecord(record: Readonly<Record<string, string>> | undefined): Map<string, string> {
  const m = new Map<string, string>();
  if (record) for (const k of Object.keys(record)) if (typeof record[k] === "string") m.set(k, record[k]);
  return m;
}

/** Our environment: `settings.environment` and `settings.userEnvironment`, with the updates since. */
function ours(host: OptionHost): { vars: Map<string, string>; uservars: Map<string, string> } {
  const st = state(host, OPT.NEW_ENVIRON);
  st.vars ??= fromRecord(host.settings.environment);
  st.uservars ??= fromRecord(host.settings.userEnvironment);
  return { vars: st.vars, uservars: st.uservars };
}

/** The peer's environment as received so far on `option` (NEW-ENVIRON by default): a snapshot. */
export function peerEnvironment(host: OptionHost, option: number = OPT.NEW_ENVIRON): PeerEnvironment {
  return snapshot(state(host, option));
}

function snapshot(st: EnvironState): PeerEnvironment {
  st.shared = true;
  return { vars: st.peerVars, uservars: st.peerUservars };
}

// The maps are about to change: the ones handed out stay as they were.
function unshare(st: EnvironState): void {
  if (!st.shared) return;
  st.peerVars = new Map(st.peerVars);
  st.peerUservars = new Map(st.peerUservars);
  st.shared = false;
}

/**
 * The answer to a SEND (RFC 1572 §2): the requested variables in order, each one
 * explicitly asked for answered even when we do not have it (as a type with no VALUE),
 * and all variables of a kind for a request without a name; all of both for an empty list.
 */
export function environAnswer(
  requests: readonly EnvironRequest[],
  env: { vars: ReadonlyMap<string, string>; uservars: ReadonlyMap<string, string> },
): EnvironVariable[] {
  const out: EnvironVariable[] = [];
  // A request repeated in one SEND is answered once: the answer stays within one copy of
  // the environment per kind and name asked, whatever the peer repeats (no reply storm).
  const answered = new Set<string>();
  const all = (kind: EnvironVariableKind) => {
    if (answered.has(kind)) return;
    answered.add(kind);
    for (const [name, value] of kind === "var" ? env.vars : env.uservars) out.push({ kind, name, value });
  };
  if (requests.length === 0) {
    all("var");
    all("uservar");
    return out;
  }
  for (const r of requests) {
    if (!r.name) {
      all(r.kind);
      continue;
    }
    const key = `${r.kind} ${r.name}`;
    if (answered.has(key)) continue;
    answered.add(key);
    const value = (r.kind === "var" ? env.vars : env.uservars).get(r.name);
    out.push(value === undefined ? { kind: r.kind, name: r.name } : { kind: r.kind, name: r.name, value });
  }
  return out;
}

function optionLabel(option: number): string {
  return option === OPT.ENVIRON ? "ENVIRON" : "NEW-ENVIRON";
}

function makeSend(host: OptionHost, option: number, requests: readonly EnvironRequest[]): void {
  for (const p of splitEnvironSend(requests, state(host, option).codes)) host.subnegotiate(option, p);
}

/** Handle a NEW-ENVIRON or ENVIRON payload from the peer. */
export function receiveEnviron(option: number, payload: Uint8Array, host: OptionHost): void {
  const label = optionLabel(option);
  const st = state(host, option);
  const isSend = payload.length > 0 && payload[0] === ENV_SEND;
  if (payload.length > 0 && payload[0] <= 2) {
    // RFC 1572 §6: only the sender of the DO asks, only the sender of the WILL answers.
    const side = isSend ? "local" : "remote";
    if (!host.isEnabled(option, side)) {
      host.warn(
        "wrong-direction",
        isSend
          ? `${label} SEND, but we have not agreed to send our environment (WILL): ignored`
          : `${label} IS/INFO, but we have not asked for the peer's environment (DO): ignored`,
        option,
      );
      return;
    }
  }
  if (option === OPT.ENVIRON && payload.length > 0 && payload[0] <= 2) guessCodes(st, payload, isSend, host);
  const decoded = decodeEnviron(payload, st.codes);
  if (typeof decoded === "string") {
    host.warn("malformed-subnegotiation", `${label}: ${decoded}, ignored`, option);
    return;
  }
  for (const p of decoded.problems) host.warn("malformed-subnegotiation", `${label}: ${p}`, option);
  const msg = decoded.message;
  if (msg.command === "send") {
    host.emit({ type: "environ", option, kind: "send", requests: msg.requests });
    host.subnegotiate(option, encodeEnvironVariables("is", environAnswer(msg.requests, ours(host)), st.codes));
    st.answered = true;
    return;
  }
  const limit = host.settings.limits?.environVariables ?? DEFAULT_VARIABLE_LIMIT;
  const variables: EnvironVariable[] = [];
  let overflow = false;
  for (const v of msg.variables) {
    if (v.name === "") {
      // tintin++ puts an empty VAR between entries: nothing to keep, nothing to warn about.
      if (v.value !== undefined) host.warn("malformed-subnegotiation", `${label}: a VALUE for a variable with no name, skipped`, option);
      continue;
    }
    const map = v.kind === "var" ? st.peerVars : st.peerUservars;
    const old = map.get(v.name);
    if (v.value === undefined) {
      if (old !== undefined) {
        unshare(st);
        (v.kind === "var" ? st.peerVars : st.peerUservars).delete(v.name);
      }
    } else if (old === v.value) {
      // Unchanged: the maps stay as they are.
    } else if (old !== undefined || map.size < limit) {
      unshare(st);
      (v.kind === "var" ? st.peerVars : st.peerUservars).set(v.name, v.value);
    } else {
      overflow = true;
      continue;
    }
    variables.push(v);
  }
  if (overflow) host.warn("environ-limit", `${label}: more than ${limit} variables of one kind, the rest dropped`, option);
  const ev: EnvironEvent = {
    type: "environ",
    option,
    kind: msg.command,
    variables,
    environment: snapshot(st),
  };
  if (option === OPT.ENVIRON) ev.codes = st.codes;
  host.emit(ev);
}

// RFC 1571: the client learns the server's codes from each SEND (§2); the server guesses the
// client's from IS/INFO until a rule decides, then keeps them "from that point on" (§3).
function guessCodes(st: EnvironState, payload: Uint8Array, isSend: boolean, host: OptionHost): void {
  if (isSend) {
    const g = guessSendCodes(payload);
    if (g.conflict) {
      host.warn("malformed-subnegotiation", "ENVIRON SEND holds both VAR and VALUE (RFC 1571 §2): read by the first", OPT.ENVIRON);
    }
    if (g.codes) {
      st.codes = g.codes;
      st.known = true;
    }
    return;
  }
  if (st.known) return;
  const g = guessIsCodes(payload);
  if (g.codes) {
    st.codes = g.codes;
    st.known = true;
  }
}

function checkRequests(requests: unknown): readonly EnvironRequest[] {
  if (!Array.isArray(requests)) throw new TypeError("environ send: requests must be an array");
  for (const r of requests) {
    if (r === null || typeof r !== "object" || (r.kind !== "var" && r.kind !== "uservar")) {
      throw new TypeError('environ send: each request needs kind "var" or "uservar"');
    }
    if (r.name !== undefined && typeof r.name !== "string") throw new TypeError("environ send: name must be a string");
  }
  return requests;
}

// Apply an update to one of our maps; the changes, as INFO entries.
function applyUpdate(
  map: Map<string, string>,
  kind: EnvironVariableKind,
  update: Readonly<Record<string, string | null>> | undefined,
  changes: EnvironVariable[],
): void {
  if (update === undefined) return;
  if (update === null || typeof update !== "object") throw new TypeError("environ update: expected an object of strings or null");
  for (const name of Object.keys(update)) {
    const value = update[name];
    if (value !== null && typeof value !== "string") throw new TypeError(`environ update: ${name} must be a string or null`);
    if (value === null) {
      if (!map.delete(name)) continue;
      changes.push({ kind, name });
    } else {
      if (map.get(name) === value) continue;
      map.set(name, value);
      changes.push({ kind, name, value });
    }
  }
}

/** Handle an `environ` command for either option. */
export function sendEnviron(command: EnvironCommand, host: OptionHost): void {
  if (command.kind === "send") {
    const option = command.option ?? OPT.NEW_ENVIRON;
    if (option !== OPT.NEW_ENVIRON && option !== OPT.ENVIRON) throw new TypeError("environ send: option must be 39 or 36");
    const requests = command.requests === undefined ? ENVIRON_ALL : checkRequests(command.requests);
    if (host.isEnabled(option, "remote")) makeSend(host, option, requests);
    else state(host, option).pending = [...requests];
    return;
  }
  if (command.kind === "update") {
    const env = ours(host);
    const changes: EnvironVariable[] = [];
    applyUpdate(env.vars, "var", command.environment, changes);
    applyUpdate(env.uservars, "uservar", command.userEnvironment, changes);
    if (changes.length === 0) return;
    for (const option of [OPT.NEW_ENVIRON, OPT.ENVIRON]) {
      const st = state(host, option);
      if (st.answered && host.isEnabled(option, "local")) {
        host.subnegotiate(option, encodeEnvironVariables("info", changes, st.codes));
      }
    }
    return;
  }
  throw new TypeError(`environ: unknown kind ${JSON.stringify((command as { kind: unknown }).kind)}`);
}

/** Start and reset the exchange as the option turns on and off. */
export function environChanged(option: number, side: "local" | "remote", enabled: boolean, host: OptionHost): void {
  const st = state(host, option);
  if (side === "local") {
    // mud-mnes.md: after DONT the client starts over, as after a copyover.
    if (!enabled) st.answered = false;
  } else if (enabled) {
    const setting = host.settings.environRequest;
    const requests = st.pending ?? (setting === false ? null : (setting ?? ENVIRON_ALL));
    st.pending = null;
    if (requests) makeSend(host, option, requests);
  } else {
    st.peerVars = new Map();
    st.peerUservars = new Map();
    st.shared = false;
  }
  if (!host.isEnabled(option, "local") && !host.isEnabled(option, "remote")) {
    st.codes = "rfc";
    st.known = false;
  }
}
