export { TelnetConnection, optionCode, type ConnectionEventMap } from "./connection.js";
export { gatherWrites, type ByteChannel, type ChannelEvents } from "./channel.js";
export { InputBuffer } from "./input.js";
export {
  CompressedOutput,
  EMPTY_ZLIB_STREAM,
  type CompressionCodec,
  type Deflater,
  type DeflaterSink,
  type Inflater,
  type InflaterSink,
} from "./compression.js";
export { nodeZlibCodec, type ZlibCodecOptions, type ZlibModule, type ZlibStream } from "./zlib-codec.js";
export { inflateCodec } from "./inflate-codec.js";
export { WIRING, type WiringTarget } from "./wiring.js";
export type {
  CloseEvent,
  CloseReason,
  ConnectionInfo,
  ConnectionOptions,
  EnvironmentEvent,
  SettleOptions,
  WaitOptions,
  WindowSizeEvent,
} from "./options.js";
export { createChannelPair, type ChannelPairOptions, type MemoryChannel } from "./memory.js";
export {
  createServerHost,
  defaultServerPolicy,
  DEFAULT_SERVER_HOST,
  DEFAULT_SERVER_PORT,
  type ListenAddress,
  type ServerHost,
  type ServerOptionsBase,
  type Shell,
  type TelnetServerBase,
} from "./server.js";
export { clientSetup, connectWithin, type ClientSetup, type ConnectOptionsBase } from "./client.js";
