import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TelnetSession, type SidePolicy, type TelnetEvent } from "@telnetkit/core";
import { runs } from "../src/arbitraries.js";
import { QModel, type Side } from "../src/q-method.js";
import { NegotiationScanner, negotiations, type Negotiation } from "../src/scanner.js";
import { transmitBytes } from "../src/stream.js";
import {
  BINARY,
  DO,
  DONT,
  ECHO,
  EOR_OPT,
  NAWS,
  PRIVATE_OPT,
  SGA,
  STATUS,
  TM,
  TTYPE,
  UNKNOWN_OPT,
  WILL,
  WONT,
  neg,
} from "../src/telnet.js";
import { SimulatedWire } from "../src/wire.js";

// Two sessions on a simulated wire, driven by random requests from both ends and random
// deliveries (any split, any interleaving, so requests cross in flight). Every step is
// compared with two reference RFC 1143 models (../src/q-method.ts) fed the same
// messages; at quiescence the ends must agree, with no loop and few messages.

const Q_OPTIONS = [BINARY, ECHO, SGA, STATUS, TTYPE, EOR_OPT, NAWS, PRIVATE_OPT, UNKNOWN_OPT];
type Name = "A" | "B";
const other = (n: Name): Name => (n === "A" ? "B" : "A");
const flip = (s: Side): Side => (s === "local" ? "remote" : "local");

type Policies = Record<number, { local: SidePolicy; remote: SidePolicy }>;

interface System {
  wire: SimulatedWire;
  models: Record<Name, QModel>;
  /** Reference readers of the bytes each end has been given. */
  inbound: Record<Name, NegotiationScanner>;
  /** Option state as the `option` events told it. */
  told: Record<Name, Map<string, boolean>>;
  /** RFC 1143 requests made (user requests and start()), and TIMING-MARK commands. */
  requests: number;
  tmCommands: number;
}

function setup(policies: Record<Name, Policies>): System {
  const agree = (p: Policies) => (option: number, side: Side) => (p[option]?.[side] ?? "refuse") !== "refuse";
  const a = new TelnetSession({ role: "server", options: policies.A });
  const b = new TelnetSession({
    role: "client",
    options: policies.B,
    windowSize: { width: 80, height: 24 },
    terminalTypes: ["XTERM", "MTTS 137"],
  });
  const sys: System = {
    wire: new SimulatedWire(a, b),
    models: { A: new QModel(agree(policies.A)), B: new QModel(agree(policies.B)) },
    inbound: { A: new NegotiationScanner(), B: new NegotiationScanner() },
    told: { A: new Map(), B: new Map() },
    requests: 0,
    tmCommands: 0,
  };
  // start(): each `initiate` side is asked for, as by a user request (order is not the RFC's concern).
  for (const name of ["A", "B"] as const) {
    const end = sys.wire[name];
    const bytes = end.session.start();
    sys.wire.write(end, bytes);
    const expected: Negotiation[] = [];
    for (const option of Q_OPTIONS) {
      for (const side of ["remote", "local"] as const) {
        if (policies[name][option]?.[side] !== "initiate") continue;
        sys.requests++;
        const step = sys.models[name].ask(option, side, true);
        if (step.send) expected.push(step.send);
      }
    }
    expect(sortMsgs(negotiations(bytes))).toEqual(sortMsgs(expected));
    absorb(sys, name, end.session.takeEvents());
  }
  compare(sys);
  return sys;
}

const sortMsgs = (m: Negotiation[]) => [...m].sort((x, y) => x[1] - y[1] || x[0] - y[0]);

/** Fold `option` events into what each end has been told; each must be a real change. */
function absorb(sys: System, name: Name, events: TelnetEvent[]): void {
  for (const ev of events) {
    if (ev.type === "option") {
      const key = `${ev.option}/${ev.side}`;
      expect(sys.told[name].get(key) ?? false, `${name}: option event that changes nothing (${key})`).not.toBe(
        ev.enabled,
      );
      sys.told[name].set(key, ev.enabled);
    }
    if (ev.type === "warning") expect(ev.code, `${name}: ${ev.message}`).not.toBe("negotiation-violation");
  }
}

/** Engine state == model state for every option and side; `option` events == real state; TIMING-MARK never a state. */
function compare(sys: System): void {
  const engine: string[] = [];
  const model: string[] = [];
  for (const name of ["A", "B"] as const) {
    const s = sys.wire[name].session;
    for (const option of Q_OPTIONS) {
      const st = s.optionState(option);
      for (const side of ["local", "remote"] as const) {
        const told = sys.told[name].get(`${option}/${side}`) ?? false;
        engine.push(`${name} ${option} ${side}: ${st[side]}, told ${s.isEnabled(option, side)}`);
        model.push(`${name} ${option} ${side}: ${sys.models[name].get(option, side).state.toLowerCase()}, told ${told}`);
      }
    }
    const tm = s.optionState(TM);
    engine.push(`${name} TM: ${tm.local}/${tm.remote}`);
    model.push(`${name} TM: no/no`);
  }
  // One comparison per step keeps the run fast; a difference shows the lines that differ.
  if (engine.join() !== model.join()) expect(engine).toEqual(model);
}

function ask(sys: System, name: Name, option: number, side: Side, enable: boolean): void {
  const { bytes, events } = sys.wire.send(sys.wire[name], { type: enable ? "enable" : "disable", option, side });
  const sent = negotiations(bytes);
  if (option === TM) {
    // RFC 860: asking is DO (the peer's side) or WILL (ours); nothing stays enabled, so "disable" says nothing.
    sys.tmCommands++;
    expect(sent).toEqual(enable ? [[side === "remote" ? DO : WILL, TM]] : []);
  } else {
    sys.requests++;
    const step = sys.models[name].ask(option, side, enable);
    expect(sent, `${name} asks ${enable ? "enable" : "disable"} ${option} ${side}`).toEqual(step.send ? [step.send] : []);
  }
  absorb(sys, name, events);
  compare(sys);
}

function deliver(sys: System, from: Name, n: number): void {
  const to = other(from);
  const { bytes, events } = sys.wire.deliver(sys.wire[from], n);
  const expected: Negotiation[] = [];
  for (const [verb, option] of sys.inbound[to].push(bytes)) {
    if (option === TM) continue;
    const step = sys.models[to].receive(verb, option);
    // Between two RFC 1143 ends, no "Error" row is ever reached.
    if (step.rule.error) expect.fail(`${to} received ${verb} ${option}: ${step.rule.text}`);
    if (step.send) expected.push(step.send);
  }
  const answered = negotiations(transmitBytes(events)).filter(([, o]) => o !== TM);
  if (JSON.stringify(answered) !== JSON.stringify(expected)) {
    expect(answered, `${to}'s answers to ${[...bytes]}`).toEqual(expected);
  }
  absorb(sys, to, events);
  compare(sys);
}

class Ask implements fc.Command<object, System> {
  constructor(
    readonly who: Name,
    readonly option: number,
    readonly side: Side,
    readonly enable: boolean,
  ) {}
  check = () => true;
  run(_: object, sys: System): void {
    ask(sys, this.who, this.option, this.side, this.enable);
  }
  toString = () => `${this.who}.${this.enable ? "enable" : "disable"}(${this.option}, ${this.side})`;
}

/** Both ends ask about the same direction of the same option before either hears the other. */
class Simultaneous implements fc.Command<object, System> {
  constructor(
    readonly option: number,
    readonly sideOfA: Side,
    readonly enableA: boolean,
    readonly enableB: boolean,
  ) {}
  check = () => true;
  run(_: object, sys: System): void {
    ask(sys, "A", this.option, this.sideOfA, this.enableA);
    ask(sys, "B", this.option, flip(this.sideOfA), this.enableB);
  }
  toString = () =>
    `A.${this.enableA ? "enable" : "disable"}(${this.option}, ${this.sideOfA}) || B.${this.enableB ? "enable" : "disable"}(${this.option}, ${flip(this.sideOfA)})`;
}

class Deliver implements fc.Command<object, System> {
  constructor(
    readonly from: Name,
    readonly n: number,
  ) {}
  check = () => true;
  run(_: object, sys: System): void {
    if (sys.wire[this.from].outbox.size > 0) deliver(sys, this.from, this.n);
  }
  toString = () => `deliver(${this.from}->${other(this.from)}, ${this.n})`;
}

class TimingMark implements fc.Command<object, System> {
  constructor(
    readonly who: Name,
    readonly kind: "request" | "mark",
  ) {}
  check = () => true;
  run(_: object, sys: System): void {
    const { bytes, events } = sys.wire.send(sys.wire[this.who], { type: "timing-mark", kind: this.kind });
    sys.tmCommands++;
    expect(negotiations(bytes)).toEqual([[this.kind === "request" ? DO : WILL, TM]]);
    absorb(sys, this.who, events);
    compare(sys);
  }
  toString = () => `${this.who}.timingMark(${this.kind})`;
}

const name = fc.constantFrom<Name>("A", "B");
const side = fc.constantFrom<Side>("local", "remote");
const qOption = fc.constantFrom(...Q_OPTIONS);
const commands = fc.commands(
  [
    fc.tuple(name, qOption, side, fc.boolean()).map(([w, o, s, e]) => new Ask(w, o, s, e)),
    fc.tuple(name, fc.constant(TM), side, fc.boolean()).map(([w, o, s, e]) => new Ask(w, o, s, e)),
    fc.tuple(qOption, side, fc.boolean(), fc.boolean()).map(([o, s, a, b]) => new Simultaneous(o, s, a, b)),
    fc.tuple(name, fc.oneof(fc.integer({ min: 1, max: 7 }), fc.constant(1 << 20))).map(([w, n]) => new Deliver(w, n)),
    fc.tuple(name, fc.oneof(fc.integer({ min: 1, max: 7 }), fc.constant(1 << 20))).map(([w, n]) => new Deliver(w, n)),
    fc.tuple(name, fc.constantFrom<"request" | "mark">("request", "mark")).map(([w, k]) => new TimingMark(w, k)),
  ],
  { maxCommands: 60, size: "medium" },
);

const sidePolicy = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<SidePolicy>("accept", "refuse") },
  { weight: 1, arbitrary: fc.constant<SidePolicy>("initiate") },
);
const endPolicies: fc.Arbitrary<Policies> = fc
  .tuple(
    fc.array(fc.record({ local: sidePolicy, remote: sidePolicy }), {
      minLength: Q_OPTIONS.length,
      maxLength: Q_OPTIONS.length,
    }),
    fc.record({ local: fc.constantFrom<SidePolicy>("accept", "refuse"), remote: fc.constantFrom<SidePolicy>("accept", "refuse") }),
  )
  .map(([sides, tm]) => {
    const p: Policies = { [TM]: tm };
    Q_OPTIONS.forEach((o, i) => (p[o] = sides[i]));
    return p;
  });

/** Deliver everything in flight, alternating ends, until the wire is quiet; a loop fails here. */
function drain(sys: System): number {
  let rounds = 0;
  while (!sys.wire.quiet) {
    if (++rounds > 50) throw new Error("negotiation did not settle in 50 rounds: a loop");
    if (sys.wire.A.outbox.size > 0) deliver(sys, "A", 1 << 20);
    if (sys.wire.B.outbox.size > 0) deliver(sys, "B", 1 << 20);
  }
  return rounds;
}

describe("RFC 1143 — two sessions on a simulated wire", () => {
  it("step by step like the reference model; at quiescence both ends agree, with no loop and at most two messages a request", () => {
    fc.assert(
      fc.property(endPolicies, endPolicies, commands, (pa, pb, cmds) => {
        const sys = setup({ A: pa, B: pb });
        fc.modelRun(() => ({ model: {}, real: sys }), cmds);
        drain(sys);

        const A = sys.wire.A.session;
        const B = sys.wire.B.session;
        // Section 7: nothing left in WANTNO / WANTYES once the wire is quiet.
        expect(A.isSettled()).toBe(true);
        expect(B.isSettled()).toBe(true);
        expect(sys.models.A.unsettled()).toEqual([]);
        expect(sys.models.B.unsettled()).toEqual([]);
        for (const option of Q_OPTIONS) {
          // My side as I see it == my side as the peer sees it, both YES or both NO.
          expect(A.optionState(option).local, `option ${option}, A's side`).toBe(B.optionState(option).remote);
          expect(A.optionState(option).remote, `option ${option}, B's side`).toBe(B.optionState(option).local);
        }
        // Sections 3-5: no loop; each request costs at most itself and one answer.
        const all = [...negotiations(sys.wire.written.A), ...negotiations(sys.wire.written.B)];
        const q = all.filter(([, o]) => o !== TM).length;
        const tm = all.length - q;
        expect(q).toBeLessThanOrEqual(2 * sys.requests);
        expect(tm).toBeLessThanOrEqual(2 * sys.tmCommands);

        // RFC 854: "if a party receives what appears to be a request to enter some mode it is
        // already in, the request should not be acknowledged": no bytes, no events.
        for (const s of [A, B]) {
          for (const option of Q_OPTIONS) {
            const st = s.optionState(option);
            const same = [...neg(st.remote === "yes" ? WILL : WONT, option), ...neg(st.local === "yes" ? DO : DONT, option)];
            expect(s.receive(Uint8Array.from(same)), `option ${option} ${JSON.stringify(st)}`).toEqual([]);
          }
        }
      }),
      { numRuns: runs(500) },
    );
  });

  it("requests crossing in flight (both ends ask for the same side of the same option) settle with no answer at all", () => {
    fc.assert(
      fc.property(endPolicies, endPolicies, fc.subarray(Q_OPTIONS, { minLength: 1 }), fc.boolean(), (pa, pb, options, enable) => {
        const sys = setup({ A: pa, B: pb });
        drain(sys);
        const before = negotiations([...sys.wire.written.A, ...sys.wire.written.B]).length;
        let asked = 0;
        for (const option of options) {
          for (const s of ["local", "remote"] as const) {
            // Both ask for the state the option is not in, so both send a request.
            const on = sys.wire.A.session.isEnabled(option, s);
            if (on === enable) continue;
            ask(sys, "A", option, s, enable);
            ask(sys, "B", option, flip(s), enable);
            asked += 2;
          }
        }
        drain(sys);
        // WANTYES + WILL/DO -> YES and WANTNO + WONT/DONT -> NO, silently: the two requests are the whole exchange.
        const after = negotiations([...sys.wire.written.A, ...sys.wire.written.B]).length;
        expect(after - before).toBe(asked);
        for (const option of options) {
          const a = sys.wire.A.session.optionState(option);
          const b = sys.wire.B.session.optionState(option);
          const want = enable ? "yes" : "no";
          expect([a.local, a.remote, b.local, b.remote]).toEqual([want, want, want, want]);
        }
      }),
      { numRuns: runs(150) },
    );
  });
});
