import type { SessionOptions } from "../engine/session-options.js";
import type { MttsFlags } from "../options/mtts.js";
import type { Side } from "../engine/events.js";
import type { TelnetConnection } from "./connection.js";

/** Options for a `TelnetConnection`: the engine's `SessionOptions` and the connection's own. */
export interface ConnectionOptions extends SessionOptions {
  /**
   * Charset for text reads and writes (default `UTF-8`): any name `getCharset` takes. Text
   * in a direction is US-ASCII until BINARY is on in that direction (RFC 856), unless
   * `forceBinary` or a charset was agreed through CHARSET (RFC 2066).
   */
  charset?: string;
  /** Use `charset` for text even when BINARY is off (many MUD clients expect UTF-8 regardless). */
  forceBinary?: boolean;
  /** Close the connection after this many milliseconds with nothing received from the peer (0 or omitted: never); a peer held back by a slow reader is not idle. */
  idleTimeout?: number;
  /**
   * Unread input (bytes, or characters once decoded) above which the channel is paused
   * until the application reads; also the longest line `readline` returns whole and the
   * most `readUntil` searches. Default 65536.
   */
  maxBuffer?: number;
  /** Default `minWait` of `waitForNegotiation`, in ms (client 100, server 0). */
  minWait?: number;
  /** Default `maxWait` of `waitForNegotiation`, in ms (4000). */
  maxWait?: number;
  /** How long `close()` lets queued output drain before it drops the channel, in ms (default 5000). */
  closeTimeout?: number;
  /**
   * Keep our direction open after the peer closed its own (TCP half-close); by default the
   * connection closes when the peer does, once unread input has been delivered.
   */
  halfOpen?: boolean;
  /** The peer's address, as the transport knows it. */
  remote?: { address: string; port: number; family?: string };
  /** Whether the channel is encrypted (TLS). */
  secure?: boolean;
  /** Sees every byte read from and written to the channel (before and after the engine), for traces. Must not change them. */
  tap?: (direction: "in" | "out", bytes: Uint8Array, connection: TelnetConnection) => void;
}

/** Why a connection closed. */
export type CloseReason = "local" | "remote" | "idle-timeout" | "error";

/** The connection closed: `local` (we closed it), `remote` (the peer did), `idle-timeout`, or `error` (with the error: reset, TLS failure, ...). */
export interface CloseEvent {
  type: "close";
  reason: CloseReason;
  error?: Error;
}

/** The terminal's window size changed (the client's NAWS report on a server, our own on a client). */
export interface WindowSizeEvent {
  type: "window-size";
  width: number;
  height: number;
}

/** The environment changed (the client's variables on a server, our own on a client). */
export interface EnvironmentEvent {
  type: "environment";
  environment: Readonly<Record<string, string>>;
}

/** An abort signal for a wait. */
export interface WaitOptions {
  signal?: AbortSignal;
}

/** `waitForNegotiation` bounds, in milliseconds from the call. */
export interface SettleOptions extends WaitOptions {
  /** Wait at least this long, so that a peer's late requests are seen (default: the connection's `minWait`). */
  minWait?: number;
  /** Give up after this long (default: the connection's `maxWait`). */
  maxWait?: number;
}

/** What was negotiated, as seen from this end. */
export interface ConnectionInfo {
  role: "client" | "server";
  /** Terminal types: the client's list (on a server, from TTYPE), or our own (on a client). */
  terminalTypes: string[];
  /** The first terminal type, the most specific. */
  terminalType?: string;
  /** MTTS capabilities, when the terminal types had an MTTS answer. */
  mtts?: MttsFlags;
  /** The client's window (NAWS). */
  windowSize?: { width: number; height: number };
  /** Environment variables (the client's, on a server; our own, on a client). */
  environment: Record<string, string>;
  /** The charset for text once BINARY is on (or with `forceBinary`). */
  charset: string;
  /** The charsets in effect now for text read (`input`) and written (`output`). */
  encoding: { input: string; output: string };
  /** Names of the options enabled on each side. */
  options: Record<Side, string[]>;
  /** Whether no negotiation is in progress. */
  settled: boolean;
}
