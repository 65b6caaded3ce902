/**
 * TERMINAL-SPEED, option 32 — RFC 1079.
 *
 * Only the sender of DO asks (`SEND`), only the sender of WILL answers (`IS "tx,rx"`),
 * never unasked (section 4). Client: agrees when `settings.terminalSpeed` is set and
 * answers every SEND with it. Server: agrees when the client offers, and asks at once.
 */
import { OPT } from "../engine/constants.js";
import type { OptionHost, OptionModule } from "../engine/option.js";
import { SEND, checkDirection, decodeIsSend, encodeIs, type IsSendState } from "./is-send.js";

/** Line speeds in bits per second, as RFC 1079 sends them: "transmit,receive". */
export interface TerminalSpeed {
  transmit: number;
  receive: number;
}

/** A TSPEED subnegotiation from the peer: its request (`send`) or its speeds (`is`). */
export type TspeedEvent = { type: "tspeed"; kind: "send" } | ({ type: "tspeed"; kind: "is" } & TerminalSpeed);

/**
 * `send` (server): ask the client for its speed again. `speed` (client): change the
 * speed we answer with (sent at the next SEND: RFC 1079 allows no unasked IS).
 */
export type TspeedCommand = { type: "tspeed"; kind?: "send" } | ({ type: "tspeed"; kind: "speed" } & TerminalSpeed);

interface TspeedState extends IsSendState {
  speed: TerminalSpeed | undefined;
}

const CANONICAL = /^(0|[1-9][0-9]{0,9}),(0|[1-9][0-9]{0,9})$/;
const LENIENT = /^\s*([0-9]{1,10})\s*,\s*([0-9]{1,10})\s*$/;

/** TSPEED payload for `IS "tx,rx"`. */
export function encodeTspeedIs(speed: TerminalSpeed): Uint8Array {
  return encodeIs(`${speed.transmit},${speed.receive}`);
}

/** TSPEED payload for `SEND`. */
export function encodeTspeedSend(): Uint8Array {
  return new Uint8Array([SEND]);
}

/**
 * Decode a TSPEED payload. Speeds with spaces or leading zeros are read, with
 * `strict: false` (section 4 forbids them); anything else is an error string.
 */
export function decodeTspeed(payload: Uint8Array): { event: TspeedEvent; strict: boolean } | string {
  const m = decodeIsSend(payload, "TSPEED");
  if (typeof m === "string") return m;
  if (m.kind === "send") return { event: { type: "tspeed", kind: "send" }, strict: true };
  const strict = CANONICAL.test(m.text);
  const r = LENIENT.exec(m.text);
  if (!r) return `TSPEED IS ${JSON.stringify(m.text.slice(0, 40))} is not "transmit,receive"`;
  return { event: { type: "tspeed", kind: "is", transmit: Number(r[1]), receive: Number(r[2]) }, strict };
}

function checkSpeed(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new TypeError(`tspeed: ${what} must be a non-negative integer`);
  }
  return v;
}

function state(host: OptionHost): TspeedState {
  return host.state<TspeedState>(OPT.TSPEED, () => {
    const s = host.settings.terminalSpeed;
    return { pending: 0, speed: s ? { transmit: s.transmit, receive: s.receive } : undefined };
  });
}

function ask(host: OptionHost): void {
  state(host).pending++;
  host.subnegotiate(OPT.TSPEED, encodeTspeedSend());
}

/** The TERMINAL-SPEED option module (RFC 1079). */
export const tspeed: OptionModule = {
  code: OPT.TSPEED,
  name: "tspeed",
  defaults: {
    client: { local: "refuse", remote: "refuse" },
    server: { local: "refuse", remote: "accept" },
  },
  defaultPolicy(role, settings) {
    return role === "client" && settings.terminalSpeed ? { local: "accept", remote: "refuse" } : undefined;
  },
  commands: ["tspeed"],
  receive(payload, host) {
    const d = decodeTspeed(payload);
    if (typeof d === "string") {
      host.warn("malformed-subnegotiation", `${d}: ignored`, OPT.TSPEED);
      return;
    }
    const st = state(host);
    if (!checkDirection(host, OPT.TSPEED, "TSPEED", d.event.kind, st)) return;
    if (!d.strict) host.warn("malformed-subnegotiation", "TSPEED IS has spaces or leading zeros (RFC 1079 section 4): read anyway", OPT.TSPEED);
    host.emit(d.event);
    if (d.event.kind === "send") {
      // Agreed without a configured speed (a policy set by hand): the usual BSD value.
      host.subnegotiate(OPT.TSPEED, encodeTspeedIs(st.speed ?? { transmit: 38400, receive: 38400 }));
    }
  },
  send(command, host) {
    const c = command as TspeedCommand;
    if (c.kind === "speed") {
      state(host).speed = { transmit: checkSpeed(c.transmit, "transmit"), receive: checkSpeed(c.receive, "receive") };
      return;
    }
    if (c.kind !== undefined && c.kind !== "send") throw new TypeError(`tspeed: unknown kind ${JSON.stringify(c.kind)}`);
    if (host.isEnabled(OPT.TSPEED, "remote")) ask(host);
  },
  changed(side, enabled, host) {
    if (side === "remote" && enabled) ask(host);
    if (side === "remote" && !enabled) state(host).pending = 0;
  },
};
