/**
 * @telnetkit/deno — Telnet over Deno's TCP and TLS sockets: `createServer(options, shell)`
 * and `connect(options)`, both giving `TelnetConnection`s from @telnetkit/core, with the
 * same options and connection API as @telnetkit/node and @telnetkit/bun.
 *
 * @module
 */
export { createServer, type ServerOptions, type TelnetServer } from "./server.js";
export { connect, type ConnectOptions } from "./client.js";
export { zlibCodec } from "./compression.js";
export { connChannel, type ConnChannelOptions } from "./channel.js";
export type { DenoConn, DenoListener, DenoNetAddr } from "./deno-api.js";
export {
  defaultServerPolicy,
  TelnetConnection,
  type CloseEvent,
  type CloseReason,
  type ConnectionEventMap,
  type ConnectionInfo,
  type ConnectionOptions,
  type ListenAddress,
  type SettleOptions,
  type Shell,
  type WaitOptions,
} from "@telnetkit/core";
