/**
 * TOGGLE-FLOW-CONTROL (remote flow control), option 33 — RFC 1372.
 *
 * The sender of DO (normally the server) switches the WILL side's local XON/XOFF flow
 * control with `OFF` (0), `ON` (1), and chooses what restarts output: `RESTART-ANY` (2,
 * any character) or `RESTART-XON` (3, only XON).
 *
 * Client (WILL): flow control is on as soon as WILL and DO are exchanged (section 5); each
 * subnegotiation updates it, each change is a `lflow` event, `lflowState()` reads it.
 * Server (DO): agrees when offered; once on, sends the restart mode `settings.lflowRestart`
 * (default `xon`; section 5 says the DO side should set it), and `lflow` commands.
 */
import { OPT } from "../engine/constants.js";
import type { OptionHost, OptionModule } from "../engine/option.js";

/** RFC 1372 subnegotiation codes. */
export const LFLOW = { OFF: 0, ON: 1, RESTART_ANY: 2, RESTART_XON: 3 } as const;

/** A subcommand by name. */
export type LflowCommandName = "off" | "on" | "restart-any" | "restart-xon";

const NAMES: readonly LflowCommandName[] = ["off", "on", "restart-any", "restart-xon"];

/**
 * What restarts output stopped by XOFF: any character, XON only, or the terminal's own
 * default (`system`: nothing said yet; section 5 leaves the start "system dependent").
 */
export type LflowRestart = "any" | "xon" | "system";

/** The WILL side's flow control, as the peer set it. */
export interface LflowState {
  /** Whether WILL and DO have been exchanged (our side of LFLOW is on). */
  negotiated: boolean;
  /** Whether XON/XOFF flow control is on. */
  enabled: boolean;
  restart: LflowRestart;
}

/**
 * Our flow control changed: `command` is the peer's subcommand, or absent when the change
 * comes from negotiation (on once agreed, section 5; back to `settings` when disabled).
 */
export interface LflowEvent extends LflowState {
  type: "lflow";
  command?: LflowCommandName;
}

/** Server (DO side): tell the client to switch flow control or its restart mode. */
export interface LflowCommand {
  type: "lflow";
  command: LflowCommandName;
}

interface LflowModuleState extends LflowState {
  // Server: what we want the client's restart mode to be once it agrees.
  wantRestart: "any" | "xon" | "none";
}

/** LFLOW payload for a subcommand. */
export function encodeLflow(command: LflowCommandName): Uint8Array {
  const code = NAMES.indexOf(command);
  if (code < 0) throw new TypeError(`lflow: unknown command ${JSON.stringify(command)}`);
  return new Uint8Array([code]);
}

/** Decode an LFLOW payload; a string says what is wrong with it. */
export function decodeLflow(payload: Uint8Array): LflowCommandName | string {
  if (payload.length !== 1) return `LFLOW payload of ${payload.length} bytes, expected 1`;
  // Section 5: "subnegotiations having command codes other than those defined ... should be silently ignored".
  return NAMES[payload[0]] ?? `LFLOW subcommand ${payload[0]} is not defined by RFC 1372`;
}

function initial(host: OptionHost): LflowModuleState {
  const restart = host.settings.lflowRestart;
  return {
    negotiated: false,
    enabled: false,
    restart: "system",
    wantRestart: restart === "any" || restart === "none" ? restart : "xon",
  };
}

function state(host: OptionHost): LflowModuleState {
  return host.state<LflowModuleState>(OPT.LFLOW, () => initial(host));
}

/** The flow control the peer set on our side (client). */
export function lflowState(host: OptionHost): LflowState {
  const st = state(host);
  return { negotiated: st.negotiated, enabled: st.enabled, restart: st.restart };
}

function report(host: OptionHost, st: LflowModuleState, command?: LflowCommandName): void {
  const ev: LflowEvent = { type: "lflow", negotiated: st.negotiated, enabled: st.enabled, restart: st.restart };
  if (command) ev.command = command;
  host.emit(ev);
}

/** The TOGGLE-FLOW-CONTROL option module (RFC 1372). */
export const lflow: OptionModule = {
  code: OPT.LFLOW,
  name: "lflow",
  defaults: {
    client: { local: "accept", remote: "refuse" },
    server: { local: "refuse", remote: "accept" },
  },
  commands: ["lflow"],
  receive(payload, host) {
    if (!host.isEnabled(OPT.LFLOW, "local")) {
      if (host.isEnabled(OPT.LFLOW, "remote")) {
        host.warn("wrong-direction", "LFLOW subcommand from the peer, but only we may send them (we said DO)", OPT.LFLOW);
      }
      return;
    }
    const command = decodeLflow(payload);
    if (!NAMES.includes(command as LflowCommandName)) {
      host.warn("malformed-subnegotiation", `${command}: ignored`, OPT.LFLOW);
      return;
    }
    const st = state(host);
    const name = command as LflowCommandName;
    if (name === "off") st.enabled = false;
    else if (name === "on") st.enabled = true;
    else st.restart = name === "restart-any" ? "any" : "xon";
    report(host, st, name);
  },
  send(command, host) {
    const c = command as LflowCommand;
    const payload = encodeLflow(c.command);
    const st = state(host);
    if (c.command === "restart-any" || c.command === "restart-xon") st.wantRestart = c.command === "restart-any" ? "any" : "xon";
    if (host.isEnabled(OPT.LFLOW, "remote")) host.subnegotiate(OPT.LFLOW, payload);
  },
  changed(side, enabled, host) {
    const st = state(host);
    if (side === "local") {
      // Section 5: the WILL side turns flow control on once agreed; after WONT/DONT it
      // reverts to an implementation-defined state: ours is off, restart unknown.
      st.negotiated = enabled;
      st.enabled = enabled;
      st.restart = "system";
      report(host, st);
      return;
    }
    if (enabled && st.wantRestart !== "none") {
      host.subnegotiate(OPT.LFLOW, encodeLflow(st.wantRestart === "any" ? "restart-any" : "restart-xon"));
    }
  },
};
