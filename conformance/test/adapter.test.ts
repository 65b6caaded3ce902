/**
 * The central properties run through the suite's adapter interface (src/adapter.ts): once
 * against telnetkit, and against implementations with a known fault, to show that each
 * property catches what it is about.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { telnetkitAdapter, type NormalEvent, type Side, type TelnetAdapter, type TelnetEndpoint } from "../src/adapter.js";
import { runs } from "../src/arbitraries.js";
import { NEGOTIATED_OPTIONS, chunkingInvariance, dataTransparency, negotiationConvergence, neverThrows, type WireAction } from "../src/properties.js";
import { DO, DONT, IAC, WILL, WONT } from "../src/telnet.js";

describe("telnetkit through the adapter interface", () => {
  it("RFC 854 — chunking invariance: events and option state do not depend on where the pieces end", () => {
    fc.assert(chunkingInvariance(telnetkitAdapter), { numRuns: runs(300) });
  });

  it("RFC 1123 §1.2.2 — receive never throws, on any bytes in any pieces", () => {
    fc.assert(neverThrows(telnetkitAdapter), { numRuns: runs(300) });
  });

  it("RFC 854 — data with IAC doubled arrives as the same bytes", () => {
    fc.assert(dataTransparency(telnetkitAdapter), { numRuns: runs(200) });
  });

  it("RFC 1143 — two endpoints converge: agreement, nothing pending, at most two messages a request, no answer to a no-op", () => {
    fc.assert(negotiationConvergence(telnetkitAdapter), { numRuns: runs(300) });
  });
});

/**
 * The message of the counterexample fast-check finds, or null. No shrinking (finding one is
 * the point) and a fixed seed, so that these checks of the checks are reproducible.
 */
function failure(property: fc.IProperty<unknown[]>, numRuns: number): string | null {
  const r = fc.check(property, { numRuns, endOnFailure: true, seed: 1143 });
  return r.failed ? String((r.errorInstance as Error | undefined)?.message ?? r.errorInstance) : null;
}

/** RFC 854 read without its loop rules: every WILL / DO is acknowledged, also when it changes nothing. */
const naiveAdapter: TelnetAdapter = {
  name: "acknowledges everything",
  create(config) {
    const on = new Set<string>();
    const accepts = (option: number, side: Side) => (config.policy[option]?.[side] ?? "refuse") !== "refuse";
    const endpoint: TelnetEndpoint = {
      start: () => new Uint8Array(0),
      receive(bytes) {
        const out: number[] = [];
        for (let i = 0; i + 2 < bytes.length; i++) {
          if (bytes[i] !== IAC) continue;
          const verb = bytes[i + 1];
          const option = bytes[i + 2];
          const side: Side = verb === WILL || verb === WONT ? "remote" : "local";
          const yes = (verb === WILL || verb === DO) && accepts(option, side);
          if (verb >= WILL) {
            if (yes) on.add(`${option} ${side}`);
            else on.delete(`${option} ${side}`);
            out.push(IAC, side === "remote" ? (yes ? DO : DONT) : yes ? WILL : WONT, option);
            i += 2;
          }
        }
        return out.length > 0 ? [{ type: "transmit", bytes: Uint8Array.from(out) } as NormalEvent] : [];
      },
      encode(c) {
        if (c.type !== "enable" && c.type !== "disable") return c.type === "data" ? c.bytes : new Uint8Array(0);
        const positive = c.type === "enable";
        return Uint8Array.from([IAC, c.side === "local" ? (positive ? WILL : WONT) : positive ? DO : DONT, c.option]);
      },
      isEnabled: (option, side) => on.has(`${option} ${side}`),
    };
    return endpoint;
  },
};

/** telnetkit, but an IAC at the end of a piece is taken for data instead of kept for the next piece. */
const forgetfulAdapter: TelnetAdapter = {
  name: "forgets a trailing IAC",
  create(config) {
    const inner = telnetkitAdapter.create(config);
    return {
      ...inner,
      receive(bytes) {
        if (bytes.length === 0 || bytes[bytes.length - 1] !== IAC) return inner.receive(bytes);
        return [...inner.receive(bytes.subarray(0, bytes.length - 1)), { type: "data", bytes: Uint8Array.of(IAC) }];
      },
    };
  },
};

/** telnetkit, but data is sent as it is, with no IAC doubling. */
const unescapedAdapter: TelnetAdapter = {
  name: "does not double IAC",
  create(config) {
    const inner = telnetkitAdapter.create(config);
    return { ...inner, encode: (c) => (c.type === "data" ? c.bytes : inner.encode(c)) };
  },
};

/** telnetkit, but a subnegotiation of option 180 makes it throw. */
const throwingAdapter: TelnetAdapter = {
  name: "throws on a subnegotiation",
  create(config) {
    const inner = telnetkitAdapter.create(config);
    return {
      ...inner,
      receive(bytes) {
        const events = inner.receive(bytes);
        if (events.some((e) => e.type === "subnegotiation")) throw new Error("unexpected subnegotiation");
        return events;
      },
    };
  },
};

describe("the properties catch faulty implementations", () => {
  it("ends that acknowledge every request (RFC 854 without its loop rules) fail RFC 1143 convergence", () => {
    expect(failure(negotiationConvergence(naiveAdapter), 200)).toMatch(/did not settle|answered a negotiation that changes nothing/);
    // The loop itself: one request for an option both ends accept.
    const accept = { local: "accept", remote: "accept" } as const;
    const policy = Object.fromEntries(NEGOTIATED_OPTIONS.map((o) => [o, accept]));
    const ask: WireAction = { kind: "ask", who: "A", option: NEGOTIATED_OPTIONS[0], side: "local", enable: true };
    const r = fc.check(negotiationConvergence(naiveAdapter), { examples: [[policy, policy, [ask]]], numRuns: 1, endOnFailure: true });
    expect(String((r.errorInstance as Error).message)).toMatch(/did not settle in 50 rounds/);
  });

  it("a partial IAC not carried to the next piece fails chunking invariance", () => {
    expect(failure(chunkingInvariance(forgetfulAdapter), 500)).toMatch(/differ between whole and split/);
  });

  it("data sent without IAC doubling fails data transparency", () => {
    expect(failure(dataTransparency(unescapedAdapter), 500)).toMatch(/sent \[.*\], received/);
  });

  it("an exception on some input fails never-throws", () => {
    expect(failure(neverThrows(throwingAdapter), 500)).toMatch(/unexpected subnegotiation/);
  });
});
