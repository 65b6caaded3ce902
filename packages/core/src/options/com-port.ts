/**
 * COM-PORT-OPTION, option 44 — RFC 2217.
 *
 * A client (WILL) configures a serial port on an access server (DO): baud rate, data
 * size, parity, stop size, control lines and flow control, masks for line and modem
 * state notifications, purges. Each client command is acknowledged by the server with
 * the value actually in use, under the same code plus 100; the server also notifies
 * line and modem state changes and either side may suspend the other (section 5).
 *
 * Client: offers WILL at `start()` when `settings.comPort` is set, sends
 * `comPort.configure` once agreed (in section 2's order), and keeps what the server
 * acknowledged or notified (`comPortState()`).
 * Server: agrees when `settings.comPort` is set. Every client command is a `com-port`
 * event; the application applies it to its port and acknowledges by sending the same
 * command with the value in use (the session adds 100). The engine itself answers what
 * needs no port: SIGNATURE requests (from `comPort.signature`), the two masks (kept and
 * acknowledged), and it applies the line-state / modem-state masks to notifications.
 */
import { latin1, latin1Bytes } from "../engine/bytes.js";
import { OPT } from "../engine/constants.js";
import type { OptionHost, OptionModule } from "../engine/option.js";

/** RFC 2217 subcommand codes as the client sends them; the server adds `SERVER_OFFSET`. */
export const COM_PORT = {
  SIGNATURE: 0,
  SET_BAUDRATE: 1,
  SET_DATASIZE: 2,
  SET_PARITY: 3,
  SET_STOPSIZE: 4,
  SET_CONTROL: 5,
  NOTIFY_LINESTATE: 6,
  NOTIFY_MODEMSTATE: 7,
  FLOWCONTROL_SUSPEND: 8,
  FLOWCONTROL_RESUME: 9,
  SET_LINESTATE_MASK: 10,
  SET_MODEMSTATE_MASK: 11,
  PURGE_DATA: 12,
  SERVER_OFFSET: 100,
} as const;

/** SET-PARITY values: 0 asks for the current one. */
export type ComPortParity = "request" | "none" | "odd" | "even" | "mark" | "space";
/** SET-STOPSIZE values: 0 asks for the current one; 3 is 1.5 stop bits. */
export type ComPortStopSize = "request" | "1" | "2" | "1.5";
/** SET-CONTROL values 0-19 (section 3): flow control (outbound/both, inbound), BREAK, DTR, RTS. */
export type ComPortControl =
  | "request-flow"
  | "flow-none"
  | "flow-xon-xoff"
  | "flow-hardware"
  | "request-break"
  | "break-on"
  | "break-off"
  | "request-dtr"
  | "dtr-on"
  | "dtr-off"
  | "request-rts"
  | "rts-on"
  | "rts-off"
  | "request-inbound-flow"
  | "inbound-flow-none"
  | "inbound-flow-xon-xoff"
  | "inbound-flow-hardware"
  | "flow-dcd"
  | "inbound-flow-dtr"
  | "flow-dsr";
/** PURGE-DATA values: the access server's receive buffer, transmit buffer, or both. */
export type ComPortPurge = "receive" | "transmit" | "both";

const PARITIES: readonly ComPortParity[] = ["request", "none", "odd", "even", "mark", "space"];
const STOP_SIZES: readonly ComPortStopSize[] = ["request", "1", "2", "1.5"];
const CONTROLS: readonly ComPortControl[] = [
  "request-flow", "flow-none", "flow-xon-xoff", "flow-hardware",
  "request-break", "break-on", "break-off",
  "request-dtr", "dtr-on", "dtr-off",
  "request-rts", "rts-on", "rts-off",
  "request-inbound-flow", "inbound-flow-none", "inbound-flow-xon-xoff", "inbound-flow-hardware",
  "flow-dcd", "inbound-flow-dtr", "flow-dsr",
];
const PURGES: readonly (ComPortPurge | undefined)[] = [undefined, "receive", "transmit", "both"];

/** NOTIFY-LINESTATE / SET-LINESTATE-MASK bits (section 3, a 16550-style line status register). */
export const COM_PORT_LINESTATE = {
  timeoutError: 128,
  transferShiftRegisterEmpty: 64,
  transferHoldingRegisterEmpty: 32,
  breakDetectError: 16,
  framingError: 8,
  parityError: 4,
  overrunError: 2,
  dataReady: 1,
} as const;

/** NOTIFY-MODEMSTATE / SET-MODEMSTATE-MASK bits (section 3, a modem status register). */
export const COM_PORT_MODEMSTATE = {
  carrierDetect: 128,
  ringIndicator: 64,
  dataSetReady: 32,
  clearToSend: 16,
  deltaCarrierDetect: 8,
  trailingEdgeRingDetector: 4,
  deltaDataSetReady: 2,
  deltaClearToSend: 1,
} as const;

/** The bits of a line-state or modem-state byte, by name. */
export function comPortFlags<T extends Record<string, number>>(bits: T, value: number): Record<keyof T, boolean> {
  const out = {} as Record<keyof T, boolean>;
  for (const k of Object.keys(bits) as (keyof T)[]) out[k] = (value & bits[k]) !== 0;
  return out;
}

/** One COM-PORT subcommand, the same shape both ways. Values not named by the RFC stay numbers. */
export type ComPortMessage =
  | { command: "signature"; text: string }
  | { command: "set-baudrate"; baudRate: number }
  | { command: "set-datasize"; dataSize: number }
  | { command: "set-parity"; parity: ComPortParity | number }
  | { command: "set-stopsize"; stopSize: ComPortStopSize | number }
  | { command: "set-control"; control: ComPortControl | number }
  | { command: "notify-linestate"; lineState: number }
  | { command: "notify-modemstate"; modemState: number }
  | { command: "flowcontrol-suspend" }
  | { command: "flowcontrol-resume" }
  | { command: "set-linestate-mask"; mask: number }
  | { command: "set-modemstate-mask"; mask: number }
  | { command: "purge-data"; purge: ComPortPurge | number };

/**
 * A subcommand from the peer; `from` says which list its code is on (client codes 0-12,
 * server codes 100-112). A `signature` with empty `text` asks for ours; a value of 0 (or
 * `request`) in a client's SET asks for the current setting.
 */
export type ComPortEvent = ComPortMessage & { type: "com-port"; from: "client" | "server" };

/**
 * Send a subcommand. A client sends client codes; an access server (we said DO) sends
 * the same with 100 added: its acknowledgements, notifications, and its own settings.
 */
export type ComPortCommand = ComPortMessage & { type: "com-port" };

/** What a client asks for as soon as the server agrees (section 2's recommended order). */
export interface ComPortConfigure {
  baudRate?: number;
  dataSize?: number;
  parity?: ComPortParity;
  stopSize?: ComPortStopSize;
}

/** `SessionOptions.comPort`: setting it turns COM-PORT-OPTION on for the role (client offers, server accepts). */
export interface ComPortSettings {
  /** Our SIGNATURE text, sent when the peer asks for it. */
  signature?: string;
  /** Client: settings to request once the server agrees. */
  configure?: ComPortConfigure;
}

/** The port as the access server last reported it (client), or acknowledged it (server). */
export interface ComPortState {
  baudRate?: number;
  dataSize?: number;
  parity?: ComPortParity | number;
  stopSize?: ComPortStopSize | number;
  flowControl?: "none" | "xon-xoff" | "hardware" | "dcd" | "dsr";
  inboundFlowControl?: "none" | "xon-xoff" | "hardware" | "dtr";
  break?: boolean;
  dtr?: boolean;
  rts?: boolean;
  lineState?: number;
  modemState?: number;
  /** Access server: masks for notifications (section 3: initially 0 and 255). */
  lineStateMask: number;
  modemStateMask: number;
  /** The peer asked us to suspend sending (FLOWCONTROL-SUSPEND) and has not resumed. */
  suspended: boolean;
  /** The peer's SIGNATURE, once received. */
  peerSignature?: string;
}

const NAMES = [
  "signature", "set-baudrate", "set-datasize", "set-parity", "set-stopsize", "set-control",
  "notify-linestate", "notify-modemstate", "flowcontrol-suspend", "flowcontrol-resume",
  "set-linestate-mask", "set-modemstate-mask", "purge-data",
] as const;

function named<T extends string>(names: readonly (T | undefined)[], code: number): T | number {
  return names[code] ?? code;
}

function coded(names: readonly (string | undefined)[], v: unknown, what: string): number {
  if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 255) return v;
  const i = typeof v === "string" ? names.indexOf(v) : -1;
  if (i < 0) throw new TypeError(`com-port: unknown ${what} ${JSON.stringify(v)}`);
  return i;
}

function byte(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 255) throw new TypeError(`com-port: ${what} must be an integer 0-255`);
  return v;
}

/** COM-PORT payload for a subcommand, with client codes (`server`: add 100). */
export function encodeComPort(message: ComPortMessage, server = false): Uint8Array {
  const code = NAMES.indexOf(message.command) + (server ? COM_PORT.SERVER_OFFSET : 0);
  if (code < (server ? 100 : 0)) throw new TypeError(`com-port: unknown command ${JSON.stringify((message as { command: unknown }).command)}`);
  switch (message.command) {
    case "signature": {
      if (typeof message.text !== "string") throw new TypeError("com-port: signature text must be a string");
      const t = latin1Bytes(message.text);
      const out = new Uint8Array(t.length + 1);
      out[0] = code;
      out.set(t, 1);
      return out;
    }
    case "set-baudrate": {
      const b = message.baudRate;
      if (typeof b !== "number" || !Number.isInteger(b) || b < 0 || b > 0xffffffff) {
        throw new TypeError("com-port: baudRate must be an integer 0-4294967295");
      }
      // Section 2: four octets, "network standard format" (big-endian).
      return new Uint8Array([code, b >>> 24, (b >>> 16) & 0xff, (b >>> 8) & 0xff, b & 0xff]);
    }
    case "set-datasize":
      return new Uint8Array([code, byte(message.dataSize, "dataSize")]);
    case "set-parity":
      return new Uint8Array([code, coded(PARITIES, message.parity, "parity")]);
    case "set-stopsize":
      return new Uint8Array([code, coded(STOP_SIZES, message.stopSize, "stopSize")]);
    case "set-control":
      return new Uint8Array([code, coded(CONTROLS, message.control, "control")]);
    case "notify-linestate":
      return new Uint8Array([code, byte(message.lineState, "lineState")]);
    case "notify-modemstate":
      return new Uint8Array([code, byte(message.modemState, "modemState")]);
    case "set-linestate-mask":
    case "set-modemstate-mask":
      return new Uint8Array([code, byte(message.mask, "mask")]);
    case "purge-data":
      return new Uint8Array([code, coded(PURGES, message.purge, "purge")]);
    default: // flowcontrol-suspend, flowcontrol-resume
      return new Uint8Array([code]);
  }
}

/** Decode a COM-PORT payload; a string says what is wrong with it. */
export function decodeComPort(payload: Uint8Array): ComPortEvent | string {
  if (payload.length === 0) return "empty COM-PORT subnegotiation";
  const code = payload[0];
  const from = code >= COM_PORT.SERVER_OFFSET ? "server" : "client";
  const base = from === "server" ? code - COM_PORT.SERVER_OFFSET : code;
  const command = NAMES[base];
  if (command === undefined) return `COM-PORT subcommand ${code} is not defined by RFC 2217`;
  const n = payload.length - 1;
  const want = command === "signature" ? -1 : command === "set-baudrate" ? 4 : command.startsWith("flowcontrol") ? 0 : 1;
  if (want >= 0 && n !== want) return `COM-PORT ${command.toUpperCase()} with ${n} value bytes, expected ${want}`;
  const v = payload[1];
  const head = { type: "com-port", from } as const;
  switch (command) {
    case "signature":
      return { ...head, command, text: latin1(payload, 1) };
    case "set-baudrate":
      return { ...head, command, baudRate: ((payload[1] << 24) | (payload[2] << 16) | (payload[3] << 8) | payload[4]) >>> 0 };
    case "set-datasize":
      return { ...head, command, dataSize: v };
    case "set-parity":
      return { ...head, command, parity: named(PARITIES, v) };
    case "set-stopsize":
      return { ...head, command, stopSize: named(STOP_SIZES, v) };
    case "set-control":
      return { ...head, command, control: named(CONTROLS, v) };
    case "notify-linestate":
      return { ...head, command, lineState: v };
    case "notify-modemstate":
      return { ...head, command, modemState: v };
    case "set-linestate-mask":
    case "set-modemstate-mask":
      return { ...head, command, mask: v };
    case "purge-data":
      return { ...head, command, purge: named(PURGES, v) };
    default:
      return { ...head, command };
  }
}

function state(host: OptionHost): ComPortState {
  return host.state<ComPortState>(OPT.COM_PORT, () => ({ lineStateMask: 0, modemStateMask: 255, suspended: false }));
}

/** COM-PORT state of a session: the port's settings as reported, masks, suspension. */
export function comPortState(host: OptionHost): Readonly<ComPortState> {
  return state(host);
}

// We are the access server when we said DO (and, if both sides are on, when our role is server).
function accessServer(host: OptionHost): boolean {
  return host.isEnabled(OPT.COM_PORT, "remote") && (!host.isEnabled(OPT.COM_PORT, "local") || host.role === "server");
}

const FLOW = { 1: "none", 2: "xon-xoff", 3: "hardware", 17: "dcd", 19: "dsr" } as const;
const INBOUND = { 14: "none", 15: "xon-xoff", 16: "hardware", 18: "dtr" } as const;

// Record a setting reported by the access server (its acknowledgement or its own change).
function record(st: ComPortState, m: ComPortMessage): void {
  switch (m.command) {
    case "set-baudrate":
      if (m.baudRate !== 0) st.baudRate = m.baudRate;
      return;
    case "set-datasize":
      if (m.dataSize !== 0) st.dataSize = m.dataSize;
      return;
    case "set-parity":
      if (m.parity !== "request") st.parity = m.parity;
      return;
    case "set-stopsize":
      if (m.stopSize !== "request") st.stopSize = m.stopSize;
      return;
    case "set-control": {
      const c = typeof m.control === "number" ? m.control : CONTROLS.indexOf(m.control);
      if (c in FLOW) st.flowControl = FLOW[c as keyof typeof FLOW];
      else if (c in INBOUND) st.inboundFlowControl = INBOUND[c as keyof typeof INBOUND];
      else if (c === 5 || c === 6) st.break = c === 5;
      else if (c === 8 || c === 9) st.dtr = c === 8;
      else if (c === 11 || c === 12) st.rts = c === 11;
      return;
    }
    case "notify-linestate":
      st.lineState = m.lineState;
      return;
    case "notify-modemstate":
      st.modemState = m.modemState;
      return;
    case "set-linestate-mask":
      st.lineStateMask = m.mask;
      return;
    case "set-modemstate-mask":
      st.modemStateMask = m.mask;
      return;
    default:
  }
}

function signature(host: OptionHost, server: boolean): void {
  const text = host.settings.comPort?.signature;
  if (text !== undefined) host.subnegotiate(OPT.COM_PORT, encodeComPort({ command: "signature", text }, server));
}

/** The COM-PORT-OPTION module (RFC 2217). */
export const comPort: OptionModule = {
  code: OPT.COM_PORT,
  name: "com-port",
  defaultPolicy(role, settings) {
    if (!settings.comPort) return undefined;
    return role === "client" ? { local: "initiate", remote: "refuse" } : { local: "refuse", remote: "accept" };
  },
  commands: ["com-port"],
  receive(payload, host) {
    const ev = decodeComPort(payload);
    if (typeof ev === "string") {
      host.warn("malformed-subnegotiation", `${ev}: ignored`, OPT.COM_PORT);
      return;
    }
    const local = host.isEnabled(OPT.COM_PORT, "local");
    const remote = host.isEnabled(OPT.COM_PORT, "remote");
    if (!local && !remote) return; // off: ignored, as one sent in flight with a refusal
    const server = accessServer(host);
    if ((ev.from === "client") !== server) {
      const mine = server ? "access server (we said DO)" : "client (we said WILL)";
      host.warn("wrong-direction", `COM-PORT ${ev.command.toUpperCase()} with a ${ev.from} code, but we are the ${mine}`, OPT.COM_PORT);
      return;
    }
    const st = state(host);
    host.emit(ev);
    switch (ev.command) {
      case "signature":
        if (ev.text === "") signature(host, server);
        else st.peerSignature = ev.text;
        return;
      case "flowcontrol-suspend":
        st.suspended = true; // section 5: repeated suspends are one
        return;
      case "flowcontrol-resume":
        st.suspended = false;
        return;
      case "set-linestate-mask":
      case "set-modemstate-mask":
        if (server) {
          // The masks live in the engine: keep and acknowledge (section 3).
          record(st, ev);
          host.subnegotiate(OPT.COM_PORT, encodeComPort(ev, true));
        }
        return;
      default:
        if (!server) record(st, ev);
    }
  },
  send(command, host) {
    const c = command as ComPortCommand;
    const payloadServer = accessServer(host);
    const payload = encodeComPort(c, payloadServer); // validates the command
    if (!payloadServer && !host.isEnabled(OPT.COM_PORT, "local")) return;
    const st = state(host);
    if (payloadServer) {
      // Section 3: a notification goes out ANDed with the client's mask, and only if not zero.
      if (c.command === "notify-linestate" || c.command === "notify-modemstate") {
        const value = c.command === "notify-linestate" ? c.lineState & st.lineStateMask : c.modemState & st.modemStateMask;
        record(st, c.command === "notify-linestate" ? { command: c.command, lineState: c.lineState } : { command: c.command, modemState: c.modemState });
        if (value === 0) return;
        host.subnegotiate(OPT.COM_PORT, encodeComPort(c.command === "notify-linestate" ? { command: c.command, lineState: value } : { command: c.command, modemState: value }, true));
        return;
      }
      record(st, c);
    }
    host.subnegotiate(OPT.COM_PORT, payload);
  },
  changed(side, enabled, host) {
    if (side !== "local" || !enabled || accessServer(host)) return;
    const want = host.settings.comPort?.configure;
    if (!want) return;
    if (want.baudRate !== undefined) this.send!({ type: "com-port", command: "set-baudrate", baudRate: want.baudRate }, host);
    if (want.dataSize !== undefined) this.send!({ type: "com-port", command: "set-datasize", dataSize: want.dataSize }, host);
    if (want.parity !== undefined) this.send!({ type: "com-port", command: "set-parity", parity: want.parity }, host);
    if (want.stopSize !== undefined) this.send!({ type: "com-port", command: "set-stopsize", stopSize: want.stopSize }, host);
  },
};
