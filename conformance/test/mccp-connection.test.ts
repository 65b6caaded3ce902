import * as zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  TelnetConnection,
  createChannelPair,
  inflateCodec,
  nodeZlibCodec,
  type ByteChannel,
  type ChannelEvents,
  type CompressionCodec,
} from "@telnetkit/core";

// mud-mccp.md through two connections on an in-memory channel pair, node:zlib both ends:
// the writer's side stops and restarts its compressed stream at random points, the wire is
// cut at random, and the connection may be reset at a random time. The reader gets a prefix
// of what was written, in order, with nothing repeated; all of it when the close is graceful.

const codec = nodeZlibCodec(zlib);
// The reader may inflate with node:zlib or with the codec in plain TypeScript.
const readers: [string, CompressionCodec][] = [
  ["node:zlib", codec],
  ["inflateCodec()", { createInflater: inflateCodec().createInflater, createDeflater: codec.createDeflater }],
];
const turn = () => new Promise((r) => setImmediate(r));

type Step = { kind: "write"; bytes: Uint8Array } | { kind: "stop" } | { kind: "start" } | { kind: "wait"; turns: number };

// Data with IAC and CR among it; no NUL, which NVT drops after a CR (RFC 854).
const segment = fc.uint8Array({ minLength: 1, maxLength: 3000 }).map((b) => b.map((x) => (x === 0 ? 255 : x)));
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: segment.map((bytes) => ({ kind: "write" as const, bytes })) },
  { weight: 2, arbitrary: fc.constant({ kind: "stop" as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: "start" as const }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 5 }).map((turns) => ({ kind: "wait" as const, turns })) },
);
// Where the connection is reset: after this many steps, then after this many turns of the event loop.
const ending = fc.oneof(
  fc.constant({ graceful: true as const }),
  fc.record({ graceful: fc.constant(false as const), afterStep: fc.nat(), turns: fc.nat({ max: 8 }) }),
);

/** The reader's channel, with every chunk that arrives cut again at the sizes given (in turn). */
function recut(channel: ByteChannel, sizes: number[]): ByteChannel {
  let k = 0;
  return {
    start(events: ChannelEvents) {
      channel.start({
        data(bytes) {
          for (let at = 0; at < bytes.length; ) {
            const n = sizes[k++ % sizes.length];
            events.data(bytes.subarray(at, at + n));
            at += n;
          }
        },
        drain: () => events.drain(),
        end: () => events.end(),
        close: (error) => events.close(error),
      });
    },
    write: (b) => channel.write(b),
    pause: () => channel.pause(),
    resume: () => channel.resume(),
    end: () => channel.end(),
    destroy: (e) => channel.destroy(e),
  };
}

async function readAll(conn: TelnetConnection): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const part = await conn.readBytes();
    if (part === null) break;
    parts.push(part);
    size += part.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function joined(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

for (const option of ["mccp2", "mccp3"] as const) for (const [readerName, readerCodec] of readers) {
  const writerRole = option === "mccp2" ? "server" : "client";
  describe(`${option.toUpperCase()} through TelnetConnection (node:zlib writes, ${readerName} reads), any stops and restarts, cuts and close`, () => {
    it("the reader gets what was written, in order, all of it when the close is graceful", async () => {
      const streams: number[] = [];
      await fc.assert(
        fc.asyncProperty(
          fc.array(step, { minLength: 1, maxLength: 12 }),
          fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 }),
          fc.integer({ min: 256, max: 65536 }),
          ending,
          fc.boolean(),
          async (steps, sizes, highWaterMark, end, early) => {
            const [a, b] = createChannelPair({ highWaterMark });
            const serverChannel = writerRole === "server" ? a : recut(a, sizes);
            const clientChannel = writerRole === "client" ? b : recut(b, sizes);
            const server = new TelnetConnection(serverChannel, {
              role: "server",
              compression: writerRole === "server" ? codec : readerCodec,
              options: { mccp2: "offer", mccp3: "offer" },
            });
            const client = new TelnetConnection(clientChannel, {
              role: "client",
              compression: writerRole === "client" ? codec : readerCodec,
            });
            const writer = writerRole === "server" ? server : client;
            const reader = writerRole === "server" ? client : server;
            const warnings: string[] = [];
            reader.on("warning", (w) => warnings.push(w.code));
            reader.on("compression", (ev) => void (ev.direction === "in" && ev.active && starts++));
            const got = readAll(reader);
            // Mostly once compression is agreed; else from the first byte, negotiation in flight.
            if (!early) await writer.waitFor(option, writerRole === "server" ? "local" : "remote");
            const sent: Uint8Array[] = [];
            let reset = false;
            let starts = 0;
            for (let i = 0; i < steps.length && !reset; i++) {
              const s = steps[i];
              if (s.kind === "write") {
                // Open all along: every write is taken.
                expect(await writer.write(s.bytes)).toBe(true);
                sent.push(s.bytes);
              } else if (s.kind === "wait") {
                for (let k = 0; k < s.turns; k++) await turn();
              } else {
                expect(await writer.send({ type: option, action: s.kind })).toBe(true);
              }
              if (!end.graceful && end.afterStep === i) {
                for (let k = 0; k < end.turns; k++) await turn();
                writer.destroy();
                reset = true;
              }
            }
            if (!reset) {
              if (end.graceful) await writer.close();
              else writer.destroy();
            }
            const received = await got;
            const [readerClose, writerClose] = await Promise.all([reader.closed, writer.closed]);
            const expected = joined(sent);
            streams.push(starts);
            expect(warnings).toEqual([]);
            if (end.graceful) {
              expect(firstDifference(received, expected)).toBe(-1);
              // Both ends closed in turn, not by a timer or a reset.
              expect([writerClose.reason, readerClose.reason, readerClose.error]).toEqual(["local", "remote", undefined]);
            } else {
              expect(received.length).toBeLessThanOrEqual(expected.length);
              expect(firstDifference(received, expected.subarray(0, received.length))).toBe(-1);
            }
          },
        ),
        { numRuns: 60 },
      );
      // The runs went through compressed streams, and through restarts of them.
      expect(streams.some((n) => n >= 2)).toBe(true);
    });
  });
}
