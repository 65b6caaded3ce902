/**
 * How engine events feed what a connection knows, by event type. One entry per event
 * type an option module emits; an option that adds connection state adds its entry here
 * and calls the target's setters.
 */
import { OPT } from "../engine/constants.js";
import type { TelnetEventMap } from "../engine/events.js";
import type { Role } from "../engine/option.js";
import type { SessionOptions } from "../engine/session-options.js";
import type { MttsFlags } from "../options/mtts.js";
import { charsetStatus } from "../options/charset.js";
import type { TelnetSession } from "../engine/session.js";
import { isSupportedCharset } from "../text/charset.js";

/** What a wiring entry may change on its connection. */
export interface WiringTarget {
  readonly role: Role;
  readonly settings: SessionOptions;
  /** Mark something negotiation still waits for (a TTYPE cycle, a first NAWS report); settling waits until it is done. */
  pending(key: string, waiting: boolean): void;
  setTerminalTypes(names: readonly string[], mtts?: MttsFlags): void;
  setWindowSize(width: number, height: number): void;
  setEnvironment(vars: Readonly<Record<string, string>>): void;
  /** A charset was agreed (CHARSET, RFC 2066): text uses it in both directions from now on, BINARY or not. */
  charsetAgreed(name: string): void;
  /** BINARY changed on a side: the charset in effect for that direction may change. */
  binaryChanged(): void;
}

type Wiring = { [K in keyof TelnetEventMap]?: (event: TelnetEventMap[K], target: WiringTarget) => void };

export const WIRING: Wiring = {
  option(ev, t) {
    if (ev.option === OPT.BINARY) t.binaryChanged();
    if (ev.side !== "remote") return;
    // The side that says DO asks at once (environment) or is answered at once (NAWS, RFC 1073).
    if (ev.option === OPT.NEW_ENVIRON) t.pending("environ", ev.enabled && t.settings.environRequest !== false);
    if (t.role !== "server") return;
    if (ev.option === OPT.TTYPE) t.pending("ttype", ev.enabled && t.settings.ttypeCycle !== false);
    if (ev.option === OPT.NAWS) t.pending("naws", ev.enabled);
  },
  naws(ev, t) {
    t.setWindowSize(ev.width, ev.height);
    t.pending("naws", false);
  },
  ttype(ev, t) {
    // Without a cycle (ttypeCycle: false), each answer is the terminal type.
    if (ev.kind === "is" && t.role === "server" && t.settings.ttypeCycle === false) t.setTerminalTypes([ev.name], ev.mtts);
  },
  "terminal-types"(ev, t) {
    t.setTerminalTypes(ev.names, ev.mtts);
    t.pending("ttype", false);
  },
  environ(ev, t) {
    if (ev.kind === "send") return;
    // One map: well-known variables (VAR) win over user variables (USERVAR) of the same name.
    const env: Record<string, string> = {};
    for (const [k, v] of ev.environment.uservars) env[k] = v;
    for (const [k, v] of ev.environment.vars) env[k] = v;
    t.setEnvironment(env);
    if (ev.option === OPT.NEW_ENVIRON) t.pending("environ", false);
  },
  charset(ev, t) {
    if (ev.kind === "accepted" && !ev.table && isSupportedCharset(ev.charset)) t.charsetAgreed(ev.charset);
  },
};

/**
 * Negotiations the events alone do not show as finished: each returns true while its
 * option is still negotiating, and settling waits for it.
 */
export const SETTLE_CHECKS: readonly ((session: TelnetSession) => boolean)[] = [
  // CHARSET (RFC 2066 §5): a REQUEST or TTABLE-IS of ours is unanswered.
  (s) => (s.isEnabled(OPT.CHARSET, "local") || s.isEnabled(OPT.CHARSET, "remote")) && charsetStatus(s).negotiating,
];
