import { describe, expect, it } from "vitest";
import { TelnetSession, type TelnetEvent } from "@telnetkit/core";
import {
  ALL_STATES,
  ASK_DISABLE,
  ASK_ENABLE,
  ON_NEGATIVE,
  ON_POSITIVE,
  verbFor,
  type QQueue,
  type QState,
  type Rule,
  type Side,
} from "../src/q-method.js";
import { negotiations, type Negotiation } from "../src/scanner.js";
import { ofType, transmitBytes } from "../src/stream.js";
import { BINARY, DO, DONT, ECHO, EOR_OPT, NAWS, PRIVATE_OPT, SGA, STATUS, TTYPE, WILL, WONT, neg } from "../src/telnet.js";

// RFC 1143 section 7 gives, for every state and queue bit of an option side, what to do
// on each verb received and on each request of the user. The tables in ../src/q-method.ts
// are that text; here every row is run against the engine, for both sides, with the
// option's policy agreeing and refusing, on options with no module and with modules.

const OPTIONS = [PRIVATE_OPT, BINARY, ECHO, SGA, STATUS, TTYPE, EOR_OPT, NAWS];

type Action = { kind: "ask"; enable: boolean } | { kind: "receive"; positive: boolean };

function newSession(option: number, agree: boolean, role: "client" | "server"): TelnetSession {
  const p = agree ? "accept" : "refuse";
  return new TelnetSession({ role, options: { [option]: { local: p, remote: p } } });
}

/** Run one action on a side; the negotiation messages it sent and the events it produced. */
function act(s: TelnetSession, option: number, side: Side, a: Action): { sent: Negotiation[]; events: TelnetEvent[] } {
  if (a.kind === "ask") {
    const bytes = s.send({ type: a.enable ? "enable" : "disable", option, side });
    return { sent: negotiations(bytes), events: s.takeEvents() };
  }
  // WILL / WONT are about the peer's side (ours: remote), DO / DONT about our side.
  const verb = side === "remote" ? (a.positive ? WILL : WONT) : a.positive ? DO : DONT;
  const events = s.receive(Uint8Array.from(neg(verb, option)));
  return { sent: negotiations(transmitBytes(events)), events };
}

const ASK = (enable: boolean): Action => ({ kind: "ask", enable });
const GET = (positive: boolean): Action => ({ kind: "receive", positive });

/** Actions that bring a fresh session's side to a state, through the public API only. */
const SETUP: Record<string, Action[]> = {
  "NO EMPTY": [],
  "YES EMPTY": [ASK(true), GET(true)],
  "WANTYES EMPTY": [ASK(true)],
  "WANTYES OPPOSITE": [ASK(true), ASK(false)],
  "WANTNO EMPTY": [ASK(true), GET(true), ASK(false)],
  "WANTNO OPPOSITE": [ASK(true), GET(true), ASK(false), ASK(true)],
};

function build(option: number, side: Side, agree: boolean, role: "client" | "server", state: QState, queue: QQueue) {
  const s = newSession(option, agree, role);
  for (const a of SETUP[`${state} ${queue}`]) act(s, option, side, a);
  return s;
}

/**
 * The queue bit is not visible through the API; its effect is. In WANTNO, the peer's
 * agreement (WONT/DONT) makes us ask again at once if and only if an enable is queued;
 * in WANTYES, the peer's WILL/DO makes us ask to disable if and only if a disable is queued.
 */
function queueOf(s: TelnetSession, option: number, side: Side, state: QState): QQueue {
  const answer = act(s, option, side, GET(state === "WANTYES"));
  return answer.sent.length > 0 ? "OPPOSITE" : "EMPTY";
}

function check(rule: Rule, action: Action, side: Side, agree: boolean): void {
  for (const option of OPTIONS) {
    for (const role of ["client", "server"] as const) {
      const where = `option ${option}, ${side}, ${role}, ${agree ? "agree" : "refuse"}: ${rule.text}`;
      const s = build(option, side, agree, role, rule.state, rule.queue);
      expect(s.optionState(option)[side], where).toBe(rule.state.toLowerCase());
      const other: Side = side === "local" ? "remote" : "local";

      const { sent, events } = act(s, option, side, action);
      // The reply, exactly: nothing else about this option (module subnegotiations are not negotiation).
      expect(sent, where).toEqual(rule.send ? [[verbFor(rule.send, side), option]] : []);
      expect(s.optionState(option)[side], where).toBe(rule.next.toLowerCase());
      expect(s.optionState(option)[other], where).toBe("no");
      // An `option` event exactly when the side goes to or from YES.
      const changed = (rule.state === "YES") !== (rule.next === "YES");
      expect(ofType(events, "option"), where).toEqual(
        changed ? [{ type: "option", option, side, enabled: rule.next === "YES" }] : [],
      );
      // A received verb that the RFC calls an error is reported; nothing else is.
      if (action.kind === "receive") {
        const violations = ofType(events, "warning").filter((w) => w.code === "negotiation-violation");
        expect(violations.length, where).toBe(rule.error ? 1 : 0);
      }
      if (rule.next === "WANTNO" || rule.next === "WANTYES") {
        const again = build(option, side, agree, role, rule.state, rule.queue);
        act(again, option, side, action);
        expect(queueOf(again, option, side, rule.next), `${where} (queue bit)`).toBe(rule.nextQueue);
      }
    }
  }
}

const sides: Side[] = ["remote", "local"];
const label = (side: Side, verb: string) => `${side === "remote" ? "him" : "us"}: ${verb}`;

describe("RFC 1143 section 7 — upon receipt of WILL (him) / DO (us)", () => {
  for (const side of sides) {
    for (const rule of ON_POSITIVE) {
      const agrees = rule.agree === undefined ? [true, false] : [rule.agree];
      it(`${label(side, side === "remote" ? "WILL" : "DO")} in ${rule.state} ${rule.queue}${rule.agree === undefined ? "" : rule.agree ? ", agreeing" : ", refusing"}`, () => {
        for (const agree of agrees) check(rule, GET(true), side, agree);
      });
    }
  }
});

describe("RFC 1143 section 7 — upon receipt of WONT (him) / DONT (us)", () => {
  for (const side of sides) {
    for (const rule of ON_NEGATIVE) {
      it(`${label(side, side === "remote" ? "WONT" : "DONT")} in ${rule.state} ${rule.queue}`, () => {
        for (const agree of [true, false]) check(rule, GET(false), side, agree);
      });
    }
  }
});

describe("RFC 1143 section 7 — if we decide to ask him / us to enable", () => {
  for (const side of sides) {
    for (const rule of ASK_ENABLE) {
      it(`${label(side, "enable")} in ${rule.state} ${rule.queue}`, () => {
        for (const agree of [true, false]) check(rule, ASK(true), side, agree);
      });
    }
  }
});

describe("RFC 1143 section 7 — if we decide to ask him / us to disable", () => {
  for (const side of sides) {
    for (const rule of ASK_DISABLE) {
      it(`${label(side, "disable")} in ${rule.state} ${rule.queue}`, () => {
        for (const agree of [true, false]) check(rule, ASK(false), side, agree);
      });
    }
  }
});

describe("RFC 1143 section 7 — the tables cover every state", () => {
  it("each table has a row for every (state, queue), and for both answers where agreement matters", () => {
    for (const table of [ON_POSITIVE, ON_NEGATIVE, ASK_ENABLE, ASK_DISABLE]) {
      for (const { state, queue } of ALL_STATES) {
        for (const agree of [true, false]) {
          const rows = table.filter((x) => x.state === state && x.queue === queue && (x.agree ?? agree) === agree);
          expect(rows, `${state} ${queue} ${agree}`).toHaveLength(1);
        }
      }
    }
  });
});
