import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { OPT, TelnetSession, logoutState, type Role } from "@telnetkit/core";
import { runs } from "../src/arbitraries.js";
import { DO, DONT, WILL, WONT, neg } from "../src/telnet.js";

describe("RFC 727 — LOGOUT negotiation (kept by its module, by the RFC 1143 rules)", () => {
  it("any sequence of peer messages and own requests: at most one reply each, and no reply to what changes nothing", () => {
    const step = fc.oneof(
      fc.constantFrom(DO, DONT, WILL, WONT).map((verb) => ({ peer: verb })),
      fc.constantFrom("request" as const, "warning" as const).map((kind) => ({ own: kind })),
    );
    fc.assert(
      fc.property(fc.constantFrom<Role>("client", "server"), fc.constantFrom("refuse", "accept"), fc.array(step, { maxLength: 30 }), (role, policy, steps) => {
        const s = new TelnetSession({ role, options: { logout: policy } });
        for (const st of steps) {
          if ("own" in st) {
            expect(s.send({ type: "logout", kind: st.own }).length).toBeLessThanOrEqual(3);
            continue;
          }
          const side = st.peer === DO || st.peer === DONT ? "local" : "remote";
          const before = logoutState(s, side);
          const out = s.receive(Uint8Array.from(neg(st.peer, OPT.LOGOUT)));
          const sent = out.filter((e) => e.type === "transmit").flatMap((e) => [...(e as { bytes: Uint8Array }).bytes]);
          expect(sent.length).toBeLessThanOrEqual(3);
          const positive = st.peer === DO || st.peer === WILL;
          // RFC 1143: a message that confirms the state already held is not answered.
          if ((before === "yes" && positive) || (before === "no" && !positive)) expect(sent).toEqual([]);
        }
      }),
      { numRuns: runs(300) },
    );
  });
});
