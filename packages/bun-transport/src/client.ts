import { clientSetup, connectWithin, TelnetConnection, type ConnectOptionsBase } from "@telnetkit/core";
import { channelHandlers, socketChannel, type BunChannel } from "./channel.js";
import { bun, remoteOf, type BunSocket, type BunTlsOptions } from "./bun-api.js";
import { DEFAULT_COMPRESSION } from "./compression.js";

/** Options for `connect`: where, TLS, what to tell the server about our terminal, and every connection option. */
export interface ConnectOptions extends ConnectOptionsBase {
  /**
   * Telnet over TLS (telnets): `true` (the system's trusted certificates), or `ca` with the
   * PEM certificates to trust instead, `servername` for SNI and the name to verify (default:
   * `host` when it is a name), `rejectUnauthorized: false` to skip verification.
   */
  tls?: boolean | { ca?: string | readonly string[]; servername?: string; rejectUnauthorized?: boolean };
}

/**
 * Connect to a Telnet server with `Bun.connect`. Resolves with the connection once TCP (and
 * the TLS handshake) is up; negotiation goes on in the background (`waitForNegotiation` to
 * wait for it).
 *
 * @example
 * ```ts
 * import { connect } from "@telnetkit/bun";
 *
 * const conn = await connect({ host: "127.0.0.1", port: 6023, term: "xterm", cols: 80, rows: 24 });
 * console.log(await conn.readline());
 * await conn.write("quit\n");
 * ```
 */
export async function connect(options: ConnectOptions = {}): Promise<TelnetConnection> {
  const tls = options.tls;
  const useTls = tls !== undefined && tls !== false;
  const setup = clientSetup(options, useTls);
  const { host: hostname, port } = setup;
  let tlsOptions: BunTlsOptions | undefined;
  if (useTls) {
    const t = typeof tls === "object" ? tls : {};
    tlsOptions = { rejectUnauthorized: t.rejectUnauthorized !== false };
    if (t.ca !== undefined) tlsOptions.ca = typeof t.ca === "string" ? t.ca : [...t.ca];
    const name = t.servername ?? (isIp(hostname) ? undefined : hostname);
    if (name) tlsOptions.serverName = name;
  }
  const socket = await connectWithin(
    setup,
    (cancel) =>
      new Promise<BunSocket<BunChannel | null>>((resolve, reject) => {
        let settled = false;
        const done = (err: Error | null, socket?: BunSocket<BunChannel | null>) => {
          if (settled) return;
          settled = true;
          if (err) reject(err);
          else resolve(socket!);
        };
        bun()
          .connect<BunChannel | null>({
            hostname,
            port,
            allowHalfOpen: true,
            ...(tlsOptions ? { tls: tlsOptions } : {}),
            data: null,
            socket: {
              ...channelHandlers,
              open(socket) {
                socket.data = socketChannel(socket);
                cancel.addEventListener("abort", () => socket.terminate(), { once: true });
                if (!useTls) done(null, socket);
              },
              handshake(socket, success, authorizationError) {
                if (success && (!authorizationError || tlsOptions?.rejectUnauthorized === false)) return done(null, socket);
                done(authorizationError ?? new Error(`TLS handshake with ${hostname}:${port} failed`));
                socket.terminate();
              },
              close(socket, error) {
                done(error ?? new Error(`connection to ${hostname}:${port} closed before it was up`));
                channelHandlers.close!(socket, error);
              },
              connectError(_socket, error) {
                done(error);
              },
            },
          })
          .catch((err: unknown) => done(err instanceof Error ? err : new Error(String(err))));
      }),
    (socket) => socket.terminate(),
  );
  socket.setNoDelay?.(true);
  try {
    const connection = { ...setup.connection, remote: remoteOf(socket), secure: useTls };
    // node:zlib for MCCP unless the caller gives a codec or `compression: false`.
    if (connection.compression === undefined) connection.compression = DEFAULT_COMPRESSION;
    return new TelnetConnection(socket.data!, connection);
  } catch (err) {
    socket.terminate();
    throw err;
  }
}

function isIp(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(":");
}
