import { clientSetup, connectWithin, TelnetConnection, type ConnectOptionsBase } from "@telnetkit/core";
import { connChannel } from "./channel.js";
import { addressOf, deno, type DenoConn } from "./deno-api.js";
import { DEFAULT_COMPRESSION } from "./compression.js";

/** Options for `connect`: where, TLS, what to tell the server about our terminal, and every connection option. */
export interface ConnectOptions extends ConnectOptionsBase {
  /**
   * Telnet over TLS (telnets): `true` (certificates from Deno's root store), or `ca` with
   * the PEM certificates to trust instead (a private CA, a self-signed server).
   */
  tls?: boolean | { ca?: string | readonly string[] };
}

/**
 * Connect to a Telnet server with `Deno.connect` (or `Deno.connectTls`). Resolves with the
 * connection once TCP (and the TLS handshake) is up; negotiation goes on in the background
 * (`waitForNegotiation` to wait for it). Needs `--allow-net`.
 *
 * @example
 * ```ts
 * import { connect } from "@telnetkit/deno";
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
  const conn = await connectWithin(
    setup,
    async (cancel) => {
      const d = deno();
      if (!useTls) return d.connect({ hostname, port, transport: "tcp" });
      const ca = typeof tls === "object" && tls.ca !== undefined ? (typeof tls.ca === "string" ? [tls.ca] : [...tls.ca]) : undefined;
      const c = await d.connectTls(ca ? { hostname, port, caCerts: ca } : { hostname, port });
      const abort = () => c.close();
      cancel.addEventListener("abort", abort, { once: true });
      try {
        await c.handshake?.();
      } catch (err) {
        if (!cancel.aborted) c.close();
        throw err;
      } finally {
        cancel.removeEventListener("abort", abort);
      }
      return c;
    },
    (c: DenoConn) => c.close(),
  );
  try {
    conn.setNoDelay?.(true);
  } catch {
    // not a TCP connection
  }
  try {
    const connection = { ...setup.connection, remote: addressOf(conn.remoteAddr), secure: useTls };
    // node:zlib for MCCP unless the caller gives a codec or `compression: false`.
    if (connection.compression === undefined) connection.compression = DEFAULT_COMPRESSION;
    return new TelnetConnection(connChannel(conn), connection);
  } catch (err) {
    conn.close();
    throw err;
  }
}
