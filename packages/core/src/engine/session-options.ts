import type { OptionModule, OptionPolicy, Role } from "./option.js";

/** Bounds on what a peer can make the engine hold. */
export interface SessionLimits {
  /** Largest subnegotiation payload kept, in bytes (default 65536). A longer one is dropped with a `sb-overflow` warning. */
  subnegotiation?: number;
  /** Most TTYPE SEND requests a server makes in one cycle before giving up (default 8). */
  ttypeCycle?: number;
}

/** Options for `new TelnetSession()`. */
export interface SessionOptions {
  /** Which end we are. */
  role: Role;
  /**
   * Policy per option, keyed by module name (`naws`, `ttype`, ...), by option code
   * (`201`), or by `OPT` name in lower case (`linemode`). Options not listed keep their
   * module's default for the role; options with no module are refused.
   */
  options?: Readonly<Record<string | number, OptionPolicy>>;
  /** Extra option modules (a custom option, or a replacement for a built-in one with the same code). */
  modules?: readonly OptionModule[];
  /** Buffer bounds. */
  limits?: SessionLimits;
  /** Client: terminal types to answer TTYPE SEND with, most specific first (RFC 1091 cycling). Default `["UNKNOWN"]`. */
  terminalTypes?: readonly string[];
  /** Client: window size to report once NAWS is on (RFC 1073). Send a `naws` command to update it. */
  windowSize?: { width: number; height: number };
  /** Server: run the TTYPE cycle (SEND until a repeat) as soon as the client agrees to TTYPE. Default true. */
  ttypeCycle?: boolean;
  /** Encoder for `text` commands. Default UTF-8. */
  encodeText?: (text: string) => Uint8Array;
}
