import type { OptionModule, OptionPolicy, Role } from "./option.js";
import type { MsspStatus } from "../options/mssp.js";
import type { AuthenticationSettings } from "../options/authentication.js";
import type { ComPortSettings } from "../options/com-port.js";
import type { EncryptSettings } from "../options/encrypt.js";
import type { TranslationTable } from "../options/charset.js";
import type { EnvironRequest } from "../options/environ-codec.js";
import type { LinemodeSettings } from "../options/linemode/index.js";
import type { CompressionCodec } from "../connection/compression.js";

/** Bounds on what a peer can make the engine hold. */
export interface SessionLimits {
  /** Largest subnegotiation payload kept, in bytes (default 65536). A longer one is dropped with a `sb-overflow` warning. */
  subnegotiation?: number;
  /** Most TTYPE SEND requests a server makes in one cycle before giving up (default 8). */
  ttypeCycle?: number;
  /** Most variables of one kind (VAR, USERVAR) kept from the peer's NEW-ENVIRON / ENVIRON (default 256); more are dropped with an `environ-limit` warning. */
  environVariables?: number;
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
  /**
   * NEW-ENVIRON / ENVIRON (RFC 1572, RFC 1408): our well-known variables, sent with VAR
   * when the peer asks (`USER`, `DISPLAY`, ... or MNES names such as `CLIENT_NAME`).
   * Change them later with the `environ` command's `update` (sent as INFO).
   */
  environment?: Readonly<Record<string, string>>;
  /** NEW-ENVIRON / ENVIRON: our user variables, sent with USERVAR. */
  userEnvironment?: Readonly<Record<string, string>>;
  /**
   * NEW-ENVIRON / ENVIRON: what to ask for (SEND) as soon as the peer agrees (WILL); default
   * all variables (`SEND VAR USERVAR`); `false` to ask only with the `environ` command.
   */
  environRequest?: readonly EnvironRequest[] | false;
  /**
   * CHARSET (RFC 2066): the character sets we can use, most preferred first, compared
   * without case and with common aliases (`utf8` = `UTF-8`). Default `["UTF-8"]`. When set,
   * we also ask for them (REQUEST) as soon as we may, unless `charsetRequest` is false.
   */
  charsets?: readonly string[];
  /** CHARSET: send a REQUEST for `charsets` on our own once the option is on. Default: true when `charsets` is set. */
  charsetRequest?: boolean;
  /** CHARSET: take a translation table from the peer (`accept`: offer TTABLE, answer TTABLE-ACK) or refuse it (`reject`, the default: TTABLE-REJECTED). */
  charsetTables?: "accept" | "reject";
  /** CHARSET: translation tables we can send (TTABLE-IS) when the peer offers TTABLE and none of its sets is ours. */
  translationTables?: readonly TranslationTable[];
  /** LINEMODE (RFC 1184): the mode a server asks for, the modes a client honours, special characters. */
  linemode?: LinemodeSettings;
  /** Client: line speeds to answer TSPEED SEND with (RFC 1079); setting it makes the client agree to TSPEED. */
  terminalSpeed?: { transmit: number; receive: number };
  /** Client: X display, `host:display[.screen]`, to answer XDISPLOC SEND with (RFC 1096); setting it makes the client agree to XDISPLOC. */
  xDisplayLocation?: string;
  /** Client: the user's location (RFC 779); setting it makes the client offer SEND-LOCATION and send it once agreed. */
  sendLocation?: string;
  /** Server: the restart mode sent once the client agrees to LFLOW (RFC 1372): `xon` (default), `any`, or `none` to send nothing. */
  lflowRestart?: "any" | "xon" | "none";
  /** AUTHENTICATION (RFC 2941): the pairs a server offers, the types a client's application answers itself. */
  authentication?: AuthenticationSettings;
  /** ENCRYPT (RFC 2946): the encryption types the application implements. */
  encrypt?: EncryptSettings;
  /** COM-PORT-OPTION (RFC 2217): setting it makes a client offer the option and a server accept it. */
  comPort?: ComPortSettings;
  /** EXOPL (RFC 861): extended option codes we agree to, by side (all others are refused). */
  extendedOptions?: { local?: readonly number[]; remote?: readonly number[] };
  /**
   * Server: the status MSSP reports (mud-mssp.md), by variable: a value, several (the
   * default last), or a function called each time the status is sent. Setting it makes the
   * server offer MSSP and send this status once the client agrees.
   */
  mssp?: MsspStatus;
  /**
   * MCCP2 / MCCP3 (mud-mccp.md): the codec that compresses and decompresses. The engine
   * never calls it (it holds no zlib); it only agrees to decompress (a client's MCCP2, a
   * server's MCCP3) or compress (a client's MCCP3) by default when the codec can.
   * `TelnetConnection` does the work; a bare session's application handles the
   * `compression` and `compressed` events itself.
   */
  compression?: CompressionCodec | false;
  /** Encoder for `text` commands. Default UTF-8. */
  encodeText?: (text: string) => Uint8Array;
}
