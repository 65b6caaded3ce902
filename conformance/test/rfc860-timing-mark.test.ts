import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TelnetSession, type SidePolicy } from "@telnetkit/core";
import { cuts, runs } from "../src/arbitraries.js";
import { negotiations } from "../src/scanner.js";
import { feed, normalize, ofType, splitAt } from "../src/stream.js";
import { BINARY, DO, DONT, TM, WILL, WONT, escape, neg } from "../src/telnet.js";
import { SimulatedWire } from "../src/wire.js";

// RFC 860: TIMING-MARK is not a state. DO asks "answer when you got here", answered WILL
// (or refused, WONT) at that point of the stream; a WILL not asked for is answered DONT;
// the sender of a WILL "must remember that it sent the WILL TIMING-MARK so as to discard
// the DO/DON'T TIMING-MARK when it eventually arrives".

type Name = "A" | "B";
const tmPolicy = fc.constantFrom<SidePolicy>("accept", "refuse");

function twoEnds(aLocal: SidePolicy, bLocal: SidePolicy) {
  const a = new TelnetSession({ role: "server", options: { tm: { local: aLocal, remote: "refuse" } } });
  const b = new TelnetSession({ role: "client", options: { tm: { local: bLocal, remote: "refuse" } } });
  return new SimulatedWire(a, b);
}

const step = fc.oneof(
  fc.record({ kind: fc.constant("request" as const), who: fc.constantFrom<Name>("A", "B") }),
  fc.record({ kind: fc.constant("deliver" as const), who: fc.constantFrom<Name>("A", "B"), n: fc.integer({ min: 1, max: 5 }) }),
);

describe("RFC 860 — TIMING-MARK", () => {
  it("each DO TIMING-MARK gets exactly one answer, WILL if the peer agrees, and nothing stays enabled", () => {
    fc.assert(
      fc.property(tmPolicy, tmPolicy, fc.array(step, { maxLength: 40 }), (pa, pb, steps) => {
        const wire = twoEnds(pa, pb);
        const asked = { A: 0, B: 0 };
        for (const s of steps) {
          const end = wire[s.who];
          if (s.kind === "request") {
            asked[s.who]++;
            expect(Array.from(wire.send(end, { type: "timing-mark" }).bytes)).toEqual(neg(DO, TM));
          } else if (end.outbox.size > 0) wire.deliver(end, s.n);
          for (const e of [wire.A, wire.B]) {
            const st = e.session.optionState(TM);
            if (st.local !== "no" || st.remote !== "no") expect.fail(`${e.name}: TIMING-MARK in state ${JSON.stringify(st)}`);
          }
        }
        for (let round = 0; !wire.quiet; round++) {
          expect(round).toBeLessThan(10);
          wire.deliver(wire.A, 1 << 20);
          wire.deliver(wire.B, 1 << 20);
        }
        for (const [me, peer, peerAgrees] of [["A", "B", pb], ["B", "A", pa]] as const) {
          const replies = ofType(wire.seen[me], "timing-mark").filter((e) => e.kind === "reply");
          expect(replies).toHaveLength(asked[me]);
          for (const r of replies) expect(r.agreed).toBe(peerAgrees === "accept");
          const requests = ofType(wire.seen[peer], "timing-mark").filter((e) => e.kind === "request");
          expect(requests).toHaveLength(asked[me]);
          expect(ofType(wire.seen[me], "option")).toEqual([]);
        }
        // Requests and answers only: two messages a request.
        const all = [...negotiations(wire.written.A), ...negotiations(wire.written.B)];
        expect(all).toHaveLength(2 * (asked.A + asked.B));
      }),
      { numRuns: runs(300) },
    );
  });

  it("the answer is made at the point of the stream where the DO was, in any split", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 30 }), fc.uint8Array({ maxLength: 30 }), tmPolicy, cuts, (before, after, policy, points) => {
        const s = new TelnetSession({ role: "client", options: { tm: { local: policy, remote: "refuse" }, binary: "accept" } });
        s.receive(Uint8Array.from(neg(WILL, BINARY)));
        const wire = Uint8Array.from([...escape(before), ...neg(DO, TM), ...escape(after)]);
        const agreed = policy === "accept";
        const expected = [
          ...(before.length ? [{ type: "data", bytes: Array.from(before) }] : []),
          { type: "timing-mark", kind: "request", agreed },
          { type: "transmit", bytes: neg(agreed ? WILL : WONT, TM) },
          ...(after.length ? [{ type: "data", bytes: Array.from(after) }] : []),
        ];
        expect(normalize(feed(s, splitAt(wire, points)))).toEqual(expected);
      }),
      { numRuns: runs(200) },
    );
  });

  it("an unasked WILL TIMING-MARK is answered DONT once; the sender of the WILL discards that DONT", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), (marks) => {
        const wire = twoEnds("accept", "accept");
        for (let k = 0; k < marks; k++) expect(Array.from(wire.send(wire.A, { type: "timing-mark", kind: "mark" }).bytes)).toEqual(neg(WILL, TM));
        wire.deliver(wire.A, 1 << 20);
        expect(wire.written.B).toEqual(Array.from({ length: marks }, () => neg(DONT, TM)).flat());
        expect(ofType(wire.seen.B, "timing-mark")).toEqual(Array.from({ length: marks }, () => ({ type: "timing-mark", kind: "mark", agreed: false })));
        const back = wire.deliver(wire.B, 1 << 20);
        expect(back.events).toEqual([]);
        expect(wire.quiet).toBe(true);
      }),
      { numRuns: runs(50) },
    );
  });

  it("requests and marks from both ends, crossing in flight, settle with at most two messages each", () => {
    const any = fc.oneof(
      fc.record({ kind: fc.constantFrom<"request" | "mark">("request", "mark"), who: fc.constantFrom<Name>("A", "B") }),
      fc.record({ kind: fc.constant("deliver" as const), who: fc.constantFrom<Name>("A", "B"), n: fc.integer({ min: 1, max: 5 }) }),
    );
    fc.assert(
      fc.property(tmPolicy, tmPolicy, fc.array(any, { maxLength: 40 }), (pa, pb, steps) => {
        const wire = twoEnds(pa, pb);
        let commands = 0;
        for (const s of steps) {
          const end = wire[s.who];
          if (s.kind === "deliver") {
            if (end.outbox.size > 0) wire.deliver(end, s.n);
          } else {
            commands++;
            wire.send(end, { type: "timing-mark", kind: s.kind });
          }
        }
        for (let round = 0; !wire.quiet; round++) {
          expect(round).toBeLessThan(10);
          wire.deliver(wire.A, 1 << 20);
          wire.deliver(wire.B, 1 << 20);
        }
        const all = [...negotiations(wire.written.A), ...negotiations(wire.written.B)];
        expect(all.length).toBeLessThanOrEqual(2 * commands);
        for (const e of [wire.A, wire.B]) expect(e.session.optionState(TM)).toEqual({ local: "no", remote: "no" });
      }),
      { numRuns: runs(300) },
    );
  });
});
