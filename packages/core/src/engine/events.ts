import type { CommandName } from "./constants.js";
import type { NawsEvent } from "../options/naws.js";
import type { GmcpEvent, GmcpHelloEvent, GmcpSupportsEvent } from "../options/gmcp.js";
import type { MsdpEvent } from "../options/msdp.js";
import type { MsspEvent } from "../options/mssp.js";
import type { AuthenticationEvent } from "../options/authentication.js";
import type { ComPortEvent } from "../options/com-port.js";
import type { EncryptEvent } from "../options/encrypt.js";
import type { ExoplEvent } from "../options/exopl.js";
import type { LflowEvent } from "../options/lflow.js";
import type { LogoutEvent } from "../options/logout.js";
import type { SndlocEvent } from "../options/sndloc.js";
import type { TspeedEvent } from "../options/tspeed.js";
import type { XdisplocEvent } from "../options/xdisploc.js";
import type { BmEvent } from "../options/bm.js";
import type { DetEvent } from "../options/det.js";
import type { OutputDispositionEvent, OutputTabstopsEvent } from "../options/output-disposition.js";
import type { RcteEvent } from "../options/rcte.js";
import type { Regime3270Event } from "../options/regime-3270.js";
import type { SupdupOutputEvent } from "../options/supdup-output.js";
import type { Tn3270eEvent } from "../options/tn3270e.js";
import type { X3PadEvent } from "../options/x3pad.js";
import type { XasciiEvent } from "../options/xascii.js";
import type { OutmrkEvent } from "../options/outmrk.js";
import type { TtylocEvent } from "../options/ttyloc.js";
import type { TuidEvent } from "../options/tuid.js";
import type { StatusEvent } from "../options/status.js";
import type { TimingMarkEvent } from "../options/timing-mark.js";
import type { CharsetEvent } from "../options/charset.js";
import type { EnvironEvent } from "../options/environ-exchange.js";
import type { TerminalTypesEvent, TtypeEvent } from "../options/ttype.js";
import type { LinemodeEvent } from "../options/linemode/index.js";
import type { CompressedEvent, CompressionEvent } from "../options/mccp.js";

/** Which end of the connection an option applies to: `local` is us (WILL/WONT), `remote` is the peer (DO/DONT). */
export type Side = "local" | "remote";

/** In-band data from the peer: IAC IAC unescaped, CR NUL reduced to CR in NVT mode. A view of the input where no unescaping was needed. */
export interface DataEvent {
  type: "data";
  bytes: Uint8Array;
}

/**
 * Bytes the engine owes the peer (negotiation replies, subnegotiation answers). Write them
 * to the socket when you meet the event: everything owed for what came before the event is
 * in it (or in an earlier one). Replies to a run of negotiation in one chunk share one
 * transmit event, placed where the first of them was owed: it may also hold the replies to
 * negotiation after it, up to the next `data`, `command` or `compression` event.
 */
export interface TransmitEvent {
  type: "transmit";
  bytes: Uint8Array;
}

/** A single-byte Telnet command from the peer (RFC 854, RFC 885 EOR, RFC 1184 EOF/SUSP/ABORT). */
export interface CommandEvent {
  type: "command";
  command: CommandName;
  code: number;
}

/** An option was enabled or disabled on one side (a real change of RFC 1143 state to or from YES). */
export interface OptionEvent {
  type: "option";
  option: number;
  side: Side;
  enabled: boolean;
}

/** A subnegotiation for an option that has no codec registered: the payload, unescaped. */
export interface SubnegotiationEvent {
  type: "subnegotiation";
  option: number;
  payload: Uint8Array;
}

/** Stable codes for `warning` events: a peer violated the protocol and the engine recovered. */
export type WarningCode =
  | "unknown-command"
  | "se-without-sb"
  | "sb-interrupted"
  | "sb-overflow"
  | "sb-empty"
  | "sb-not-enabled"
  | "malformed-subnegotiation"
  | "wrong-direction"
  | "wrong-state"
  | "environ-limit"
  | "gmcp-limit"
  | "msdp-limit"
  | "negotiation-violation"
  | "unsolicited-subnegotiation"
  | "auth-pair-mismatch"
  | "ttype-cycle-limit"
  | "invalid-json"
  | "nesting-limit"
  | "module-error"
  | "compression-error"
  | (string & {});

/** A protocol violation by the peer, handled: the session continues in a defined state. */
export interface WarningEvent {
  type: "warning";
  code: WarningCode;
  message: string;
  option?: number;
}

/**
 * Every event type the engine can emit, by `type`. Option modules add theirs here by
 * declaration merging, so `TelnetEvent` narrows on `type` for custom options too:
 *
 * ```ts
 * declare module "@telnetkit/core" {
 *   interface TelnetEventMap { "vendor-ping": { type: "vendor-ping"; seq: number } }
 * }
 * ```
 */
export interface TelnetEventMap {
  data: DataEvent;
  transmit: TransmitEvent;
  command: CommandEvent;
  option: OptionEvent;
  subnegotiation: SubnegotiationEvent;
  warning: WarningEvent;
  naws: NawsEvent;
  gmcp: GmcpEvent;
  "gmcp-hello": GmcpHelloEvent;
  "gmcp-supports": GmcpSupportsEvent;
  msdp: MsdpEvent;
  mssp: MsspEvent;
  tspeed: TspeedEvent;
  xdisploc: XdisplocEvent;
  sndloc: SndlocEvent;
  lflow: LflowEvent;
  logout: LogoutEvent;
  exopl: ExoplEvent;
  "com-port": ComPortEvent;
  authentication: AuthenticationEvent;
  encrypt: EncryptEvent;
  "output-disposition": OutputDispositionEvent;
  "output-tabstops": OutputTabstopsEvent;
  xascii: XasciiEvent;
  rcte: RcteEvent;
  det: DetEvent;
  bm: BmEvent;
  "supdup-output": SupdupOutputEvent;
  "regime-3270": Regime3270Event;
  "x3-pad": X3PadEvent;
  tn3270e: Tn3270eEvent;
  tuid: TuidEvent;
  outmrk: OutmrkEvent;
  ttyloc: TtylocEvent;
  ttype: TtypeEvent;
  "terminal-types": TerminalTypesEvent;
  status: StatusEvent;
  "timing-mark": TimingMarkEvent;
  environ: EnvironEvent;
  charset: CharsetEvent;
  linemode: LinemodeEvent;
  compression: CompressionEvent;
  compressed: CompressedEvent;
}

/** Any event from `TelnetSession.receive()`. */
export type TelnetEvent = TelnetEventMap[keyof TelnetEventMap];
