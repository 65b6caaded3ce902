/**
 * STATUS, option 5 — RFC 859.
 *
 * The side that said WILL STATUS answers `SEND` with `IS`, its view of every option:
 * `WILL x` for each option on for its side, `DO x` for each on for the peer's, and
 * `SB x ... SE` for subnegotiation parameters, with SE in the list doubled (SE SE).
 * The session answers SEND with the real state.
 */
import { DO, OPT, SB, SE, WILL } from "../engine/constants.js";
import type { OptionHost, OptionModule } from "../engine/option.js";

const IS = 0;
const SEND = 1;

/** A subnegotiation reported inside a STATUS IS. */
export interface StatusSubnegotiation {
  option: number;
  payload: Uint8Array;
}

/** The peer's view of option state (`is`, from the sender's side), or its request for ours (`send`). */
export type StatusEvent =
  | { type: "status"; kind: "send" }
  | { type: "status"; kind: "is"; will: number[]; do: number[]; subnegotiations: StatusSubnegotiation[] };

/** Ask the peer for its view (`IAC SB STATUS SEND IAC SE`); sent only once the peer agreed (WILL STATUS). */
export interface StatusCommand {
  type: "status";
}

/** The content of a STATUS IS: options on for the sender (`will`) and for its peer (`do`). */
export interface StatusReport {
  will: readonly number[];
  do: readonly number[];
  subnegotiations?: readonly StatusSubnegotiation[];
}

/** STATUS payload for `IS` (before IAC doubling, which the session applies). */
export function encodeStatusIs(report: StatusReport): Uint8Array {
  const out: number[] = [IS];
  const code = (c: number) => {
    out.push(c);
    if (c === SE) out.push(SE);
  };
  for (const c of report.will) {
    out.push(WILL);
    code(c);
  }
  for (const c of report.do) {
    out.push(DO);
    code(c);
  }
  for (const sb of report.subnegotiations ?? []) {
    out.push(SB);
    code(sb.option);
    for (const b of sb.payload) code(b);
    out.push(SE);
  }
  return new Uint8Array(out);
}

/** Decode a STATUS payload; a string says what is wrong with it. */
export function decodeStatus(payload: Uint8Array): StatusEvent | string {
  if (payload.length === 0) return "empty STATUS subnegotiation";
  if (payload[0] === SEND) return payload.length === 1 ? { type: "status", kind: "send" } : "STATUS SEND with a payload";
  if (payload[0] !== IS) return `STATUS subcommand ${payload[0]} is neither IS nor SEND`;
  const will: number[] = [];
  const dos: number[] = [];
  const subnegotiations: StatusSubnegotiation[] = [];
  let i = 1;
  // An option code of 240 is sent doubled, like SE anywhere in the list.
  const readCode = (): number | undefined => {
    if (i >= payload.length) return undefined;
    const c = payload[i++];
    if (c === SE && payload[i] === SE) i++;
    return c;
  };
  while (i < payload.length) {
    const verb = payload[i++];
    if (verb === WILL || verb === DO) {
      const c = readCode();
      if (c === undefined) return "STATUS IS ends inside an option";
      (verb === WILL ? will : dos).push(c);
    } else if (verb === SB) {
      const option = readCode();
      if (option === undefined) return "STATUS IS ends inside SB";
      const body: number[] = [];
      let closed = false;
      while (i < payload.length) {
        const b = payload[i++];
        if (b === SE) {
          if (payload[i] === SE) {
            body.push(SE);
            i++;
            continue;
          }
          closed = true;
          break;
        }
        body.push(b);
      }
      if (!closed) return "STATUS IS has SB without SE";
      subnegotiations.push({ option, payload: new Uint8Array(body) });
    } else {
      return `STATUS IS holds ${verb}, which is not WILL, DO or SB`;
    }
  }
  return { type: "status", kind: "is", will, do: dos, subnegotiations };
}

function report(host: OptionHost): StatusReport {
  const will: number[] = [];
  const dos: number[] = [];
  for (let c = 0; c < 256; c++) {
    if (host.isEnabled(c, "local")) will.push(c);
    if (host.isEnabled(c, "remote")) dos.push(c);
  }
  return { will, do: dos };
}

export const status: OptionModule = {
  code: OPT.STATUS,
  name: "status",
  defaults: {
    client: { local: "accept", remote: "accept" },
    server: { local: "accept", remote: "accept" },
  },
  commands: ["status"],
  receive(payload, host) {
    const ev = decodeStatus(payload);
    if (typeof ev === "string") {
      host.warn("malformed-subnegotiation", `${ev}: ignored`, OPT.STATUS);
      return;
    }
    if (ev.kind === "send") {
      if (!host.isEnabled(OPT.STATUS, "local")) {
        host.warn("wrong-direction", "STATUS SEND, but we have not agreed to send status (WILL STATUS)", OPT.STATUS);
        return;
      }
      host.emit(ev);
      host.subnegotiate(OPT.STATUS, encodeStatusIs(report(host)));
      return;
    }
    host.emit(ev);
  },
  send(_command, host) {
    if (host.isEnabled(OPT.STATUS, "remote")) host.subnegotiate(OPT.STATUS, new Uint8Array([SEND]));
  },
};
