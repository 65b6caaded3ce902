/**
 * TIMING-MARK, option 6 — RFC 860.
 *
 * Not an option with a state: DO TIMING-MARK asks "tell me when you got here", and is
 * answered WILL (or WONT) in the data stream at that point; nothing stays enabled. The
 * engine answers every DO in order with everything before it, and remembers its own
 * DOs and WILLs so that their answers are consumed, never answered again.
 */
import { DO, DONT, IAC, OPT, WILL, WONT } from "../engine/constants.js";
import type { OptionHost, OptionModule } from "../engine/option.js";

/**
 * - `request`: the peer sent DO TIMING-MARK; the engine answered (`agreed`: WILL, or WONT when refused by policy).
 * - `reply`: the peer answered our DO TIMING-MARK (`agreed`: WILL) or refused (WONT).
 * - `mark`: the peer sent a WILL TIMING-MARK of its own; the engine answered DONT.
 */
export interface TimingMarkEvent {
  type: "timing-mark";
  kind: "request" | "reply" | "mark";
  agreed: boolean;
}

/** Send DO TIMING-MARK (`request`, the default) or an unsolicited WILL TIMING-MARK (`mark`). */
export interface TimingMarkCommand {
  type: "timing-mark";
  kind?: "request" | "mark";
}

interface TmState {
  requests: number; // our DOs not yet answered
  marks: number; // our WILLs not yet answered
}

function state(host: OptionHost): TmState {
  return host.state<TmState>(OPT.TM, () => ({ requests: 0, marks: 0 }));
}

export const timingMark: OptionModule = {
  code: OPT.TM,
  name: "tm",
  defaults: {
    client: { local: "accept", remote: "refuse" },
    server: { local: "accept", remote: "refuse" },
  },
  commands: ["timing-mark"],
  negotiate(message, host) {
    const st = state(host);
    if (message.kind === "request") {
      // enable/disable of TM through the generic commands: a request or a mark.
      if (!message.enabled) return;
      if (message.side === "remote") {
        st.requests++;
        host.transmit([IAC, DO, OPT.TM]);
      } else {
        st.marks++;
        host.transmit([IAC, WILL, OPT.TM]);
      }
      return;
    }
    if (message.side === "local") {
      // DO / DONT from the peer.
      if (st.marks > 0) {
        st.marks--; // the answer to our own mark
        return;
      }
      if (!message.enabled) return;
      const agreed = host.accepts(OPT.TM, "local");
      host.emit({ type: "timing-mark", kind: "request", agreed });
      host.transmit([IAC, agreed ? WILL : WONT, OPT.TM]);
      return;
    }
    // WILL / WONT from the peer.
    if (st.requests > 0) {
      st.requests--;
      host.emit({ type: "timing-mark", kind: "reply", agreed: message.enabled });
      return;
    }
    if (!message.enabled) return;
    host.emit({ type: "timing-mark", kind: "mark", agreed: false });
    host.transmit([IAC, DONT, OPT.TM]);
  },
  send(command, host) {
    const kind = (command as TimingMarkCommand).kind ?? "request";
    if (kind !== "request" && kind !== "mark") throw new TypeError(`timing-mark: unknown kind ${JSON.stringify(kind)}`);
    this.negotiate!({ kind: "request", side: kind === "request" ? "remote" : "local", enabled: true }, host);
  },
};
