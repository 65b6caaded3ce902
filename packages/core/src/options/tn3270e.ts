/**
 * TN3270E, option 40 — RFC 2355 (subnegotiation and header framing).
 *
 * After DO/WILL, the server asks `SEND DEVICE-TYPE`; the client answers
 * `DEVICE-TYPE REQUEST <type> [CONNECT <resource> | ASSOCIATE <device>]`; the server
 * accepts (`DEVICE-TYPE IS <type> CONNECT <device>`) or rejects (`DEVICE-TYPE REJECT
 * REASON <code>`); then both sides trade `FUNCTIONS REQUEST|IS <function-list>` (section 4,
 * 7). Each 3270 data message then starts with a five-byte header (section 8.1), which
 * `encodeTn3270eHeader` / `decodeTn3270eHeader` handle. Decoded into events; refused
 * by default (no 3270 emulation here).
 */
import { latin1, latin1Bytes } from "../engine/bytes.js";
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

/** Section 3 codes. */
export const TN3270E = {
  ASSOCIATE: 0,
  CONNECT: 1,
  DEVICE_TYPE: 2,
  FUNCTIONS: 3,
  IS: 4,
  REASON: 5,
  REJECT: 6,
  REQUEST: 7,
  SEND: 8,
} as const;

export type Tn3270eReason =
  | "conn-partner"
  | "device-in-use"
  | "inv-associate"
  | "inv-name"
  | "inv-device-type"
  | "type-name-error"
  | "unknown-error"
  | "unsupported-req";
export type Tn3270eFunction = "bind-image" | "data-stream-ctl" | "responses" | "scs-ctl-codes" | "sysreq";

const REASONS: readonly Tn3270eReason[] = [
  "conn-partner", "device-in-use", "inv-associate", "inv-name",
  "inv-device-type", "type-name-error", "unknown-error", "unsupported-req",
];
const FUNCTIONS: readonly Tn3270eFunction[] = ["bind-image", "data-stream-ctl", "responses", "scs-ctl-codes", "sysreq"];

/** One TN3270E subnegotiation. Codes the RFC does not name stay numbers. */
export type Tn3270eMessage =
  | { kind: "send-device-type" }
  | { kind: "device-type-request"; deviceType: string; connect?: string; associate?: string }
  | { kind: "device-type-is"; deviceType: string; deviceName: string }
  | { kind: "device-type-reject"; reason: Tn3270eReason | number }
  | { kind: "functions-request" | "functions-is"; functions: (Tn3270eFunction | number)[] };

/** A TN3270E subnegotiation from the peer. */
export type Tn3270eEvent = Tn3270eMessage & { type: "tn3270e" };
/** Send a TN3270E subnegotiation (while the option is on). */
export type Tn3270eCommand = Tn3270eMessage & { type: "tn3270e" };

function code(names: readonly string[], v: unknown, what: string): number {
  if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 255) return v;
  const i = typeof v === "string" ? names.indexOf(v) : -1;
  if (i < 0) throw new TypeError(`tn3270e: unknown ${what} ${JSON.stringify(v)}`);
  return i;
}

// Names are NVT ASCII; what matters to the framing is that no byte is below 0x20, which
// would read as CONNECT / ASSOCIATE (bytes above 0x7e are read back as they are sent).
function name(v: unknown, what: string): Uint8Array {
  if (typeof v !== "string" || v === "" || /[^\x20-\xff]/.test(v)) throw new TypeError(`tn3270e: ${what} must be a non-empty name of bytes 0x20-0xff`);
  return latin1Bytes(v);
}

/** TN3270E payload for a message. */
export function encodeTn3270e(m: Tn3270eMessage): Uint8Array {
  const { DEVICE_TYPE, FUNCTIONS: F, IS, REQUEST, REJECT, REASON, SEND, CONNECT, ASSOCIATE } = TN3270E;
  switch (m.kind) {
    case "send-device-type":
      return new Uint8Array([SEND, DEVICE_TYPE]);
    case "device-type-request": {
      if (m.connect !== undefined && m.associate !== undefined) throw new TypeError("tn3270e: CONNECT and ASSOCIATE are exclusive");
      const out = [DEVICE_TYPE, REQUEST, ...name(m.deviceType, "deviceType")];
      if (m.connect !== undefined) out.push(CONNECT, ...name(m.connect, "connect"));
      if (m.associate !== undefined) out.push(ASSOCIATE, ...name(m.associate, "associate"));
      return Uint8Array.from(out);
    }
    case "device-type-is":
      return Uint8Array.from([DEVICE_TYPE, IS, ...name(m.deviceType, "deviceType"), CONNECT, ...name(m.deviceName, "deviceName")]);
    case "device-type-reject":
      return new Uint8Array([DEVICE_TYPE, REJECT, REASON, code(REASONS, m.reason, "reason")]);
    case "functions-request":
    case "functions-is":
      if (!Array.isArray(m.functions)) throw new TypeError("tn3270e: functions must be an array");
      return Uint8Array.from([F, m.kind === "functions-is" ? IS : REQUEST, ...m.functions.map((f) => code(FUNCTIONS, f, "function"))]);
    default:
      throw new TypeError(`tn3270e: unknown kind ${JSON.stringify((m as { kind: unknown }).kind)}`);
  }
}

// A name runs until a byte below 0x20 (CONNECT / ASSOCIATE) or the end.
function readName(p: Uint8Array, from: number): number {
  let i = from;
  while (i < p.length && p[i] >= 0x20) i++;
  return i;
}

/** Decode a TN3270E payload; a string says what is wrong with it. */
export function decodeTn3270e(payload: Uint8Array): Tn3270eEvent | string {
  const { DEVICE_TYPE, FUNCTIONS: F, IS, REQUEST, REJECT, REASON, SEND, CONNECT, ASSOCIATE } = TN3270E;
  if (payload.length < 2) return "TN3270E subnegotiation too short";
  const [a, b] = payload;
  if (a === SEND) return b === DEVICE_TYPE && payload.length === 2 ? { type: "tn3270e", kind: "send-device-type" } : "TN3270E SEND of something other than DEVICE-TYPE";
  if (a === F && (b === REQUEST || b === IS)) {
    const functions = [...payload.subarray(2)].map((f) => FUNCTIONS[f] ?? f);
    return { type: "tn3270e", kind: b === IS ? "functions-is" : "functions-request", functions };
  }
  if (a !== DEVICE_TYPE) return `TN3270E subcommand ${a} ${b} is not defined by RFC 2355`;
  if (b === REJECT) {
    if (payload.length !== 4 || payload[2] !== REASON) return "TN3270E DEVICE-TYPE REJECT without REASON <code>";
    return { type: "tn3270e", kind: "device-type-reject", reason: REASONS[payload[3]] ?? payload[3] };
  }
  if (b !== REQUEST && b !== IS) return `TN3270E DEVICE-TYPE ${b} is none of REQUEST, IS, REJECT`;
  const end = readName(payload, 2);
  if (end === 2) return "TN3270E DEVICE-TYPE without a device type";
  const deviceType = latin1(payload, 2, end);
  if (b === IS) {
    const nameEnd = readName(payload, end + 1);
    if (payload[end] !== CONNECT || nameEnd === end + 1 || nameEnd !== payload.length) return "TN3270E DEVICE-TYPE IS without CONNECT <device-name>";
    return { type: "tn3270e", kind: "device-type-is", deviceType, deviceName: latin1(payload, end + 1) };
  }
  if (end === payload.length) return { type: "tn3270e", kind: "device-type-request", deviceType };
  const nameEnd = readName(payload, end + 1);
  if ((payload[end] !== CONNECT && payload[end] !== ASSOCIATE) || nameEnd === end + 1 || nameEnd !== payload.length) {
    return "TN3270E DEVICE-TYPE REQUEST: expected CONNECT <resource-name> or ASSOCIATE <device-name>";
  }
  const n = latin1(payload, end + 1);
  return payload[end] === CONNECT
    ? { type: "tn3270e", kind: "device-type-request", deviceType, connect: n }
    : { type: "tn3270e", kind: "device-type-request", deviceType, associate: n };
}

/** The five-byte header of a TN3270E data message (section 8.1). */
export interface Tn3270eHeader {
  dataType: number;
  requestFlag: number;
  responseFlag: number;
  seqNumber: number;
}

/** Section 8.1.1 data types. */
export const TN3270E_DATA_TYPES = {
  "3270-DATA": 0,
  "SCS-DATA": 1,
  RESPONSE: 2,
  "BIND-IMAGE": 3,
  UNBIND: 4,
  "NVT-DATA": 5,
  REQUEST: 6,
  "SSCP-LU-DATA": 7,
  "PRINT-EOJ": 8,
} as const;

/** Header bytes (before IAC doubling, which applies as to any data). */
export function encodeTn3270eHeader(h: Tn3270eHeader): Uint8Array {
  for (const v of [h.dataType, h.requestFlag, h.responseFlag]) {
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new TypeError("tn3270e header: fields must be integers 0-255");
  }
  if (!Number.isInteger(h.seqNumber) || h.seqNumber < 0 || h.seqNumber > 0xffff) throw new TypeError("tn3270e header: seqNumber must be 0-65535");
  // Section 8.1.4: network byte order.
  return new Uint8Array([h.dataType, h.requestFlag, h.responseFlag, h.seqNumber >> 8, h.seqNumber & 0xff]);
}

/** The header at the start of a data message (already unescaped), or undefined when shorter than 5 bytes. */
export function decodeTn3270eHeader(message: Uint8Array): Tn3270eHeader | undefined {
  if (message.length < 5) return undefined;
  return { dataType: message[0], requestFlag: message[1], responseFlag: message[2], seqNumber: (message[3] << 8) | message[4] };
}

/** The TN3270E option module (RFC 2355). */
export const tn3270e: OptionModule = {
  code: OPT.TN3270E,
  name: "tn3270e",
  commands: ["tn3270e"],
  receive(payload, host) {
    const ev = decodeTn3270e(payload);
    if (typeof ev === "string") host.warn("malformed-subnegotiation", `${ev}: ignored`, OPT.TN3270E);
    else host.emit(ev);
  },
  send(command, host) {
    const payload = encodeTn3270e(command as Tn3270eCommand);
    if (host.isEnabled(OPT.TN3270E, "local") || host.isEnabled(OPT.TN3270E, "remote")) host.subnegotiate(OPT.TN3270E, payload);
  },
};
