/**
 * The part of Bun's runtime API this adapter uses, typed here so that the package also
 * builds and typechecks outside Bun (npm, tsc). Bun's own declarations match these.
 */

/** A TCP or TLS socket of `Bun.listen` / `Bun.connect`; `data` is the adapter's per-socket state. */
export interface BunSocket<Data = unknown> {
  data: Data;
  readonly remoteAddress: string;
  readonly remotePort?: number;
  readonly remoteFamily?: string;
  /** Write what the kernel takes now; returns how many bytes that was (-1 once closed). The rest is the caller's to send on `drain`. */
  write(data: Uint8Array): number;
  /** Close our direction (FIN, after TLS close_notify); reading goes on. */
  shutdown(halfClose?: boolean): void;
  /** Close the socket. */
  end(): void;
  /** Close the socket now, with a reset. */
  terminate(): void;
  pause(): void;
  resume(): void;
  setNoDelay?(noDelay?: boolean): boolean;
}

/** The handlers of a socket (`Bun.SocketHandler`). */
export interface BunSocketHandler<Data = unknown> {
  open?(socket: BunSocket<Data>): void;
  handshake?(socket: BunSocket<Data>, success: boolean, authorizationError: Error | null): void;
  data?(socket: BunSocket<Data>, data: Uint8Array): void;
  drain?(socket: BunSocket<Data>): void;
  end?(socket: BunSocket<Data>): void;
  close?(socket: BunSocket<Data>, error?: Error): void;
  error?(socket: BunSocket<Data>, error: Error): void;
  connectError?(socket: BunSocket<Data>, error: Error): void;
}

/** TLS settings of `Bun.listen` and `Bun.connect` (`Bun.TLSOptions`). */
export interface BunTlsOptions {
  key?: string;
  cert?: string;
  ca?: string | string[];
  serverName?: string;
  rejectUnauthorized?: boolean;
}

/** A listening socket (`Bun.TCPSocketListener`). */
export interface BunListener {
  readonly hostname: string;
  readonly port: number;
  /** Stop listening; with `true`, also close every socket accepted. */
  stop(closeActiveConnections?: boolean): void;
}

/** `Bun.listen` and `Bun.connect`. */
export interface BunNet {
  listen<Data>(options: {
    hostname: string;
    port: number;
    allowHalfOpen?: boolean;
    tls?: BunTlsOptions;
    data?: Data;
    socket: BunSocketHandler<Data>;
  }): BunListener;
  connect<Data>(options: {
    hostname: string;
    port: number;
    allowHalfOpen?: boolean;
    tls?: boolean | BunTlsOptions;
    data?: Data;
    socket: BunSocketHandler<Data>;
  }): Promise<BunSocket<Data>>;
}

/** The `Bun` global; throws outside Bun. */
export function bun(): BunNet {
  const b = (globalThis as { Bun?: BunNet }).Bun;
  if (!b || typeof b.listen !== "function") throw new Error("@telnetkit/bun needs the Bun runtime (use @telnetkit/node or @telnetkit/deno elsewhere)");
  return b;
}

/** A socket's peer as the connection layer reports it (`address`, `port`, `family`). */
export function remoteOf(socket: BunSocket): { address: string; port: number; family: string } | undefined {
  if (!socket.remoteAddress) return undefined;
  const family = socket.remoteFamily ?? (socket.remoteAddress.includes(":") ? "IPv6" : "IPv4");
  return { address: socket.remoteAddress, port: socket.remotePort ?? 0, family };
}
