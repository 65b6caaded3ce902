import * as net from "node:net";
import * as tls from "node:tls";
import {
  createServerHost,
  DEFAULT_SERVER_HOST,
  DEFAULT_SERVER_PORT,
  type ServerOptionsBase,
  type Shell,
  type TelnetServerBase,
} from "@telnetkit/core";
import { socketChannel } from "./channel.js";
import { DEFAULT_COMPRESSION } from "./compression.js";

export { defaultServerPolicy, type Shell } from "@telnetkit/core";

/** Options for `createServer`: where to listen, TLS, limits, and every connection option. */
export interface ServerOptions extends ServerOptionsBase {
  /** Serve Telnet over TLS (telnets): at least `key` and `cert`. */
  tls?: tls.TlsOptions;
}

/** A listening (or ready to listen) Telnet server. */
export interface TelnetServer extends TelnetServerBase {
  /** Start listening; resolves with the address once bound. */
  listen(port?: number, host?: string): Promise<net.AddressInfo>;
  /** The bound address, or null before `listen`. */
  address(): net.AddressInfo | null;
  /** The Node server underneath (`net.Server`, or `tls.Server` with `tls`). */
  readonly server: net.Server;
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
  const { tls: tlsOptions, ...rest } = options;
  const { host: defaultHost = DEFAULT_SERVER_HOST, port: defaultPort = DEFAULT_SERVER_PORT } = rest;
  // node:zlib for MCCP unless the caller gives a codec or `compression: false`.
  const serving = createServerHost(rest.compression === undefined ? { ...rest, compression: DEFAULT_COMPRESSION } : rest, shell);

  const accept = (socket: net.Socket): void => {
    socket.setNoDelay(true);
    const remote = socket.remoteAddress
      ? { address: socket.remoteAddress, port: socket.remotePort ?? 0, family: socket.remoteFamily }
      : undefined;
    serving.accept(socketChannel(socket), { remote, secure: tlsOptions !== undefined });
  };

  const server: net.Server = tlsOptions
    ? tls.createServer({ handshakeTimeout: 10_000, ...tlsOptions, allowHalfOpen: true }, accept)
    : net.createServer({ allowHalfOpen: true }, accept);
  // A client that fails its TLS handshake never becomes a connection.
  server.on("tlsClientError", (err: Error, socket: net.Socket) => socket.destroy(err));
  // Once listening, the listener's own failures (an accept out of file descriptors) go to
  // onError and the server goes on; before, `listen` rejects with them.
  let bound = false;
  server.on("error", (err: Error) => {
    if (bound) serving.reportError(err);
  });
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
        bound = true;
        resolve(server.address() as net.AddressInfo);
      });
    });

  const close = async ({ timeout = 5000 } = {}): Promise<void> => {
    const stopped = new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    await serving.close(timeout);
    for (const socket of sockets) socket.destroy();
    await stopped;
  };

  return {
    listen,
    close,
    address: () => (server.address() as net.AddressInfo | null) ?? null,
    connections: serving.connections,
    server,
  };
}
