/**
 * @telnetkit/node — Telnet over Node's net and tls sockets: `createServer(options, shell)`
 * and `connect(options)`, both giving `TelnetConnection`s from @telnetkit/core.
 */
export { createServer, defaultServerPolicy, type ServerOptions, type Shell, type TelnetServer } from "./server.js";
export { connect, type ConnectOptions } from "./client.js";
export { socketChannel } from "./channel.js";
export { zlibCodec } from "./compression.js";
export type { ZlibCodecOptions } from "@telnetkit/core";
export { demoShell, describeConnection } from "./demo-shell.js";
export { ptyShell, shellQuote, terminalInput, type PtyShellOptions } from "./pty-shell.js";
export {
  TelnetConnection,
  type CloseEvent,
  type CloseReason,
  type ConnectionEventMap,
  type ConnectionInfo,
  type ConnectionOptions,
  type SettleOptions,
  type WaitOptions,
} from "@telnetkit/core";
