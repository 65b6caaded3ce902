/**
 * What every transport's `connect` does the same way: option defaults, the terminal the
 * client reports, and the connect timeout and abort signal around the runtime's own connect.
 */
import type { ConnectionOptions } from "./options.js";

/** Client options every transport takes: where, what to tell the server about our terminal, and every connection option. */
export interface ConnectOptionsBase extends Omit<ConnectionOptions, "role" | "remote" | "secure"> {
  /** Server host (default `127.0.0.1`). */
  host?: string;
  /** Server port (default 23, or 992 with TLS). */
  port?: number;
  /** Terminal type(s) to answer TTYPE with, most specific first (e.g. `$TERM`). */
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

/** `connect` options resolved: where to connect, and the options of the connection to start there. */
export interface ClientSetup {
  host: string;
  port: number;
  connectTimeout: number;
  signal?: AbortSignal;
  /** The connection's options; the transport adds `remote` and `secure`. */
  connection: ConnectionOptions;
}

/** Resolve `connect` options: defaults (host 127.0.0.1, port 23 or 992 with TLS), TTYPE and NAWS from `term`, `cols`, `rows`. */
export function clientSetup(options: ConnectOptionsBase & { tls?: unknown }, secure: boolean): ClientSetup {
  const {
    host = "127.0.0.1",
    port,
    term,
    cols,
    rows,
    connectTimeout = 10_000,
    signal,
    tls: _tls,
    ...connOptions
  } = options;
  const connection: ConnectionOptions = { ...connOptions, role: "client" };
  if (term !== undefined) connection.terminalTypes = typeof term === "string" ? [term] : [...term];
  if (cols !== undefined || rows !== undefined) connection.windowSize = { width: cols ?? 0, height: rows ?? 0 };
  // Without a size to report, say so (WONT NAWS) rather than agree and stay silent.
  else connection.options = { naws: "refuse", ...connOptions.options };
  const setup: ClientSetup = { host, port: port ?? (secure ? 992 : 23), connectTimeout, connection };
  if (signal) setup.signal = signal;
  return setup;
}

/**
 * Run a runtime's connect under `connectTimeout` and `signal`: rejects when either comes
 * first, and then aborts `cancel` (for a connect that can be cancelled) and disposes of a
 * socket that still arrives.
 */
export function connectWithin<T>(
  setup: Pick<ClientSetup, "host" | "port" | "connectTimeout" | "signal">,
  open: (cancel: AbortSignal) => Promise<T>,
  dispose: (socket: T) => void,
): Promise<T> {
  const { host, port, connectTimeout, signal } = setup;
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error("connect aborted"));
    const cancel = new AbortController();
    let done = false;
    const finish = (error?: Error): boolean => {
      if (done) return false;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (error) {
        cancel.abort(error);
        reject(error);
      }
      return true;
    };
    const onAbort = (): void => void finish(signal!.reason instanceof Error ? signal!.reason : new Error("connect aborted"));
    const timer = setTimeout(() => finish(new Error(`connect to ${host}:${port} timed out`)), connectTimeout);
    signal?.addEventListener("abort", onAbort, { once: true });
    let opening: Promise<T>;
    try {
      opening = open(cancel.signal);
    } catch (err) {
      opening = Promise.reject(err);
    }
    opening.then(
      (socket) => {
        if (finish()) resolve(socket);
        else dispose(socket);
      },
      (err: unknown) => void finish(err instanceof Error ? err : new Error(String(err))),
    );
  });
}
