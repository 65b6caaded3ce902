import * as net from "node:net";
import * as tls from "node:tls";
import { clientSetup, connectWithin, TelnetConnection, type ConnectOptionsBase } from "@telnetkit/core";
import { socketChannel } from "./channel.js";
import { DEFAULT_COMPRESSION } from "./compression.js";

/** Options for `connect`: where, TLS, what to tell the server about our terminal, and every connection option. */
export interface ConnectOptions extends ConnectOptionsBase {
  /** Telnet over TLS (telnets): `true`, or options for `tls.connect` (`ca`, `rejectUnauthorized`, `servername`, ...). */
  tls?: boolean | tls.ConnectionOptions;
}

/**
 * Connect to a Telnet server. Resolves with the connection once the socket (and TLS) is up;
 * negotiation goes on in the background (`waitForNegotiation` to wait for it).
 *
 * @example
 * ```ts
 * const conn = await connect({ host: "127.0.0.1", port: 6023, term: "xterm", cols: 80, rows: 24 });
 * console.log(await conn.readUntil("> "));
 * await conn.write("status\n");
 * ```
 */
export async function connect(options: ConnectOptions = {}): Promise<TelnetConnection> {
  const tlsOption = options.tls;
  const useTls = tlsOption !== undefined && tlsOption !== false;
  const setup = clientSetup(options, useTls);
  const { host, port } = setup;
  const socket = await connectWithin(
    setup,
    (cancel) =>
      new Promise<net.Socket>((resolve, reject) => {
        const target = { host, port, allowHalfOpen: true };
        const socket: net.Socket = useTls
          ? tls.connect({
              ...target,
              ...(net.isIP(host) ? {} : { servername: host }),
              ...(typeof tlsOption === "object" ? tlsOption : {}),
            })
          : net.connect(target);
        const onError = (err: Error) => {
          socket.destroy();
          reject(err);
        };
        socket.once("error", onError);
        cancel.addEventListener("abort", () => socket.destroy(), { once: true });
        socket.once(useTls ? "secureConnect" : "connect", () => {
          // Until the channel listens, an error is the channel's to see at close.
          socket.off("error", onError).on("error", () => {});
          resolve(socket);
        });
      }),
    (socket) => socket.destroy(),
  );
  socket.setNoDelay(true);
  const remote = { address: socket.remoteAddress ?? host, port: socket.remotePort ?? port, family: socket.remoteFamily };
  const connection = { ...setup.connection, remote, secure: useTls };
  // node:zlib for MCCP unless the caller gives a codec or `compression: false`.
  if (connection.compression === undefined) connection.compression = DEFAULT_COMPRESSION;
  try {
    return new TelnetConnection(socketChannel(socket), connection);
  } catch (err) {
    socket.destroy();
    throw err;
  }
}
