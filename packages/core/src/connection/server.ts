/**
 * What every transport's server does the same way: run a shell per connection, count
 * connections against a limit, and close gracefully. A transport accepts sockets and hands
 * each one over as a `ByteChannel`; the rest happens here.
 */
import type { OptionPolicy } from "../engine/option.js";
import type { ByteChannel } from "./channel.js";
import { TelnetConnection } from "./connection.js";
import type { ConnectionOptions } from "./options.js";

/** A shell runs once per connection; when it returns (or throws), the connection closes. */
export type Shell = (conn: TelnetConnection) => void | Promise<void>;

/** Server options every transport takes: where to listen, limits, and every connection option. */
export interface ServerOptionsBase extends Omit<ConnectionOptions, "role" | "remote" | "secure"> {
  /** Address to listen on (default `127.0.0.1`: pass `0.0.0.0` or `::` to serve other machines). */
  host?: string;
  /** Port to listen on (default 6023; 0 picks a free one). */
  port?: number;
  /** Most connections at once; more are told `busyMessage` and closed. Default: no limit. */
  maxConnections?: number;
  /** Sent to a connection refused by `maxConnections` (default "Too many connections, try again later.\r\n"). */
  busyMessage?: string;
  /** Wait for negotiation to settle (`waitForNegotiation`) before the shell runs. Default true. */
  settle?: boolean;
  /** Called with each new connection before negotiation, e.g. to attach listeners. */
  onConnection?: (conn: TelnetConnection) => void;
  /** A shell threw or a socket failed before a connection existed (default: printed to stderr). */
  onError?: (error: Error, conn?: TelnetConnection) => void;
}

/** The address a server is bound to (the shape of Node's `AddressInfo`). */
export interface ListenAddress {
  address: string;
  port: number;
  /** `IPv4` or `IPv6`. */
  family: string;
}

/** A Telnet server, on any transport. */
export interface TelnetServerBase {
  /** Start listening; resolves with the address once bound. */
  listen(port?: number, host?: string): Promise<ListenAddress>;
  /**
   * Stop gracefully: accept no more connections, let running shells finish for up to
   * `timeout` ms (default 5000), then close the connections still open (their reads end,
   * queued output is sent), and resolve once every connection is closed.
   */
  close(options?: { timeout?: number }): Promise<void>;
  /** The bound address, or null before `listen`. */
  address(): ListenAddress | null;
  /** The open connections. */
  readonly connections: ReadonlySet<TelnetConnection>;
}

/** Where a server listens when `listen()` is given no address. */
export const DEFAULT_SERVER_HOST = "127.0.0.1";
export const DEFAULT_SERVER_PORT = 6023;
const DEFAULT_BUSY_MESSAGE = "Too many connections, try again later.\r\n";
// How long a turned-away peer has to read the busy message and close.
const TURN_AWAY_TIMEOUT = 5000;

/**
 * What a server asks for by default: terminal type, window size, environment, and BINARY
 * from the client (DO BINARY, RFC 856), so that what the client types in a charset other
 * than US-ASCII arrives whole. Not WILL BINARY: BSD clients that echo lines locally stop
 * turning LF into CR LF on the terminal once they receive binary. Server text stays US-ASCII
 * unless the client agrees, CHARSET agrees on a charset, or `forceBinary`.
 */
export function defaultServerPolicy(charset: string | undefined): Record<string, OptionPolicy> {
  const policy: Record<string, OptionPolicy> = { ttype: "request", naws: "request", new_environ: "request" };
  if (!/^(us-)?ascii$/i.test(charset ?? "UTF-8")) policy.binary = { remote: "initiate" };
  return policy;
}

/** The runtime-neutral half of a server: see `createServerHost`. */
export interface ServerHost {
  /** The open connections. */
  readonly connections: ReadonlySet<TelnetConnection>;
  /** Whether `close` was called: a transport stops accepting. */
  readonly closing: boolean;
  /**
   * A transport accepted a socket: start a connection on its channel and run the shell, or
   * (above `maxConnections`, or closing) send the busy message and close the channel.
   * Returns the connection, or null when it was turned away.
   */
  accept(channel: ByteChannel, peer?: { remote?: ConnectionOptions["remote"]; secure?: boolean }): TelnetConnection | null;
  /** Report an error of the transport (a failed handshake, a broken listener) through `onError`. */
  reportError(error: unknown, conn?: TelnetConnection): void;
  /**
   * Stop taking connections, let running shells finish for up to `timeout` ms, close the
   * connections still open (with a flush), and resolve once every shell has ended, or
   * `timeout` ms more have passed.
   */
  close(timeout?: number): Promise<void>;
}

/**
 * The part of a Telnet server that is the same on every runtime: connection options with
 * the server's defaults, a shell per connection (after negotiation settles, unless `settle:
 * false`), `maxConnections`, errors to `onError`, and the graceful close. The transport
 * owns the listener and the sockets.
 */
export function createServerHost(options: ServerOptionsBase, shell: Shell): ServerHost {
  const {
    host: _host,
    port: _port,
    maxConnections,
    busyMessage = DEFAULT_BUSY_MESSAGE,
    settle = true,
    onConnection,
    onError = (err: Error) => console.error("telnetkit server:", err),
    ...connOptions
  } = options;
  const base: ConnectionOptions = {
    ...connOptions,
    role: "server",
    options: connOptions.options ?? defaultServerPolicy(connOptions.charset),
  };
  const connections = new Set<TelnetConnection>();
  const shells = new Set<Promise<void>>();
  const turnedAway = new Set<ByteChannel>();
  let closing = false;

  const reportError = (err: unknown, conn?: TelnetConnection): void => {
    try {
      onError(err instanceof Error ? err : new Error(String(err)), conn);
    } catch (thrown) {
      // An error handler's own bug surfaces like an uncaught error, not as a broken server.
      queueMicrotask(() => {
        throw thrown;
      });
    }
  };

  const accept: ServerHost["accept"] = (channel, peer = {}) => {
    if (closing || (maxConnections !== undefined && connections.size >= maxConnections)) {
      turnAway(channel, closing ? "" : busyMessage, turnedAway);
      return null;
    }
    const opts: ConnectionOptions = { ...base, secure: peer.secure === true };
    if (peer.remote) opts.remote = peer.remote;
    let conn: TelnetConnection;
    try {
      conn = new TelnetConnection(channel, opts);
    } catch (err) {
      try {
        channel.destroy();
      } catch {
        // gone either way
      }
      reportError(err);
      return null;
    }
    connections.add(conn);
    void conn.closed.then(() => connections.delete(conn));
    try {
      onConnection?.(conn);
    } catch (err) {
      reportError(err, conn);
    }
    const run = (async () => {
      if (settle) await conn.waitForNegotiation();
      if (conn.readyState === "open") await shell(conn);
    })()
      .catch((err) => reportError(err, conn))
      .then(() => conn.close());
    shells.add(run);
    void run.then(() => shells.delete(run));
    return conn;
  };

  const close = async (timeout = 5000): Promise<void> => {
    closing = true;
    if (shells.size > 0) await settledWithin(shells, timeout);
    await Promise.all([...connections].map((c) => c.close()));
    // Their reads have ended: shells end now, but one stuck on something of its own does not hold the close.
    if (shells.size > 0) await settledWithin(shells, timeout);
    for (const channel of turnedAway) channel.destroy();
  };

  return {
    connections,
    get closing() {
      return closing;
    },
    accept,
    reportError,
    close,
  };
}

// Tell a peer we cannot serve it, then close: it gets `message` and our FIN, and at most
// TURN_AWAY_TIMEOUT ms to close its side. `pending` holds the channel until it is closed.
function turnAway(channel: ByteChannel, message: string, pending: Set<ByteChannel>): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const stop = (): void => {
    closed = true;
    pending.delete(channel);
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  pending.add(channel);
  try {
    channel.start({ data: () => {}, drain: () => {}, end: () => {}, close: stop });
    if (message) channel.write(new TextEncoder().encode(message));
    channel.end();
    if (!closed) timer = setTimeout(() => {
      timer = null;
      channel.destroy();
    }, TURN_AWAY_TIMEOUT);
  } catch {
    stop();
    try {
      channel.destroy();
    } catch {
      // gone either way
    }
  }
}

// Resolves when every promise has settled or `ms` passed, whichever is first.
function settledWithin(promises: Iterable<Promise<unknown>>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([Promise.allSettled([...promises]).then(() => {}), timeout]).finally(() => clearTimeout(timer));
}
