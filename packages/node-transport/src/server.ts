import * as net from "node:net";
import * as tls from "node:tls";
import { TelnetConnection, type ConnectionOptions, type OptionPolicy } from "@telnetkit/core";
import { socketChannel } from "./channel.js";

/** A shell runs once per connection; when it returns (or throws), the connection closes. */
export type Shell = (conn: TelnetConnection) => void | Promise<void>;

/** Options for `createServer`: where to listen, TLS, limits, and every connection option. */
export interface ServerOptions extends Omit<ConnectionOptions, "role" | "remote" | "secure"> {
  /** Address to listen on (default `127.0.0.1`: pass `0.0.0.0` or `::` to serve other machines). */
  host?: string;
  /** Port to listen on (default 6023; 0 picks a free one). */
  port?: number;
  /** Serve Telnet over TLS (telnets): at least `key` and `cert`. */
  tls?: tls.TlsOptions;
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

/** A listening (or ready to listen) Telnet server. */
export interface TelnetServer {
  /** Start listening; resolves with the address once bound. */
  listen(port?: number, host?: string): Promise<net.AddressInfo>;
  /**
   * Stop gracefully: accept no more connections, let running shells finish for up to
   * `timeout` ms (default 5000), then close the connections still open (their reads end,
   * queued output is sent), and resolve once every connection is closed.
   */
  close(options?: { timeout?: number }): Promise<void>;
  /** The bound address, or null before `listen`. */
  address(): net.AddressInfo | null;
  /** The open connections. */
  readonly connections: ReadonlySet<TelnetConnection>;
  /** The Node server underneath (`net.Server`, or `tls.Server` with `tls`). */
  readonly server: net.Server;
}

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

/**
 * A Telnet server: `shell(conn)` runs for each connection, after its negotiation settled.
 *
 * @example
 * ```ts
 * const server = createServer({ port: 6023 }, async (conn) => {
 *   await conn.write(`Hello ${conn.terminalType ?? "there"}, your window is ${conn.windowSize?.width ?? "?"} wide\n`);
 *   for await (const line of conn) {
 *     if (line === "quit") break;
 *     await conn.write(`> ${line}\n`);
 *   }
 * });
 * await server.listen();
 * ```
 */
export function createServer(options: ServerOptions, shell: Shell): TelnetServer {
  const {
    host: defaultHost = "127.0.0.1",
    port: defaultPort = 6023,
    tls: tlsOptions,
    maxConnections,
    busyMessage = "Too many connections, try again later.\r\n",
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
  let closing = false;

  const accept = (socket: net.Socket): void => {
    socket.setNoDelay(true);
    if (closing || (maxConnections !== undefined && connections.size >= maxConnections)) {
      socket.on("error", () => {});
      socket.setTimeout(5000, () => socket.destroy());
      socket.end(closing ? "" : busyMessage);
      return;
    }
    const remote = socket.remoteAddress
      ? { address: socket.remoteAddress, port: socket.remotePort ?? 0, family: socket.remoteFamily }
      : undefined;
    let conn: TelnetConnection;
    try {
      conn = new TelnetConnection(socketChannel(socket), { ...base, remote, secure: tlsOptions !== undefined });
    } catch (err) {
      socket.destroy();
      onError(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    connections.add(conn);
    void conn.closed.then(() => connections.delete(conn));
    onConnection?.(conn);
    const run = (async () => {
      if (settle) await conn.waitForNegotiation();
      if (conn.readyState === "open") await shell(conn);
    })()
      .catch((err) => onError(err instanceof Error ? err : new Error(String(err)), conn))
      .then(() => conn.close());
    shells.add(run);
    void run.then(() => shells.delete(run));
  };

  const server: net.Server = tlsOptions
    ? tls.createServer({ handshakeTimeout: 10_000, ...tlsOptions, allowHalfOpen: true }, accept)
    : net.createServer({ allowHalfOpen: true }, accept);
  // A client that fails its TLS handshake never becomes a connection.
  server.on("tlsClientError", (err: Error, socket: net.Socket) => socket.destroy(err));
  // Every TCP socket, connection or not (a TLS handshake, a refused client): close() ends them all.
  const sockets = new Set<net.Socket>();
  server.on("connection", (socket: net.Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  const listen = (port = defaultPort, host = defaultHost): Promise<net.AddressInfo> =>
    new Promise((resolve, reject) => {
      const onFail = (err: Error) => reject(err);
      server.once("error", onFail);
      server.listen(port, host, () => {
        server.off("error", onFail);
        resolve(server.address() as net.AddressInfo);
      });
    });

  const close = async ({ timeout = 5000 } = {}): Promise<void> => {
    closing = true;
    const stopped = new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    if (shells.size > 0) await waitAll(shells, timeout);
    await Promise.all([...connections].map((c) => c.close()));
    await Promise.all(shells);
    for (const socket of sockets) socket.destroy();
    await stopped;
  };

  return {
    listen,
    close,
    address: () => (server.address() as net.AddressInfo | null) ?? null,
    connections,
    server,
  };
}

// Resolves when every promise has settled or `ms` passed, whichever is first.
function waitAll(promises: Iterable<Promise<unknown>>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([Promise.allSettled([...promises]).then(() => {}), timeout]).finally(() => clearTimeout(timer));
}
