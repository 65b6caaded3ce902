/** Telnet command bytes, RFC 854 "TELNET COMMAND STRUCTURE", plus RFC 885 EOR and RFC 1184 EOF/SUSP/ABORT. */
export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const GA = 249;
export const EL = 248;
export const EC = 247;
export const AYT = 246;
export const AO = 245;
export const IP = 244;
export const BRK = 243;
export const DM = 242;
export const NOP = 241;
export const SE = 240;
export const EOR = 239;
export const ABORT = 238;
export const SUSP = 237;
export const EOF = 236;

export const CR = 13;
export const LF = 10;
export const NUL = 0;

/** Names of the single-byte commands that reach the application as `command` events. */
export type CommandName =
  | "NOP"
  | "DM"
  | "BRK"
  | "IP"
  | "AO"
  | "AYT"
  | "EC"
  | "EL"
  | "GA"
  | "EOR"
  | "ABORT"
  | "SUSP"
  | "EOF";

/** Command byte for each command name. */
export const COMMAND_CODES: Readonly<Record<CommandName, number>> = {
  NOP,
  DM,
  BRK,
  IP,
  AO,
  AYT,
  EC,
  EL,
  GA,
  EOR,
  ABORT,
  SUSP,
  EOF,
};

/** Command name for each command byte from 236 (EOF) to 249 (GA); SE is not a standalone command. */
export const COMMAND_NAMES: readonly (CommandName | undefined)[] = (() => {
  const names: (CommandName | undefined)[] = new Array(256).fill(undefined);
  for (const [name, code] of Object.entries(COMMAND_CODES)) names[code] = name as CommandName;
  return names;
})();

/**
 * Option codes, from the RFCs that define them (see docs/options.md for the full table).
 * Codes of the MUD family are the ones their specifications assign.
 */
export const OPT = {
  BINARY: 0, // RFC 856
  ECHO: 1, // RFC 857
  RCP: 2, // NIC 15391
  SGA: 3, // RFC 858
  NAMS: 4,
  STATUS: 5, // RFC 859
  TM: 6, // RFC 860
  RCTE: 7, // RFC 726
  NAOL: 8,
  NAOP: 9,
  NAOCRD: 10, // RFC 652
  NAOHTS: 11, // RFC 653
  NAOHTD: 12, // RFC 654
  NAOFFD: 13, // RFC 655
  NAOVTS: 14, // RFC 656
  NAOVTD: 15, // RFC 657
  NAOLFD: 16, // RFC 658
  XASCII: 17, // RFC 698
  LOGOUT: 18, // RFC 727
  BM: 19, // RFC 735
  DET: 20, // RFC 732
  SUPDUP: 21, // RFC 736
  SUPDUP_OUTPUT: 22, // RFC 749
  SNDLOC: 23, // RFC 779
  TTYPE: 24, // RFC 1091
  EOR: 25, // RFC 885
  TUID: 26, // RFC 927
  OUTMRK: 27, // RFC 933
  TTYLOC: 28, // RFC 946
  REGIME_3270: 29, // RFC 1041
  X3PAD: 30, // RFC 1053
  NAWS: 31, // RFC 1073
  TSPEED: 32, // RFC 1079
  LFLOW: 33, // RFC 1372
  LINEMODE: 34, // RFC 1184
  XDISPLOC: 35, // RFC 1096
  ENVIRON: 36, // RFC 1408
  AUTHENTICATION: 37, // RFC 2941
  ENCRYPT: 38, // RFC 2946
  NEW_ENVIRON: 39, // RFC 1572
  TN3270E: 40, // RFC 2355
  XAUTH: 41,
  CHARSET: 42, // RFC 2066
  RSP: 43,
  COM_PORT: 44, // RFC 2217
  SUPPRESS_LOCAL_ECHO: 45,
  START_TLS: 46,
  KERMIT: 47, // RFC 2840
  SEND_URL: 48,
  FORWARD_X: 49,
  MSDP: 69,
  MSSP: 70,
  MCCP1: 85,
  MCCP2: 86,
  MCCP3: 87,
  MSP: 90,
  MXP: 91,
  ZMP: 93,
  ATCP: 200,
  GMCP: 201,
  PRAGMA_LOGON: 138,
  SSPI_LOGON: 139,
  PRAGMA_HEARTBEAT: 140,
  EXOPL: 255, // RFC 861
} as const;

/** Conventional name of each option code, for traces and warnings. */
export const OPTION_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (let i = 0; i < 256; i++) names.push(String(i));
  for (const [name, code] of Object.entries(OPT)) names[code] = name;
  return names;
})();

/** The name of an option code, or its number as a string when it has none. */
export function optionName(code: number): string {
  return OPTION_NAMES[code & 0xff] ?? String(code);
}
