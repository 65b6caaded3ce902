import * as net from "node:net";
import * as tls from "node:tls";
import { TelnetConnection, type ConnectionOptions } from "@telnetkit/core";
import { socketChannel } from "./channel.js";

/** Options for `connect`: where, TLS, what to tell the server about our terminal, and every connection option. */
export interface ConnectOptions extends Omit<ConnectionOptions, "role" | "remote" | "secure"> {
  /** Server host (default `127.0.0.1`). */
  host?: string;
  /** Server port (default 23, or 992 with `tls`). */
  port?: number;
  /** Telnet over TLS (telnets): `true`, or options for `tls.connect` (`ca`, `rejectUnauthorized`, `servername`, ...). */
  tls?: boolean | tls.ConnectionOptions;
  /** Terminal type(s) to answer TTYPE with, most specific first (e.g. `process.env.TERM`). */
  term?: string | readonly string[];
  /** Window width to report with NAWS (without `cols` and `rows`, NAWS is refused). */
  cols?: number;
  /** Window height to report with NAWS. */
  rows?: number;
  /** Give up when the TCP (and TLS) connection is not up after this many ms (default 10000). */
  connectTimeout?: number;
  /** Abort connecting. */
  signal?: AbortSignal;
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
export function connect(options: ConnectOptions = {}): Promise<TelnetConnection> {
  const {
    host = "127.0.0.1",
    port,
    tls: tlsOption,
    term,
    cols,
    rows,
    connectTimeout = 10_000,
    signal,
    ...connOptions
  } = options;
  const useTls = tlsOption !== undefined && tlsOption !== false;
  const base: ConnectionOptions = { ...connOptions, role: "client" };
  if (term !== undefined) base.terminalTypes = typeof term === "string" ? [term] : [...term];
  if (cols !== undefined || rows !== undefined) base.windowSize = { width: cols ?? 0, height: rows ?? 0 };
  // Without a size to report, say so (WONT NAWS) rather than agree and stay silent.
  else base.options = { naws: "refuse", ...connOptions.options };

  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const target = { host, port: port ?? (useTls ? 992 : 23), allowHalfOpen: true };
    const socket: net.Socket = useTls
      ? tls.connect({
          ...target,
          ...(net.isIP(host) ? {} : { servername: host }),
          ...(typeof tlsOption === "object" ? tlsOption : {}),
        })
      : net.connect(target);
    const fail = (err: Error) => {
      cleanup();
      socket.destroy();
      reject(err);
    };
    const onError = (err: Error) => fail(err);
    const onAbort = () => fail(signal!.reason instanceof Error ? signal!.reason : new Error("connect aborted"));
    const timer = setTimeout(() => fail(new Error(`connect to ${host}:${target.port} timed out`)), connectTimeout);
    const cleanup = () => {
      clearTimeout(timer);
      socket.off("error", onError);
      signal?.removeEventListener("abort", onAbort);
    };
    socket.once("error", onError);
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.once(useTls ? "secureConnect" : "connect", () => {
      cleanup();
      socket.setNoDelay(true);
      const remote = { address: socket.remoteAddress ?? host, port: socket.remotePort ?? target.port, family: socket.remoteFamily };
      try {
        resolve(new TelnetConnection(socketChannel(socket), { ...base, remote, secure: useTls }));
      } catch (err) {
        socket.destroy();
        reject(err);
      }
    });
  });
}
