/**
 * ENCRYPT, option 38 — RFC 2946 (framing; no cipher is built in).
 *
 * Negotiated in each direction: the WILL side encrypts what it sends. The DO side lists
 * the types it accepts (`SUPPORT`), the WILL side picks one (`IS type data`), the DO side
 * continues (`REPLY type data`); `START keyid` / `END` bracket encrypted data; the DO side
 * may ask with `REQUEST-START` / `REQUEST-END`; `ENC_KEYID` / `DEC_KEYID` agree on a key.
 *
 * Default: refused both ways (the engine cannot decrypt the stream). With the option
 * accepted, SUPPORT offering none of `settings.encrypt.types` is answered `IS NULL`
 * (section 5: "no encryption types in common"). Section 5's rules are kept: a second
 * START before END is ignored, and WONT ENCRYPT from a sender in START implies END.
 */
import { OPT } from "../engine/constants.js";
import type { OptionHost, OptionModule } from "../engine/option.js";

/** Subcommand codes (section 1). */
export const ENCRYPT = {
  IS: 0,
  SUPPORT: 1,
  REPLY: 2,
  START: 3,
  END: 4,
  REQUEST_START: 5,
  REQUEST_END: 6,
  ENC_KEYID: 7,
  DEC_KEYID: 8,
} as const;

/** Encryption type numbers (section 1). */
export const ENCRYPT_TYPES = {
  NULL: 0,
  DES_CFB64: 1,
  DES_OFB64: 2,
  DES3_CFB64: 3,
  DES3_OFB64: 4,
  CAST5_40_CFB64: 8,
  CAST5_40_OFB64: 9,
  CAST128_CFB64: 10,
  CAST128_OFB64: 11,
} as const;

/** One ENCRYPT subnegotiation. `keyId` is the variable-length key id, most significant byte first. */
export type EncryptMessage =
  | { kind: "is"; encType: number; data: Uint8Array }
  | { kind: "support"; types: number[] }
  | { kind: "reply"; encType: number; data: Uint8Array }
  | { kind: "start"; keyId: Uint8Array }
  | { kind: "end" }
  | { kind: "request-start"; keyId: Uint8Array }
  | { kind: "request-end" }
  | { kind: "enc-keyid"; keyId: Uint8Array }
  | { kind: "dec-keyid"; keyId: Uint8Array };

/** An ENCRYPT subnegotiation from the peer; `implied` marks an END implied by WONT ENCRYPT. */
export type EncryptEvent = EncryptMessage & { type: "encrypt"; implied?: boolean };

/** Send an ENCRYPT subnegotiation (only on the side that may: section 2). */
export type EncryptCommand = EncryptMessage & { type: "encrypt" };

/** `SessionOptions.encrypt`. */
export interface EncryptSettings {
  /** Encryption types the application implements; a SUPPORT offering none is answered IS NULL. */
  types?: readonly number[];
}

const KINDS = ["is", "support", "reply", "start", "end", "request-start", "request-end", "enc-keyid", "dec-keyid"] as const;
// Section 2: which side may send each subcommand.
const FROM_WILL_SIDE = new Set(["is", "start", "end", "enc-keyid"]);

function byte(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 255) throw new TypeError(`encrypt: ${what} must be an integer 0-255`);
  return v;
}

function bytesOf(v: unknown, what: string): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TypeError(`encrypt: ${what} must be a Uint8Array`);
  return v;
}

/** ENCRYPT payload for a message (before IAC doubling). */
export function encodeEncrypt(m: EncryptMessage): Uint8Array {
  const code = KINDS.indexOf(m.kind);
  if (code < 0) throw new TypeError(`encrypt: unknown kind ${JSON.stringify((m as { kind: unknown }).kind)}`);
  let body: Uint8Array;
  switch (m.kind) {
    case "is":
    case "reply": {
      const data = bytesOf(m.data, "data");
      body = new Uint8Array(1 + data.length);
      body[0] = byte(m.encType, "encType");
      body.set(data, 1);
      break;
    }
    case "support":
      if (!Array.isArray(m.types)) throw new TypeError("encrypt support: types must be an array");
      body = Uint8Array.from(m.types, (t) => byte(t, "type"));
      break;
    case "start":
    case "request-start":
    case "enc-keyid":
    case "dec-keyid":
      body = bytesOf(m.keyId, "keyId");
      break;
    default:
      body = new Uint8Array(0);
  }
  const out = new Uint8Array(1 + body.length);
  out[0] = code;
  out.set(body, 1);
  return out;
}

/** Decode an ENCRYPT payload; a string says what is wrong with it. */
export function decodeEncrypt(payload: Uint8Array): EncryptEvent | string {
  if (payload.length === 0) return "empty ENCRYPT subnegotiation";
  const kind = KINDS[payload[0]];
  if (kind === undefined) return `ENCRYPT subcommand ${payload[0]} is not defined by RFC 2946`;
  const rest = payload.slice(1);
  switch (kind) {
    case "is":
    case "reply":
      if (rest.length === 0) return `ENCRYPT ${kind.toUpperCase()} without an encryption type`;
      return { type: "encrypt", kind, encType: rest[0], data: rest.slice(1) };
    case "support":
      return { type: "encrypt", kind, types: [...rest] };
    case "start":
      // Section 2: "The keyid field must be at least one byte long."
      if (rest.length === 0) return "ENCRYPT START without a keyid";
      return { type: "encrypt", kind, keyId: rest };
    case "request-start":
    case "enc-keyid":
    case "dec-keyid":
      return { type: "encrypt", kind, keyId: rest };
    default:
      if (rest.length > 0) return `ENCRYPT ${kind.toUpperCase()} with ${rest.length} extra bytes`;
      return { type: "encrypt", kind };
  }
}

interface EncryptState {
  receivingEncrypted: boolean; // the peer sent START and no END yet
}

function state(host: OptionHost): EncryptState {
  return host.state<EncryptState>(OPT.ENCRYPT, () => ({ receivingEncrypted: false }));
}

/** Whether the peer has started encrypting what it sends (START without END). */
export function isPeerEncrypting(host: OptionHost): boolean {
  return state(host).receivingEncrypted;
}

/** The ENCRYPT option module (RFC 2946), framing only. */
export const encrypt: OptionModule = {
  code: OPT.ENCRYPT,
  name: "encrypt",
  commands: ["encrypt"],
  receive(payload, host) {
    const ev = decodeEncrypt(payload);
    if (typeof ev === "string") {
      host.warn("malformed-subnegotiation", `${ev}: ignored`, OPT.ENCRYPT);
      return;
    }
    const weWill = host.isEnabled(OPT.ENCRYPT, "local");
    const weDo = host.isEnabled(OPT.ENCRYPT, "remote");
    if (!weWill && !weDo) return; // off: ignored, as one sent in flight with a refusal
    // A WILL-side message comes from the peer's WILL: our DO side must be on; and the other way.
    if (FROM_WILL_SIDE.has(ev.kind) ? !weDo : !weWill) {
      host.warn("wrong-direction", `ENCRYPT ${ev.kind.toUpperCase()} from the wrong side`, OPT.ENCRYPT);
      return;
    }
    const st = state(host);
    if (ev.kind === "start") {
      // Section 5: a second START before END is ignored.
      if (st.receivingEncrypted) return;
      st.receivingEncrypted = true;
    } else if (ev.kind === "end") {
      st.receivingEncrypted = false;
    }
    host.emit(ev);
    if (ev.kind === "support") {
      const mine = host.settings.encrypt?.types ?? [];
      if (!ev.types.some((t) => mine.includes(t))) {
        host.subnegotiate(OPT.ENCRYPT, encodeEncrypt({ kind: "is", encType: ENCRYPT_TYPES.NULL, data: new Uint8Array(0) }));
      }
    }
  },
  send(command, host) {
    const c = command as EncryptCommand;
    const payload = encodeEncrypt(c);
    if (!host.isEnabled(OPT.ENCRYPT, FROM_WILL_SIDE.has(c.kind) ? "local" : "remote")) return;
    host.subnegotiate(OPT.ENCRYPT, payload);
  },
  changed(side, enabled, host) {
    const st = state(host);
    // Section 5: WONT ENCRYPT while receiving encrypted data implies END.
    if (side === "remote" && !enabled && st.receivingEncrypted) {
      st.receivingEncrypted = false;
      host.emit({ type: "encrypt", kind: "end", implied: true });
    }
  },
};
