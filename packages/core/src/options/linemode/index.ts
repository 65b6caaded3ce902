/**
 * LINEMODE, option 34 — RFC 1184.
 *
 * The side that says WILL LINEMODE is the client, the side that says DO LINEMODE the
 * server (§5.7), whatever `role` the session has; both directions at once is refused.
 * Refused by default: a server asks with the policy `linemode: "request"`, a client
 * agrees with `linemode: "accept"`.
 *
 * - Server: asks for `settings.linemode.mode` (EDIT|TRAPSIG unless set) as soon as the
 *   client agrees, takes the client's MODE_ACK, answers the client's special characters
 *   by §5.5, and reports them (`linemode` event, kind `slc`).
 * - Client: exports its special characters (or imports the server's), honours MODE with
 *   MODE_ACK, answers DO/DONT FORWARDMASK and SLC.
 *
 * The engine keeps the protocol state; the line editing, signal trapping and forwarding
 * are the application's, with `linemodeInfo` and the helpers below.
 */
import { AO, AYT, BRK, DM, EOF, EOR, IAC, IP, ABORT, OPT, SUSP } from "../../engine/constants.js";
import type { OptionHost, OptionModule } from "../../engine/option.js";
import { decodeLinemode, encodeLinemode, type LinemodeMessage } from "./codec.js";
import { CLIENT_SLC_DEFAULTS, SERVER_SLC_DEFAULTS } from "./defaults.js";
import { FORWARDMASK_MAX, forwardMaskHas } from "./forwardmask.js";
import {
  MODE_EDIT,
  MODE_LIT_ECHO,
  MODE_SOFT_TAB,
  MODE_TRAPSIG,
  clientModeAnswer,
  modeFlags,
  modeMask,
  serverModeAnswer,
  type LinemodeModeFlags,
  type LinemodeModeInput,
} from "./mode.js";
import {
  NSLC,
  SLC,
  SLC_FLUSHIN,
  SLC_FLUSHOUT,
  SLC_NAMES,
  answerSlc,
  checkSetting,
  emptyEntries,
  entriesOf,
  entryOf,
  exportList,
  tableOf,
  tripletOf,
  type SlcName,
  type SlcSettingInput,
  type SlcTable,
  type SlcTables,
  type SlcTriplet,
} from "./slc.js";

/** Settings of LINEMODE, in `SessionOptions.linemode`. */
export interface LinemodeSettings {
  /** Server: the mode to ask for once the client agrees (default EDIT|TRAPSIG; 0 asks nothing, 0 being the default mode, §3). */
  mode?: LinemodeModeInput;
  /** Server: agree to a MODE the client asks for (default true); when false, answer with our mode as far as §2.2 allows. */
  acceptModeRequests?: boolean;
  /** Client: the optional mode bits honoured, SOFT_TAB and LIT_ECHO (default both). EDIT and TRAPSIG are always honoured (§2.2). */
  supportedModes?: LinemodeModeInput;
  /** Client: answer DO FORWARDMASK with WILL (default true) or WONT. */
  forwardMask?: boolean;
  /** Our special characters over the role's table (`CLIENT_SLC_DEFAULTS` / `SERVER_SLC_DEFAULTS`): what we support and start with. */
  slc?: Partial<Record<SlcName, SlcSettingInput>>;
  /** Client: once LINEMODE is on, send our table (`"export"`, the default) or ask for the server's defaults (`"import"`, `SLC 0 DEFAULT 0`), §5.5. */
  slcStart?: "export" | "import";
}

/** The mode in use changed (client: on a server's request or our own; server: on the client's MODE_ACK or request). */
export interface LinemodeModeEvent extends LinemodeModeFlags {
  type: "linemode";
  kind: "mode";
  /** The mode mask (without MODE_ACK). */
  mode: number;
}

/** The forward mask in use changed: client, on DO / DONT FORWARDMASK; server, on the client's WILL / WONT. `null`: none. */
export interface LinemodeForwardMaskEvent {
  type: "linemode";
  kind: "forwardmask";
  mask: Uint8Array | null;
}

/** An SLC list from the peer, answered: the triplets received, our table after them, and the functions that changed. */
export interface LinemodeSlcEvent {
  type: "linemode";
  kind: "slc";
  received: SlcTriplet[];
  table: SlcTable;
  changed: SlcName[];
}

/** LINEMODE events. */
export type LinemodeEvent = LinemodeModeEvent | LinemodeForwardMaskEvent | LinemodeSlcEvent;

/** Functions that stand for a Telnet command when TRAPSIG is on (§2.4, first group). */
export type LinemodeSignal = "SYNCH" | "BRK" | "IP" | "AO" | "AYT" | "EOR" | "ABORT" | "EOF" | "SUSP";

/**
 * LINEMODE commands. Those that speak LINEMODE send nothing while it is off, except a
 * server's `mode`, which becomes the mode asked for when it comes on.
 * - `mode`: server, ask for a mode; client, ask the server for one (§5.1).
 * - `forwardmask`: server, `DO FORWARDMASK mask` (up to 32 octets), or `DONT` with `null`.
 * - `slc`: change special characters (either side); sent as requests, answered by §5.5.
 * - `slc-import`: client, ask for the server's defaults (`SLC 0 DEFAULT 0`) or current settings (`0 VALUE 0`).
 * - `slc-export`: client, go back to our own table and send it (§5.10, "revert").
 * - `signal`: send the Telnet command for a function, with the Synch (`IAC DM`) and DO
 *   TIMING-MARK its FLUSHIN / FLUSHOUT flags ask for (§5.8). The DM should go as TCP
 *   urgent data, which is the transport's part.
 */
export type LinemodeCommand =
  | { type: "linemode"; kind: "mode"; mode: LinemodeModeInput }
  | { type: "linemode"; kind: "forwardmask"; mask: Uint8Array | readonly number[] | null }
  | { type: "linemode"; kind: "slc"; set: Partial<Record<SlcName, SlcSettingInput>> }
  | { type: "linemode"; kind: "slc-import"; from?: "default" | "current" }
  | { type: "linemode"; kind: "slc-export" }
  | { type: "linemode"; kind: "signal"; function: LinemodeSignal };

/** The LINEMODE state of a session. */
export interface LinemodeInfo extends LinemodeModeFlags {
  /** Which end of LINEMODE we are: `client` (WILL LINEMODE), `server` (DO LINEMODE), or `null` while it is off. */
  side: "client" | "server" | null;
  mode: number;
  forwardMask: Uint8Array | null;
  /** Special characters in use. */
  slc: SlcTable;
}

/** Telnet command byte of each signal; SYNCH is the Synch, whose mark is DM (RFC 854). */
export const SIGNAL_COMMANDS: Readonly<Record<LinemodeSignal, number>> = {
  SYNCH: DM,
  BRK,
  IP,
  AO,
  AYT,
  EOR,
  ABORT,
  EOF,
  SUSP,
};

const SIGNALS = Object.keys(SIGNAL_COMMANDS) as LinemodeSignal[];

const MAX_UNANSWERED = 16;

interface LinemodeState {
  mode: number;
  wanted: number; // server: the mode we ask for
  forwardMask: Uint8Array | null;
  asked: (Uint8Array | null)[]; // server: our DO (mask) / DONT (null) FORWARDMASK not yet answered, oldest first
  slc: SlcTables;
  supported: number;
  acceptModes: boolean;
  acceptMask: boolean;
  slcStart: "export" | "import";
}

function checkSettings(s: LinemodeSettings, role: OptionHost["role"]): void {
  if (s === null || typeof s !== "object") throw new TypeError("linemode settings must be an object");
  if (s.mode !== undefined) modeMask(s.mode, "linemode.mode");
  if (s.supportedModes !== undefined) modeMask(s.supportedModes, "linemode.supportedModes");
  if (s.slcStart !== undefined && s.slcStart !== "export" && s.slcStart !== "import") {
    throw new TypeError('linemode.slcStart must be "export" or "import"');
  }
  entriesOf(role === "client" ? CLIENT_SLC_DEFAULTS : SERVER_SLC_DEFAULTS, s.slc);
}

function state(host: OptionHost): LinemodeState {
  return host.state<LinemodeState>(OPT.LINEMODE, () => {
    const s = host.settings.linemode ?? {};
    const wanted = s.mode === undefined ? MODE_EDIT | MODE_TRAPSIG : modeMask(s.mode);
    return {
      mode: 0,
      wanted,
      forwardMask: null,
      asked: [],
      slc: {
        current: emptyEntries(),
        defaults: entriesOf(host.role === "client" ? CLIENT_SLC_DEFAULTS : SERVER_SLC_DEFAULTS, s.slc),
      },
      supported: s.supportedModes === undefined ? MODE_SOFT_TAB | MODE_LIT_ECHO : modeMask(s.supportedModes),
      acceptModes: s.acceptModeRequests !== false,
      acceptMask: s.forwardMask !== false,
      slcStart: s.slcStart ?? "export",
    };
  });
}

/** Which end of LINEMODE we are, from the negotiation (§5.7). */
function sideOf(host: OptionHost): "client" | "server" | null {
  const local = host.isEnabled(OPT.LINEMODE, "local");
  const remote = host.isEnabled(OPT.LINEMODE, "remote");
  if (local && remote) return host.role;
  return local ? "client" : remote ? "server" : null;
}

function send(host: OptionHost, message: LinemodeMessage): void {
  host.subnegotiate(OPT.LINEMODE, encodeLinemode(message));
}

function setMode(host: OptionHost, st: LinemodeState, mode: number): void {
  if (mode === st.mode) return;
  st.mode = mode;
  host.emit({ type: "linemode", kind: "mode", mode, ...modeFlags(mode) });
}

function setMask(host: OptionHost, st: LinemodeState, mask: Uint8Array | null): void {
  st.forwardMask = mask;
  host.emit({ type: "linemode", kind: "forwardmask", mask });
}

/** RFC 1184 §3: what holds when LINEMODE comes on: MODE 0, no forward mask, every SLC NOSUPPORT. */
function reset(st: LinemodeState): void {
  st.mode = 0;
  st.forwardMask = null;
  st.asked = [];
  st.slc.current = emptyEntries();
}

function receiveMode(host: OptionHost, st: LinemodeState, side: "client" | "server", received: number): void {
  const answer =
    side === "client"
      ? clientModeAnswer(st.mode, received, st.supported)
      : serverModeAnswer(st.mode, st.wanted, received, st.acceptModes);
  setMode(host, st, answer.mode);
  if (answer.reply !== undefined) send(host, { kind: "mode", mask: answer.reply });
}

function receiveForwardMask(
  host: OptionHost,
  st: LinemodeState,
  side: "client" | "server",
  message: Extract<LinemodeMessage, { kind: "forwardmask" }>,
): void {
  const fromServer = message.action === "do" || message.action === "dont";
  if (fromServer !== (side === "client")) {
    // §5.7: DO/DONT FORWARDMASK only from the DO LINEMODE side, WILL/WONT only from the other.
    host.warn(
      "wrong-direction",
      `LINEMODE ${message.action.toUpperCase()} FORWARDMASK from the ${side === "client" ? "server" : "client"} side: ignored`,
      OPT.LINEMODE,
    );
    return;
  }
  if (message.action === "do") {
    const agree = st.acceptMask;
    if (agree) setMask(host, st, message.mask);
    else if (st.forwardMask !== null) setMask(host, st, null);
    send(host, { kind: "forwardmask", action: agree ? "will" : "wont" });
    return;
  }
  if (message.action === "dont") {
    if (st.forwardMask !== null) setMask(host, st, null);
    send(host, { kind: "forwardmask", action: "wont" }); // as §5.10 answers it
    return;
  }
  // WILL / WONT: the client's answer to our DO (or, as in §5.10, DONT) FORWARDMASK.
  if (st.asked.length === 0) {
    host.warn(
      "negotiation-violation",
      `LINEMODE ${message.action.toUpperCase()} FORWARDMASK, which answers no DO / DONT FORWARDMASK of ours: ignored`,
      OPT.LINEMODE,
    );
    return;
  }
  const asked = st.asked.shift()!;
  const mask = message.action === "will" ? asked : null;
  if (mask !== null || st.forwardMask !== null) setMask(host, st, mask);
}

function receiveSlc(host: OptionHost, st: LinemodeState, side: "client" | "server", triplets: SlcTriplet[]): void {
  const answer = answerSlc(st.slc, triplets, side);
  for (const p of answer.problems) host.warn(p.code, p.message, OPT.LINEMODE);
  host.emit({
    type: "linemode",
    kind: "slc",
    received: triplets,
    table: tableOf(st.slc.current),
    changed: answer.changed.map((f) => SLC_NAMES[f]!),
  });
  if (answer.replies.length > 0) send(host, { kind: "slc", triplets: answer.replies });
}

/** Client, once LINEMODE is on: export our characters or ask for the server's (§5.5). */
function startClient(host: OptionHost, st: LinemodeState): void {
  if (st.slcStart === "import") {
    send(host, { kind: "slc", triplets: [functionZero("default")] });
    return;
  }
  exportTable(host, st);
}

function exportTable(host: OptionHost, st: LinemodeState): void {
  const list = exportList(st.slc.defaults, st.slc.current);
  st.slc.current = st.slc.defaults.slice();
  if (list.length > 0) send(host, { kind: "slc", triplets: list });
}

function functionZero(from: "default" | "current"): SlcTriplet {
  return { func: 0, level: from === "default" ? "default" : "value", ack: false, flushin: false, flushout: false, value: 0 };
}

function checkMask(mask: unknown): Uint8Array {
  const ok =
    (mask instanceof Uint8Array || Array.isArray(mask)) &&
    mask.length <= FORWARDMASK_MAX &&
    Array.from(mask as ArrayLike<number>).every((b) => Number.isInteger(b) && b >= 0 && b <= 255);
  if (!ok) throw new TypeError(`linemode forwardmask: mask must be up to ${FORWARDMASK_MAX} bytes, or null`);
  return Uint8Array.from(mask as ArrayLike<number>);
}

function sendCommand(command: LinemodeCommand, host: OptionHost): void {
  const st = state(host);
  const side = sideOf(host);
  switch (command.kind) {
    case "mode": {
      const mask = modeMask(command.mode, "linemode mode");
      if (host.role === "server" || side === "server") {
        // Off: asked for when it comes on. On: ask now, unless that is the mode in use and
        // no other request of ours is still unanswered (§2.2 would ignore it).
        const pending = st.wanted !== st.mode;
        st.wanted = mask;
        if (side === "server" && (mask !== st.mode || pending)) send(host, { kind: "mode", mask });
        return;
      }
      if (side === "client" && mask !== st.mode) {
        // §5.1: the client asks; it takes the mode now, so that the server's MODE_ACK finds it in use.
        setMode(host, st, mask);
        send(host, { kind: "mode", mask });
      }
      return;
    }
    case "forwardmask": {
      if (host.role !== "server") throw new TypeError("linemode forwardmask: only the server sends DO / DONT FORWARDMASK (RFC 1184 §2.3)");
      const mask = command.mask === null ? null : checkMask(command.mask);
      if (side !== "server") return;
      // Kept until answered; a client that never answers cannot make the list grow without bound.
      if (st.asked.length >= MAX_UNANSWERED) st.asked.shift();
      st.asked.push(mask);
      send(host, mask === null ? { kind: "forwardmask", action: "dont" } : { kind: "forwardmask", action: "do", mask });
      return;
    }
    case "slc": {
      if (command.set === null || typeof command.set !== "object") throw new TypeError("linemode slc: set must be an object keyed by SLC function name");
      const list: SlcTriplet[] = [];
      for (const name of Object.keys(command.set)) {
        const f = (SLC as Record<string, number>)[name];
        if (f === undefined) throw new TypeError(`linemode slc: unknown SLC function ${JSON.stringify(name)}`);
        const entry = entryOf(checkSetting(command.set[name as SlcName], `linemode slc ${name}`));
        list.push(tripletOf(f, entry));
      }
      if (side === null) return;
      list.sort((a, b) => a.func - b.func);
      for (const t of list) st.slc.current[t.func] = entryOf(t);
      if (list.length > 0) send(host, { kind: "slc", triplets: list });
      return;
    }
    case "slc-import": {
      const from = command.from ?? "default";
      if (from !== "default" && from !== "current") throw new TypeError('linemode slc-import: from must be "default" or "current"');
      if (host.role !== "client") throw new TypeError("linemode slc-import: only the client asks for the other side's table (RFC 1184 §2.4)");
      if (side === "client") send(host, { kind: "slc", triplets: [functionZero(from)] });
      return;
    }
    case "slc-export":
      if (host.role !== "client") throw new TypeError("linemode slc-export: the client exports its table (RFC 1184 §5.5)");
      if (side === "client") exportTable(host, st);
      return;
    case "signal": {
      const code = SIGNAL_COMMANDS[command.function];
      if (code === undefined) throw new TypeError(`linemode signal: unknown function ${JSON.stringify(command.function)}`);
      const flags = st.slc.current[SLC[command.function]].flags;
      // §5.8: "IAC XXX IAC DM IAC DO TIMING-MARK".
      host.transmit([IAC, code]);
      if (code !== DM && (flags & SLC_FLUSHIN) !== 0) host.transmit([IAC, DM]);
      if ((flags & SLC_FLUSHOUT) !== 0) host.request(OPT.TM, "remote", true);
      return;
    }
    default:
      throw new TypeError(`linemode: unknown kind ${JSON.stringify((command as { kind: unknown }).kind)}`);
  }
}

export const linemode: OptionModule = {
  code: OPT.LINEMODE,
  name: "linemode",
  defaults: {
    client: { local: "refuse", remote: "refuse" },
    server: { local: "refuse", remote: "refuse" },
  },
  // Checks `settings.linemode` when the session is made, so that a bad setting throws there.
  defaultPolicy(role, settings) {
    if (settings.linemode !== undefined) checkSettings(settings.linemode, role);
    return undefined;
  },
  commands: ["linemode"],
  receive(payload, host) {
    const side = sideOf(host);
    const decoded = decodeLinemode(payload);
    if (decoded.problem !== undefined) host.warn("malformed-subnegotiation", `${decoded.problem}`, OPT.LINEMODE);
    const message = decoded.message;
    if (message === undefined || side === null) return; // LINEMODE off: ignored, as one sent in flight with a refusal
    const st = state(host);
    switch (message.kind) {
      case "mode":
        receiveMode(host, st, side, message.mask);
        return;
      case "forwardmask":
        receiveForwardMask(host, st, side, message);
        return;
      case "slc":
        receiveSlc(host, st, side, message.triplets);
        return;
    }
  },
  send(command, host) {
    sendCommand(command as LinemodeCommand, host);
  },
  changed(side, enabled, host) {
    const st = state(host);
    if (!enabled) {
      if (sideOf(host) === null) reset(st);
      return;
    }
    const other = side === "local" ? "remote" : "local";
    if (host.isEnabled(OPT.LINEMODE, other)) {
      // §5.7: "At no time should DO LINEMODE be negotiated in both directions."
      const keep = host.role === "client" ? "local" : "remote";
      host.warn("negotiation-violation", "LINEMODE on in both directions: keeping the one our role plays", OPT.LINEMODE);
      if (side !== keep) {
        host.request(OPT.LINEMODE, side, false);
        return;
      }
      host.request(OPT.LINEMODE, other, false);
    }
    reset(st);
    if (side === "local") {
      startClient(host, st);
    } else if (st.wanted !== 0) {
      send(host, { kind: "mode", mask: st.wanted });
    }
  },
};

// ---------------------------------------------------------------- queries

/** The LINEMODE state of a session (`TelnetSession` is an `OptionHost`). */
export function linemodeInfo(host: OptionHost): LinemodeInfo {
  const st = state(host);
  return {
    side: sideOf(host),
    mode: st.mode,
    ...modeFlags(st.mode),
    forwardMask: st.forwardMask,
    slc: tableOf(st.slc.current),
  };
}

/** The function a character is set to in a table (level VALUE or CANTCHANGE), the lowest code first. */
export function slcFunctionOf(table: SlcTable, code: number): SlcName | undefined {
  for (let f = 1; f <= NSLC; f++) {
    const s = table[SLC_NAMES[f]!];
    if ((s.level === "value" || s.level === "cantchange") && s.value === code) return SLC_NAMES[f];
  }
  return undefined;
}

/** Client: the signal a typed character stands for while TRAPSIG is on (§2.2), if any. */
export function trappedSignal(info: LinemodeInfo, code: number): LinemodeSignal | undefined {
  if (!info.trapsig) return undefined;
  const name = slcFunctionOf(info.slc, code);
  return name !== undefined && (SIGNALS as string[]).includes(name) ? (name as LinemodeSignal) : undefined;
}

/**
 * Client: whether a typed character makes the buffered input go now, beside line ends
 * and signals (§5.6): SLC_FORW1, SLC_FORW2 or a character of the forward mask.
 * `binary`: whether TRANSMIT-BINARY is on in the client's direction (§2.3).
 */
export function forwardsOn(info: LinemodeInfo, code: number, binary = false): boolean {
  for (const name of ["FORW1", "FORW2"] as const) {
    const s = info.slc[name];
    if ((s.level === "value" || s.level === "cantchange") && s.value === code) return true;
  }
  return forwardMaskHas(info.forwardMask, code, binary);
}

/** The special characters a side supports and starts from: its role's table with `overrides` on top. */
export function slcDefaults(role: OptionHost["role"], overrides?: Partial<Record<SlcName, SlcSettingInput>>): SlcTable {
  return tableOf(entriesOf(role === "client" ? CLIENT_SLC_DEFAULTS : SERVER_SLC_DEFAULTS, overrides));
}

export { CLIENT_SLC_DEFAULTS, SERVER_SLC_DEFAULTS } from "./defaults.js";
export {
  FORWARDMASK_MAX,
  forwardMaskCodes,
  forwardMaskHas,
  forwardMaskOf,
} from "./forwardmask.js";
export {
  LM_FORWARDMASK,
  LM_MODE,
  LM_SLC,
  decodeLinemode,
  encodeLinemode,
  type DecodedLinemode,
  type ForwardMaskAction,
  type LinemodeMessage,
} from "./codec.js";
export {
  MODE_ACK,
  MODE_EDIT,
  MODE_LIT_ECHO,
  MODE_MASK,
  MODE_SOFT_TAB,
  MODE_TRAPSIG,
  modeFlags,
  modeMask,
  type LinemodeModeFlags,
  type LinemodeModeInput,
} from "./mode.js";
export {
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
  type SlcLevel,
  type SlcName,
  type SlcSetting,
  type SlcSettingInput,
  type SlcTable,
  type SlcTriplet,
} from "./slc.js";
