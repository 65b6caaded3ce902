/**
 * The part of Deno's runtime API this adapter uses, typed here so that the package also
 * builds and typechecks outside Deno (npm, tsc). Deno's own declarations match these.
 */

/** A TCP address (`Deno.NetAddr`). */
export interface DenoNetAddr {
  transport: "tcp" | "udp";
  hostname: string;
  port: number;
}

/** An open TCP or TLS connection (`Deno.Conn`, `Deno.TcpConn`, `Deno.TlsConn`). */
export interface DenoConn {
  readonly localAddr: DenoNetAddr | { transport: string };
  readonly remoteAddr: DenoNetAddr | { transport: string };
  /** Read into `p`; the number of bytes read, or null at the end of the stream. */
  read(p: Uint8Array): Promise<number | null>;
  /** Write from `p`; the number of bytes written (possibly fewer than `p.length`). */
  write(p: Uint8Array): Promise<number>;
  /** Close our direction (TCP FIN, or TLS close_notify then FIN). */
  closeWrite(): Promise<void>;
  close(): void;
  /** TCP only. */
  setNoDelay?(noDelay?: boolean): void;
  /** TLS only: complete the handshake. */
  handshake?(): Promise<unknown>;
}

/** A listening socket (`Deno.Listener`). */
export interface DenoListener {
  readonly addr: DenoNetAddr | { transport: string };
  accept(): Promise<DenoConn>;
  close(): void;
}

/** `Deno.listen`, `Deno.listenTls`, `Deno.connect`, `Deno.connectTls`. */
export interface DenoNet {
  listen(options: { hostname?: string; port: number; transport?: "tcp" }): DenoListener;
  listenTls(options: { hostname?: string; port: number; transport?: "tcp"; key: string; cert: string }): DenoListener;
  connect(options: { hostname?: string; port: number; transport?: "tcp" }): Promise<DenoConn>;
  connectTls(options: { hostname?: string; port: number; caCerts?: string[] }): Promise<DenoConn>;
}

/** The `Deno` global; throws outside Deno. */
export function deno(): DenoNet {
  const d = (globalThis as { Deno?: DenoNet }).Deno;
  if (!d || typeof d.listen !== "function") throw new Error("@telnetkit/deno needs the Deno runtime (use @telnetkit/node or @telnetkit/bun elsewhere)");
  return d;
}

/** A connection's address as the connection layer reports it (`address`, `port`, `family`). */
export function addressOf(addr: DenoNetAddr | { transport: string }): { address: string; port: number; family: string } | undefined {
  if (!("hostname" in addr)) return undefined;
  return { address: addr.hostname, port: addr.port, family: addr.hostname.includes(":") ? "IPv6" : "IPv4" };
}
