import { deflateSync, inflateSync, constants as zc } from "node:zlib";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DO, IAC, OPT, SB, SE, TelnetSession, WILL, type TelnetEvent } from "@telnetkit/core";
import { cuts, runs, telnetStream } from "../src/arbitraries.js";
import { splitAt } from "../src/stream.js";

/** Events to compare: adjacent data joined, bytes as arrays, and every transmitted byte in order apart. */
function comparable(events: TelnetEvent[]): { events: unknown[]; transmitted: number[] } {
  const out: unknown[] = [];
  const transmitted: number[] = [];
  for (const ev of events) {
    if (ev.type === "transmit") {
      transmitted.push(...ev.bytes);
      continue;
    }
    const last = out[out.length - 1] as { type?: string; bytes?: number[] } | undefined;
    if (ev.type === "data" && last?.type === "data") last.bytes!.push(...ev.bytes);
    else if (ev.type === "data") out.push({ type: "data", bytes: Array.from(ev.bytes) });
    else out.push(ev);
  }
  return { events: out, transmitted };
}

// mud-mccp.md: compression starts right after IAC SB MCCP2 IAC SE and ends with the zlib
// stream; the Telnet stream is what comes before, the decompressed bytes and what comes
// after, in order. Where the pieces of the wire end must not matter (RFC 854's byte stream).

const START = [IAC, SB, OPT.MCCP2, IAC, SE];
const codecThatInflates = { createInflater: () => ({ write() {}, end() {}, destroy() {} }) };

interface Run {
  events: TelnetEvent[];
  starts: number;
  restarted: boolean;
}

/**
 * A client with MCCP2 on receives `chunks`; its compressed bytes are inflated with node:zlib
 * (over all received so far: the stream is `streamLength` bytes long) and handed back as a
 * connection does: the output to `decompressed()`, the bytes after the end to
 * `decompressionEnded()`.
 */
function receive(chunks: Uint8Array[], streamLength: number): Run {
  const session = new TelnetSession({ role: "client", compression: codecThatInflates });
  const run: Run = { events: [], starts: 0, restarted: false };
  let compressed: number[] = [];
  let delivered = 0;
  let ended = false;
  const take = (events: TelnetEvent[]): void => {
    for (const ev of events) {
      if (ev.type === "compressed") {
        if (ended) run.restarted = true;
        else feed(ev.bytes);
      } else {
        if (ev.type === "compression" && ev.active) run.starts++;
        run.events.push(ev);
      }
    }
  };
  const feed = (bytes: Uint8Array): void => {
    compressed = compressed.concat(Array.from(bytes));
    const upTo = Math.min(streamLength, compressed.length);
    const out = inflateSync(Uint8Array.from(compressed.slice(0, upTo)), { finishFlush: zc.Z_SYNC_FLUSH });
    if (out.length > delivered) {
      const fresh = Uint8Array.from(out.subarray(delivered));
      delivered = out.length;
      take(session.decompressed(fresh));
    }
    if (compressed.length >= streamLength) {
      ended = true;
      take(session.decompressionEnded(Uint8Array.from(compressed.slice(streamLength))));
    }
  };
  take(session.receive(Uint8Array.of(IAC, WILL, OPT.MCCP2)));
  for (const c of chunks) take(session.receive(c));
  return run;
}

describe("mud-mccp.md — a compressed stream inside a Telnet stream", () => {
  it("the events do not depend on where the pieces of the wire end", () => {
    fc.assert(
      fc.property(telnetStream(12), telnetStream(20), telnetStream(12), cuts, (before, inner, after, points) => {
        const z = deflateSync(inner);
        const wire = Uint8Array.from([...before, ...START, ...z, ...after]);
        const whole = receive([wire], z.length);
        // Only streams whose one start is the one placed here (the random parts may hold a
        // truncated command that swallows it, or a start of their own).
        fc.pre(whole.starts === 1 && !whole.restarted);
        const split = receive(splitAt(wire, points), z.length);
        expect(comparable(split.events)).toEqual(comparable(whole.events));
      }),
      { numRuns: runs(150) },
    );
  });

  it("the decompressed stream reads as the same stream sent plain", () => {
    fc.assert(
      fc.property(telnetStream(20), cuts, (inner, points) => {
        const z = deflateSync(inner);
        const compressed = receive(splitAt(Uint8Array.from([...START, ...z]), points), z.length);
        const plain = new TelnetSession({ role: "client", compression: codecThatInflates });
        const events = [...plain.receive(Uint8Array.of(IAC, WILL, OPT.MCCP2)), ...plain.receive(inner)];
        fc.pre(!events.some((e) => e.type === "compression"));
        const strip = (evs: TelnetEvent[]) => evs.filter((e) => e.type !== "compression");
        expect(comparable(strip(compressed.events))).toEqual(comparable(strip(events)));
      }),
      { numRuns: runs(150) },
    );
  });

  it("the client accepts MCCP2 only with a codec that inflates", () => {
    const bare = new TelnetSession({ role: "client" });
    expect(Array.from(bare.receive(Uint8Array.of(IAC, WILL, OPT.MCCP2)).flatMap((e) => (e.type === "transmit" ? [...e.bytes] : [])))).toEqual([
      IAC,
      254,
      OPT.MCCP2,
    ]);
    const able = new TelnetSession({ role: "client", compression: codecThatInflates });
    expect(Array.from(able.receive(Uint8Array.of(IAC, WILL, OPT.MCCP2)).flatMap((e) => (e.type === "transmit" ? [...e.bytes] : [])))).toEqual([
      IAC,
      DO,
      OPT.MCCP2,
    ]);
  });
});
