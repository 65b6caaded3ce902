import type { TelnetCommand } from "./commands.js";
import type { Side, TelnetEvent, WarningCode } from "./events.js";
import type { SessionOptions } from "./session-options.js";

/** Which end of the connection a session plays. Some options are asymmetric (RFC 1091: only the server sends TTYPE SEND). */
export type Role = "client" | "server";

/**
 * What to do with one side of an option:
 * - `refuse`: answer a request to enable with WONT / DONT;
 * - `accept`: agree when the peer asks, never ask first;
 * - `initiate`: agree when asked, and ask at `start()`.
 */
export type SidePolicy = "refuse" | "accept" | "initiate";

/** A policy for each side of an option; a side left out keeps the option module's default. */
export interface SidesPolicy {
  local?: SidePolicy;
  remote?: SidePolicy;
}

/**
 * Policy for one option:
 * - `"refuse"` / `"accept"`: both sides;
 * - `"request"`: ask the peer to enable it (DO at start), our side keeps its default;
 * - `"offer"`: offer to enable it ourselves (WILL at start), the peer's side keeps its default;
 * - an object for each side.
 */
export type OptionPolicy = "refuse" | "accept" | "request" | "offer" | SidesPolicy;

/**
 * What an option module may do with the session it is attached to. `TelnetSession`
 * implements it; a module receives it in every hook.
 */
export interface OptionHost {
  /** Our role. */
  readonly role: Role;
  /** The options the session was created with (modules read their own settings there). */
  readonly settings: SessionOptions;
  /** Whether the option is on (RFC 1143 state YES) on that side. */
  isEnabled(option: number, side: Side): boolean;
  /** RFC 1143 state of both sides of an option. */
  optionState(option: number): Record<Side, "no" | "yes" | "wantno" | "wantyes">;
  /** Deliver an event to the application, in order with everything else. */
  emit(event: TelnetEvent): void;
  /**
   * Deliver an event that output owed before it is transmitted before, and output owed
   * after it after (where the output changes, as when compression starts or ends).
   */
  emitBoundary(event: TelnetEvent): void;
  /** Report a protocol violation by the peer. */
  warn(code: WarningCode, message: string, option?: number): void;
  /** Queue `IAC SB option payload IAC SE` (IAC in the payload doubled) for the peer. */
  subnegotiate(option: number, payload: Uint8Array | readonly number[]): void;
  /** Queue raw bytes for the peer (already framed and escaped). */
  transmit(bytes: Uint8Array | readonly number[]): void;
  /** Whether the policy lets the peer turn this side of the option on. */
  accepts(option: number, side: Side): boolean;
  /** Ask for a side of an option to be turned on or off, by the RFC 1143 rules. */
  request(option: number, side: Side, enabled: boolean): void;
  /** This session's state for a module, created by `init` on first use. */
  state<T>(option: number, init: () => T): T;
  /**
   * The peer's bytes after the subnegotiation being handled are compressed (MCCP2, MCCP3):
   * they come out as `compressed` events until the application reports the end of the
   * stream. `side` is the side of `option` to turn off if decompression fails. False when
   * the input is compressed already (a start inside the compressed stream).
   */
  decompressFrom(option: number, side: Side): boolean;
}

/** A negotiation message for `OptionModule.negotiate`. */
export interface NegotiationMessage {
  kind: "received" | "request";
  side: Side;
  enabled: boolean;
}

/**
 * One Telnet option: its codec and its behaviour. Built-in options are modules; a user's
 * option (a vendor's, a MUD's) is registered the same way through `SessionOptions.modules`.
 * Modules are shared between sessions and keep per-session state with `host.state()`.
 */
export interface OptionModule {
  /** Option code (0-255). */
  readonly code: number;
  /** Key for this option in `SessionOptions.options` (lower case, e.g. `naws`). */
  readonly name: string;
  /** Policy when the user gives none, by role. A side left out is refused. */
  readonly defaults?: { client?: SidesPolicy; server?: SidesPolicy };
  /**
   * Policy when the user gives none, from the session's settings (for example: agree to
   * XDISPLOC only when an X display is configured). When it returns a policy, that one
   * is used instead of `defaults`.
   */
  defaultPolicy?(role: Role, settings: SessionOptions): SidesPolicy | undefined;
  /** `type`s of the commands `send()` routes to this module. */
  readonly commands?: readonly string[];
  /** Decode a subnegotiation payload (unescaped, without the option byte) into events and answers. */
  receive?(payload: Uint8Array, host: OptionHost): void;
  /** Encode a command of one of `commands`' types; output goes through `host.subnegotiate` / `host.transmit`. */
  send?(command: TelnetCommand, host: OptionHost): void;
  /**
   * Take over negotiation of this option instead of the RFC 1143 state machine: for
   * options that are not states, such as TIMING-MARK (RFC 860). `received` is a WILL/WONT
   * (side `remote`) or DO/DONT (side `local`) from the peer; `request` is our own.
   */
  negotiate?(message: NegotiationMessage, host: OptionHost): void;
  /** Called on each real change of state, after the negotiation reply is queued. */
  changed?(side: Side, enabled: boolean, host: OptionHost): void;
}
