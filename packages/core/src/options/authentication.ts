/**
 * AUTHENTICATION, option 37 — RFC 2941 (framing; no authentication type is built in).
 *
 * Negotiated one way only (section 6): the server says DO, the client WILL; a server
 * that gets DO answers WONT, a client that gets WILL answers DONT. The server then
 * sends `SEND` with a list of authentication-type pairs (type, modifier) by preference;
 * the client answers `IS pair data` (and may send `NAME user`); the server answers
 * `REPLY pair data`, as many rounds as the type needs.
 *
 * Default: refused both ways, which every peer seen accepts (a session goes on without
 * it). With the option accepted:
 * - client: a SEND offering none of `settings.authentication.types` (the types the
 *   application implements) is answered `IS NULL` (section 6: "a type of NULL should be
 *   used to indicate this"), with modifier 0; otherwise the application answers.
 * - server: sends `SEND settings.authentication.offer` once the client agrees; on
 *   `IS NULL` it concludes that authentication cannot be negotiated and sends DONT
 *   AUTHENTICATION (section 6).
 * Each side checks that the pair stays the same through an exchange (section 5).
 */
import { latin1, latin1Bytes } from "../engine/bytes.js";
import { OPT } from "../engine/constants.js";
import type { OptionHost, OptionModule } from "../engine/option.js";

/** Subcommand codes (section 1). */
export const AUTH = { IS: 0, SEND: 1, REPLY: 2, NAME: 3 } as const;

/** Authentication type numbers (section 1). */
export const AUTH_TYPES = {
  NULL: 0,
  KERBEROS_V4: 1,
  KERBEROS_V5: 2,
  SPX: 3,
  MINK: 4,
  SRP: 5,
  RSA: 6,
  SSL: 7,
  LOKI: 10,
  SSA: 11,
  KEA_SJ: 12,
  KEA_SJ_INTEG: 13,
  DSS: 14,
  NTLM: 15,
} as const;

/** Modifier bits (section 1). */
export const AUTH_MODIFIERS = {
  WHO_MASK: 1,
  CLIENT_TO_SERVER: 0,
  SERVER_TO_CLIENT: 1,
  HOW_MASK: 2,
  ONE_WAY: 0,
  MUTUAL: 2,
  ENCRYPT_MASK: 20,
  ENCRYPT_OFF: 0,
  ENCRYPT_USING_TELOPT: 4,
  ENCRYPT_AFTER_EXCHANGE: 16,
  ENCRYPT_RESERVED: 20,
  INI_CRED_FWD_MASK: 8,
  INI_CRED_FWD_ON: 8,
} as const;

/** An authentication-type pair: the type and its modifier byte. */
export interface AuthTypePair {
  type: number;
  modifier: number;
}

/** A pair in words, for traces and policy. */
export interface AuthPairDescription {
  type: string;
  who: "client-to-server" | "server-to-client";
  how: "one-way" | "mutual";
  encrypt: "off" | "using-telopt" | "after-exchange" | "reserved";
  credentialsForwarding: boolean;
}

/** One AUTHENTICATION subnegotiation. */
export type AuthMessage =
  | { kind: "send"; pairs: AuthTypePair[] }
  | { kind: "is"; pair: AuthTypePair; data: Uint8Array }
  | { kind: "reply"; pair: AuthTypePair; data: Uint8Array }
  | { kind: "name"; name: string };

/** An AUTHENTICATION subnegotiation from the peer. */
export type AuthenticationEvent = AuthMessage & { type: "authentication" };

/** Send a subnegotiation: `send`/`reply` as the server (we said DO), `is`/`name` as the client (we said WILL). */
export type AuthenticationCommand = AuthMessage & { type: "authentication" };

/** `SessionOptions.authentication`. */
export interface AuthenticationSettings {
  /** Server: the pairs to offer in SEND once the client agrees, most preferred first. */
  offer?: readonly AuthTypePair[];
  /** Client: authentication types the application answers itself; others get IS NULL. */
  types?: readonly number[];
}

const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(AUTH_TYPES).map(([k, v]) => [v, k]));

/** Describe a pair by its type name and modifier bits. */
export function describeAuthPair(pair: AuthTypePair): AuthPairDescription {
  const enc = pair.modifier & AUTH_MODIFIERS.ENCRYPT_MASK;
  return {
    type: TYPE_NAMES[pair.type] ?? String(pair.type),
    who: pair.modifier & AUTH_MODIFIERS.WHO_MASK ? "server-to-client" : "client-to-server",
    how: pair.modifier & AUTH_MODIFIERS.HOW_MASK ? "mutual" : "one-way",
    encrypt: enc === 0 ? "off" : enc === 4 ? "using-telopt" : enc === 16 ? "after-exchange" : "reserved",
    credentialsForwarding: (pair.modifier & AUTH_MODIFIERS.INI_CRED_FWD_MASK) !== 0,
  };
}

function pairByte(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 255) throw new TypeError(`authentication: ${what} must be an integer 0-255`);
  return v;
}

/** AUTHENTICATION payload for a message (before IAC doubling). */
export function encodeAuthentication(m: AuthMessage): Uint8Array {
  switch (m.kind) {
    case "send": {
      if (!Array.isArray(m.pairs)) throw new TypeError("authentication send: pairs must be an array");
      const out = new Uint8Array(1 + m.pairs.length * 2);
      out[0] = AUTH.SEND;
      m.pairs.forEach((p, i) => {
        out[1 + i * 2] = pairByte(p?.type, "type");
        out[2 + i * 2] = pairByte(p?.modifier, "modifier");
      });
      return out;
    }
    case "is":
    case "reply": {
      if (!(m.data instanceof Uint8Array)) throw new TypeError(`authentication ${m.kind}: data must be a Uint8Array`);
      const out = new Uint8Array(3 + m.data.length);
      out[0] = m.kind === "is" ? AUTH.IS : AUTH.REPLY;
      out[1] = pairByte(m.pair?.type, "type");
      out[2] = pairByte(m.pair?.modifier, "modifier");
      out.set(m.data, 3);
      return out;
    }
    case "name": {
      if (typeof m.name !== "string") throw new TypeError("authentication name: name must be a string");
      const b = latin1Bytes(m.name);
      const out = new Uint8Array(1 + b.length);
      out[0] = AUTH.NAME;
      out.set(b, 1);
      return out;
    }
    default:
      throw new TypeError(`authentication: unknown kind ${JSON.stringify((m as { kind: unknown }).kind)}`);
  }
}

/** Decode an AUTHENTICATION payload; a string says what is wrong with it. */
export function decodeAuthentication(payload: Uint8Array): AuthenticationEvent | string {
  if (payload.length === 0) return "empty AUTHENTICATION subnegotiation";
  const cmd = payload[0];
  if (cmd === AUTH.SEND) {
    const n = payload.length - 1;
    if (n === 0 || n % 2 !== 0) return `AUTHENTICATION SEND with ${n} bytes, not a list of type pairs`;
    const pairs: AuthTypePair[] = [];
    for (let i = 1; i < payload.length; i += 2) pairs.push({ type: payload[i], modifier: payload[i + 1] });
    return { type: "authentication", kind: "send", pairs };
  }
  if (cmd === AUTH.IS || cmd === AUTH.REPLY) {
    if (payload.length < 3) return `AUTHENTICATION ${cmd === AUTH.IS ? "IS" : "REPLY"} without a type pair`;
    const pair = { type: payload[1], modifier: payload[2] };
    return { type: "authentication", kind: cmd === AUTH.IS ? "is" : "reply", pair, data: payload.slice(3) };
  }
  if (cmd === AUTH.NAME) return { type: "authentication", kind: "name", name: latin1(payload, 1) };
  return `AUTHENTICATION subcommand ${cmd} is none of IS, SEND, REPLY, NAME`;
}

interface AuthState {
  pair: AuthTypePair | undefined; // the pair of the exchange in progress
}

function state(host: OptionHost): AuthState {
  return host.state<AuthState>(OPT.AUTHENTICATION, () => ({ pair: undefined }));
}

// Section 5: "Any variation in the auth-type-pair MUST be treated as a fatal protocol error."
function checkPair(host: OptionHost, st: AuthState, pair: AuthTypePair, what: string): void {
  if (st.pair && (st.pair.type !== pair.type || st.pair.modifier !== pair.modifier)) {
    host.warn(
      "auth-pair-mismatch",
      `AUTHENTICATION ${what} with pair ${pair.type}/${pair.modifier}, the exchange uses ${st.pair.type}/${st.pair.modifier} (RFC 2941 section 5: fatal)`,
      OPT.AUTHENTICATION,
    );
  }
}

const NULL_PAIR: AuthTypePair = { type: AUTH_TYPES.NULL, modifier: 0 };

/** The AUTHENTICATION option module (RFC 2941), framing only. */
export const authentication: OptionModule = {
  code: OPT.AUTHENTICATION,
  name: "authentication",
  commands: ["authentication"],
  receive(payload, host) {
    const ev = decodeAuthentication(payload);
    if (typeof ev === "string") {
      host.warn("malformed-subnegotiation", `${ev}: ignored`, OPT.AUTHENTICATION);
      return;
    }
    const client = host.isEnabled(OPT.AUTHENTICATION, "local");
    const server = host.isEnabled(OPT.AUTHENTICATION, "remote");
    if (!client && !server) return; // off: ignored, as one sent in flight with a refusal
    // Section 6: only the server sends SEND and REPLY, only the client IS (and NAME).
    const fromServer = ev.kind === "send" || ev.kind === "reply";
    if (fromServer ? !client : !server) {
      host.warn("wrong-direction", `AUTHENTICATION ${ev.kind.toUpperCase()} from the wrong side`, OPT.AUTHENTICATION);
      return;
    }
    const st = state(host);
    if (ev.kind === "is" || ev.kind === "reply") {
      if (ev.kind === "is" && !st.pair) st.pair = ev.pair;
      checkPair(host, st, ev.pair, ev.kind.toUpperCase());
    }
    host.emit(ev);
    if (ev.kind === "send") {
      // A new SEND starts a new exchange (section 6: the server may ask again at any time).
      st.pair = undefined;
      const mine = host.settings.authentication?.types ?? [];
      if (!ev.pairs.some((p) => mine.includes(p.type))) {
        st.pair = NULL_PAIR;
        host.subnegotiate(OPT.AUTHENTICATION, encodeAuthentication({ kind: "is", pair: NULL_PAIR, data: new Uint8Array(0) }));
      }
    } else if (ev.kind === "is" && ev.pair.type === AUTH_TYPES.NULL) {
      st.pair = undefined;
      host.request(OPT.AUTHENTICATION, "remote", false);
    }
  },
  send(command, host) {
    const c = command as AuthenticationCommand;
    const payload = encodeAuthentication(c);
    const serverSide = c.kind === "send" || c.kind === "reply";
    if (!host.isEnabled(OPT.AUTHENTICATION, serverSide ? "remote" : "local")) return;
    const st = state(host);
    if (c.kind === "send") st.pair = undefined;
    if (c.kind === "is") st.pair ??= { type: c.pair.type, modifier: c.pair.modifier };
    host.subnegotiate(OPT.AUTHENTICATION, payload);
  },
  changed(side, enabled, host) {
    state(host).pair = undefined;
    // Section 6: only the client says WILL and only the server DO; a policy that let the
    // other way through (`"accept"` for both sides) is corrected at once.
    if (enabled && (side === "local") !== (host.role === "client")) {
      host.request(OPT.AUTHENTICATION, side, false);
      return;
    }
    if (side !== "remote" || !enabled) return;
    const offer = host.settings.authentication?.offer;
    if (offer && offer.length > 0) this.send!({ type: "authentication", kind: "send", pairs: [...offer] }, host);
  },
};
