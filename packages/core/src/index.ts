/**
 * @telnetkit/core — a sans-IO Telnet engine.
 *
 * `TelnetSession` turns bytes from the peer into events and commands into bytes, with
 * RFC 1143 option negotiation and one module per option. No I/O, no timers.
 */
export { TelnetSession, type NegotiationState } from "./engine/session.js";
export type { SessionOptions, SessionLimits } from "./engine/session-options.js";
export type {
  OptionHost,
  OptionModule,
  OptionPolicy,
  NegotiationMessage,
  Role,
  SidePolicy,
  SidesPolicy,
} from "./engine/option.js";
export type {
  CommandEvent,
  DataEvent,
  OptionEvent,
  Side,
  SubnegotiationEvent,
  TelnetEvent,
  TelnetEventMap,
  TransmitEvent,
  WarningCode,
  WarningEvent,
} from "./engine/events.js";
export type {
  CommandCommand,
  DataCommand,
  DisableCommand,
  EnableCommand,
  PromptCommand,
  SubnegotiationCommand,
  TelnetCommand,
  TelnetCommandMap,
  TextCommand,
} from "./engine/commands.js";
export * from "./engine/constants.js";
export { byteSearch, concatBytes, escapeIac, indexOfByte, latin1, latin1Bytes, unescapeIac } from "./engine/bytes.js";
export { createRegistry, type OptionRegistry } from "./engine/registry.js";
export { BUILTIN_MODULES } from "./options/builtin.js";
export { binary } from "./options/binary.js";
export { echo } from "./options/echo.js";
export { sga } from "./options/sga.js";
export { eor } from "./options/eor.js";
export { naws, decodeNaws, encodeNaws, type NawsCommand, type NawsEvent } from "./options/naws.js";
export {
  status,
  decodeStatus,
  encodeStatusIs,
  type StatusCommand,
  type StatusEvent,
  type StatusReport,
  type StatusSubnegotiation,
} from "./options/status.js";
export { timingMark, type TimingMarkCommand, type TimingMarkEvent } from "./options/timing-mark.js";
export {
  ttype,
  decodeTtype,
  encodeTtypeIs,
  encodeTtypeSend,
  TTYPE_MAX_LENGTH,
  type TerminalTypesEvent,
  type TtypeCommand,
  type TtypeEvent,
} from "./options/ttype.js";
export { MTTS_BITS, formatMtts, mttsFlags, parseMtts, type MttsFlag, type MttsFlags } from "./options/mtts.js";
export {
  cp437,
  getCharset,
  isSupportedCharset,
  latin1Charset,
  usAscii,
  utf8,
  type Charset,
  type CharsetDecoder,
} from "./text/charset.js";
export { incompleteUtf8Tail } from "./text/utf8.js";
export { newEnviron } from "./options/new-environ.js";
export { environ } from "./options/environ.js";
export {
  environAnswer,
  peerEnvironment,
  ENVIRON_ALL,
  type EnvironCommand,
  type EnvironEvent,
  type PeerEnvironment,
} from "./options/environ-exchange.js";
export {
  decodeEnviron,
  encodeEnviron,
  encodeEnvironSend,
  encodeEnvironVariables,
  environText,
  guessIsCodes,
  guessSendCodes,
  splitEnvironSend,
  ENVIRON_SEND_LIMIT,
  ENV_ESC,
  ENV_INFO,
  ENV_IS,
  ENV_SEND,
  ENV_USERVAR,
  ENV_VALUE,
  ENV_VAR,
  MNES_VARIABLES,
  WELL_KNOWN_VARIABLES,
  type EnvironCodes,
  type EnvironDecoded,
  type EnvironMessage,
  type EnvironRequest,
  type EnvironVariable,
  type EnvironVariableKind,
} from "./options/environ-codec.js";
export {
  charset,
  agreedCharset,
  charsetKey,
  charsetStatus,
  chooseSeparator,
  decodeCharset,
  encodeCharset,
  sameCharset,
  CHARSET_ACCEPTED,
  CHARSET_REJECTED,
  CHARSET_REQUEST,
  CHARSET_TTABLE_ACK,
  CHARSET_TTABLE_IS,
  CHARSET_TTABLE_NAK,
  CHARSET_TTABLE_REJECTED,
  type CharsetCommand,
  type CharsetEvent,
  type CharsetMessage,
  type CharsetRejectReason,
  type CharsetStatus,
  type TranslationTable,
} from "./options/charset.js";
export {
  linemode,
  linemodeInfo,
  slcDefaults,
  slcFunctionOf,
  trappedSignal,
  forwardsOn,
  SIGNAL_COMMANDS,
  CLIENT_SLC_DEFAULTS,
  SERVER_SLC_DEFAULTS,
  FORWARDMASK_MAX,
  forwardMaskCodes,
  forwardMaskHas,
  forwardMaskOf,
  LM_FORWARDMASK,
  LM_MODE,
  LM_SLC,
  decodeLinemode,
  encodeLinemode,
  MODE_ACK,
  MODE_EDIT,
  MODE_LIT_ECHO,
  MODE_MASK,
  MODE_SOFT_TAB,
  MODE_TRAPSIG,
  modeFlags,
  modeMask,
  NSLC,
  SLC,
  SLC_ACK,
  SLC_CANTCHANGE,
  SLC_DEFAULT,
  SLC_FLUSHIN,
  SLC_FLUSHOUT,
  SLC_LEVELBITS,
  SLC_NAMES,
  SLC_NOSUPPORT,
  SLC_VALUE,
  decodeSlcTriplets,
  encodeSlcTriplets,
  type DecodedLinemode,
  type ForwardMaskAction,
  type LinemodeCommand,
  type LinemodeEvent,
  type LinemodeForwardMaskEvent,
  type LinemodeInfo,
  type LinemodeMessage,
  type LinemodeModeEvent,
  type LinemodeModeFlags,
  type LinemodeModeInput,
  type LinemodeSettings,
  type LinemodeSignal,
  type LinemodeSlcEvent,
  type SlcLevel,
  type SlcName,
  type SlcSetting,
  type SlcSettingInput,
  type SlcTable,
  type SlcTriplet,
} from "./options/linemode/index.js";
