export { TelnetConnection, optionCode, type ConnectionEventMap } from "./connection.js";
export type { ByteChannel, ChannelEvents } from "./channel.js";
export { InputBuffer } from "./input.js";
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
