/**
 * The suite's central properties, written against `TelnetAdapter` only, so that they run
 * against any implementation: chunking invariance (RFC 854: a byte stream), never an
 * exception on any input (RFC 1123 §1.2.2), data transparency (RFC 854 IAC doubling), and
 * RFC 1143 convergence of two endpoints on a simulated wire.
 *
 * Each function returns a fast-check property; run it with `fc.assert(property, { numRuns })`.
 */
import fc from "fast-check";
import type { SidePolicy } from "@telnetkit/core";
import type { EndpointConfig, NormalEvent, Side, TelnetAdapter, TelnetEndpoint } from "./adapter.js";
import { cuts, garbage, telnetStream } from "./arbitraries.js";
import { NegotiationScanner } from "./scanner.js";
import { canonical, splitAt } from "./stream.js";
import { BINARY, CR, DO, DONT, ECHO, EOR_OPT, IAC, NAWS, PRIVATE_OPT, SGA, STATUS, TTYPE, UNKNOWN_OPT, WILL, WONT } from "./telnet.js";

/** Options whose negotiation the properties drive: the common ones, one with no codec, one nobody supports. */
export const NEGOTIATED_OPTIONS = [BINARY, ECHO, SGA, STATUS, TTYPE, EOR_OPT, NAWS, PRIVATE_OPT, UNKNOWN_OPT] as const;

const SIDES: readonly Side[] = ["local", "remote"];

const sidePolicy = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<SidePolicy>("accept", "refuse") },
  { weight: 1, arbitrary: fc.constant<SidePolicy>("initiate") },
);

/** A policy for each negotiated option. */
export const policyArb: fc.Arbitrary<EndpointConfig["policy"]> = fc
  .array(fc.record({ local: sidePolicy, remote: sidePolicy }), {
    minLength: NEGOTIATED_OPTIONS.length,
    maxLength: NEGOTIATED_OPTIONS.length,
  })
  .map((sides) => Object.fromEntries(NEGOTIATED_OPTIONS.map((o, i) => [o, sides[i]])));

/** An endpoint configuration: either role, any policies. */
export const endpointConfig: fc.Arbitrary<EndpointConfig> = fc.record({
  role: fc.constantFrom("client" as const, "server" as const),
  policy: policyArb,
});

/** Events in comparable form: as `normalize` (stream.ts) does, for the adapter's events. */
export function comparable(events: readonly NormalEvent[]): unknown[] {
  return canonical(events, (ev) => JSON.parse(JSON.stringify(ev, (_, v) => (v instanceof Uint8Array ? Array.from(v) : v))));
}

/** Which sides of which options are on: the negotiation state the properties compare. */
export function enabledState(e: TelnetEndpoint, options: readonly number[] = NEGOTIATED_OPTIONS): string[] {
  return options.flatMap((o) => SIDES.map((s) => `${o} ${s}: ${e.isEnabled(o, s) ? "on" : "off"}`));
}

function receiveAll(e: TelnetEndpoint, chunks: readonly Uint8Array[]): NormalEvent[] {
  const events: NormalEvent[] = [];
  for (const c of chunks) events.push(...e.receive(c));
  return events;
}

/** RFC 854: the stream is a byte stream, so a receiver's output cannot depend on where its pieces end. */
export function chunkingInvariance(adapter: TelnetAdapter) {
  return fc.property(endpointConfig, telnetStream(), cuts, (config, stream, points) => {
    const whole = adapter.create(config);
    const split = adapter.create(config);
    whole.start();
    split.start();
    const a = comparable(receiveAll(whole, [stream]));
    const b = comparable(receiveAll(split, splitAt(stream, points)));
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${adapter.name}: events differ between whole and split input:\n${JSON.stringify(a)}\n${JSON.stringify(b)}`);
    const sa = enabledState(whole).join();
    const sb = enabledState(split).join();
    if (sa !== sb) throw new Error(`${adapter.name}: option state differs between whole and split input:\n${sa}\n${sb}`);
  });
}

/** RFC 1123 §1.2.2 ("be liberal in what you accept"): any bytes, in any pieces, never an exception. */
export function neverThrows(adapter: TelnetAdapter) {
  return fc.property(endpointConfig, fc.oneof(garbage(400), telnetStream(60)), cuts, (config, input, points) => {
    const e = adapter.create(config);
    e.start();
    for (const ev of receiveAll(e, splitAt(input, points))) {
      if (typeof ev.type !== "string") throw new Error(`${adapter.name}: an event with no type`);
    }
  });
}

/** RFC 854 "TELNET COMMAND STRUCTURE": data with IAC doubled arrives as the same bytes (no CR, whose NVT reading differs). */
export function dataTransparency(adapter: TelnetAdapter) {
  const noCr = fc.uint8Array({ maxLength: 300 }).map((d) => d.filter((b) => b !== CR));
  return fc.property(noCr, cuts, (data, points) => {
    const sender = adapter.create({ role: "server", policy: {} });
    const receiver = adapter.create({ role: "client", policy: {} });
    const got: number[] = [];
    for (const ev of receiveAll(receiver, splitAt(sender.encode({ type: "data", bytes: data }), points))) {
      if (ev.type === "data") got.push(...ev.bytes);
    }
    if (got.join() !== Array.from(data).join()) throw new Error(`${adapter.name}: sent [${Array.from(data)}], received [${got}]`);
  });
}

type Name = "A" | "B";

/** A request from one end, or the delivery of up to `n` bytes in flight from one end to the other. */
export type WireAction =
  | { kind: "ask"; who: Name; option: number; side: Side; enable: boolean }
  | { kind: "deliver"; from: Name; n: number };

export const wireAction: fc.Arbitrary<WireAction> = fc.oneof(
  fc.record({
    kind: fc.constant("ask" as const),
    who: fc.constantFrom<Name>("A", "B"),
    option: fc.constantFrom(...NEGOTIATED_OPTIONS),
    side: fc.constantFrom<Side>("local", "remote"),
    enable: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("deliver" as const),
    from: fc.constantFrom<Name>("A", "B"),
    n: fc.oneof(fc.integer({ min: 1, max: 7 }), fc.constant(1 << 20)),
  }),
);

/**
 * RFC 1143: two endpoints of the implementation, a server and a client, on a simulated
 * wire; both ask to enable and disable options at any time, requests cross in flight,
 * bytes arrive in any pieces. Once everything in flight is delivered (within a bound: more
 * is a loop), both ends agree on every option, none still waits for an answer, each request
 * cost at most two negotiation messages, and a WILL / DO / WONT / DONT that changes nothing
 * gets no answer (RFC 854: "should not be acknowledged").
 */
export function negotiationConvergence(adapter: TelnetAdapter) {
  return fc.property(policyArb, policyArb, fc.array(wireAction, { maxLength: 60 }), (pa, pb, actions) => {
    const ends: Record<Name, TelnetEndpoint> = {
      A: adapter.create({ role: "server", policy: pa }),
      B: adapter.create({ role: "client", policy: pb }),
    };
    const inFlight: Record<Name, number[]> = { A: [], B: [] };
    const said: Record<Name, NegotiationScanner> = { A: new NegotiationScanner(), B: new NegotiationScanner() };
    let messages = 0;
    const write = (who: Name, bytes: Iterable<number>) => {
      const list = Array.from(bytes);
      inFlight[who].push(...list);
      messages += said[who].push(list).length;
    };
    const deliver = (from: Name, n: number) => {
      const to: Name = from === "A" ? "B" : "A";
      const bytes = Uint8Array.from(inFlight[from].splice(0, n));
      for (const ev of ends[to].receive(bytes)) if (ev.type === "transmit") write(to, ev.bytes);
    };

    let requests = 0;
    for (const who of ["A", "B"] as const) {
      const policy = who === "A" ? pa : pb;
      for (const o of NEGOTIATED_OPTIONS) for (const s of SIDES) if (policy[o]?.[s] === "initiate") requests++;
      write(who, ends[who].start());
    }
    for (const a of actions) {
      if (a.kind === "ask") {
        requests++;
        write(a.who, ends[a.who].encode({ type: a.enable ? "enable" : "disable", option: a.option, side: a.side }));
      } else if (inFlight[a.from].length > 0) {
        deliver(a.from, a.n);
      }
    }
    for (let round = 0; inFlight.A.length > 0 || inFlight.B.length > 0; round++) {
      if (round >= 50) throw new Error(`${adapter.name}: negotiation did not settle in 50 rounds (a loop)`);
      if (inFlight.A.length > 0) deliver("A", inFlight.A.length);
      if (inFlight.B.length > 0) deliver("B", inFlight.B.length);
    }

    const { A, B } = ends;
    for (const o of NEGOTIATED_OPTIONS) {
      if (A.isEnabled(o, "local") !== B.isEnabled(o, "remote") || A.isEnabled(o, "remote") !== B.isEnabled(o, "local")) {
        throw new Error(`${adapter.name}: the ends disagree about option ${o}: A ${enabledState(A, [o])}, B ${enabledState(B, [o])}`);
      }
      for (const s of SIDES) {
        if (A.isPending?.(o, s) || B.isPending?.(o, s)) throw new Error(`${adapter.name}: option ${o} ${s} still under negotiation on a quiet wire`);
      }
    }
    if (messages > 2 * requests) throw new Error(`${adapter.name}: ${messages} negotiation messages for ${requests} requests`);
    for (const e of [A, B]) {
      for (const o of NEGOTIATED_OPTIONS) {
        const same = [IAC, e.isEnabled(o, "remote") ? WILL : WONT, o, IAC, e.isEnabled(o, "local") ? DO : DONT, o];
        const answer = e.receive(Uint8Array.from(same)).filter((ev) => ev.type === "transmit" || ev.type === "option");
        if (answer.length > 0) throw new Error(`${adapter.name}: answered a negotiation that changes nothing (option ${o}): ${JSON.stringify(comparable(answer))}`);
      }
    }
  });
}
