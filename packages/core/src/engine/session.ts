import { EMPTY, allocForFill, copyBytes, escapeIac, findByte } from "./bytes.js";
import type { TelnetCommand } from "./commands.js";
import {
  COMMAND_CODES,
  COMMAND_NAMES,
  CR,
  DO,
  DONT,
  EOF,
  EOR,
  GA,
  IAC,
  OPT,
  SB,
  SE,
  WILL,
  WONT,
  optionName,
} from "./constants.js";
import type { OptionEvent, Side, TelnetEvent, TransmitEvent, WarningCode } from "./events.js";
import type { OptionHost, OptionModule, Role } from "./option.js";
import * as Q from "./q-method.js";
import { compilePolicy, createRegistry, P_INITIATE, P_REFUSE, type OptionRegistry } from "./registry.js";
import type { SessionOptions } from "./session-options.js";
import { BUILTIN_MODULES } from "../options/builtin.js";

const DEFAULT_REGISTRY = createRegistry(BUILTIN_MODULES);

// Which hooks the module of each option code has, one bit each: the hot paths test a byte
// instead of reading a property of module objects that all have different shapes.
const HOOK_NEGOTIATE = 1;
const HOOK_RECEIVE = 2;
const HOOK_CHANGED = 4;

const hookTables = new WeakMap<OptionRegistry, Uint8Array>();

function hooksOf(registry: OptionRegistry): Uint8Array {
  let table = hookTables.get(registry);
  if (table === undefined) {
    table = new Uint8Array(256);
    for (let code = 0; code < 256; code++) {
      const m = registry.byCode[code];
      if (m) table[code] = (m.negotiate ? HOOK_NEGOTIATE : 0) | (m.receive ? HOOK_RECEIVE : 0) | (m.changed ? HOOK_CHANGED : 0);
    }
    hookTables.set(registry, table);
  }
  return table;
}

const DEFAULT_SB_LIMIT = 65536;

// Runs this short are searched in JavaScript: cheaper than a call to the native search.
const SHORT_RUN = 16;

// Parser states.
const S_DATA = 0;
const S_IAC = 1; // after IAC
const S_NEG = 2; // after IAC WILL/WONT/DO/DONT, waiting for the option byte
const S_SB_OPT = 3; // after IAC SB, waiting for the option byte
const S_SB = 4; // inside a subnegotiation
const S_SB_IAC = 5; // IAC inside a subnegotiation
const S_SB_OPT_IAC = 6; // IAC SB IAC: EXOPL's subnegotiation (RFC 861), or IAC SB IAC SE with no option

const LOCAL: Q.SideShift = 0;
const REMOTE: Q.SideShift = 4;

const STATE_NAMES = ["no", "yes", "wantno", "wantyes"] as const;

/** RFC 1143 state of one side of an option. */
export type NegotiationState = (typeof STATE_NAMES)[number];

const textEncoder = new TextEncoder();

// Stands for "no event yet" during receive(); never handed out, never written to.
const NO_EVENTS: TelnetEvent[] = [];

/**
 * A Telnet session with no I/O: feed it the bytes the peer sent with `receive()`, turn
 * what you want to say into bytes with `send()`, and write every `transmit` event's
 * bytes to the peer. Deterministic: same inputs, same outputs.
 *
 * @example
 * ```ts
 * const s = new TelnetSession({ role: "server", options: { naws: "request" } });
 * socket.write(s.start());
 * for (const ev of s.receive(chunk)) {
 *   if (ev.type === "transmit") socket.write(ev.bytes);
 *   if (ev.type === "naws") console.log(ev.width, ev.height);
 * }
 * ```
 */
export class TelnetSession implements OptionHost {
  readonly role: Role;
  readonly settings: SessionOptions;

  private readonly registry: OptionRegistry;
  private readonly hooks: Uint8Array;
  private readonly policy: Uint8Array;
  private readonly q = new Uint8Array(256);
  private readonly sbLimit: number;

  private pstate = S_DATA;
  private verb = 0;
  private crPending = false;

  private sbOption = 0;
  private sbBuf: Uint8Array | null = null;
  private sbLen = 0;
  private sbOverflow = false;

  // Output owed to the peer, gathered until another kind of event comes.
  private out: Uint8Array | null = null;
  private outLen = 0;
  // The transmit event of this receive() call that later replies still join (see emit()).
  private txOpen: TransmitEvent | null = null;
  // Our requests waiting for an answer, in the order sent (option * 2 + 1 for the remote
  // side), and those the peer passed by: it answered one sent after them. Null when none.
  private askOrder: number[] | null = null;
  private passed: number[] | null = null;

  // Data of the current chunk, as [start, end) pairs, gathered into one event.
  private chunk: Uint8Array = EMPTY;
  private segs: number[] = [];
  private segN = 0; // used length of `segs`: it is reused, never truncated (truncating an array is slow)
  private nulAt = -2;
  private nulFrom = -1;

  private events: TelnetEvent[] = [];
  private sending = false;
  private queued: TelnetEvent[] | null = null;
  private moduleState: Map<number, unknown> | null = null;

  // MCCP (mud-mccp.md): the option whose compressed stream the peer's bytes are in (0: none),
  // the side of it to turn off when decompression fails, a start just parsed (the rest of the
  // chunk is compressed), and whether the bytes being parsed are decompressed ones.
  private inflating = 0;
  private inflateSide: Side = "remote";
  private inflateCut = false;
  private inflated = false;

  constructor(options: SessionOptions) {
    if (options.role !== "client" && options.role !== "server") {
      throw new TypeError(`TelnetSession: role must be "client" or "server", not ${JSON.stringify(options.role)}`);
    }
    this.role = options.role;
    this.settings = options;
    this.registry = options.modules?.length
      ? createRegistry([...BUILTIN_MODULES, ...options.modules])
      : DEFAULT_REGISTRY;
    this.hooks = hooksOf(this.registry);
    this.policy = compilePolicy(this.registry, this.role, options.options, options);
    const limit = options.limits?.subnegotiation ?? DEFAULT_SB_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError("limits.subnegotiation must be a positive integer");
    this.sbLimit = limit;
  }

  // ---------------------------------------------------------------- public API

  /** The opening negotiation the policy asks for (`request` / `offer` / `initiate`), as bytes. */
  start(): Uint8Array {
    return this.capture(() => {
      for (let code = 0; code < 256; code++) {
        const p = this.policy[code];
        if ((p >> 2) === P_INITIATE) this.request(code, "remote", true);
        if ((p & 3) === P_INITIATE) this.request(code, "local", true);
      }
    });
  }

  /**
   * Feed bytes from the peer. Never throws: a protocol violation becomes a `warning`
   * event and the session goes on. Any split of a stream gives the same events, with
   * the data concatenated the same.
   */
  receive(chunk: Uint8Array): TelnetEvent[] {
    if (this.inflating !== 0 && !this.inflated) return this.passCompressed(chunk);
    const n = chunk.length;
    // A few bytes of data and nothing pending (a keystroke): when they hold no IAC, and no
    // NUL in NVT mode, they are the data event as they are. Same result as the loop below.
    if (n !== 0 && n <= SHORT_RUN && this.pstate === S_DATA && this.queued === null && this.outLen === 0) {
      const st = Q.stateOf(this.q, OPT.BINARY, REMOTE);
      const nvt = st !== Q.YES && st !== Q.WANTNO;
      let k = 0;
      while (k < n && chunk[k] !== IAC && (chunk[k] !== 0 || !nvt)) k++;
      if (k === n) {
        this.crPending = chunk[n - 1] === CR;
        return [{ type: "data", bytes: chunk }];
      }
    }
    this.events = this.queued ?? NO_EVENTS;
    this.queued = null;
    this.chunk = chunk;
    this.nulAt = -2;
    this.nulFrom = -1;
    let i = 0;
    while (i < n) {
      switch (this.pstate) {
        case S_DATA: {
          const iac = findByte(chunk, IAC, i);
          if (iac === -1) {
            this.dataRun(chunk, i, n);
            i = n;
            break;
          }
          const next = iac + 1;
          const b = next < n ? chunk[next] : -1;
          if (b === IAC) {
            // IAC IAC: keep the first as data, skip the second.
            this.dataRun(chunk, i, next);
            i = next + 1;
            break;
          }
          if (iac > i) this.dataRun(chunk, i, iac);
          // A whole IAC WILL/WONT/DO/DONT option or IAC SB option in this chunk: no detour through the states.
          if (b >= WILL && next + 1 < n) {
            i = next + 2;
            this.negotiate(b, chunk[next + 1]);
          } else if (b === SB && next + 1 < n && chunk[next + 1] !== IAC) {
            this.sbOption = chunk[next + 1];
            this.sbLen = 0;
            this.sbOverflow = false;
            this.pstate = S_SB;
            i = next + 2;
          } else if (b !== -1) {
            i = this.afterIac(chunk, next);
          } else {
            i = next;
            this.pstate = S_IAC;
          }
          break;
        }
        case S_IAC:
          i = this.afterIac(chunk, i);
          break;
        case S_NEG:
          this.pstate = S_DATA;
          this.negotiate(this.verb, chunk[i++]);
          break;
        case S_SB_OPT:
          this.sbOption = chunk[i++];
          this.sbLen = 0;
          this.sbOverflow = false;
          this.pstate = this.sbOption === IAC ? S_SB_OPT_IAC : S_SB;
          break;
        case S_SB_OPT_IAC:
          if (chunk[i] === SE) {
            i++;
            this.pstate = S_DATA;
            this.warn("sb-empty", "IAC SB IAC SE: a subnegotiation with no option, ignored");
          } else {
            this.pstate = S_SB; // RFC 861: IAC SB EXOPL <subcommand> ...
          }
          break;
        case S_SB: {
          const iac = findByte(chunk, IAC, i);
          if (iac === -1) {
            this.sbAppend(chunk, i, n);
            i = n;
          } else if (this.sbLen === 0 && iac + 1 < n && chunk[iac + 1] === SE && iac - i <= this.sbLimit) {
            // The whole payload is in this chunk with no IAC IAC to undo: copy it once.
            const start = i;
            i = iac + 2;
            this.pstate = S_DATA;
            this.endSubnegotiation(copyBytes(chunk, start, iac));
            if (this.inflateCut) i = this.cutCompressed(chunk, i);
          } else {
            this.sbAppend(chunk, i, iac);
            this.pstate = S_SB_IAC;
            i = iac + 1;
          }
          break;
        }
        default: // S_SB_IAC
          i = this.sbAfterIac(chunk, i);
          break;
      }
    }
    this.flushData();
    this.flushOut();
    this.chunk = EMPTY;
    if (this.sbBuf !== null && this.pstate !== S_SB && this.pstate !== S_SB_IAC && this.sbBuf.length > 1024) {
      this.sbBuf = null; // keep idle sessions small
    }
    // Enough for the runs of a 16 KiB chunk of binary data (one per IAC IAC) without
    // growing the array again on every chunk; more is let go.
    if (this.segs.length > 256) this.segs = [];
    const events = this.events === NO_EVENTS ? [] : this.events;
    this.events = NO_EVENTS; // the caller owns the array now; an idle session holds none
    this.releaseOut();
    return events;
  }

  /** Turn a command into the bytes to write to the peer. Throws only on an invalid command object. */
  send(command: TelnetCommand): Uint8Array {
    // In-band data needs no output buffer: return the escaped bytes (the input itself when no IAC).
    if (command?.type === "data" && command.bytes instanceof Uint8Array) return escapeIac(command.bytes);
    return this.capture(() => this.dispatch(command));
  }

  /**
   * MCCP: decompressed bytes of the peer's compressed stream (the inflated `compressed`
   * events), parsed as Telnet in order with everything before them.
   */
  decompressed(bytes: Uint8Array): TelnetEvent[] {
    if (this.inflating === 0) return this.receive(bytes);
    this.inflated = true;
    try {
      return this.receive(bytes);
    } finally {
      this.inflated = false;
    }
  }

  /**
   * MCCP: the peer's compressed stream ended (zlib stream end, Z_FINISH). `rest` is what came
   * after the end in the compressed bytes given so far: it is plain Telnet, parsed now.
   */
  decompressionEnded(rest: Uint8Array = EMPTY): TelnetEvent[] {
    const option = this.inflating;
    if (option === 0) return this.receive(rest);
    this.inflating = 0;
    (this.queued ??= []).push({ type: "compression", option, direction: "in", active: false });
    return this.receive(rest);
  }

  /**
   * MCCP: decompression failed (a zlib error). mud-mccp.md: the side that decompresses stops
   * and turns the option off (DONT MCCP2, WONT MCCP3); what comes next is read as plain
   * Telnet. Returns a `compression-error` warning, the `compression` event and the refusal to
   * transmit. (To close instead, as the spec also allows, close on that warning.)
   */
  decompressionFailed(reason: string): TelnetEvent[] {
    const option = this.inflating;
    if (option === 0) return [];
    this.inflating = 0;
    const bytes = this.capture(() => {
      this.emit({ type: "compression", option, direction: "in", active: false });
      this.warn("compression-error", `${optionName(option)}: ${reason}; decompression stopped`, option);
      this.request(option, this.inflateSide, false);
    });
    const events = this.takeEvents();
    if (bytes.length > 0) events.push({ type: "transmit", bytes });
    return events;
  }

  /** MCCP: the option whose compressed stream the peer's bytes are in now, or 0 when they are plain. */
  get decompressing(): number {
    return this.inflating;
  }

  /** Events produced while sending (for example an option turned off by our own request), not yet returned by `receive()`. */
  takeEvents(): TelnetEvent[] {
    const q = this.queued ?? [];
    this.queued = null;
    return q;
  }

  /** Whether the option is on (RFC 1143 state YES) on that side. */
  isEnabled(option: number, side: Side): boolean {
    return Q.stateOf(this.q, option & 0xff, side === "local" ? LOCAL : REMOTE) === Q.YES;
  }

  /** RFC 1143 state of both sides of an option. */
  optionState(option: number): { local: NegotiationState; remote: NegotiationState } {
    return {
      local: STATE_NAMES[Q.stateOf(this.q, option & 0xff, LOCAL)],
      remote: STATE_NAMES[Q.stateOf(this.q, option & 0xff, REMOTE)],
    };
  }

  /** Options on for a side, in code order: what each side agreed. */
  enabledOptions(side: Side): number[] {
    const shift = side === "local" ? LOCAL : REMOTE;
    const on: number[] = [];
    for (let c = 0; c < 256; c++) if (Q.stateOf(this.q, c, shift) === Q.YES) on.push(c);
    return on;
  }

  /** True when no request of ours is waiting for an answer (no option in WANTYES or WANTNO). */
  isSettled(): boolean {
    for (let c = 0; c < 256; c++) {
      const s = this.q[c];
      if ((s & 2) !== 0 || (s & 0x20) !== 0) return false;
    }
    return true;
  }

  /**
   * Requests of ours still unanswered that the peer has passed by: it answered a request we
   * sent after them. A peer reads in order and answers at once (RFC 854, RFC 1143), so
   * these most likely never get an answer (TinTin++ leaves WILL BINARY and WILL MSSP so).
   */
  passedRequests(): { option: number; side: Side }[] {
    const out: { option: number; side: Side }[] = [];
    for (const key of this.passed ?? []) {
      const shift = key & 1 ? REMOTE : LOCAL;
      if ((Q.stateOf(this.q, key >> 1, shift) & 2) !== 0) out.push({ option: key >> 1, side: key & 1 ? "remote" : "local" });
    }
    return out;
  }

  /** Whether the policy lets the peer turn this side of the option on. */
  accepts(option: number, side: Side): boolean {
    const p = this.policy[option & 0xff];
    return (side === "local" ? p & 3 : p >> 2) !== P_REFUSE;
  }

  /** The module registered for an option code, if any. */
  moduleFor(option: number): OptionModule | undefined {
    return this.registry.byCode[option & 0xff];
  }

  // ----------------------------------------------------------- OptionHost API

  /** @internal-ish: for option modules. Deliver an event in order. */
  emit(event: TelnetEvent): void {
    if (this.sending) {
      (this.queued ??= []).push(event);
      return;
    }
    this.flushData();
    // Replies to negotiation gather in one transmit event per run of negotiation: the event
    // goes where the first reply was owed, and takes the later replies up to the next data,
    // command or compression event (those and the end of the call close it). Everything owed
    // before an event is in a transmit event before it; no event costs a copy of its own.
    if (event.type === "command" || event.type === "compression") this.flushOut();
    else if (this.outLen > 0 && this.txOpen === null) {
      this.txOpen = { type: "transmit", bytes: EMPTY };
      this.push(this.txOpen);
    }
    this.push(event);
  }

  /** For option modules: report a peer's protocol violation. */
  warn(code: WarningCode, message: string, option?: number): void {
    this.emit(option === undefined ? { type: "warning", code, message } : { type: "warning", code, message, option });
  }

  /** For option modules: queue `IAC SB option payload IAC SE` with IAC doubled. */
  subnegotiate(option: number, payload: Uint8Array | readonly number[]): void {
    this.reserve(payload.length * 2 + 5);
    const out = this.out!;
    let at = this.outLen;
    out[at++] = IAC;
    out[at++] = SB;
    out[at++] = option;
    for (let i = 0; i < payload.length; i++) {
      const b = payload[i] & 0xff;
      out[at++] = b;
      if (b === IAC) out[at++] = IAC;
    }
    out[at++] = IAC;
    out[at++] = SE;
    this.outLen = at;
  }

  /** For option modules: queue raw bytes for the peer. */
  transmit(bytes: Uint8Array | readonly number[]): void {
    this.reserve(bytes.length);
    const out = this.out!;
    if (bytes instanceof Uint8Array) out.set(bytes, this.outLen);
    else for (let i = 0; i < bytes.length; i++) out[this.outLen + i] = bytes[i];
    this.outLen += bytes.length;
  }

  /** For option modules and `enable`/`disable`: ask for an option on or off by RFC 1143. */
  request(option: number, side: Side, enabled: boolean): void {
    const code = option & 0xff;
    const shift = side === "local" ? LOCAL : REMOTE;
    if (this.hooks[code] & HOOK_NEGOTIATE) {
      this.registry.byCode[code]!.negotiate!({ kind: "request", side, enabled }, this);
      return;
    }
    const before = Q.stateOf(this.q, code, shift) === Q.YES;
    const r = Q.ask(this.q, code, shift, enabled);
    this.replyNeg(r & Q.REPLY_MASK, shift, code);
    if ((r & Q.REPLY_MASK) !== Q.REPLY_NONE) this.asked(code * 2 + (shift === LOCAL ? 0 : 1));
    const after = Q.stateOf(this.q, code, shift) === Q.YES;
    if (before !== after) this.changed(code, shift, after);
  }

  /** For option modules: this session's state for a module, created on first use. */
  state<T>(option: number, init: () => T): T {
    const map = (this.moduleState ??= new Map());
    let s = map.get(option) as T | undefined;
    if (s === undefined) {
      s = init();
      map.set(option, s);
    }
    return s;
  }

  /** For MCCP modules: the peer's bytes after this subnegotiation are compressed. */
  decompressFrom(option: number, side: Side): boolean {
    if (this.inflating !== 0) return false;
    this.inflating = option & 0xff;
    this.inflateSide = side;
    this.inflateCut = true;
    this.emitBoundary({ type: "compression", option: this.inflating, direction: "in", active: true });
    return true;
  }

  /** For option modules: deliver an event that output owed before it precedes, and output owed after it follows (a compression start or end). */
  emitBoundary(event: TelnetEvent): void {
    if (this.sending) {
      (this.queued ??= []).push(event);
      return;
    }
    this.flushData();
    this.flushOut();
    this.push(event);
  }

  // --------------------------------------------------------------- internals

  // The input is a compressed stream: hand it on as it is, after anything queued by send().
  private passCompressed(chunk: Uint8Array): TelnetEvent[] {
    const events = this.takeEvents();
    if (chunk.length > 0) events.push({ type: "compressed", option: this.inflating, bytes: chunk });
    return events;
  }

  // A compression start was just parsed: what is left of the chunk is compressed, not Telnet.
  private cutCompressed(chunk: Uint8Array, i: number): number {
    this.inflateCut = false;
    this.flushData();
    this.flushOut();
    if (i < chunk.length) this.push({ type: "compressed", option: this.inflating, bytes: chunk.subarray(i) });
    return chunk.length;
  }

  private capture(fn: () => void): Uint8Array {
    const outer = this.sending;
    const savedLen = this.outLen;
    this.sending = true;
    try {
      fn();
    } catch (err) {
      // A command that throws sends nothing, not even what it queued before it threw.
      this.outLen = savedLen;
      throw err;
    } finally {
      this.sending = outer;
    }
    if (this.outLen === savedLen) return EMPTY;
    const bytes = copyBytes(this.out!, savedLen, this.outLen);
    this.outLen = savedLen;
    if (!outer) this.releaseOut();
    return bytes;
  }

  private dispatch(command: TelnetCommand): void {
    if (command === null || typeof command !== "object") throw new TypeError("send: command must be an object");
    switch (command.type) {
      case "data":
        if (!(command.bytes instanceof Uint8Array)) throw new TypeError("send data: bytes must be a Uint8Array");
        this.transmit(escapeIac(command.bytes));
        return;
      case "text":
        if (typeof command.text !== "string") throw new TypeError("send text: text must be a string");
        this.transmit(this.encodeText(command.text));
        return;
      case "command": {
        const code = COMMAND_CODES[command.command];
        if (code === undefined) throw new TypeError(`send command: unknown command ${JSON.stringify(command.command)}`);
        // RFC 858: once SGA is on for our side, GA is not sent.
        if (code === GA && this.isEnabled(OPT.SGA, "local")) return;
        this.transmit([IAC, code]);
        return;
      }
      case "prompt":
        if (this.isEnabled(OPT.EOR, "local")) this.transmit([IAC, EOR]);
        else if (!this.isEnabled(OPT.SGA, "local")) this.transmit([IAC, GA]);
        return;
      case "enable":
      case "disable":
        checkOption(command.option, command.type);
        if (command.side !== "local" && command.side !== "remote") {
          throw new TypeError(`send ${command.type}: side must be "local" or "remote"`);
        }
        this.request(command.option, command.side, command.type === "enable");
        return;
      case "subnegotiation":
        checkOption(command.option, "subnegotiation");
        if (!(command.payload instanceof Uint8Array)) throw new TypeError("send subnegotiation: payload must be a Uint8Array");
        this.subnegotiate(command.option, command.payload);
        return;
      default: {
        const type = (command as { type: unknown }).type;
        const module = typeof type === "string" ? this.registry.byCommand.get(type) : undefined;
        if (!module?.send) throw new TypeError(`send: unknown command type ${JSON.stringify(type)}`);
        module.send(command, this);
      }
    }
  }

  private encodeText(text: string): Uint8Array {
    // RFC 854: CR LF for a new line, CR NUL for a bare carriage return; not in BINARY (RFC 856).
    const nvt = this.isEnabled(OPT.BINARY, "local")
      ? text
      : text.replace(/\r\n|\r|\n/g, (m) => (m === "\r" ? "\r\0" : "\r\n"));
    const encode = this.settings.encodeText;
    return escapeIac(encode ? encode(nvt) : textEncoder.encode(nvt));
  }

  private reserve(extra: number): void {
    // Data before this output goes out first.
    if (!this.sending && this.segN > 0) this.flushData();
    const need = this.outLen + extra;
    if (this.out !== null && need <= this.out.length) return;
    let size = this.out === null ? 64 : this.out.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint8Array(size);
    if (this.out !== null && this.outLen > 0) grown.set(this.out.subarray(0, this.outLen));
    this.out = grown;
  }

  // Most chunks give one event: an array made with it is cheaper than growing an empty one.
  private push(event: TelnetEvent): void {
    if (this.events === NO_EVENTS) this.events = [event];
    else this.events.push(event);
  }

  // Between calls the output buffer is empty: an idle session does not keep one.
  private releaseOut(): void {
    if (this.outLen === 0) this.out = null;
  }

  private flushOut(): void {
    if (this.outLen === 0 || this.sending) return;
    this.flushData();
    const bytes = copyBytes(this.out!, 0, this.outLen);
    this.outLen = 0;
    if (this.out!.length > 1024) this.out = null;
    if (this.txOpen !== null) {
      this.txOpen.bytes = bytes;
      this.txOpen = null;
    } else this.push({ type: "transmit", bytes });
  }

  // A run of in-band bytes with no IAC; drops the NUL of CR NUL in NVT mode (RFC 854).
  private dataRun(chunk: Uint8Array, start: number, end: number): void {
    if (this.outLen > 0) this.flushOut();
    const st = Q.stateOf(this.q, OPT.BINARY, REMOTE);
    // The peer sends binary while its BINARY is on, and until it confirms our DONT.
    const s = st === Q.YES || st === Q.WANTNO ? start : this.dropCrNul(chunk, start, end);
    if (s === end) return;
    // addSegment(s, end), written out: this is the path of every run.
    const segs = this.segs;
    const k = this.segN;
    if (k > 0 && segs[k - 1] === s) {
      segs[k - 1] = end;
    } else {
      segs[k] = s;
      segs[k + 1] = end;
      this.segN = k + 2;
    }
    this.crPending = chunk[end - 1] === CR;
  }

  // NVT mode: adds the parts of the run before each NUL of CR NUL; returns where the rest
  // starts (`end` when nothing is left, with crPending then set here).
  private dropCrNul(chunk: Uint8Array, start: number, end: number): number {
    let s = start;
    let lastCr = this.crPending;
    let from = start;
    for (;;) {
      let z = -1;
      if (end - from <= SHORT_RUN) {
        for (let k = from; k < end; k++) {
          if (chunk[k] === 0) {
            z = k;
            break;
          }
        }
      } else {
        z = this.nextNul(chunk, from);
        if (z >= end) z = -1;
      }
      if (z === -1) break;
      if (z > s ? chunk[z - 1] === CR : lastCr) {
        if (z > s) this.addSegment(s, z);
        s = z + 1;
        lastCr = false;
      }
      from = z + 1;
    }
    if (s === end) this.crPending = lastCr;
    return s;
  }

  private nextNul(chunk: Uint8Array, from: number): number {
    if (this.nulAt >= from || (this.nulAt === -1 && this.nulFrom >= 0 && this.nulFrom <= from)) return this.nulAt;
    this.nulFrom = from;
    this.nulAt = findByte(chunk, 0, from);
    return this.nulAt;
  }

  private addSegment(start: number, end: number): void {
    const segs = this.segs;
    const n = this.segN;
    if (n > 0 && segs[n - 1] === start) {
      segs[n - 1] = end;
    } else {
      segs[n] = start;
      segs[n + 1] = end;
      this.segN = n + 2;
    }
  }

  private flushData(): void {
    const segs = this.segs;
    const count = this.segN;
    if (count === 0) return;
    const chunk = this.chunk;
    let bytes: Uint8Array;
    if (count === 2) {
      const a = segs[0];
      const b = segs[1];
      bytes = a === 0 && b === chunk.length ? chunk : chunk.subarray(a, b);
    } else {
      let total = 0;
      for (let k = 0; k < count; k += 2) total += segs[k + 1] - segs[k];
      const first = segs[0];
      const span = segs[count - 1] - first;
      if (span - total <= 1024) {
        // Copy the span once, then close the gaps (the bytes dropped: IAC of IAC IAC, NUL of
        // CR NUL) with copyWithin, which makes no view per segment as set(subarray()) does.
        const out = allocForFill(span);
        out.set(chunk.subarray(first, first + span));
        let at = segs[1] - first;
        for (let k = 2; k < count; k += 2) {
          const a = segs[k] - first;
          const b = segs[k + 1] - first;
          out.copyWithin(at, a, b);
          at += b - a;
        }
        bytes = out.subarray(0, total);
      } else {
        bytes = new Uint8Array(total);
        let at = 0;
        for (let k = 0; k < count; k += 2) {
          bytes.set(chunk.subarray(segs[k], segs[k + 1]), at);
          at += segs[k + 1] - segs[k];
        }
      }
    }
    this.segN = 0;
    this.push({ type: "data", bytes });
  }

  private afterIac(chunk: Uint8Array, i: number): number {
    const b = chunk[i];
    this.pstate = S_DATA;
    if (b === IAC) {
      this.dataRun(chunk, i, i + 1);
    } else if (b >= WILL) {
      this.verb = b;
      this.pstate = S_NEG;
    } else if (b === SB) {
      this.pstate = S_SB_OPT;
    } else if (b === SE) {
      this.warn("se-without-sb", "IAC SE outside a subnegotiation: ignored");
    } else if (b >= EOF) {
      this.emit({ type: "command", command: COMMAND_NAMES[b]!, code: b });
    } else {
      this.warn("unknown-command", `IAC followed by ${b}, which is no Telnet command: ignored`);
    }
    return i + 1;
  }

  // Subnegotiation bytes [from, to) with no IAC among them; beyond the limit they are dropped.
  private sbAppend(chunk: Uint8Array, from: number, to: number): void {
    const count = to - from;
    if (count === 0) return;
    const len = this.sbLen;
    const room = this.sbLimit - len;
    const take = count < room ? count : room;
    if (take > 0) {
      const buf = this.sbBuf === null || len + take > this.sbBuf.length ? this.growSb(len + take) : this.sbBuf;
      if (take <= 16) for (let k = 0; k < take; k++) buf[len + k] = chunk[from + k];
      else buf.set(chunk.subarray(from, from + take), len);
      this.sbLen = len + take;
    }
    if (take < count) this.sbOverflowed();
  }

  private growSb(need: number): Uint8Array {
    let size = this.sbBuf === null ? 64 : this.sbBuf.length * 2;
    while (size < need) size *= 2;
    if (size > this.sbLimit) size = this.sbLimit;
    const grown = new Uint8Array(size);
    if (this.sbBuf !== null && this.sbLen > 0) grown.set(this.sbBuf.subarray(0, this.sbLen));
    this.sbBuf = grown;
    return grown;
  }

  private sbOverflowed(): void {
    if (this.sbOverflow) return;
    this.sbOverflow = true;
    this.warn(
      "sb-overflow",
      `subnegotiation of ${optionName(this.sbOption)} is longer than ${this.sbLimit} bytes: dropped`,
      this.sbOption,
    );
  }

  private sbAfterIac(chunk: Uint8Array, i: number): number {
    const b = chunk[i];
    if (b === IAC) {
      this.pstate = S_SB;
      if (this.sbLen >= this.sbLimit) this.sbOverflowed();
      else {
        const buf = this.sbBuf === null || this.sbLen === this.sbBuf.length ? this.growSb(this.sbLen + 1) : this.sbBuf;
        buf[this.sbLen++] = IAC;
      }
      return i + 1;
    }
    if (b === SE) {
      this.pstate = S_DATA;
      if (!this.sbOverflow) this.endSubnegotiation(this.sbBuf === null ? new Uint8Array(0) : copyBytes(this.sbBuf, 0, this.sbLen));
      return this.inflateCut ? this.cutCompressed(chunk, i + 1) : i + 1;
    }
    // RFC 855: only IAC SE ends a subnegotiation. Drop it and treat IAC b as a command.
    this.warn(
      "sb-interrupted",
      `subnegotiation of ${optionName(this.sbOption)} interrupted by IAC ${b}: dropped`,
      this.sbOption,
    );
    this.pstate = S_IAC;
    return i;
  }

  private endSubnegotiation(payload: Uint8Array): void {
    const option = this.sbOption;
    if (this.hooks[option] & HOOK_RECEIVE) {
      try {
        this.registry.byCode[option]!.receive!(payload, this);
      } catch (err) {
        this.warn("module-error", `option ${optionName(option)}: ${(err as Error)?.message ?? String(err)}`, option);
      }
    } else {
      // A module judges its own subnegotiations: real peers send some in flight with a
      // refusal, or just after disabling an option (inetutils telnetd's LINEMODE, LFLOW).
      if (Q.stateOf(this.q, option, LOCAL) !== Q.YES && Q.stateOf(this.q, option, REMOTE) !== Q.YES) {
        this.warn("sb-not-enabled", `subnegotiation of ${optionName(option)}, which is not enabled`, option);
      }
      this.emit({ type: "subnegotiation", option, payload });
    }
  }

  private negotiate(verb: number, option: number): void {
    const side: Side = verb === WILL || verb === WONT ? "remote" : "local";
    const positive = verb === WILL || verb === DO;
    if (this.hooks[option] & HOOK_NEGOTIATE) {
      try {
        this.registry.byCode[option]!.negotiate!({ kind: "received", side, enabled: positive }, this);
      } catch (err) {
        this.warn("module-error", `option ${optionName(option)}: ${(err as Error)?.message ?? String(err)}`, option);
      }
      return;
    }
    const shift = side === "local" ? LOCAL : REMOTE;
    const was = Q.stateOf(this.q, option, shift);
    const before = was === Q.YES;
    const p = this.policy[option];
    const agree = positive && (shift === LOCAL ? p & 3 : p >> 2) !== P_REFUSE;
    const r = Q.received(this.q, option, shift, positive, agree);
    if (r & Q.VIOLATION) {
      this.warn(
        "negotiation-violation",
        `${verbName(verb)} ${optionName(option)} answered our request to disable it (RFC 1143)`,
        option,
      );
    }
    this.replyNeg(r & Q.REPLY_MASK, shift, option);
    const now = Q.stateOf(this.q, option, shift);
    // An answer to a request of ours (WANTNO / WANTYES left, or a queued request sent on).
    if ((was & 2) !== 0) this.answered(option * 2 + (shift === LOCAL ? 0 : 1), (now & 2) !== 0);
    const after = now === Q.YES;
    if (before !== after) this.changed(option, shift, after);
  }

  private asked(key: number): void {
    const p = this.passed?.indexOf(key) ?? -1;
    if (p !== -1) this.passed!.splice(p, 1);
    const order = (this.askOrder ??= []);
    const k = order.indexOf(key);
    if (k !== -1) order.splice(k, 1);
    order.push(key);
  }

  // The peer answered `key`: the requests sent before it that are still unanswered were passed by.
  private answered(key: number, askedAgain: boolean): void {
    const order = this.askOrder;
    if (order !== null) {
      const k = order.indexOf(key);
      if (k !== -1) {
        if (k > 0) (this.passed ??= []).push(...order.splice(0, k));
        order.shift();
      }
      if (order.length === 0) this.askOrder = null;
    }
    if (this.passed !== null) {
      const p = this.passed.indexOf(key);
      if (p !== -1) this.passed.splice(p, 1);
      if (this.passed.length === 0) this.passed = null;
    }
    if (askedAgain) this.asked(key);
  }

  private replyNeg(reply: number, shift: Q.SideShift, option: number): void {
    if (reply === Q.REPLY_NONE) return;
    const verb =
      shift === LOCAL ? (reply === Q.REPLY_POSITIVE ? WILL : WONT) : reply === Q.REPLY_POSITIVE ? DO : DONT;
    this.reserve(3);
    const out = this.out!;
    out[this.outLen++] = IAC;
    out[this.outLen++] = verb;
    out[this.outLen++] = option;
  }

  private changed(option: number, shift: Q.SideShift, enabled: boolean): void {
    const side: Side = shift === LOCAL ? "local" : "remote";
    this.emit(optionEvent(option, shift, enabled));
    if (this.hooks[option] & HOOK_CHANGED) {
      try {
        this.registry.byCode[option]!.changed!(side, enabled, this);
      } catch (err) {
        this.warn("module-error", `option ${optionName(option)}: ${(err as Error)?.message ?? String(err)}`, option);
      }
    }
  }
}

// Option events are plain data with 1,024 possible values: each is made once and shared
// (frozen), so that a storm of negotiation costs no allocation per change.
const optionEvents: (OptionEvent | undefined)[] = new Array(1024);

function optionEvent(option: number, shift: Q.SideShift, enabled: boolean): OptionEvent {
  const key = (option << 2) | (shift === LOCAL ? 2 : 0) | (enabled ? 1 : 0);
  return (optionEvents[key] ??= Object.freeze({ type: "option", option, side: shift === LOCAL ? "local" : "remote", enabled }));
}

function checkOption(option: unknown, what: string): void {
  if (typeof option !== "number" || !Number.isInteger(option) || option < 0 || option > 255) {
    throw new TypeError(`send ${what}: option must be an integer 0-255`);
  }
}

function verbName(verb: number): string {
  return verb === WILL ? "WILL" : verb === WONT ? "WONT" : verb === DO ? "DO" : "DONT";
}
