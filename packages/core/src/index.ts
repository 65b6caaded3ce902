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
  gmcp,
  decodeGmcp,
  encodeGmcp,
  gmcpHello,
  gmcpIsSupported,
  gmcpSupports,
  GMCP_MAX_PACKAGES,
  type GmcpCommand,
  type GmcpDecoded,
  type GmcpEvent,
  type GmcpHelloCommand,
  type GmcpHelloEvent,
  type GmcpJson,
  type GmcpPackage,
  type GmcpSupportsCommand,
  type GmcpSupportsEvent,
} from "./options/gmcp.js";
export {
  msdp,
  decodeMsdp,
  encodeMsdp,
  encodeMsdpCommand,
  msdpReported,
  MSDP_ARRAY_CLOSE,
  MSDP_ARRAY_OPEN,
  MSDP_COMMANDS,
  MSDP_MAX_DEPTH,
  MSDP_MAX_REPORTED,
  MSDP_TABLE_CLOSE,
  MSDP_TABLE_OPEN,
  MSDP_VAL,
  MSDP_VAR,
  type MsdpCommand,
  type MsdpCommandName,
  type MsdpDecoded,
  type MsdpEvent,
  type MsdpInput,
  type MsdpValue,
  type MsdpVariables,
} from "./options/msdp.js";
export {
  mssp,
  decodeMssp,
  encodeMssp,
  MSSP_VAL,
  MSSP_VAR,
  type MsspCommand,
  type MsspDecoded,
  type MsspEvent,
  type MsspSetting,
  type MsspStatus,
  type MsspValue,
  type MsspVariables,
} from "./options/mssp.js";
export { mccp2 } from "./options/mccp2.js";
export { mccp3 } from "./options/mccp3.js";
export { mccpCompressing, type CompressedEvent, type CompressionEvent, type MccpCommand } from "./options/mccp.js";
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
export { tspeed, decodeTspeed, encodeTspeedIs, encodeTspeedSend, type TerminalSpeed, type TspeedCommand, type TspeedEvent } from "./options/tspeed.js";
export { xdisploc, decodeXdisploc, encodeXdisplocIs, type XdisplocCommand, type XdisplocEvent } from "./options/xdisploc.js";
export { sndloc, decodeSndloc, encodeSndloc, type SndlocCommand, type SndlocEvent } from "./options/sndloc.js";
export {
  lflow,
  decodeLflow,
  encodeLflow,
  lflowState,
  LFLOW,
  type LflowCommand,
  type LflowCommandName,
  type LflowEvent,
  type LflowRestart,
  type LflowState,
} from "./options/lflow.js";
export { logout, logoutState, type LogoutCommand, type LogoutEvent } from "./options/logout.js";
export {
  exopl,
  decodeExopl,
  encodeExopl,
  isExtendedEnabled,
  type ExoplCommand,
  type ExoplEvent,
  type ExoplMessage,
} from "./options/exopl.js";
export {
  comPort,
  comPortFlags,
  comPortState,
  decodeComPort,
  encodeComPort,
  COM_PORT,
  COM_PORT_LINESTATE,
  COM_PORT_MODEMSTATE,
  type ComPortCommand,
  type ComPortConfigure,
  type ComPortControl,
  type ComPortEvent,
  type ComPortMessage,
  type ComPortParity,
  type ComPortPurge,
  type ComPortSettings,
  type ComPortState,
  type ComPortStopSize,
} from "./options/com-port.js";
export {
  authentication,
  decodeAuthentication,
  describeAuthPair,
  encodeAuthentication,
  AUTH,
  AUTH_MODIFIERS,
  AUTH_TYPES,
  type AuthMessage,
  type AuthPairDescription,
  type AuthTypePair,
  type AuthenticationCommand,
  type AuthenticationEvent,
  type AuthenticationSettings,
} from "./options/authentication.js";
export {
  encrypt,
  decodeEncrypt,
  encodeEncrypt,
  isPeerEncrypting,
  ENCRYPT,
  ENCRYPT_TYPES,
  type EncryptCommand,
  type EncryptEvent,
  type EncryptMessage,
  type EncryptSettings,
} from "./options/encrypt.js";
export {
  naocrd,
  naohts,
  naohtd,
  naoffd,
  naovts,
  naovtd,
  naolfd,
  decodeOutputDisposition,
  encodeOutputDisposition,
  naoSuggestion,
  type NaoParty,
  type NaoSuggestion,
  type OutputDispositionCommand,
  type OutputDispositionEvent,
  type OutputTabstopsCommand,
  type OutputTabstopsEvent,
} from "./options/output-disposition.js";
export { xascii, decodeXascii, encodeXascii, type XasciiCommand, type XasciiEvent } from "./options/xascii.js";
export { rcte, decodeRcte, encodeRcte, RCTE_CLASSES, type RcteCommand, type RcteEvent } from "./options/rcte.js";
export { det, decodeDet, encodeDet, type DetCommand, type DetEvent, type DetMessage, type DetSimpleCommand } from "./options/det.js";
export { bm, decodeBm, encodeBm, type BmCommand, type BmEvent, type BmMessage, type BmReason } from "./options/bm.js";
export { supdup } from "./options/supdup.js";
export {
  supdupOutput,
  decodeSupdupOutput,
  encodeSupdupOutput,
  type SupdupOutputCommand,
  type SupdupOutputEvent,
  type SupdupOutputMessage,
} from "./options/supdup-output.js";
export {
  regime3270,
  decodeRegime3270,
  encodeRegime3270,
  parseRegimeList,
  type Regime3270Command,
  type Regime3270Event,
  type Regime3270Message,
} from "./options/regime-3270.js";
export { x3pad, decodeX3Pad, encodeX3Pad, type X3PadCommand, type X3PadEvent, type X3PadMessage, type X3Parameter } from "./options/x3pad.js";
export {
  tn3270e,
  decodeTn3270e,
  decodeTn3270eHeader,
  encodeTn3270e,
  encodeTn3270eHeader,
  TN3270E,
  TN3270E_DATA_TYPES,
  type Tn3270eCommand,
  type Tn3270eEvent,
  type Tn3270eFunction,
  type Tn3270eHeader,
  type Tn3270eMessage,
  type Tn3270eReason,
} from "./options/tn3270e.js";
export { tuid, decodeTuid, encodeTuid, type TuidCommand, type TuidEvent } from "./options/tuid.js";
export {
  outmrk,
  decodeOutmrk,
  encodeOutmrk,
  type OutmrkBanner,
  type OutmrkCommand,
  type OutmrkEvent,
  type OutmrkMessage,
  type OutmrkPosition,
} from "./options/outmrk.js";
export {
  ttyloc,
  decodeTtyloc,
  encodeTtyloc,
  TTYLOC_DETACHED,
  TTYLOC_UNKNOWN_TERMINAL,
  type TtylocCommand,
  type TtylocEvent,
} from "./options/ttyloc.js";
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
export * from "./connection/index.js";
