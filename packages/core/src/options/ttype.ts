/**
 * TERMINAL-TYPE, option 24 — RFC 1091 (with the MTTS cycle of mud-mtts.md).
 *
 * Only the server sends `SEND`; only the client sends `IS name`, and only when asked.
 * Client: answers each SEND with the next of `settings.terminalTypes`, repeats the last
 * one to mark the end of the list, then starts over (RFC 1091 section 6).
 * Server: once the client agrees, asks until an answer repeats (or comes back to the
 * first), bounded by `limits.ttypeCycle`, then reports the whole list.
 */
import { latin1, latin1Bytes } from "../engine/bytes.js";
import { OPT } from "../engine/constants.js";
import type { OptionHost, OptionModule } from "../engine/option.js";
import { parseMtts, type MttsFlags } from "./mtts.js";

const IS = 0;
const SEND = 1;

/** RFC 1091: "The maximum length of a terminal type name is 40 characters." */
export const TTYPE_MAX_LENGTH = 40;

/** A TTYPE subnegotiation from the peer: a request (`send`) or an answer (`is`). */
export type TtypeEvent =
  | { type: "ttype"; kind: "send" }
  | { type: "ttype"; kind: "is"; name: string; mtts?: MttsFlags };

/** Server: the client's list of terminal types, once a cycle ended; `mtts` when one answer was MTTS. */
export interface TerminalTypesEvent {
  type: "terminal-types";
  names: string[];
  mtts?: MttsFlags;
}

/**
 * TTYPE commands: `send` asks the client once (server); `cycle` restarts the full cycle
 * (server); `types` replaces the list we answer with and restarts our cycle (client).
 */
export type TtypeCommand =
  | { type: "ttype"; kind: "send" }
  | { type: "ttype"; kind: "cycle" }
  | { type: "ttype"; kind: "types"; names: readonly string[] };

interface TtypeState {
  // Client: our list and the index of the next answer; index === list length means "repeat the last".
  names: readonly string[] | null;
  next: number;
  // Server: the cycle in progress.
  cycling: boolean;
  asked: number;
  received: string[];
  mtts: MttsFlags | undefined;
}

function state(host: OptionHost): TtypeState {
  return host.state<TtypeState>(OPT.TTYPE, () => ({
    names: null,
    next: 0,
    cycling: false,
    asked: 0,
    received: [],
    mtts: undefined,
  }));
}

/** TTYPE payload for `IS name`. */
export function encodeTtypeIs(name: string): Uint8Array {
  const b = latin1Bytes(name);
  const out = new Uint8Array(b.length + 1);
  out[0] = IS;
  out.set(b, 1);
  return out;
}

/** TTYPE payload for `SEND`. */
export function encodeTtypeSend(): Uint8Array {
  return new Uint8Array([SEND]);
}

/** Decode a TTYPE payload; undefined when it is neither IS nor SEND. */
export function decodeTtype(payload: Uint8Array): TtypeEvent | undefined {
  if (payload.length === 0) return undefined;
  if (payload[0] === SEND) return payload.length === 1 ? { type: "ttype", kind: "send" } : undefined;
  if (payload[0] !== IS) return undefined;
  const name = latin1(payload, 1);
  const mtts = parseMtts(name);
  return mtts ? { type: "ttype", kind: "is", name, mtts } : { type: "ttype", kind: "is", name };
}

function answer(host: OptionHost): void {
  const st = state(host);
  const list = st.names ?? host.settings.terminalTypes ?? ["UNKNOWN"];
  const names = list.length > 0 ? list : ["UNKNOWN"];
  let name: string;
  if (st.next < names.length) {
    name = names[st.next++];
  } else {
    // The repeat that marks the end of the list; the next request starts over.
    name = names[names.length - 1];
    st.next = 0;
  }
  host.subnegotiate(OPT.TTYPE, encodeTtypeIs(name));
}

function startCycle(host: OptionHost): void {
  const st = state(host);
  st.cycling = true;
  st.asked = 1;
  st.received = [];
  st.mtts = undefined;
  host.subnegotiate(OPT.TTYPE, encodeTtypeSend());
}

function finishCycle(host: OptionHost, st: TtypeState): void {
  st.cycling = false;
  const names = st.received;
  st.received = [];
  host.emit(st.mtts ? { type: "terminal-types", names, mtts: st.mtts } : { type: "terminal-types", names });
}

function received(host: OptionHost, name: string, mtts: MttsFlags | undefined): void {
  const st = state(host);
  if (!st.cycling) return;
  if (mtts) st.mtts = mtts;
  const seen = st.received;
  const upper = name.toUpperCase();
  // RFC 1091: the same answer twice ends the list; a client that wraps around instead
  // of repeating comes back to the first answer.
  if (seen.length > 0 && (seen[seen.length - 1].toUpperCase() === upper || seen[0].toUpperCase() === upper)) {
    finishCycle(host, st);
    return;
  }
  seen.push(name);
  const limit = host.settings.limits?.ttypeCycle ?? 8;
  if (st.asked >= limit) {
    host.warn("ttype-cycle-limit", `terminal type list did not end after ${limit} requests`, OPT.TTYPE);
    finishCycle(host, st);
    return;
  }
  st.asked++;
  host.subnegotiate(OPT.TTYPE, encodeTtypeSend());
}

export const ttype: OptionModule = {
  code: OPT.TTYPE,
  name: "ttype",
  defaults: {
    client: { local: "accept", remote: "refuse" },
    server: { local: "refuse", remote: "accept" },
  },
  commands: ["ttype"],
  receive(payload, host) {
    const ev = decodeTtype(payload);
    if (!ev) {
      host.warn("malformed-subnegotiation", "TTYPE subnegotiation is neither IS nor SEND: ignored", OPT.TTYPE);
      return;
    }
    if (ev.kind === "send") {
      if (!host.isEnabled(OPT.TTYPE, "local")) {
        host.warn("wrong-direction", "TTYPE SEND, but we have not agreed to send terminal types", OPT.TTYPE);
        return;
      }
      host.emit(ev);
      answer(host);
      return;
    }
    if (ev.name.length > TTYPE_MAX_LENGTH) {
      host.warn("malformed-subnegotiation", `terminal type longer than ${TTYPE_MAX_LENGTH} characters`, OPT.TTYPE);
    }
    host.emit(ev);
    received(host, ev.name, ev.mtts);
  },
  send(command, host) {
    const c = command as TtypeCommand;
    switch (c.kind) {
      case "send":
        if (host.isEnabled(OPT.TTYPE, "remote")) host.subnegotiate(OPT.TTYPE, encodeTtypeSend());
        return;
      case "cycle":
        if (host.isEnabled(OPT.TTYPE, "remote")) startCycle(host);
        return;
      case "types": {
        if (!Array.isArray(c.names) || !c.names.every((n) => typeof n === "string")) {
          throw new TypeError("ttype types: names must be an array of strings");
        }
        const st = state(host);
        st.names = [...c.names];
        st.next = 0;
        return;
      }
      default:
        throw new TypeError(`ttype: unknown kind ${JSON.stringify((c as { kind: unknown }).kind)}`);
    }
  },
  changed(side, enabled, host) {
    const st = state(host);
    if (side === "local") {
      // mud-mtts.md: DONT TTYPE resets the cycle, as after a copyover.
      st.next = 0;
      return;
    }
    if (enabled && host.role === "server" && host.settings.ttypeCycle !== false) startCycle(host);
    if (!enabled) st.cycling = false;
  },
};
