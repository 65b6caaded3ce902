/**
 * A reference model of RFC 1143 ("The Q Method"), built from the text of its section 7
 * and nothing else. The tables below are that text, row by row, for the peer's side
 * ("him"); RFC 1143 says our side ("us") follows "the same procedures, with DO-WILL,
 * DONT-WONT, him-us, himq-usq swapped".
 */
import { DO, DONT, WILL, WONT } from "./telnet.js";

export type QState = "NO" | "YES" | "WANTNO" | "WANTYES";
export type QQueue = "EMPTY" | "OPPOSITE";
export type Side = "local" | "remote";

/** What a rule sends: the positive verb (DO for him, WILL for us), the negative one, or nothing. */
export type Send = "positive" | "negative" | null;

export interface Rule {
  state: QState;
  queue: QQueue;
  /** Only for receiving the positive verb in NO: whether we agree that the option be enabled. */
  agree?: boolean;
  next: QState;
  nextQueue: QQueue;
  send: Send;
  /** The RFC's "Error": a diagnostic may be given; for a received verb, the peer broke the protocol. */
  error: boolean;
  /** The words of the RFC for this row. */
  text: string;
}

const r = (
  state: QState,
  queue: QQueue,
  next: QState,
  nextQueue: QQueue,
  send: Send,
  error: boolean,
  text: string,
  agree?: boolean,
): Rule => ({ state, queue, next, nextQueue, send, error, text, ...(agree === undefined ? {} : { agree }) });

/** "Upon receipt of WILL, we choose based upon him and himq:" */
export const ON_POSITIVE: readonly Rule[] = [
  r("NO", "EMPTY", "YES", "EMPTY", "positive", false, "NO: If we agree that he should enable, him=YES, send DO", true),
  r("NO", "EMPTY", "NO", "EMPTY", "negative", false, "NO: otherwise, send DONT", false),
  r("YES", "EMPTY", "YES", "EMPTY", null, false, "YES: Ignore."),
  r("WANTNO", "EMPTY", "NO", "EMPTY", null, true, "WANTNO EMPTY: Error: DONT answered by WILL. him=NO."),
  r("WANTNO", "OPPOSITE", "YES", "EMPTY", null, true, "WANTNO OPPOSITE: Error: DONT answered by WILL. him=YES, himq=EMPTY."),
  r("WANTYES", "EMPTY", "YES", "EMPTY", null, false, "WANTYES EMPTY: him=YES."),
  r("WANTYES", "OPPOSITE", "WANTNO", "EMPTY", "negative", false, "WANTYES OPPOSITE: him=WANTNO, himq=EMPTY, send DONT."),
];

/** "Upon receipt of WONT, we choose based upon him and himq:" */
export const ON_NEGATIVE: readonly Rule[] = [
  r("NO", "EMPTY", "NO", "EMPTY", null, false, "NO: Ignore."),
  r("YES", "EMPTY", "NO", "EMPTY", "negative", false, "YES: him=NO, send DONT."),
  r("WANTNO", "EMPTY", "NO", "EMPTY", null, false, "WANTNO EMPTY: him=NO."),
  r("WANTNO", "OPPOSITE", "WANTYES", "EMPTY", "positive", false, "WANTNO OPPOSITE: him=WANTYES, himq=NONE, send DO."),
  r("WANTYES", "EMPTY", "NO", "EMPTY", null, false, "WANTYES EMPTY: him=NO."),
  r("WANTYES", "OPPOSITE", "NO", "EMPTY", null, false, "WANTYES OPPOSITE: him=NO, himq=NONE."),
];

/** "If we decide to ask him to enable:" (with the queue supported, as section 5 says an implementation SHOULD). */
export const ASK_ENABLE: readonly Rule[] = [
  r("NO", "EMPTY", "WANTYES", "EMPTY", "positive", false, "NO: him=WANTYES, send DO."),
  r("YES", "EMPTY", "YES", "EMPTY", null, true, "YES: Error: Already enabled."),
  r("WANTNO", "EMPTY", "WANTNO", "OPPOSITE", null, false, "WANTNO EMPTY: If we are queueing requests, himq=OPPOSITE"),
  r("WANTNO", "OPPOSITE", "WANTNO", "OPPOSITE", null, true, "WANTNO OPPOSITE: Error: Already queued an enable request."),
  r("WANTYES", "EMPTY", "WANTYES", "EMPTY", null, true, "WANTYES EMPTY: Error: Already negotiating for enable."),
  r("WANTYES", "OPPOSITE", "WANTYES", "EMPTY", null, false, "WANTYES OPPOSITE: himq=EMPTY."),
];

/** "If we decide to ask him to disable:" */
export const ASK_DISABLE: readonly Rule[] = [
  r("NO", "EMPTY", "NO", "EMPTY", null, true, "NO: Error: Already disabled."),
  r("YES", "EMPTY", "WANTNO", "EMPTY", "negative", false, "YES: him=WANTNO, send DONT."),
  r("WANTNO", "EMPTY", "WANTNO", "EMPTY", null, true, "WANTNO EMPTY: Error: Already negotiating for disable."),
  r("WANTNO", "OPPOSITE", "WANTNO", "EMPTY", null, false, "WANTNO OPPOSITE: himq=EMPTY."),
  r("WANTYES", "EMPTY", "WANTYES", "OPPOSITE", null, false, "WANTYES EMPTY: If we are queueing requests, himq=OPPOSITE"),
  r("WANTYES", "OPPOSITE", "WANTYES", "OPPOSITE", null, true, "WANTYES OPPOSITE: Error: Already queued a disable request."),
];

/** Every (state, queue) an option side can be in: the queue bit only means something while a request is out. */
export const ALL_STATES: readonly { state: QState; queue: QQueue }[] = [
  { state: "NO", queue: "EMPTY" },
  { state: "YES", queue: "EMPTY" },
  { state: "WANTNO", queue: "EMPTY" },
  { state: "WANTNO", queue: "OPPOSITE" },
  { state: "WANTYES", queue: "EMPTY" },
  { state: "WANTYES", queue: "OPPOSITE" },
];

/** The rule of `table` for a state, queue and (for a positive verb in NO) agreement. */
export function ruleFor(table: readonly Rule[], state: QState, queue: QQueue, agree: boolean): Rule {
  const found = table.find((x) => x.state === state && x.queue === queue && (x.agree === undefined || x.agree === agree));
  if (!found) throw new Error(`RFC 1143 table has no row for ${state} ${queue}`);
  return found;
}

/** The verb a rule sends, for a side: DO/DONT about his side, WILL/WONT about ours. */
export function verbFor(send: "positive" | "negative", side: Side): number {
  if (side === "remote") return send === "positive" ? DO : DONT;
  return send === "positive" ? WILL : WONT;
}

/** Side and sense of a received verb: WILL/WONT are about his side, DO/DONT about ours. */
export function receivedVerb(verb: number): { side: Side; positive: boolean } {
  if (verb === WILL || verb === WONT) return { side: "remote", positive: verb === WILL };
  return { side: "local", positive: verb === DO };
}

interface OptionQ {
  local: { state: QState; queue: QQueue };
  remote: { state: QState; queue: QQueue };
}

/** What one step of the model did. */
export interface Step {
  /** The negotiation message to send, as `[verb, option]`, if any. */
  send: [number, number] | null;
  /** The rule that applied. */
  rule: Rule;
  /** Whether the option went to or from YES on that side, and which way. */
  changed: boolean | null;
}

/**
 * One end of a connection per RFC 1143: its state for every option, and its policy
 * (`agree(option, side)`: would we let that side be enabled when asked).
 */
export class QModel {
  private readonly options = new Map<number, OptionQ>();

  constructor(private readonly agree: (option: number, side: Side) => boolean) {}

  get(option: number, side: Side): { state: QState; queue: QQueue } {
    return { ...this.entry(option)[side] };
  }

  /** The user asks for a side of an option to be turned on or off. */
  ask(option: number, side: Side, enable: boolean): Step {
    return this.apply(option, side, enable ? ASK_ENABLE : ASK_DISABLE, true);
  }

  /** A negotiation verb arrived from the peer. */
  receive(verb: number, option: number): Step {
    const { side, positive } = receivedVerb(verb);
    return this.apply(option, side, positive ? ON_POSITIVE : ON_NEGATIVE, this.agree(option, side));
  }

  /** Options with any side not in NO / YES. */
  unsettled(): number[] {
    const out: number[] = [];
    for (const [code, q] of this.options) {
      if (q.local.state.startsWith("WANT") || q.remote.state.startsWith("WANT")) out.push(code);
    }
    return out;
  }

  private entry(option: number): OptionQ {
    let e = this.options.get(option);
    if (!e) {
      e = { local: { state: "NO", queue: "EMPTY" }, remote: { state: "NO", queue: "EMPTY" } };
      this.options.set(option, e);
    }
    return e;
  }

  private apply(option: number, side: Side, table: readonly Rule[], agree: boolean): Step {
    const s = this.entry(option)[side];
    const rule = ruleFor(table, s.state, s.queue, agree);
    const wasOn = s.state === "YES";
    s.state = rule.next;
    s.queue = rule.nextQueue;
    const isOn = s.state === "YES";
    return {
      send: rule.send ? [verbFor(rule.send, side), option] : null,
      rule,
      changed: wasOn === isOn ? null : isOn,
    };
  }
}
