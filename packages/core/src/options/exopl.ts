/**
 * EXTENDED-OPTIONS-LIST, option 255 — RFC 861.
 *
 * Once both sides agreed to EXOPL, options of the extended list are negotiated inside
 * it (section 5): `IAC SB EXOPL DO|DONT|WILL|WONT <code> IAC SE`, and subnegotiated as
 * `IAC SB EXOPL SB <code> <parameters> SE IAC SE`. The extended options have their own
 * RFC 1143 state here, apart from the base options (code 1 extended is not ECHO).
 * Default: EXOPL itself is refused; if enabled, extended options are refused unless
 * listed in `settings.extendedOptions`.
 */
import { DO, DONT, OPT, SB, SE, WILL, WONT } from "../engine/constants.js";
import type { Side } from "../engine/events.js";
import type { OptionHost, OptionModule } from "../engine/option.js";
import * as Q from "../engine/q-method.js";

/** An EXOPL message: a negotiation verb about an extended option, or its subnegotiation. */
export type ExoplMessage =
  | { verb: "will" | "wont" | "do" | "dont"; option: number }
  | { verb: "sb"; option: number; payload: Uint8Array };

/**
 * From the peer: `verb`/`option` as received (after the engine answered by the RFC 1143
 * rules), or a subnegotiation of an extended option. `enabled` tells the resulting state
 * of that side for verbs.
 */
export type ExoplEvent =
  | { type: "exopl"; verb: "will" | "wont" | "do" | "dont"; option: number; enabled: boolean }
  | { type: "exopl"; verb: "sb"; option: number; payload: Uint8Array };

/**
 * `enable`/`disable` an extended option on a side (RFC 1143 rules), or send a
 * subnegotiation of one (only once it is on).
 */
export type ExoplCommand =
  | { type: "exopl"; verb: "enable" | "disable"; option: number; side: Side }
  | { type: "exopl"; verb: "sb"; option: number; payload: Uint8Array };

const VERBS: Record<number, "will" | "wont" | "do" | "dont"> = { [WILL]: "will", [WONT]: "wont", [DO]: "do", [DONT]: "dont" };
const CODES = { will: WILL, wont: WONT, do: DO, dont: DONT } as const;

/** EXOPL payload for a message (before IAC doubling). */
export function encodeExopl(message: ExoplMessage): Uint8Array {
  if (message.verb === "sb") {
    const out = new Uint8Array(message.payload.length + 3);
    out[0] = SB;
    out[1] = message.option;
    out.set(message.payload, 2);
    out[out.length - 1] = SE;
    return out;
  }
  return new Uint8Array([CODES[message.verb], message.option]);
}

/** Decode an EXOPL payload; a string says what is wrong with it. */
export function decodeExopl(payload: Uint8Array): ExoplMessage | string {
  if (payload.length < 2) return `EXOPL subcommand of ${payload.length} bytes is too short`;
  const verb = VERBS[payload[0]];
  if (verb) return payload.length === 2 ? { verb, option: payload[1] } : `EXOPL ${verb.toUpperCase()} with extra bytes`;
  if (payload[0] !== SB) return `EXOPL subcommand ${payload[0]} is none of WILL, WONT, DO, DONT, SB`;
  // Section 5: IAC SB EXOPL SB <option code> <parameters> SE IAC SE.
  if (payload.length < 3 || payload[payload.length - 1] !== SE) return "EXOPL SB does not end with SE";
  return { verb: "sb", option: payload[1], payload: payload.slice(2, payload.length - 1) };
}

interface ExoplState {
  q: Uint8Array; // RFC 1143 state of each extended option, same layout as the session's table
  accept: { local: Set<number>; remote: Set<number> };
}

function state(host: OptionHost): ExoplState {
  return host.state<ExoplState>(OPT.EXOPL, () => {
    const x = host.settings.extendedOptions;
    return { q: new Uint8Array(256), accept: { local: new Set(x?.local ?? []), remote: new Set(x?.remote ?? []) } };
  });
}

const shiftOf = (side: Side): Q.SideShift => (side === "local" ? 0 : 4);

function reply(host: OptionHost, r: number, side: Side, option: number): void {
  if (r === Q.REPLY_NONE) return;
  const verb = side === "local" ? (r === Q.REPLY_POSITIVE ? "will" : "wont") : r === Q.REPLY_POSITIVE ? "do" : "dont";
  host.subnegotiate(OPT.EXOPL, encodeExopl({ verb, option }));
}

function checkCode(v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 255) throw new TypeError("exopl: option must be an integer 0-255");
  return v;
}

const agreed = (host: OptionHost): boolean => host.isEnabled(OPT.EXOPL, "local") || host.isEnabled(OPT.EXOPL, "remote");

/** Whether an extended option is on (RFC 1143 YES) on a side. */
export function isExtendedEnabled(host: OptionHost, option: number, side: Side): boolean {
  return Q.stateOf(state(host).q, option & 0xff, shiftOf(side)) === Q.YES;
}

/** The EXTENDED-OPTIONS-LIST option module (RFC 861). */
export const exopl: OptionModule = {
  code: OPT.EXOPL,
  name: "exopl",
  commands: ["exopl"],
  receive(payload, host) {
    // Section 5: extended negotiation only "once both parties have agreed to use it"
    // (a WILL/DO exchange either way). Otherwise ignored, as one sent in flight with a refusal.
    if (!agreed(host)) return;
    const m = decodeExopl(payload);
    if (typeof m === "string") {
      host.warn("malformed-subnegotiation", `${m}: ignored`, OPT.EXOPL);
      return;
    }
    const st = state(host);
    if (m.verb === "sb") {
      if (!isExtendedEnabled(host, m.option, "local") && !isExtendedEnabled(host, m.option, "remote")) {
        host.warn("sb-not-enabled", `EXOPL subnegotiation of extended option ${m.option}, which is not enabled`, OPT.EXOPL);
      }
      host.emit({ type: "exopl", verb: "sb", option: m.option, payload: m.payload });
      return;
    }
    const side: Side = m.verb === "will" || m.verb === "wont" ? "remote" : "local";
    const positive = m.verb === "will" || m.verb === "do";
    const agree = positive && st.accept[side].has(m.option);
    const r = Q.received(st.q, m.option, shiftOf(side), positive, agree);
    if (r & Q.VIOLATION) {
      host.warn("negotiation-violation", `EXOPL ${m.verb.toUpperCase()} ${m.option} answered our request to disable it`, OPT.EXOPL);
    }
    reply(host, r & Q.REPLY_MASK, side, m.option);
    host.emit({ type: "exopl", verb: m.verb, option: m.option, enabled: isExtendedEnabled(host, m.option, side) });
  },
  send(command, host) {
    const c = command as ExoplCommand;
    const option = checkCode(c.option);
    if (c.verb === "sb") {
      if (!(c.payload instanceof Uint8Array)) throw new TypeError("exopl sb: payload must be a Uint8Array");
      if (isExtendedEnabled(host, option, "local") || isExtendedEnabled(host, option, "remote")) {
        host.subnegotiate(OPT.EXOPL, encodeExopl({ verb: "sb", option, payload: c.payload }));
      }
      return;
    }
    if (c.verb !== "enable" && c.verb !== "disable") throw new TypeError(`exopl: unknown verb ${JSON.stringify(c.verb)}`);
    if (c.side !== "local" && c.side !== "remote") throw new TypeError('exopl: side must be "local" or "remote"');
    if (!agreed(host)) return;
    const r = Q.ask(state(host).q, option, shiftOf(c.side), c.verb === "enable");
    reply(host, r & Q.REPLY_MASK, c.side, option);
  },
  changed(_side, enabled, host) {
    // Leaving EXOPL ends every extended option (DON'T EXOPL: "conduct no further negotiation").
    if (!enabled && !agreed(host)) state(host).q.fill(0);
  },
};
