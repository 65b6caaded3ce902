import {
  createServerHost,
  DEFAULT_SERVER_HOST,
  DEFAULT_SERVER_PORT,
  type ListenAddress,
  type ServerOptionsBase,
  type Shell,
  type TelnetServerBase,
} from "@telnetkit/core";
import { connChannel } from "./channel.js";
import { addressOf, deno, type DenoConn, type DenoListener } from "./deno-api.js";
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
  /** The Deno listener underneath, once listening. */
  readonly listener: DenoListener | null;
}

/**
 * A Telnet server over `Deno.listen` (or `Deno.listenTls` with `tls`): `shell(conn)` runs
 * for each connection, after its negotiation settled. Needs `--allow-net`.
 *
 * @example
 * ```ts
 * import { createServer } from "@telnetkit/deno";
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
  let listener: DenoListener | null = null;
  let acceptLoop: Promise<void> | null = null;
  let stopping = false;
  const handshaking = new Set<DenoConn>();

  const accept = async (conn: DenoConn): Promise<void> => {
    if (tls && conn.handshake) {
      // A client that fails its TLS handshake never becomes a connection.
      handshaking.add(conn);
      const timer = setTimeout(() => conn.close(), handshakeTimeout);
      try {
        await conn.handshake();
      } catch {
        try {
          conn.close();
        } catch {
          // closed by the timeout
        }
        return;
      } finally {
        clearTimeout(timer);
        handshaking.delete(conn);
      }
    }
    try {
      conn.setNoDelay?.(true);
    } catch {
      // not a TCP connection
    }
    serving.accept(connChannel(conn), { remote: addressOf(conn.remoteAddr), secure: tls !== undefined });
  };

  const run = async (l: DenoListener): Promise<void> => {
    for (;;) {
      let conn: DenoConn;
      try {
        conn = await l.accept();
      } catch (err) {
        if (stopping || listener !== l) return;
        // A failure of one accept (out of file descriptors, ...) is reported; the server goes on.
        serving.reportError(err);
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      void accept(conn);
    }
  };

  const address = (): ListenAddress | null => (listener ? (addressOf(listener.addr) ?? null) : null);

  return {
    async listen(port = defaultPort, host = defaultHost) {
      if (listener) throw new Error("the server is already listening");
      const d = deno();
      const l = tls
        ? d.listenTls({ hostname: host, port, transport: "tcp", key: tls.key, cert: tls.cert })
        : d.listen({ hostname: host, port, transport: "tcp" });
      listener = l;
      stopping = false;
      acceptLoop = run(l);
      return address()!;
    },
    async close({ timeout = 5000 } = {}) {
      stopping = true;
      const l = listener;
      try {
        l?.close();
      } catch {
        // already closed
      }
      await acceptLoop;
      await serving.close(timeout);
      for (const conn of handshaking) conn.close();
      handshaking.clear();
      if (listener === l) listener = null;
    },
    address,
    connections: serving.connections,
    get listener() {
      return listener;
    },
  };
}
