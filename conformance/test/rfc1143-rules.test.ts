import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TelnetSession } from "@telnetkit/core";
import { runs } from "../src/arbitraries.js";
import { negotiations } from "../src/scanner.js";
import { dataBytes, transmitBytes } from "../src/stream.js";
import { BINARY, CR, DO, DONT, EOR, EOR_OPT, GA, IAC, NAWS, NUL, SGA, UNKNOWN_OPT, WILL, WONT, neg } from "../src/telnet.js";

// RFC 1143 sections 2-4: the rules the section 7 machine exists for.

describe("RFC 1143 section 2 — refuse what is not supported", () => {
  it("a request to enable an option with no module and no policy is refused, once, either role", () => {
    fc.assert(
      fc.property(fc.constantFrom("client" as const, "server" as const), fc.integer({ min: 0, max: 255 }), (role, code) => {
        const s = new TelnetSession({ role });
        fc.pre(s.moduleFor(code) === undefined);
        const first = negotiations(transmitBytes(s.receive(Uint8Array.from([...neg(WILL, code), ...neg(DO, code)]))));
        expect(first).toEqual([
          [DONT, code],
          [WONT, code],
        ]);
        // The peer's confirmation of our refusal (some send it) is not answered again.
        expect(s.receive(Uint8Array.from([...neg(WONT, code), ...neg(DONT, code)]))).toEqual([]);
        expect(s.optionState(code)).toEqual({ local: "no", remote: "no" });
      }),
      { numRuns: runs(300) },
    );
  });
});

describe("RFC 1143 section 2 — while negotiating, no effect of the option is used", () => {
  it("BINARY asked for our side (WANTYES): text still goes out with NVT line endings until the DO", () => {
    const s = new TelnetSession({ role: "server" });
    s.send({ type: "enable", option: BINARY, side: "local" });
    expect(s.optionState(BINARY).local).toBe("wantyes");
    expect(Array.from(s.send({ type: "text", text: "a\rb\n" }))).toEqual([0x61, CR, NUL, 0x62, CR, 10]);
    s.receive(Uint8Array.from(neg(DO, BINARY)));
    expect(Array.from(s.send({ type: "text", text: "a\rb\n" }))).toEqual([0x61, CR, 0x62, 10]);
  });

  it("BINARY asked of the peer (WANTYES): its data is still NVT (CR NUL read as CR) until its WILL", () => {
    const s = new TelnetSession({ role: "server" });
    s.send({ type: "enable", option: BINARY, side: "remote" });
    expect(dataBytes(s.receive(Uint8Array.from([CR, NUL])))).toEqual([CR]);
    expect(dataBytes(s.receive(Uint8Array.from([...neg(WILL, BINARY), CR, NUL])))).toEqual([CR, NUL]);
  });

  it("SGA and EOR asked for our side: prompts keep GA until agreed, then EOR / nothing (RFC 885, RFC 858)", () => {
    const s = new TelnetSession({ role: "server" });
    s.send({ type: "enable", option: EOR_OPT, side: "local" });
    s.send({ type: "enable", option: SGA, side: "local" });
    expect(Array.from(s.send({ type: "prompt" }))).toEqual([IAC, GA]);
    s.receive(Uint8Array.from(neg(DO, SGA)));
    expect(Array.from(s.send({ type: "prompt" }))).toEqual([]);
    s.receive(Uint8Array.from(neg(DO, EOR_OPT)));
    expect(Array.from(s.send({ type: "prompt" }))).toEqual([IAC, EOR]);
  });

  it("NAWS asked for our side: the size is kept, and sent only once the peer agrees", () => {
    const s = new TelnetSession({ role: "client" });
    s.send({ type: "enable", option: NAWS, side: "local" });
    expect(Array.from(s.send({ type: "naws", width: 100, height: 40 }))).toEqual([]);
    const sent = transmitBytes(s.receive(Uint8Array.from(neg(DO, NAWS))));
    expect(sent).toEqual([IAC, 250, NAWS, 0, 100, 0, 40, IAC, 240]);
  });
});

/**
 * A peer of the kind RFC 1143 was written against: RFC 854 rules only. It keeps whether
 * each side of an option is on, but no WANTYES/WANTNO (section 3), so it cannot tell an
 * answer from a request; it answers whatever changes its state, and, as section 2 says
 * "many existing implementations" do, it confirms every refusal it gets, even of nothing.
 */
class Rfc854Peer {
  private local = new Set<number>();
  private remote = new Set<number>();

  constructor(private readonly agrees: (option: number) => boolean) {}

  /** Read the engine's bytes; the answers. */
  answer(bytes: Uint8Array): number[] {
    const out: number[] = [];
    for (const [verb, option] of negotiations(bytes)) {
      const positive = verb === WILL || verb === DO;
      // WILL / WONT are about the engine's side, which is "remote" to this peer.
      const set = verb === WILL || verb === WONT ? this.remote : this.local;
      const yes = verb === WILL || verb === WONT ? DO : WILL;
      const no = verb === WILL || verb === WONT ? DONT : WONT;
      if (positive && !set.has(option)) {
        if (this.agrees(option)) set.add(option);
        out.push(...neg(this.agrees(option) ? yes : no, option));
      } else if (!positive) {
        set.delete(option);
        out.push(...neg(no, option)); // confirms the refusal, whatever its state was
      }
    }
    return out;
  }

  /** A request of its own: it sends the verb and remembers nothing of it. */
  ask(verb: number, option: number): number[] {
    return neg(verb, option);
  }
}

describe("RFC 1143 sections 2-4 — no loop against an RFC 854 peer", () => {
  it("requests from both ends, crossing on the wire, end within a few rounds", () => {
    const opts = [BINARY, SGA, EOR_OPT, NAWS, UNKNOWN_OPT];
    const request = fc.record({
      option: fc.constantFrom(...opts),
      side: fc.constantFrom("local" as const, "remote" as const),
      enable: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.constantFrom("client" as const, "server" as const),
        fc.func(fc.boolean()),
        fc.array(request, { maxLength: 12 }),
        // Section 4: at most one request about a side of an option at a time. A peer that sends
        // WILL WONT back to back and then takes our answers for new requests loops with any
        // implementation (the section's LOOP EXAMPLE 2); that is the peer's loop, not ours.
        fc.uniqueArray(fc.tuple(fc.constantFrom(WILL, WONT, DO, DONT), fc.constantFrom(...opts)), {
          maxLength: 12,
          selector: ([v, o]) => `${v === WILL || v === WONT ? "him" : "us"} ${o}`,
        }),
        (role, whim, requests, peerRequests) => {
          const s = new TelnetSession({ role, options: Object.fromEntries(opts.map((o) => [o, "accept"])) });
          const peer = new Rfc854Peer((o) => whim(o));
          // Both ends ask at once: the engine's requests and the peer's cross on the wire.
          const toPeer: number[] = [];
          for (const r of requests) toPeer.push(...s.send({ type: r.enable ? "enable" : "disable", option: r.option, side: r.side }));
          let toUs = [...peerRequests.flatMap(([v, o]) => peer.ask(v, o)), ...peer.answer(Uint8Array.from(toPeer))];
          let rounds = 0;
          while (toUs.length > 0) {
            expect(++rounds, "negotiation loop").toBeLessThanOrEqual(3);
            toUs = peer.answer(Uint8Array.from(transmitBytes(s.receive(Uint8Array.from(toUs)))));
          }
          expect(s.isSettled()).toBe(true);
        },
      ),
      { numRuns: runs(300) },
    );
  });
});
