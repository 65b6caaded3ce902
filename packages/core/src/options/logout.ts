/**
 * LOGOUT, option 18 — RFC 727.
 *
 * Two uses (section 6): a user's Telnet sends DO LOGOUT to have its process logged off
 * now (case 1; the server confirms with WILL and logs it off, or refuses with WONT);
 * a server sends WILL LOGOUT to warn of an automatic logout (case 2; the user answers
 * DO to accept or DON'T to keep working). These are requests more than a state, so the
 * module negotiates LOGOUT itself, with the RFC 1143 rules on its own state, and says
 * what each message meant in a `logout` event. Default: a server agrees to log its user
 * out (and tells the application, which ends the session); a client refuses warnings.
 */
import { DO, DONT, IAC, OPT, WILL, WONT } from "../engine/constants.js";
import type { Side } from "../engine/events.js";
import type { OptionHost, OptionModule } from "../engine/option.js";
import * as Q from "../engine/q-method.js";

/**
 * - `request`: the peer asked us to log its user off (DO LOGOUT); `agreed`: we answered
 *   WILL and the application should log the user off, or WONT by policy.
 * - `warning`: the peer warned that it may log us off (an unasked WILL LOGOUT); `agreed`:
 *   we answered DO, or DON'T (keep the session) by policy.
 * - `request-reply`: the peer answered our DO LOGOUT (`agreed`: WILL, it logs off).
 * - `warning-reply`: the peer answered our WILL LOGOUT (`agreed`: DO, or DON'T to stay).
 */
export interface LogoutEvent {
  type: "logout";
  kind: "request" | "warning" | "request-reply" | "warning-reply";
  agreed: boolean;
}

/**
 * `request` (default for a client): DO LOGOUT, ask the peer to log our user off.
 * `warning` (default for a server): WILL LOGOUT, warn of an automatic logout.
 */
export interface LogoutCommand {
  type: "logout";
  kind?: "request" | "warning";
}

const LOCAL: Q.SideShift = 0;
const REMOTE: Q.SideShift = 4;

function qstate(host: OptionHost): Uint8Array {
  return host.state<Uint8Array>(OPT.LOGOUT, () => new Uint8Array(1));
}

function reply(host: OptionHost, r: number, side: Side): void {
  if (r === Q.REPLY_NONE) return;
  const verb = side === "local" ? (r === Q.REPLY_POSITIVE ? WILL : WONT) : r === Q.REPLY_POSITIVE ? DO : DONT;
  host.transmit([IAC, verb, OPT.LOGOUT]);
}

/** The LOGOUT option module (RFC 727); it negotiates LOGOUT itself. */
export const logout: OptionModule = {
  code: OPT.LOGOUT,
  name: "logout",
  defaults: {
    client: { local: "refuse", remote: "refuse" },
    server: { local: "accept", remote: "refuse" },
  },
  commands: ["logout"],
  negotiate(message, host) {
    const q = qstate(host);
    const side = message.side;
    const shift = side === "local" ? LOCAL : REMOTE;
    const before = Q.stateOf(q, 0, shift);
    let r: number;
    if (message.kind === "request") {
      r = Q.ask(q, 0, shift, message.enabled);
    } else {
      r = Q.received(q, 0, shift, message.enabled, message.enabled && host.accepts(OPT.LOGOUT, side));
      if (r & Q.VIOLATION) {
        host.warn("negotiation-violation", `LOGOUT enabled by the peer after we asked to disable it (RFC 1143)`, OPT.LOGOUT);
      }
    }
    reply(host, r & Q.REPLY_MASK, side);
    const after = Q.stateOf(q, 0, shift);
    if ((before === Q.YES) !== (after === Q.YES)) {
      host.emit({ type: "option", option: OPT.LOGOUT, side, enabled: after === Q.YES });
    }
    if (message.kind !== "received") return;
    // What the message meant: an answer to our own WILL/DO, or the peer's own request.
    if (before === Q.WANTYES) {
      host.emit({ type: "logout", kind: side === "local" ? "warning-reply" : "request-reply", agreed: after === Q.YES });
    } else if (before === Q.NO && message.enabled) {
      host.emit({ type: "logout", kind: side === "local" ? "request" : "warning", agreed: after === Q.YES });
    }
  },
  send(command, host) {
    const kind = (command as LogoutCommand).kind ?? (host.role === "client" ? "request" : "warning");
    if (kind !== "request" && kind !== "warning") throw new TypeError(`logout: unknown kind ${JSON.stringify(kind)}`);
    this.negotiate!({ kind: "request", side: kind === "request" ? "remote" : "local", enabled: true }, host);
  },
};

/** RFC 1143 state of LOGOUT on a side, as this module keeps it (the session's own table does not hold it). */
export function logoutState(host: OptionHost, side: Side): "no" | "yes" | "wantno" | "wantyes" {
  return (["no", "yes", "wantno", "wantyes"] as const)[Q.stateOf(qstate(host), 0, side === "local" ? LOCAL : REMOTE)];
}
