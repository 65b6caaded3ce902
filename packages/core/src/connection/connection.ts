import type { TelnetCommand } from "../engine/commands.js";
import { concatBytes } from "../engine/bytes.js";
import { OPT, optionName } from "../engine/constants.js";
import type { Side, TelnetEvent, TelnetEventMap } from "../engine/events.js";
import type { Role } from "../engine/option.js";
import { TelnetSession } from "../engine/session.js";
import type { MttsFlags } from "../options/mtts.js";
import { getCharset, usAscii, type Charset } from "../text/charset.js";
import type { ByteChannel, ChannelEvents } from "./channel.js";
import { CompressedOutput, EMPTY_ZLIB_STREAM, type Inflater } from "./compression.js";
import { InputBuffer } from "./input.js";
import type {
  CloseEvent,
  CloseReason,
  ConnectionInfo,
  ConnectionOptions,
  EnvironmentEvent,
  SettleOptions,
  WaitOptions,
  WindowSizeEvent,
} from "./options.js";
import { SETTLE_CHECKS, WIRING, type WiringTarget } from "./wiring.js";

/** Events a connection delivers: every engine event, by its `type`, and the connection's own. */
export interface ConnectionEventMap extends TelnetEventMap {
  close: CloseEvent;
  "window-size": WindowSizeEvent;
  environment: EnvironmentEvent;
}

type Listener<K extends keyof ConnectionEventMap> = (event: ConnectionEventMap[K]) => void;

const OPEN = 0;
const CLOSING = 1;
const CLOSED = 2;
const STATE_NAMES = ["open", "closing", "closed"] as const;

const DEFAULT_MAX_BUFFER = 65536;
const DEFAULT_MAX_WAIT = 4000;
const DEFAULT_CLOSE_TIMEOUT = 5000;

const TRUE = Promise.resolve(true);
const FALSE = Promise.resolve(false);
const DONE = Promise.resolve();
const noop = (): void => {};
const EMPTY = new Uint8Array(0);

/**
 * One Telnet connection: a `TelnetSession` on a byte channel, with reads and writes in
 * text or bytes, negotiation waits, idle timeout, backpressure and a flushing close.
 * Transports create it (`createServer`, `connect`); it runs the same on every runtime.
 *
 * @example
 * ```ts
 * await conn.waitForNegotiation();
 * await conn.write(`Hello, ${conn.terminalType ?? "stranger"}!\n`);
 * for await (const line of conn) {
 *   if (line === "quit") break;
 *   await conn.write(`You said: ${line}\n`);
 * }
 * await conn.close();
 * ```
 */
export class TelnetConnection {
  /** The engine: query it for option states, or `send` it commands through `send()`. */
  readonly session: TelnetSession;
  readonly role: Role;
  /** Settles when the connection is closed, with why. Never rejects. */
  readonly closed: Promise<CloseEvent>;

  private readonly channel: ByteChannel;
  private readonly opts: ConnectionOptions;
  private readonly input: InputBuffer;
  private readonly maxBuffer: number;
  private state = OPEN;
  private reason: CloseReason | null = null;
  private resolveClosed!: (ev: CloseEvent) => void;
  private closeTimer: ReturnType<typeof setTimeout> | null = null;

  private charsetValue: Charset;
  private charsetAgreed = false;
  private inCharset: Charset = usAscii;
  private outCharset: Charset = usAscii;

  private paused = false;
  private writeBlocked = false;
  private drainWaiters: ((drained: boolean) => void)[] | null = null;
  private wakers: Set<() => void> | null = null;
  private listeners: Map<string, Set<(event: never) => void>> | null = null;
  private readTail: Promise<unknown> | null = null;
  private pendingKeys: Set<string> | null = null;
  private replies: Uint8Array[] | null = null; // engine replies held to be written together
  private asked: number[] | null = null; // options we negotiated: code * 2 + (remote ? 1 : 0)
  private output: CompressedOutput | null = null; // made when MCCP first compresses our output
  private inflater: Inflater | null = null; // the peer's compressed stream (MCCP), while it lasts
  private peerEnded = false; // no more input comes (the peer ended, or we closed) while its compressed stream still inflates
  private inflatePaused = false; // the channel is paused because the inflater is behind
  private inflateQueue: Uint8Array[] | null = null; // see inflate()
  private inflaterEnded: Inflater | null = null; // the inflater told that no more input comes
  private channelFull = false; // the channel's write returned false, no drain since

  private termTypes: string[] | null = null;
  private mttsValue: MttsFlags | undefined = undefined;
  private window: { width: number; height: number } | null = null;
  private env: Record<string, string> | null = null;

  private idleMs = 0;
  private lastInput = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  private readonly hooks: Hooks;
  private streams: {
    readable?: ReadableStream<string>;
    readableBytes?: ReadableStream<Uint8Array>;
    writable?: WritableStream<string | Uint8Array>;
  } | null = null;

  /**
   * Start a connection on an open channel: sends the opening negotiation at once.
   * Throws a `RangeError` for an unknown `charset`.
   */
  constructor(channel: ByteChannel, options: ConnectionOptions) {
    this.charsetValue = getCharset(options.charset ?? "UTF-8");
    this.opts = options;
    this.role = options.role;
    let settings = options;
    if (!options.encodeText) {
      // The options themselves, plus an encoder that follows the charset in use (no copy per connection).
      settings = Object.create(options) as ConnectionOptions;
      settings.encodeText = (text) => this.outCharset.encode(text);
    }
    this.session = new TelnetSession(settings);
    this.channel = channel;
    this.maxBuffer = Math.max(1, options.maxBuffer ?? DEFAULT_MAX_BUFFER);
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    if (this.role === "client") {
      if (options.terminalTypes?.length) this.termTypes = [...options.terminalTypes];
      if (options.windowSize) this.window = { width: options.windowSize.width, height: options.windowSize.height };
      if (options.environment) this.env = { ...options.environment };
    }
    this.updateCodecs();
    this.input = new InputBuffer(this.inCharset);
    this.hooks = new Hooks(this);
    channel.start(this.hooks);
    if (this.state !== OPEN) return;
    this.writeOut(this.session.start());
    this.noteAsked();
    this.handle(this.session.takeEvents());
    if (options.idleTimeout) this.setIdleTimeout(options.idleTimeout);
  }

  // ------------------------------------------------------------ what we know

  /** `open`, `closing` (closed by us, output draining) or `closed`. */
  get readyState(): "open" | "closing" | "closed" {
    return STATE_NAMES[this.state];
  }

  /** The peer's address, when the transport gave it. */
  get remote(): { address: string; port: number; family?: string } | undefined {
    return this.opts.remote;
  }

  /** Whether the channel is encrypted (TLS). */
  get secure(): boolean {
    return this.opts.secure === true;
  }

  /** The first (most specific) terminal type: the client's on a server, ours on a client. */
  get terminalType(): string | undefined {
    return this.termTypes?.[0];
  }

  /** All terminal types: on a server, the client's list from the TTYPE cycle (RFC 1091). */
  get terminalTypes(): readonly string[] {
    return this.termTypes ?? [];
  }

  /** MTTS capabilities, when a terminal type was an MTTS answer. */
  get mtts(): MttsFlags | undefined {
    return this.mttsValue;
  }

  /** The client's window size (NAWS, RFC 1073), once known. Changes come as `window-size` events. */
  get windowSize(): { width: number; height: number } | undefined {
    return this.window ?? undefined;
  }

  /** Environment variables: the client's on a server, ours on a client. Changes come as `environment` events. */
  get environment(): Readonly<Record<string, string>> {
    return this.env ?? {};
  }

  /** The charset for text (once BINARY is on, or with `forceBinary`). */
  get charset(): string {
    return this.charsetValue.name;
  }

  /** The charsets in effect now for text read and written: US-ASCII in a direction without BINARY. */
  get encoding(): { input: string; output: string } {
    return { input: this.inCharset.name, output: this.outCharset.name };
  }

  /** Input received and not read yet (bytes, and characters once decoded): at most about `maxBuffer` plus one chunk. */
  get bufferedInput(): number {
    return this.input.size;
  }

  /** Whether an option is on for a side (`local`: we do it; `remote`: the peer does). */
  isEnabled(option: number | string, side: Side): boolean {
    return this.session.isEnabled(optionCode(option), side);
  }

  /** Names of the options on for each side. */
  enabledOptions(): Record<Side, string[]> {
    return {
      local: this.session.enabledOptions("local").map(optionName),
      remote: this.session.enabledOptions("remote").map(optionName),
    };
  }

  /** Whether no negotiation is in progress: no request of ours unanswered, no TTYPE cycle or awaited report. */
  isSettled(): boolean {
    if (negotiating(this.session) || (this.pendingKeys !== null && this.pendingKeys.size > 0)) return false;
    for (const busy of SETTLE_CHECKS) if (busy(this.session)) return false;
    return true;
  }

  /** Everything negotiated, as a plain object. */
  info(): ConnectionInfo {
    const info: ConnectionInfo = {
      role: this.role,
      terminalTypes: [...this.terminalTypes],
      environment: { ...this.environment },
      charset: this.charset,
      encoding: this.encoding,
      options: this.enabledOptions(),
      settled: this.isSettled(),
    };
    if (this.terminalType !== undefined) info.terminalType = this.terminalType;
    if (this.mttsValue) info.mtts = this.mttsValue;
    if (this.window) info.windowSize = { ...this.window };
    return info;
  }

  // ----------------------------------------------------------------- events

  /**
   * Listen to an event type: any engine event (`naws`, `option`, `command`, `warning`,
   * `terminal-types`, `environ`, `charset`, ...) or the connection's own (`window-size`,
   * `environment`, `close`). Returns a function that stops listening.
   */
  on<K extends keyof ConnectionEventMap>(type: K, listener: Listener<K>): () => void {
    const map = (this.listeners ??= new Map());
    let set = map.get(type as string);
    if (!set) map.set(type as string, (set = new Set()));
    set.add(listener as (event: never) => void);
    return () => this.off(type, listener);
  }

  /** Stop listening. */
  off<K extends keyof ConnectionEventMap>(type: K, listener: Listener<K>): void {
    this.listeners?.get(type as string)?.delete(listener as (event: never) => void);
  }

  /** The next event of a type. Rejects when the signal aborts, or when the connection closes first (unless waiting for `close`). */
  next<K extends keyof ConnectionEventMap>(type: K, options: WaitOptions = {}): Promise<ConnectionEventMap[K]> {
    const { signal } = options;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      if (type !== "close" && this.state === CLOSED) {
        return reject(new Error(`connection closed before a ${String(type)} event`));
      }
      const cleanup = () => {
        stop();
        stopClose();
        signal?.removeEventListener("abort", onAbort);
      };
      const onAbort = () => {
        cleanup();
        reject(signal!.reason);
      };
      const stop = this.on(type, (ev) => {
        cleanup();
        resolve(ev);
      });
      const stopClose =
        type === "close"
          ? noop
          : this.on("close", () => {
              cleanup();
              reject(new Error(`connection closed before a ${String(type)} event`));
            });
      if (type === "close" && this.state === CLOSED) {
        cleanup();
        void this.closed.then(resolve as (ev: CloseEvent) => void);
        return;
      }
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  // ---------------------------------------------------------------- reading

  /** Text as it comes: what is buffered, up to `max` UTF-16 units, at least one; null at the end. Rejects a `max` below 1 with a `RangeError`. */
  read(max?: number, options?: WaitOptions): Promise<string | null> {
    if (max !== undefined && !(max >= 1)) return Promise.reject(new RangeError("read: max must be a number >= 1"));
    const n = max === undefined ? undefined : Math.floor(max);
    return this.readWith(() => this.input.takeText(n), options?.signal);
  }

  /** Bytes as they come (in-band data, unescaped): up to `max`, at least one; null at the end. Rejects a `max` below 1 with a `RangeError`. */
  readBytes(max?: number, options?: WaitOptions): Promise<Uint8Array | null> {
    // 0, a negative number or NaN would give empty reads forever (or corrupt the count).
    if (max !== undefined && !(max >= 1)) return Promise.reject(new RangeError("readBytes: max must be a number >= 1"));
    const n = max === undefined ? undefined : Math.floor(max);
    return this.readWith(() => this.input.takeBytes(n), options?.signal);
  }

  /**
   * The next line, without its end; null at the end. CR LF, CR NUL, LF and a bare CR each
   * end a line (RFC 854). A last line with no end comes at the end of input; a line longer
   * than `maxBuffer` comes in pieces.
   */
  readline(options?: WaitOptions): Promise<string | null> {
    return this.readWith(() => this.input.line(this.maxBuffer), options?.signal);
  }

  /**
   * Text up to and including the first match of `pattern` (a string or a RegExp); null
   * when the input ends first (the text stays readable). Rejects with a `RangeError`
   * when more than `maxBuffer` characters arrive with no match.
   */
  readUntil(pattern: string | RegExp, options?: WaitOptions): Promise<string | null> {
    if (typeof pattern !== "string" && !(pattern instanceof RegExp)) {
      return Promise.reject(new TypeError("readUntil: pattern must be a string or a RegExp"));
    }
    const re = typeof pattern === "string" ? pattern : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ""));
    return this.readWith(() => {
      const found = this.input.until(re);
      if (found === null && !this.input.eof && this.input.size > this.maxBuffer) {
        throw new RangeError(`readUntil: no match in the ${this.maxBuffer} characters buffered`);
      }
      return found;
    }, options?.signal);
  }

  /** Lines until the end of input (`for await (const line of conn.lines())`). */
  async *lines(options?: WaitOptions): AsyncGenerator<string, void, undefined> {
    for (;;) {
      const line = await this.readline(options);
      if (line === null) return;
      yield line;
    }
  }

  /** `for await (const line of conn)`: the lines, as `lines()`. */
  [Symbol.asyncIterator](): AsyncGenerator<string, void, undefined> {
    return this.lines();
  }

  /** The input as a stream of text chunks (pulls from the connection: an unread stream pauses the peer). */
  get readable(): ReadableStream<string> {
    const s = (this.streams ??= {});
    return (s.readable ??= this.makeReadable((signal) => this.read(undefined, { signal })));
  }

  /** The input as a stream of byte chunks. */
  get readableBytes(): ReadableStream<Uint8Array> {
    const s = (this.streams ??= {});
    return (s.readableBytes ??= this.makeReadable((signal) => this.readBytes(undefined, { signal })));
  }

  // ---------------------------------------------------------------- writing

  /**
   * Write text (in the charset in effect, NVT line endings: `\n` goes out as CR LF) or
   * bytes (only IAC doubled). Once our BINARY is on, a server still ends the lines it writes
   * with CR LF (its peer is a terminal), while a client writes `\n` as it is: the server's
   * terminal reads CR and LF as two line ends then, and BSD clients send LF alone too. Resolves true once the channel took it without exceeding its
   * buffer, after a drain otherwise; false when the connection is closing or closed
   * (nothing is written then). Await it in a loop to keep memory bounded.
   */
  write(data: string | Uint8Array): Promise<boolean> {
    if (this.state !== OPEN) return FALSE;
    let bytes: Uint8Array;
    if (typeof data === "string") {
      // With our BINARY on the engine leaves line ends alone; a server's terminal peer still needs CR LF.
      const text =
        this.role === "server" && data.indexOf("\n") !== -1 && this.session.isEnabled(OPT.BINARY, "local")
          ? data.replace(/\r?\n/g, "\r\n")
          : data;
      bytes = this.session.send({ type: "text", text });
    } else if (data instanceof Uint8Array) {
      bytes = this.session.send({ type: "data", bytes: data });
    } else {
      throw new TypeError("write: data must be a string or a Uint8Array");
    }
    return this.afterWrite(this.writeOut(bytes));
  }

  /** Write only when our ECHO is on (RFC 857: we echo what the peer types). Resolves false when it is off. */
  echo(data: string | Uint8Array): Promise<boolean> {
    return this.session.isEnabled(OPT.ECHO, "local") ? this.write(data) : FALSE;
  }

  /**
   * Send an engine command: `{ type: "command", command: "AYT" }`, `{ type: "enable",
   * option: OPT.ECHO, side: "local" }`, `{ type: "naws", ... }`, `{ type: "prompt" }`, ...
   * Throws a `TypeError` for an invalid command.
   */
  send(command: TelnetCommand): Promise<boolean> {
    if (this.state !== OPEN) return FALSE;
    const bytes = this.session.send(command);
    const ok = this.writeOut(bytes);
    if (command.type === "enable" || command.type === "disable") this.noteAsked(command.option, command.side);
    this.handle(this.session.takeEvents());
    return this.afterWrite(ok);
  }

  /** Resolves when the channel's buffer has drained (at once when it is not full or the connection is closed). */
  drain(options: WaitOptions = {}): Promise<void> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!this.writeBlocked || this.state === CLOSED) return DONE;
    return new Promise((resolve, reject) => {
      const waiter = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      // An abandoned wait leaves nothing behind: a writer polling drain() with timeouts holds no more.
      const onAbort = () => {
        const at = this.drainWaiters?.indexOf(waiter) ?? -1;
        if (at !== -1) this.drainWaiters!.splice(at, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      (this.drainWaiters ??= []).push(waiter);
    });
  }

  /** The output as a stream: strings are text, Uint8Arrays bytes. Closing it closes the connection. */
  get writable(): WritableStream<string | Uint8Array> {
    const s = (this.streams ??= {});
    return (s.writable ??= new WritableStream<string | Uint8Array>({
      write: async (chunk) => {
        // A chunk taken by a connection that closed while it waited for a drain was not sent either.
        if (this.state !== OPEN || !(await this.write(chunk))) throw new Error("connection is closed");
      },
      close: () => this.close(),
      abort: (reason) => this.destroy(reason instanceof Error ? reason : undefined),
    }));
  }

  // ------------------------------------------------------------- negotiation

  /**
   * Wait until negotiation settles: at least `minWait` ms, then until no request of
   * ours is unanswered (but those the peer passed by, answering later ones, and WILL MSSP)
   * and nothing is awaited (a TTYPE cycle, a first NAWS report), at
   * most `maxWait` ms (telnetlib3's connect_minwait / connect_maxwait). Resolves true when
   * settled, false when `maxWait` passed or the connection closed first.
   */
  async waitForNegotiation(options: SettleOptions = {}): Promise<boolean> {
    const { signal } = options;
    signal?.throwIfAborted();
    const min = options.minWait ?? this.opts.minWait ?? (this.role === "client" ? 100 : 0);
    const max = Math.max(min, options.maxWait ?? this.opts.maxWait ?? DEFAULT_MAX_WAIT);
    const start = Date.now();
    if (min > 0) await this.waitUntil(() => this.state === CLOSED, signal, min);
    for (;;) {
      if (this.state === CLOSED) return false;
      if (this.isSettled()) return true;
      const left = start + max - Date.now();
      if (left <= 0) return false;
      await this.wakeup(signal, left);
    }
  }

  /**
   * Wait until an option is on (or, with `enabled: false`, off) for a side. Resolves
   * true when it is; false when a negotiation for it ended the other way (we asked, the
   * peer refused), or the connection closed. An option nobody has asked for yet is waited for.
   */
  async waitFor(option: number | string, side: Side = "remote", options: WaitOptions & { enabled?: boolean } = {}): Promise<boolean> {
    const code = optionCode(option);
    const want = options.enabled === false ? "no" : "yes";
    let negotiating = false;
    for (;;) {
      options.signal?.throwIfAborted();
      const st = this.session.optionState(code)[side];
      if (st === want) return true;
      if (st === "wantyes" || st === "wantno") negotiating = true;
      else if (negotiating || this.asked?.includes(code * 2 + (side === "remote" ? 1 : 0))) return false;
      if (this.state === CLOSED) return false;
      await this.wakeup(options.signal);
    }
  }

  // ---------------------------------------------------------------- setters

  /** Client: report a new window size (NAWS, sent now if agreed, else once it is). */
  setWindowSize(width: number, height: number): void {
    if (this.role === "client" && this.state === OPEN) {
      this.writeOut(this.session.send({ type: "naws", width, height }));
    }
    this.applyWindowSize(width, height);
  }

  /** Client: the terminal types to answer TTYPE with, most specific first. */
  setTerminalTypes(names: readonly string[]): void {
    if (this.role === "client") this.session.send({ type: "ttype", kind: "types", names });
    this.applyTerminalTypes(names, undefined);
  }

  /**
   * Switch the charset for text (both directions). A CHARSET agreement (RFC 2066) does this
   * too, and then applies it with or without BINARY. Input not yet read is decoded with the
   * new one. Throws a `RangeError` for an unknown charset.
   */
  setCharset(name: string): void {
    const cs = getCharset(name);
    if (cs === this.charsetValue) return;
    this.charsetValue = cs;
    this.updateCodecs();
    this.poke();
  }

  /** Replace the environment (the client's on a server, ours on a client) and emit `environment`. */
  setEnvironment(vars: Readonly<Record<string, string>>): void {
    this.env = { ...vars };
    this.emit({ type: "environment", environment: this.env });
  }

  /** Close after `ms` without input from the peer (0: never). Counted from now. */
  setIdleTimeout(ms: number): void {
    if (!(ms >= 0)) throw new RangeError("idle timeout must be a number of milliseconds >= 0");
    this.idleMs = ms;
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (ms > 0 && this.state === OPEN) {
      this.lastInput = Date.now();
      this.idleTimer = setTimeout(() => this.onIdle(), ms);
    }
  }

  // ---------------------------------------------------------------- closing

  /**
   * Close gracefully: nothing more is written, queued output is sent (for at most
   * `closeTimeout` ms), then the channel closes. Resolves once it is closed.
   */
  close(): Promise<void> {
    if (this.state === OPEN) this.beginClose("local");
    return this.closed.then(noop);
  }

  /** Close now, dropping queued output. */
  destroy(error?: Error): void {
    if (this.state === CLOSED) return;
    this.reason ??= error ? "error" : "local";
    this.state = CLOSING;
    try {
      this.channel.destroy(error);
    } catch {
      // the channel is gone either way
    }
    this.onClose(error);
  }

  // -------------------------------------------------------------- internals

  private onIdle(): void {
    this.idleTimer = null;
    if (this.state !== OPEN || this.idleMs <= 0) return;
    // A peer we hold back (our reader is behind) is not idle: it is waiting on us.
    if (this.paused || this.inflatePaused) this.lastInput = Date.now();
    const quiet = Date.now() - this.lastInput;
    if (quiet >= this.idleMs) this.beginClose("idle-timeout");
    else this.idleTimer = setTimeout(() => this.onIdle(), this.idleMs - quiet);
  }

  private onData(bytes: Uint8Array): void {
    if (this.state !== OPEN) return; // closing: nothing more is answered or read
    if (this.idleMs > 0) this.lastInput = Date.now();
    this.opts.tap?.("in", bytes, this);
    this.handle(this.session.receive(bytes));
  }

  private handle(events: TelnetEvent[]): void {
    // A refusal of our request changes no option (no event) but may settle the negotiation.
    if (events.length === 0) return this.poke();
    let data = false;
    for (const ev of events) {
      if (ev.type === "data") {
        this.input.push(ev.bytes);
        data = true;
      } else if (ev.type === "transmit") {
        // Replies of one chunk go out in one write (one syscall, one segment), unless a
        // listener writes in between: writeOut sends what is held first.
        (this.replies ??= []).push(ev.bytes);
      } else {
        if (ev.type === "compressed") {
          this.inflate(ev.bytes);
          continue;
        }
        if (ev.type === "compression" && ev.direction === "out") this.compressOutput(ev.active);
        const wire = WIRING[ev.type as keyof typeof WIRING] as ((e: TelnetEvent, t: WiringTarget) => void) | undefined;
        if (wire) wire(ev, this.hooks);
        this.emit(ev);
      }
    }
    if (this.replies !== null) this.writeOut(EMPTY);
    if (data && !this.paused && this.input.size > this.maxBuffer) {
      this.paused = true;
      this.channel.pause();
      this.inflater?.pause?.(); // what it holds could inflate a thousandfold
    }
    this.poke();
  }

  private writeOut(bytes: Uint8Array): boolean {
    const held = this.replies;
    if (held !== null) {
      this.replies = null;
      if (bytes.length > 0) held.push(bytes);
      bytes = held.length === 1 ? held[0] : concatBytes(held);
    }
    if (bytes.length === 0) return true;
    if (this.state !== OPEN) return false;
    if (this.output !== null) {
      if (!this.output.write(bytes)) this.writeBlocked = true;
      return (this.state as number) !== CLOSED; // a deflater's error destroys the connection
    }
    return this.writeChannel(bytes);
  }

  private writeChannel(bytes: Uint8Array): boolean {
    if (this.state === CLOSED) return false;
    this.opts.tap?.("out", bytes, this);
    let ok: boolean;
    try {
      ok = this.channel.write(bytes);
    } catch (err) {
      this.destroy(err instanceof Error ? err : new Error(String(err)));
      return false;
    }
    if (!ok) this.writeBlocked = this.channelFull = true;
    return true;
  }

  // MCCP: the engine started or ended the compression of our output. Replies held so far
  // belong before the change (a start comes right after its subnegotiation).
  private compressOutput(active: boolean): void {
    if (this.replies !== null) this.writeOut(EMPTY);
    if (!active) {
      this.output?.stop();
      return;
    }
    const codec = this.opts.compression;
    if (!codec || !codec.createDeflater) {
      // Agreed by a policy with no codec to honour it: give the peer the stream it now
      // expects, ended at once, and go on plain.
      this.writeChannel(EMPTY_ZLIB_STREAM);
      this.session.send({ type: this.role === "server" ? "mccp2" : "mccp3", action: "stop" });
      this.session.takeEvents();
      return;
    }
    this.output ??= new CompressedOutput(
      (bytes) => void this.writeChannel(bytes),
      (err) => this.destroy(err),
      () => {
        if (!this.channelFull) this.onDrain();
      },
    );
    this.output.start(codec);
  }

  // MCCP: bytes of the peer's compressed stream, inflated in order; the output and the end
  // of the stream go back to the engine. A stream that begins in what followed one ending
  // inside a write waits in a queue for that write to return: a read holding thousands of
  // short streams takes them in turn, not one stack frame deeper each.
  private inflate(bytes: Uint8Array): void {
    if (this.inflateQueue !== null) {
      this.inflateQueue.push(bytes);
      return;
    }
    const queue = (this.inflateQueue = [bytes]);
    try {
      while (queue.length > 0) {
        this.inflateOne(queue.shift()!);
        if (this.peerEnded) this.afterInflater();
      }
    } finally {
      this.inflateQueue = null;
    }
  }

  private inflateOne(bytes: Uint8Array): void {
    let inflater = this.inflater;
    if (inflater === null) {
      const codec = this.opts.compression;
      if (!codec || !codec.createInflater) {
        this.handle(this.session.decompressionFailed("no codec to decompress with"));
        return;
      }
      // Once the connection is closing or closed, what the inflater still makes came from
      // bytes taken before: it is kept for the reader, as plain input would be.
      const sink = {
        data: (out: Uint8Array) => {
          if (this.inflater !== inflater) return;
          const events = this.session.decompressed(out);
          if (this.state === OPEN) this.handle(events);
          else this.keepInput(events);
        },
        end: (rest: Uint8Array) => {
          if (this.inflater !== inflater) return;
          this.inflater = null;
          this.inflaterCaughtUp();
          const events = this.session.decompressionEnded(rest);
          if (this.state === OPEN) this.handle(events);
          else this.keepInput(events);
          this.afterInflater();
        },
        error: (err: Error) => {
          if (this.inflater !== inflater) return;
          this.inflater = null;
          this.inflaterCaughtUp();
          if (this.state === OPEN) this.handle(this.session.decompressionFailed(err.message));
          this.afterInflater();
        },
        drain: () => {
          if (this.inflater === inflater) this.inflaterCaughtUp();
        },
      };
      inflater = this.inflater = codec.createInflater(sink);
      if (this.paused) inflater.pause?.();
    }
    // An inflater behind its input holds the peer back, as unread input does (unless the
    // stream ended inside the write: the next one is read plain, or by a new inflater).
    if (inflater.write(bytes) === false && this.inflater === inflater && !this.inflatePaused) {
      this.inflatePaused = true;
      if (!this.paused) this.channel.pause();
    }
  }

  // Inflated input of a connection closing or closed: only the data is kept (nothing is
  // answered any more), and a stream that starts in it is inflated in turn.
  private keepInput(events: TelnetEvent[]): void {
    for (const ev of events) {
      if (ev.type === "data") this.input.push(ev.bytes);
      else if (ev.type === "compressed") this.inflate(ev.bytes);
    }
    if (!this.paused && this.input.size > this.maxBuffer) {
      this.paused = true;
      this.inflater?.pause?.();
    }
    this.poke();
  }

  // The inflater that paused the peer can take more (or is gone): the peer may go on.
  private inflaterCaughtUp(): void {
    if (!this.inflatePaused) return;
    this.inflatePaused = false;
    if (!this.paused && this.state !== CLOSED) this.channel.resume();
  }

  // An inflater is done: a peer's end that waited for it comes now.
  private afterInflater(): void {
    if (!this.peerEnded) return;
    // A new stream started in what followed the old one: it has all it will get.
    if (this.inflater !== null) return this.endInflater();
    // Its bytes wait in the queue (see inflate): the end comes after them.
    if (this.inflateQueue !== null && this.inflateQueue.length > 0) return;
    this.peerEnded = false;
    this.onEnd();
  }

  // No more input comes: the inflater delivers what it has, then its end (once per inflater).
  private endInflater(): void {
    const inflater = this.inflater;
    if (inflater === null || this.inflaterEnded === inflater) return;
    this.inflaterEnded = inflater;
    inflater.end();
  }

  private afterWrite(written: boolean): Promise<boolean> {
    if (!written) return FALSE;
    if (!this.writeBlocked) return TRUE;
    return new Promise((resolve) => (this.drainWaiters ??= []).push(resolve));
  }

  private onDrain(): void {
    this.channelFull = false;
    if (this.output?.holdsWriters) return; // the output's own drain releases the writers
    this.writeBlocked = false;
    this.releaseDrain(true);
  }

  // Writes waiting for a drain resolve true, or false when the connection closed first.
  private releaseDrain(drained: boolean): void {
    const waiters = this.drainWaiters;
    if (!waiters) return;
    this.drainWaiters = null;
    for (const w of waiters) w(drained);
  }

  private onEnd(): void {
    if (this.inflater !== null) {
      // The peer's last bytes may still be inflating: the end comes after them.
      this.peerEnded = true;
      this.endInflater();
      return;
    }
    this.input.eof = true;
    this.poke();
    if (this.state === OPEN && !this.opts.halfOpen) this.beginClose("remote");
  }

  private beginClose(reason: CloseReason): void {
    if (this.state !== OPEN) return;
    this.state = CLOSING;
    this.reason = reason;
    this.stopIdle();
    if (this.paused || this.inflatePaused) {
      // Let the peer's end arrive; input from now on is dropped.
      this.paused = this.inflatePaused = false;
      this.channel.resume();
      this.inflater?.resume?.();
    }
    this.closeTimer = setTimeout(() => this.destroy(), this.opts.closeTimeout ?? DEFAULT_CLOSE_TIMEOUT);
    // A compressed stream of ours ends cleanly (Z_FINISH) before our direction closes.
    if (this.output !== null) this.output.finish(() => this.endChannel());
    else this.endChannel();
    this.poke();
  }

  private endChannel(): void {
    if (this.state === CLOSED) return;
    try {
      this.channel.end();
    } catch (err) {
      this.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private onClose(error?: Error): void {
    if (this.state === CLOSED) return;
    this.state = CLOSED;
    this.stopIdle();
    if (this.closeTimer !== null) clearTimeout(this.closeTimer);
    this.closeTimer = null;
    this.writeBlocked = false;
    this.output?.destroy();
    // Compressed bytes already taken are still inflated for the reader; the end of input follows them.
    if (this.inflater !== null) this.onEnd();
    else this.input.eof = true;
    const reason: CloseReason = error && this.reason !== "local" && this.reason !== "idle-timeout" ? "error" : (this.reason ?? "remote");
    const ev: CloseEvent = error ? { type: "close", reason, error } : { type: "close", reason };
    this.releaseDrain(false);
    this.resolveClosed(ev);
    this.emit(ev);
    this.poke();
  }

  private stopIdle(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.idleMs = 0;
  }

  private emit<E extends { type: string }>(event: E): void {
    const set = this.listeners?.get(event.type);
    if (!set || set.size === 0) return;
    for (const fn of [...set]) {
      try {
        (fn as (e: unknown) => void)(event);
      } catch (err) {
        // A listener's bug must not break the connection; report it like an uncaught error.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  // Wake everything waiting for input or a state change.
  private poke(): void {
    const w = this.wakers;
    if (!w || w.size === 0) return;
    this.wakers = null;
    for (const fn of w) fn();
  }

  // Resolves at the next poke (or after `ms`); rejects when the signal aborts.
  private wakeup(signal?: AbortSignal, ms?: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      let timer: ReturnType<typeof setTimeout> | null = null;
      const done = () => {
        this.wakers?.delete(done);
        if (timer !== null) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        done();
        reject(signal!.reason);
      };
      (this.wakers ??= new Set()).add(done);
      if (ms !== undefined) timer = setTimeout(done, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  // Sleep `ms`, ending early when `stop()` turns true at a poke.
  private async waitUntil(stop: () => boolean, signal: AbortSignal | undefined, ms: number): Promise<void> {
    const end = Date.now() + ms;
    for (let left = ms; left > 0 && !stop(); left = end - Date.now()) await this.wakeup(signal, left);
  }

  private readWith<T>(take: () => T | null, signal?: AbortSignal): Promise<T | null> {
    const run = async (): Promise<T | null> => {
      for (;;) {
        signal?.throwIfAborted();
        const got = take();
        // Bytes paused the peer, but they may decode to fewer characters than maxBuffer: a
        // reader still waiting for its line or match needs more, or it waits forever.
        if (this.paused && this.input.size <= (got !== null ? this.maxBuffer >> 1 : this.maxBuffer)) {
          this.paused = false;
          if (!this.inflatePaused && this.state !== CLOSED) this.channel.resume();
          this.inflater?.resume?.();
        }
        if (got !== null) return got;
        if (this.input.eof) return null;
        await this.wakeup(signal);
      }
    };
    // Reads run one at a time, in call order.
    const prev = this.readTail;
    const result = prev ? prev.then(run, run) : run();
    const tail = result.then(noop, noop);
    this.readTail = tail;
    void tail.then(() => {
      if (this.readTail === tail) this.readTail = null;
    });
    // A read queued behind one that waits still gives up when its signal aborts (its turn
    // then takes nothing: it starts by checking the signal).
    return prev && signal ? abortable(result, signal) : result;
  }

  // Remember options we asked for, so that waitFor knows a refusal from a negotiation not begun.
  private noteAsked(option?: number, side?: Side): void {
    if (option !== undefined) {
      const key = option * 2 + (side === "remote" ? 1 : 0);
      if (!this.asked?.includes(key)) (this.asked ??= []).push(key);
      return;
    }
    if (this.session.isSettled()) return;
    for (let code = 0; code < 256; code++) {
      const st = this.session.optionState(code);
      if (st.local === "wantyes") (this.asked ??= []).push(code * 2);
      if (st.remote === "wantyes") (this.asked ??= []).push(code * 2 + 1);
    }
  }

  private makeReadable<T>(pull: (signal: AbortSignal) => Promise<T | null>): ReadableStream<T> {
    // Cancelling gives up the read in progress, so that it takes nothing a later read wants.
    const cancelled = new AbortController();
    return new ReadableStream<T>(
      {
        pull: async (controller) => {
          const chunk = await pull(cancelled.signal);
          if (chunk === null) controller.close();
          else controller.enqueue(chunk);
        },
        cancel: (reason) => cancelled.abort(reason),
      },
      { highWaterMark: 0 },
    );
  }

  private updateCodecs(): void {
    const force = this.opts.forceBinary === true || this.charsetAgreed;
    this.inCharset = force || this.session.isEnabled(OPT.BINARY, "remote") ? this.charsetValue : usAscii;
    this.outCharset = force || this.session.isEnabled(OPT.BINARY, "local") ? this.charsetValue : usAscii;
    // Constructed after the first call (the input needs the charset to start with).
    (this.input as InputBuffer | undefined)?.setCharset(this.inCharset);
  }

  private applyWindowSize(width: number, height: number): void {
    if (this.window && this.window.width === width && this.window.height === height) return;
    this.window = { width, height };
    this.emit({ type: "window-size", width, height });
  }

  private applyTerminalTypes(names: readonly string[], mtts: MttsFlags | undefined): void {
    this.termTypes = [...names];
    this.mttsValue = mtts;
  }

  // Wiring entries change the connection through these (see Hooks).
  private wirePending(key: string, waiting: boolean): void {
    if (waiting) (this.pendingKeys ??= new Set()).add(key);
    else this.pendingKeys?.delete(key);
  }

  private wireCharsetAgreed(name: string): void {
    this.charsetAgreed = true;
    this.setCharset(name);
    this.updateCodecs();
  }

  private wireBinaryChanged(): void {
    this.updateCodecs();
    this.poke();
  }
}

// `promise`, or a rejection with the signal's reason as soon as it aborts.
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

/** An option code from a number or a name (`"NAWS"`, `"naws"`, `"new-environ"`). */
export function optionCode(option: number | string): number {
  if (typeof option === "number") {
    if (Number.isInteger(option) && option >= 0 && option <= 255) return option;
  } else if (typeof option === "string") {
    const code = (OPT as Record<string, number>)[option.trim().toUpperCase().replace(/-/g, "_")];
    if (code !== undefined) return code;
    if (/^\d{1,3}$/.test(option) && Number(option) <= 255) return Number(option);
  }
  throw new TypeError(`unknown option ${JSON.stringify(option)}`);
}

/**
 * The connection's side of its channel (`ChannelEvents`) and of the wiring (`WiringTarget`),
 * as methods on one small object: no closures per connection.
 */
class Hooks implements ChannelEvents, WiringTarget {
  constructor(private readonly c: TelnetConnection) {}
  get role(): Role {
    return this.c.role;
  }
  get settings(): ConnectionOptions {
    return this.c.session.settings;
  }
  data(bytes: Uint8Array): void {
    this.c["onData"](bytes);
  }
  drain(): void {
    this.c["onDrain"]();
  }
  end(): void {
    this.c["onEnd"]();
  }
  close(error?: Error): void {
    this.c["onClose"](error);
  }
  pending(key: string, waiting: boolean): void {
    this.c["wirePending"](key, waiting);
  }
  setTerminalTypes(names: readonly string[], mtts?: MttsFlags): void {
    this.c["applyTerminalTypes"](names, mtts);
  }
  setWindowSize(width: number, height: number): void {
    this.c["applyWindowSize"](width, height);
  }
  setEnvironment(vars: Readonly<Record<string, string>>): void {
    this.c.setEnvironment(vars);
  }
  charsetAgreed(name: string): void {
    this.c["wireCharsetAgreed"](name);
  }
  binaryChanged(): void {
    this.c["wireBinaryChanged"]();
  }
}

// A request of ours still waiting for its answer, other than one the peer passed by (it
// answered a later one: TinTin++ never answers WILL BINARY) and WILL MSSP (for MUD crawlers;
// no shell waits on it, and TinTin++ never answers it).
function negotiating(session: TelnetSession): boolean {
  if (session.isSettled()) return false;
  const passed = session.passedRequests();
  for (let code = 0; code < 256; code++) {
    const st = session.optionState(code);
    for (const side of SIDES) {
      const s = st[side];
      if (s !== "wantyes" && s !== "wantno") continue;
      if (side === "local" && s === "wantyes" && code === OPT.MSSP) continue;
      if (passed.some((p) => p.option === code && p.side === side)) continue;
      return true;
    }
  }
  return false;
}

const SIDES = ["local", "remote"] as const;
