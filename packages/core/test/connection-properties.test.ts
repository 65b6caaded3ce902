import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TelnetConnection, createChannelPair } from "@telnetkit/core";

// Every wait in these properties must end: a hang fails the run instead of stalling it.
const within = <T>(p: Promise<T>, what: string, ms = 3000): Promise<T> =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} hung`)), ms).unref?.())]);

const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
beforeAll(() => void process.on("unhandledRejection", onRejection));
afterAll(() => void process.off("unhandledRejection", onRejection));

const chunks = fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 0, maxLength: 12 });
const readSizes = fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 8 });

function concat(parts: Uint8Array[]): number[] {
  return parts.flatMap((p) => [...p]);
}

// What a reader gets of bytes sent without BINARY: the NUL of each CR NUL is dropped (RFC 854).
function nvt(bytes: number[]): number[] {
  return bytes.filter((b, i) => !(b === 0 && bytes[i - 1] === 13));
}

async function readAll(conn: TelnetConnection, sizes: number[]): Promise<number[]> {
  const got: number[] = [];
  for (let i = 0; ; i++) {
    const b = await within(conn.readBytes(sizes[i % sizes.length]), "readBytes");
    if (b === null) return got;
    expect(b.length).toBeGreaterThan(0);
    expect(b.length).toBeLessThanOrEqual(sizes[i % sizes.length]);
    for (const x of b) got.push(x);
  }
}

describe("TelnetConnection properties on an in-memory pair", () => {
  it("every byte written before a graceful close arrives, in order, whatever the chunks, read sizes and buffers", async () => {
    await fc.assert(
      fc.asyncProperty(chunks, readSizes, fc.integer({ min: 16, max: 2048 }), fc.integer({ min: 16, max: 4096 }), async (parts, sizes, maxBuffer, hwm) => {
        const [a, b] = createChannelPair({ highWaterMark: hwm });
        const s = new TelnetConnection(a, { role: "server", maxBuffer, options: {} });
        const c = new TelnetConnection(b, { role: "client", options: {} });
        const reading = readAll(s, sizes);
        for (const p of parts) expect(await within(c.write(p), "write")).toBe(true);
        await within(c.close(), "close");
        expect(await reading).toEqual(nvt(concat(parts)));
        expect((await within(s.closed, "server close")).reason).toBe("remote");
      }),
      { numRuns: 60 },
    );
    expect(rejections).toEqual([]);
  });

  it("a reset at any point: reads give a prefix of what was written, then null; writes and closes end", async () => {
    await fc.assert(
      fc.asyncProperty(
        chunks,
        readSizes,
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom("client", "server"),
        fc.boolean(),
        async (parts, sizes, resetAfter, who, awaitWrites) => {
          const [a, b] = createChannelPair({ highWaterMark: 256 });
          const s = new TelnetConnection(a, { role: "server", maxBuffer: 128, options: {} });
          const c = new TelnetConnection(b, { role: "client", options: {} });
          const reading = readAll(s, sizes);
          const writes: Promise<boolean>[] = [];
          for (let i = 0; i < parts.length; i++) {
            if (i === resetAfter) (who === "client" ? c : s).destroy();
            const w = c.write(parts[i]);
            writes.push(w);
            if (awaitWrites) await within(w, "write");
          }
          if (resetAfter >= parts.length) (who === "client" ? c : s).destroy();
          for (const w of writes) expect(typeof (await within(w, "write after reset"))).toBe("boolean");
          const got = await reading;
          expect(got).toEqual(nvt(concat(parts)).slice(0, got.length));
          await within(s.close(), "server close");
          await within(c.close(), "client close");
          expect(await within(s.drain(), "drain")).toBeUndefined();
          expect(await within(s.waitForNegotiation({ maxWait: 10_000 }), "waitForNegotiation")).toBe(false);
          expect(await within(c.readline(), "readline")).toBeNull();
        },
      ),
      { numRuns: 60 },
    );
    expect(rejections).toEqual([]);
  });

  it("lines of multi-byte text, cut anywhere, come whole and in order, however small maxBuffer is", async () => {
    const line = fc.array(fc.constantFrom("a", "é", "€", "😀", " "), { maxLength: 60 }).map((cs) => cs.join(""));
    const end = fc.constantFrom("\r\n", "\n", "\r\0");
    await fc.assert(
      fc.asyncProperty(
        // In NVT mode the engine reads CR NUL LF as CR LF (it drops the NUL of CR NUL): no LF right after CR NUL.
        fc
          .array(fc.tuple(line, end), { minLength: 1, maxLength: 10 })
          .map((ls) => ls.map(([l, e], i): [string, string] => [l, l === "" && e === "\n" && ls[i - 1]?.[1] === "\r\0" ? "\r\n" : e])),
        fc.array(fc.integer({ min: 1, max: 2000 }), { maxLength: 8 }),
        fc.integer({ min: 61, max: 300 }),
        async (lines, cuts, maxBuffer) => {
          const [a, b] = createChannelPair({ highWaterMark: 64 });
          const s = new TelnetConnection(a, { role: "server", maxBuffer, forceBinary: true, options: {} });
          const c = new TelnetConnection(b, { role: "client", forceBinary: true, options: {} });
          const bytes = new TextEncoder().encode(lines.map(([l, e]) => l + e).join(""));
          const at = [...new Set(cuts.map((x) => x % (bytes.length + 1)))].sort((x, y) => x - y);
          const writer = (async () => {
            let from = 0;
            for (const to of [...at, bytes.length]) {
              if (to > from) await c.write(bytes.subarray(from, to));
              from = Math.max(from, to);
            }
            await c.close();
          })();
          const got: string[] = [];
          for (;;) {
            const l = await within(s.readline(), "readline");
            if (l === null) break;
            got.push(l);
          }
          await within(writer, "writer");
          expect(got).toEqual(lines.map(([l]) => l));
        },
      ),
      { numRuns: 80 },
    );
    expect(rejections).toEqual([]);
  });

  it("any sequence of operations on either end, closes and resets included, ends with every wait settled", async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("write" as const), end: fc.nat(1), bytes: fc.uint8Array({ maxLength: 3000 }) }),
      fc.record({ kind: fc.constantFrom("read" as const, "readline" as const, "readUntil" as const, "drain" as const, "negotiation" as const, "next" as const), end: fc.nat(1), abortAfter: fc.option(fc.nat(5)) }),
      fc.record({ kind: fc.constantFrom("close" as const, "destroy" as const, "tick" as const), end: fc.nat(1) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), fc.integer({ min: 32, max: 4096 }), async (ops, maxBuffer) => {
        const [a, b] = createChannelPair({ highWaterMark: 1024 });
        const ends = [
          new TelnetConnection(a, { role: "server", maxBuffer, closeTimeout: 200, options: { naws: "request", ttype: "request" } }),
          new TelnetConnection(b, { role: "client", maxBuffer, closeTimeout: 200, windowSize: { width: 80, height: 24 } }),
        ];
        const pending: Promise<unknown>[] = [];
        for (const o of ops) {
          const conn = ends[o.end];
          if (o.kind === "write") pending.push(conn.write(o.bytes));
          else if (o.kind === "close") pending.push(conn.close());
          else if (o.kind === "destroy") conn.destroy();
          else if (!("abortAfter" in o)) await new Promise((r) => setTimeout(r, 0));
          else {
            const signal = o.abortAfter === null ? undefined : AbortSignal.timeout(o.abortAfter);
            const wait =
              o.kind === "read" ? conn.read(undefined, { signal })
              : o.kind === "readline" ? conn.readline({ signal })
              : o.kind === "readUntil" ? conn.readUntil("\n", { signal })
              : o.kind === "drain" ? conn.drain({ signal })
              : o.kind === "negotiation" ? conn.waitForNegotiation({ signal, maxWait: 60_000 })
              : conn.next("command", { signal });
            pending.push(wait.catch(() => undefined));
          }
        }
        // Whatever happened, closing both ends settles everything that waits.
        await within(Promise.all(ends.map((c) => c.close())), "close");
        await within(Promise.all(pending), "pending waits");
        for (const c of ends) expect(c.readyState).toBe("closed");
      }),
      { numRuns: 100 },
    );
    expect(rejections).toEqual([]);
  });

  it("a slow reader keeps unread input near maxBuffer, whatever the writer sends", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 64, max: 1024 }), fc.integer({ min: 32, max: 2000 }), async (maxBuffer, size) => {
        const [a, b] = createChannelPair({ highWaterMark: 512 });
        const s = new TelnetConnection(a, { role: "server", maxBuffer, options: {} });
        const c = new TelnetConnection(b, { role: "client", options: {} });
        const total = 12_000;
        const writer = (async () => {
          for (let sent = 0; sent < total; sent += size) await c.write(new Uint8Array(Math.min(size, total - sent)).fill(0x61));
          await c.close();
        })();
        let got = 0;
        let most = 0;
        for (;;) {
          await new Promise((r) => setTimeout(r, 0));
          most = Math.max(most, s.bufferedInput);
          const chunk = await within(s.readBytes(97), "slow read");
          if (chunk === null) break;
          got += chunk.length;
        }
        await within(writer, "writer");
        expect(got).toBe(total);
        // Paused once above maxBuffer: at most one more chunk of the writer's comes in.
        expect(most).toBeLessThanOrEqual(maxBuffer + size);
      }),
      { numRuns: 15 },
    );
  });
});
