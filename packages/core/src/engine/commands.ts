import type { CommandName } from "./constants.js";
import type { Side } from "./events.js";
import type { NawsCommand } from "../options/naws.js";
import type { GmcpCommand, GmcpHelloCommand, GmcpSupportsCommand } from "../options/gmcp.js";
import type { MsdpCommand } from "../options/msdp.js";
import type { MsspCommand } from "../options/mssp.js";
import type { AuthenticationCommand } from "../options/authentication.js";
import type { ComPortCommand } from "../options/com-port.js";
import type { EncryptCommand } from "../options/encrypt.js";
import type { ExoplCommand } from "../options/exopl.js";
import type { LflowCommand } from "../options/lflow.js";
import type { LogoutCommand } from "../options/logout.js";
import type { SndlocCommand } from "../options/sndloc.js";
import type { TspeedCommand } from "../options/tspeed.js";
import type { XdisplocCommand } from "../options/xdisploc.js";
import type { BmCommand } from "../options/bm.js";
import type { DetCommand } from "../options/det.js";
import type { OutputDispositionCommand, OutputTabstopsCommand } from "../options/output-disposition.js";
import type { RcteCommand } from "../options/rcte.js";
import type { Regime3270Command } from "../options/regime-3270.js";
import type { SupdupOutputCommand } from "../options/supdup-output.js";
import type { Tn3270eCommand } from "../options/tn3270e.js";
import type { X3PadCommand } from "../options/x3pad.js";
import type { XasciiCommand } from "../options/xascii.js";
import type { OutmrkCommand } from "../options/outmrk.js";
import type { TtylocCommand } from "../options/ttyloc.js";
import type { TuidCommand } from "../options/tuid.js";
import type { StatusCommand } from "../options/status.js";
import type { TimingMarkCommand } from "../options/timing-mark.js";
import type { CharsetCommand } from "../options/charset.js";
import type { EnvironCommand } from "../options/environ-exchange.js";
import type { TtypeCommand } from "../options/ttype.js";
import type { LinemodeCommand } from "../options/linemode/index.js";
import type { MccpCommand } from "../options/mccp.js";

/** In-band bytes: IAC is doubled, nothing else is touched. */
export interface DataCommand {
  type: "data";
  bytes: Uint8Array;
}

/**
 * A string, encoded as UTF-8 (or by the session's `encodeText`), with NVT line endings
 * (RFC 854: LF becomes CR LF, a lone CR becomes CR NUL) unless BINARY is on for our side.
 */
export interface TextCommand {
  type: "text";
  text: string;
}

/** A single-byte command. GA is dropped (empty bytes) while SGA is on for our side (RFC 858). */
export interface CommandCommand {
  type: "command";
  command: CommandName;
}

/** Ask for an option to be turned on: `local` sends WILL, `remote` sends DO (RFC 1143 rules apply). */
export interface EnableCommand {
  type: "enable";
  option: number;
  side: Side;
}

/** Ask for an option to be turned off: `local` sends WONT, `remote` sends DONT. */
export interface DisableCommand {
  type: "disable";
  option: number;
  side: Side;
}

/** A raw subnegotiation: `IAC SB option payload IAC SE`, with IAC in the payload doubled. */
export interface SubnegotiationCommand {
  type: "subnegotiation";
  option: number;
  payload: Uint8Array;
}

/**
 * Mark the end of a prompt: IAC EOR when EOR is on for our side (RFC 885), otherwise
 * IAC GA unless SGA is on for our side (RFC 858), otherwise nothing.
 */
export interface PromptCommand {
  type: "prompt";
}

/**
 * Every command type `TelnetSession.send()` takes, by `type`. Option modules add theirs
 * by declaration merging, like `TelnetEventMap`.
 */
export interface TelnetCommandMap {
  data: DataCommand;
  text: TextCommand;
  command: CommandCommand;
  enable: EnableCommand;
  disable: DisableCommand;
  subnegotiation: SubnegotiationCommand;
  prompt: PromptCommand;
  naws: NawsCommand;
  gmcp: GmcpCommand;
  "gmcp-hello": GmcpHelloCommand;
  "gmcp-supports": GmcpSupportsCommand;
  msdp: MsdpCommand;
  mssp: MsspCommand;
  tspeed: TspeedCommand;
  xdisploc: XdisplocCommand;
  sndloc: SndlocCommand;
  lflow: LflowCommand;
  logout: LogoutCommand;
  exopl: ExoplCommand;
  "com-port": ComPortCommand;
  authentication: AuthenticationCommand;
  encrypt: EncryptCommand;
  "output-disposition": OutputDispositionCommand;
  "output-tabstops": OutputTabstopsCommand;
  xascii: XasciiCommand;
  rcte: RcteCommand;
  det: DetCommand;
  bm: BmCommand;
  "supdup-output": SupdupOutputCommand;
  "regime-3270": Regime3270Command;
  "x3-pad": X3PadCommand;
  tn3270e: Tn3270eCommand;
  tuid: TuidCommand;
  outmrk: OutmrkCommand;
  ttyloc: TtylocCommand;
  ttype: TtypeCommand;
  status: StatusCommand;
  "timing-mark": TimingMarkCommand;
  environ: EnvironCommand;
  charset: CharsetCommand;
  linemode: LinemodeCommand;
  mccp2: MccpCommand & { type: "mccp2" };
  mccp3: MccpCommand & { type: "mccp3" };
}

/** Any command for `TelnetSession.send()`. */
export type TelnetCommand = TelnetCommandMap[keyof TelnetCommandMap];
