import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TelnetSession } from "@telnetkit/core";
import { cuts, runs, sessionOptions, telnetStream } from "../src/arbitraries.js";
import { bytewise, cat, feed, normalize, optionSnapshot, splitAt, transmitOwed } from "../src/stream.js";
import { BINARY, IAC, WILL, neg } from "../src/telnet.js";

// RFC 854 describes a byte stream: TCP may deliver it in any pieces, so what a receiver
// does cannot depend on where the pieces end.

describe("RFC 854 / 855 — chunking invariance", () => {
  it("a stream fed whole or split at any points gives the same events and the same option state", () => {
    fc.assert(
      fc.property(sessionOptions, telnetStream(), cuts, (options, stream, points) => {
        const whole = new TelnetSession(options);
        const split = new TelnetSession(options);
        const a = normalize(feed(whole, [stream]));
        const b = normalize(feed(split, splitAt(stream, points)));
        expect(b).toEqual(a);
        expect(optionSnapshot(split)).toEqual(optionSnapshot(whole));
      }),
      { numRuns: runs(1000) },
    );
  });

  it("a stream fed one byte at a time gives the same events and the same option state", () => {
    fc.assert(
      fc.property(sessionOptions, telnetStream(25), (options, stream) => {
        const whole = new TelnetSession(options);
        const split = new TelnetSession(options);
        const a = normalize(feed(whole, [stream]));
        const b = normalize(feed(split, bytewise(stream)));
        expect(b).toEqual(a);
        expect(optionSnapshot(split)).toEqual(optionSnapshot(whole));
      }),
      { numRuns: runs(200) },
    );
  });

  it("the same holds with BINARY on in the peer's direction (RFC 856)", () => {
    fc.assert(
      fc.property(sessionOptions, telnetStream(), cuts, (options, stream, points) => {
        const opts = { ...options, options: { ...options.options, [BINARY]: { local: "accept", remote: "accept" } as const } };
        const whole = new TelnetSession(opts);
        const split = new TelnetSession(opts);
        // The peer turns its BINARY on first; the stream follows.
        const prefix = Uint8Array.from(neg(WILL, BINARY));
        feed(whole, [prefix]);
        feed(split, [prefix]);
        expect(whole.isEnabled(BINARY, "remote")).toBe(true);
        const a = normalize(feed(whole, [stream]));
        const b = normalize(feed(split, splitAt(stream, points)));
        expect(b).toEqual(a);
        expect(optionSnapshot(split)).toEqual(optionSnapshot(whole));
      }),
      { numRuns: runs(600) },
    );
  });

  it("replies are never late: before each event, at least the bytes owed for what came before it", () => {
    // Fed a byte at a time, each reply goes out right before the event of the command it
    // answers: that is what is owed. Any other split may send replies earlier, never later.
    fc.assert(
      fc.property(sessionOptions, telnetStream(), cuts, (options, stream, points) => {
        const owed = transmitOwed(feed(new TelnetSession(options), bytewise(stream)));
        const got = transmitOwed(feed(new TelnetSession(options), splitAt(stream, points)));
        expect(got.length).toBe(owed.length);
        for (let k = 0; k < owed.length; k++) expect(got[k]).toBeGreaterThanOrEqual(owed[k]);
      }),
      { numRuns: runs(500) },
    );
  });

  it("no event is empty: no data or transmit event without bytes, whatever the split", () => {
    fc.assert(
      fc.property(sessionOptions, telnetStream(), cuts, (options, stream, points) => {
        const s = new TelnetSession(options);
        for (const ev of feed(s, splitAt(cat(stream, [IAC]), points))) {
          if (ev.type === "data" || ev.type === "transmit") expect(ev.bytes.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: runs(200) },
    );
  });
});
