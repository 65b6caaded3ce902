import {
  createServerHost,
  DEFAULT_SERVER_HOST,
  DEFAULT_SERVER_PORT,
  type ListenAddress,
  type ServerOptionsBase,
  type Shell,
  type TelnetServerBase,
} from "@telnetkit/core";
import { channelHandlers, socketChannel, type BunChannel } from "./channel.js";
import { bun, remoteOf, type BunListener, type BunSocket } from "./bun-api.js";
import { DEFAULT_COMPRESSION } from "./compression.js";

/** Options for `createServer`: where to listen, TLS, limits, and every connection option. */
export interface ServerOptions extends ServerOptionsBase {
  /** Serve Telnet over TLS (telnets) with this key and certificate chain, PEM-encoded. */
  tls?: { key: string; cert: string };
  /** How long a TLS client has to complete its handshake, in ms (default 10000). */
  handshakeTimeout?: number;
}

/** A listening (or ready to listen) Telnet server. */
export interface TelnetServer extends TelnetServerBase {
  /** The Bun listener underneath, once listening. */
  readonly listener: BunListener | null;
}

/**
 * A Telnet server over `Bun.listen` (TLS with `tls`): `shell(conn)` runs for each
 * connection, after its negotiation settled.
 *
 * @example
 * ```ts
 * import { createServer } from "@telnetkit/bun";
 *
 * const server = createServer({ port: 6023 }, async (conn) => {
 *   await conn.write(`Hello ${conn.terminalType ?? "there"}!\n`);
 *   for await (const line of conn) {
 *     if (line === "quit") break;
 *     await conn.write(`> ${line}\n`);
 *   }
 * });
 * await server.listen();
 * ```
 */
export function createServer(options: ServerOptions, shell: Shell): TelnetServer {
  const { tls, handshakeTimeout = 10_000, ...rest } = options;
  const { host: defaultHost = DEFAULT_SERVER_HOST, port: defaultPort = DEFAULT_SERVER_PORT } = rest;
  // node:zlib for MCCP unless the caller gives a codec or `compression: false`.
  const serving = createServerHost(rest.compression === undefined ? { ...rest, compression: DEFAULT_COMPRESSION } : rest, shell);
  let listener: BunListener | null = null;
  // Sockets not yet handed to the connection layer (a TLS handshake in progress).
  const handshaking = new Map<BunSocket<BunChannel | null>, ReturnType<typeof setTimeout>>();

  const accept = (socket: BunSocket<BunChannel | null>): void => {
    socket.setNoDelay?.(true);
    serving.accept(socket.data!, { remote: remoteOf(socket), secure: tls !== undefined });
  };

  return {
    async listen(port = defaultPort, host = defaultHost) {
      if (listener) throw new Error("the server is already listening");
      listener = bun().listen<BunChannel | null>({
        hostname: host,
        port,
        allowHalfOpen: true,
        ...(tls ? { tls: { key: tls.key, cert: tls.cert } } : {}),
        data: null,
        socket: {
          ...channelHandlers,
          open(socket) {
            socket.data = socketChannel(socket);
            if (!tls) return accept(socket);
            handshaking.set(
              socket,
              setTimeout(() => socket.terminate(), handshakeTimeout),
            );
          },
          handshake(socket, success) {
            clearTimeout(handshaking.get(socket));
            handshaking.delete(socket);
            // A client that fails its TLS handshake never becomes a connection.
            if (success) accept(socket);
            else socket.terminate();
          },
          close(socket, error) {
            const timer = handshaking.get(socket);
            if (timer !== undefined) {
              clearTimeout(timer);
              handshaking.delete(socket);
            }
            channelHandlers.close!(socket, error);
          },
        },
      });
      return this.address()!;
    },
    async close({ timeout = 5000 } = {}) {
      const l = listener;
      l?.stop(false);
      await serving.close(timeout);
      for (const [socket, timer] of handshaking) {
        clearTimeout(timer);
        socket.terminate();
      }
      handshaking.clear();
      if (listener === l) listener = null;
    },
    address(): ListenAddress | null {
      if (!listener) return null;
      const address = listener.hostname;
      return { address, port: listener.port, family: address.includes(":") ? "IPv6" : "IPv4" };
    },
    connections: serving.connections,
    get listener() {
      return listener;
    },
  };
}
