// The transport test suite, written once: every scenario takes the transport under test
// (`createServer` and `connect` of @telnetkit/node, /deno or /bun) and runs the same way
// under vitest, `deno test` and `bun test`. Loopback only; every wait is bounded.
import type { ConnectOptionsBase, ServerOptionsBase, Shell, TelnetConnection, TelnetServerBase } from "@telnetkit/core";
import * as assert from "./assert.js";
import { includesBytes, makeCertificate, rawClient, sleep, spawnPeer, until, within } from "./support.js";

/** What a scenario needs from a runtime: its transport, and a look at its memory. */
export interface TransportUnderTest {
  runtime: "node" | "deno" | "bun";
  createServer(options: ServerOptionsBase & { tls?: { key: string; cert: string } }, shell: Shell): TelnetServerBase;
  connect(options: ConnectOptionsBase & { tls?: boolean | { ca?: string } }): Promise<TelnetConnection>;
  /** Live memory (heap and array buffers) in bytes, after a full garbage collection. */
  liveMemory(): number;
}

export interface Scenario {
  name: string;
  /** A bound on the whole scenario, in ms, for the runner. */
  timeout: number;
  run(t: TransportUnderTest): Promise<void>;
}

/** Servers and clients of one scenario, all closed at its end whatever happened. */
export class Fixture {
  private servers: TelnetServerBase[] = [];
  private clients: TelnetConnection[] = [];
  constructor(readonly t: TransportUnderTest) {}

  async serve(options: Parameters<TransportUnderTest["createServer"]>[0], shell: Shell) {
    const server = this.t.createServer({ port: 0, ...options }, shell);
    this.servers.push(server);
    const { port } = await server.listen();
    return { server, port };
  }

  async connect(options: Parameters<TransportUnderTest["connect"]>[0]): Promise<TelnetConnection> {
    const c = await this.t.connect(options);
    this.clients.push(c);
    return c;
  }

  async cleanup(): Promise<void> {
    for (const c of this.clients.splice(0)) c.destroy();
    await Promise.all(this.servers.splice(0).map((s) => s.close({ timeout: 100 })));
  }
}

/** The shell of most scenarios: a greeting with what was negotiated, then each line echoed until `quit`. */
export async function echoShell(conn: TelnetConnection): Promise<void> {
  await conn.write(`hello ${conn.terminalType ?? "?"} ${conn.windowSize?.width}x${conn.windowSize?.height}\n`);
  for await (const line of conn) {
    if (line === "quit") break;
    await conn.write(`echo: ${line}\n`);
  }
  await conn.write("bye\n");
}

const IAC = 255;
const WILL = 251;
const DO = 253;
const SB = 250;
const SE = 240;
const NAWS = 31;
const BINARY = 0;

function scenario(name: string, timeout: number, body: (f: Fixture, t: TransportUnderTest) => Promise<void>): Scenario {
  return {
    name,
    timeout,
    async run(t) {
      const f = new Fixture(t);
      try {
        await body(f, t);
      } finally {
        await f.cleanup();
      }
    },
  };
}

export const scenarios: Scenario[] = [
  scenario("echo shell: terminal type, window size and environment negotiated, lines exchanged, closed", 15_000, async (f) => {
    let seen: TelnetConnection | undefined;
    const { port } = await f.serve({}, async (conn) => {
      seen = conn;
      await echoShell(conn);
    });
    const c = await f.connect({ port, term: ["XTERM-256COLOR", "XTERM"], cols: 120, rows: 40, environment: { USER: "ada" } });
    assert.equal(await c.readline(), "hello XTERM-256COLOR 120x40");
    await c.write("first line\n");
    assert.equal(await c.readline(), "echo: first line");
    assert.deepEqual(seen!.environment, { USER: "ada" });
    assert.deepEqual([...seen!.terminalTypes], ["XTERM-256COLOR", "XTERM"]);
    assert.equal(seen!.remote?.address, "127.0.0.1");
    assert.equal(c.remote?.port, port);
    // The server asks BINARY of the client only: what we type arrives as UTF-8, what it writes stays US-ASCII.
    assert.deepEqual(seen!.encoding, { input: "UTF-8", output: "US-ASCII" });
    await c.write("grüße ✓\n");
    assert.equal(await c.readline(), "echo: gr??e ?");
    await c.write("quit\n");
    assert.equal(await c.readline(), "bye");
    assert.equal(await c.readline(), null);
    assert.equal((await c.closed).reason, "remote");
    assert.equal((await seen!.closed).reason, "local");
  }),

  scenario("negotiation settles before the shell runs, on both ends", 15_000, async (f) => {
    let atStart: ReturnType<TelnetConnection["info"]> | undefined;
    const { port } = await f.serve({}, async (conn) => {
      atStart = conn.info();
      await conn.write("ready\n");
      await conn.readline();
    });
    const c = await f.connect({ port, term: "VT100", cols: 80, rows: 24, environment: { LANG: "C" } });
    assert.equal(await c.waitForNegotiation({ maxWait: 5000 }), true);
    assert.equal(await c.readline(), "ready");
    assert.ok(atStart, "the shell ran");
    assert.equal(atStart!.settled, true);
    assert.equal(atStart!.terminalType, "VT100");
    assert.deepEqual(atStart!.windowSize, { width: 80, height: 24 });
    assert.deepEqual(atStart!.environment, { LANG: "C" });
    for (const name of ["TTYPE", "NAWS", "NEW_ENVIRON", "BINARY"]) {
      assert.ok(atStart!.options.remote.includes(name), `server sees the client's ${name} on: ${atStart!.options.remote}`);
      assert.ok(c.isEnabled(name, "local"), `client has its ${name} on`);
    }
    assert.equal(c.isSettled(), true);
  }),

  scenario("window size updates reach the shell (NAWS)", 15_000, async (f) => {
    const sizes: string[] = [];
    const { port } = await f.serve({}, async (conn) => {
      conn.on("window-size", (ev) => sizes.push(`${ev.width}x${ev.height}`));
      await conn.write("ready\n");
      await conn.readline();
    });
    const c = await f.connect({ port, cols: 80, rows: 24 });
    assert.equal(await c.readline(), "ready");
    c.setWindowSize(100, 30);
    c.setWindowSize(101, 31);
    await until(() => sizes.length === 2, 5000, "two window size events");
    assert.deepEqual(sizes, ["100x30", "101x31"]);
  }),

  scenario("telnets with a certificate made at test time; an untrusting client is refused", 20_000, async (f) => {
    const { key, cert } = makeCertificate();
    const { port } = await f.serve({ tls: { key, cert } }, async (conn) => {
      await conn.write(`secure=${conn.secure}\n`);
      await echoShell(conn);
    });
    const c = await f.connect({ port, tls: { ca: cert }, term: "VT100", cols: 80, rows: 24 });
    assert.equal(c.secure, true);
    assert.equal(await c.readline(), "secure=true");
    assert.equal(await c.readline(), "hello VT100 80x24");
    await c.write("over tls\n");
    assert.equal(await c.readline(), "echo: over tls");
    await c.write("quit\n");
    assert.equal(await c.readline(), "bye");
    assert.equal(await c.readline(), null);
    // A client that does not trust the certificate never gets a connection.
    await assert.rejects(f.connect({ port, tls: true, connectTimeout: 5000 }), /self.signed|certificate|issuer|verify/i);
  }),

  scenario("backpressure: a shell writing 64 MiB to a slow reader is held at what the sockets buffer", 60_000, async (f, t) => {
    const total = 64 * 1024 * 1024;
    const block = new Uint8Array(64 * 1024);
    for (let i = 0; i < block.length; i++) block[i] = (i * 7) & 0x7f; // no IAC, no CR: bytes arrive as sent
    let written = 0;
    const { port } = await f.serve({}, async (conn) => {
      while (written < total) {
        if (!(await conn.write(block))) return;
        written += block.length;
      }
    });
    let largestRead = 0; // the largest chunk the runtime's socket delivered at once
    const tap = (direction: "in" | "out", bytes: Uint8Array) => {
      if (direction === "in") largestRead = Math.max(largestRead, bytes.length);
    };
    const c = await f.connect({ port, maxBuffer: 64 * 1024, tap });
    const base = t.liveMemory();
    let peakLive = 0;
    let peakInput = 0;
    // The reader sleeps: the writer must stall at what the sockets hold, far below 64 MiB.
    await sleep(400);
    const stalled = written;
    await sleep(200);
    assert.equal(written, stalled, "the writer is stalled");
    assert.below(stalled, total / 4, "bytes written before the stall");
    peakInput = Math.max(peakInput, c.bufferedInput);
    peakLive = Math.max(peakLive, t.liveMemory() - base);
    // Then read it all, slowly at first, checking the bytes.
    let got = 0;
    let mismatch = -1;
    let nextCheck = 8 * 1024 * 1024;
    for (let n = 0; got < total; n++) {
      const chunk = await c.readBytes();
      if (chunk === null) break;
      for (let i = 0; i < chunk.length; i += 4099) {
        if (chunk[i] !== block[(got + i) % block.length] && mismatch === -1) mismatch = got + i;
      }
      got += chunk.length;
      peakInput = Math.max(peakInput, c.bufferedInput);
      if (n < 50) await sleep(2);
      if (got >= nextCheck) {
        nextCheck += 8 * 1024 * 1024;
        peakLive = Math.max(peakLive, t.liveMemory() - base);
      }
    }
    assert.equal(mismatch, -1, "first byte that differs");
    assert.equal(got, total);
    // Unread input stays at maxBuffer plus one read; the process never holds more than a small part.
    assert.atMost(peakInput, 64 * 1024 + largestRead, `unread input (largest read ${largestRead})`);
    assert.below(peakLive, 16 * 1024 * 1024, "live memory above the start");
  }),

  scenario("idle timeout closes a quiet connection; activity resets the clock", 15_000, async (f) => {
    let reason: string | undefined;
    const { port } = await f.serve({ idleTimeout: 150 }, async (conn) => {
      await conn.write("say something\n");
      while ((await conn.readline()) !== null);
      reason = (await conn.closed).reason;
    });
    const c = await f.connect({ port });
    assert.equal(await c.readline(), "say something");
    await sleep(100);
    await c.write("still here\n");
    assert.equal((await within(c.closed, 5000, "the idle close")).reason, "remote");
    await until(() => reason !== undefined, 2000, "the server side to close");
    assert.equal(reason, "idle-timeout");
  }),

  scenario("a reset in the middle of a subnegotiation closes with an error; the server goes on", 15_000, async (f) => {
    const closes: string[] = [];
    const { server, port } = await f.serve({ settle: false }, async (conn) => {
      if ((await conn.readline()) === null) closes.push((await conn.closed).reason);
    });
    const raw = await rawClient(port);
    await raw.waitFor((all) => includesBytes(all, [IAC, DO, NAWS]));
    await raw.write(Uint8Array.of(IAC, WILL, NAWS, IAC, SB, NAWS, 0, 80));
    await sleep(50);
    raw.reset();
    await until(() => closes.length === 1, 5000, "the connection to close");
    assert.deepEqual(closes, ["error"]);
    await until(() => server.connections.size === 0, 2000, "the connection to be forgotten");
    const c = await f.connect({ port });
    await c.write("x\n");
    assert.equal((await within(c.closed, 5000, "the next connection to end")).reason, "remote");
  }),

  scenario("negotiation, lines and UTF-8 sent one byte per write are assembled", 15_000, async (f) => {
    let seen: TelnetConnection | undefined;
    const { port } = await f.serve({ settle: false, forceBinary: true }, async (conn) => {
      seen = conn;
      const line = await conn.readline();
      await conn.write(`got ${line}\n`);
      await conn.readline();
    });
    const raw = await rawClient(port);
    const text = new TextEncoder().encode("größe ✓\r\n");
    const script = [IAC, WILL, NAWS, IAC, SB, NAWS, 0, 255, 255, 0, 24, IAC, SE, IAC, WILL, BINARY, IAC, DO, BINARY, ...text];
    for (const byte of script) {
      await raw.write(Uint8Array.of(byte));
      await sleep(1);
    }
    const got = new TextEncoder().encode("got größe ✓\r\n");
    await raw.waitFor((all) => includesBytes(all, got));
    assert.deepEqual(seen!.windowSize, { width: 255, height: 24 });
    raw.destroy();
    // Our client, one byte per write too.
    const c = await f.connect({ port, forceBinary: true });
    assert.equal(await c.waitFor("binary", "local"), true);
    const bytes = new TextEncoder().encode("ünïcödé\n");
    for (let i = 0; i < bytes.length; i++) await c.write(bytes.subarray(i, i + 1));
    assert.equal(await c.readline(), "got ünïcödé");
  }),

  scenario("connections above maxConnections are told so and closed", 15_000, async (f) => {
    const { server, port } = await f.serve({ maxConnections: 1, settle: false }, async (conn) => {
      await conn.write("welcome\n");
      await conn.readline();
    });
    const first = await f.connect({ port });
    assert.equal(await first.readline(), "welcome");
    const second = await f.connect({ port });
    assert.equal(await second.readline(), "Too many connections, try again later.");
    assert.equal((await within(second.closed, 5000, "the busy close")).reason, "remote");
    await first.close();
    await until(() => server.connections.size === 0, 2000, "the first connection to end");
    const third = await f.connect({ port });
    assert.equal(await third.readline(), "welcome");
  }),

  scenario("graceful server close: no new connections, shells finish, their last words arrive", 20_000, async (f) => {
    let finished = false;
    const { server, port } = await f.serve({}, async (conn) => {
      await conn.write("working\n");
      await sleep(100);
      await conn.write("done\n");
      finished = true;
    });
    const c = await f.connect({ port });
    assert.equal(await c.readline(), "working");
    const idle = await f.serve({}, async (conn) => {
      await conn.write("ready\n");
      await conn.readline(); // null once the server closes the connection
      await conn.write("never sent: the connection is closing\n");
    });
    const d = await f.connect({ port: idle.port });
    assert.equal(await d.readline(), "ready");
    await Promise.all([server.close({ timeout: 2000 }), idle.server.close({ timeout: 100 })]);
    assert.equal(finished, true);
    assert.equal(await c.readline(), "done");
    assert.equal(await c.readline(), null);
    assert.equal(await d.readline(), null);
    assert.equal((await d.closed).reason, "remote");
    assert.equal(server.address(), null, "address after close");
    await assert.rejects(f.connect({ port, connectTimeout: 2000 }), /refused/i);
    await assert.rejects(f.connect({ port: idle.port, connectTimeout: 2000 }), /refused/i);
  }),

  scenario("a reset while the shell writes a stream: its blocked write resolves false, the close has a reason", 15_000, async (f) => {
    const block = new Uint8Array(64 * 1024).fill(0x61);
    const results: boolean[] = [];
    let reason: string | undefined;
    const { port } = await f.serve({ settle: false }, async (conn) => {
      for (let i = 0; i < 2000; i++) {
        const ok = await conn.write(block);
        results.push(ok);
        if (!ok) break;
      }
      reason = (await conn.closed).reason;
    });
    const raw = await rawClient(port);
    await raw.waitFor((all) => all.length > 256 * 1024);
    raw.reset();
    await until(() => reason !== undefined, 5000, "the shell to see the close");
    assert.equal(results[results.length - 1], false);
    assert.below(results.length, 2000, "writes before the reset was seen");
    assert.ok(reason === "error" || reason === "remote", `close reason ${reason}`);
  }),

  scenario("a peer that writes 1 MiB and closes while the shell reads slowly: every byte is read, then the end", 20_000, async (f) => {
    const total = 1024 * 1024;
    let got = 0;
    let end: string | null | undefined;
    const { port } = await f.serve({ settle: false, maxBuffer: 16 * 1024 }, async (conn) => {
      await sleep(100); // most of the peer's bytes and its close wait in the sockets
      for (;;) {
        const b = await conn.readBytes(4096);
        if (b === null) break;
        got += b.length;
      }
      end = await conn.readline();
    });
    const c = await f.connect({ port });
    const block = new Uint8Array(64 * 1024).fill(0x62);
    for (let sent = 0; sent < total; sent += block.length) assert.equal(await c.write(block), true);
    await within(c.close(), 10_000, "the client's close");
    await until(() => end !== undefined, 5000, "the shell to read to the end");
    assert.equal(got, total);
    assert.equal(end, null);
  }),

  scenario("server close with a client that never reads ends at closeTimeout; the shell's blocked write resolves false", 15_000, async (f) => {
    const block = new Uint8Array(64 * 1024).fill(0x63);
    let last: boolean | undefined;
    const { server, port } = await f.serve({ settle: false, closeTimeout: 200 }, async (conn) => {
      for (;;) {
        last = await conn.write(block);
        if (!last) return;
      }
    });
    const c = await f.connect({ port, maxBuffer: 1024 }); // never read: it pauses its socket
    await until(() => server.connections.size === 1, 2000, "the connection");
    await sleep(100);
    await within(server.close({ timeout: 100 }), 5000, "the server's close");
    assert.equal(last, false);
    assert.equal(server.connections.size, 0);
    // What the client never read still waits in its socket, before the server's end.
    const drained = (async () => {
      while ((await c.readBytes()) !== null);
    })();
    await within(drained, 10_000, "the client to read to the end");
    await within(c.closed, 5000, "the client's close");
  }),

  scenario("a client whose server vanishes: reads, waits, writes, drain and next all end", 15_000, async (f) => {
    const { port } = await f.serve({ settle: false }, async (conn) => {
      await conn.write("hello\n");
      await conn.readline();
      conn.destroy();
    });
    const c = await f.connect({ port });
    const negotiated = c.waitForNegotiation({ maxWait: 60_000 });
    const echo = c.waitFor("echo", "remote");
    assert.equal(await within(c.readline(), 5000, "the greeting"), "hello");
    await c.write("go away\n");
    assert.equal(await within(c.readline(), 5000, "the end of input"), null);
    assert.equal(await within(negotiated, 5000, "waitForNegotiation"), false);
    assert.equal(await within(echo, 5000, "waitFor"), false);
    assert.equal(await c.write("anyone?\n"), false);
    await within(c.drain(), 5000, "drain");
    await within(c.close(), 5000, "close");
    await assert.rejects(within(c.next("command"), 5000, "next"), /closed/);
  }),

  scenario("close() while a write waits for a drain: the write is sent, then resolves true", 15_000, async (f) => {
    const block = new Uint8Array(4 * 1024 * 1024).fill(0x64);
    let written: Promise<boolean> | undefined;
    const { port } = await f.serve({ settle: false }, async (conn) => {
      written = conn.write(block); // far above what the sockets hold: it waits for a drain
      await conn.close();
    });
    const c = await f.connect({ port, maxBuffer: 1024 });
    await until(() => written !== undefined, 5000, "the shell's write");
    await sleep(100);
    let got = 0;
    for (;;) {
      const part = await within(c.readBytes(), 5000, "a read");
      if (part === null) break;
      got += part.length;
    }
    assert.equal(got, block.length);
    assert.equal(await within(written!, 5000, "the write"), true);
  }),

  scenario("input that arrived before a reset is still read, then the end", 15_000, async (f) => {
    const lines: (string | null)[] = [];
    let reason: string | undefined;
    const { port } = await f.serve({ settle: false }, async (conn) => {
      await conn.closed; // the reset comes before the shell reads anything
      reason = (await conn.closed).reason;
      for (let i = 0; i < 3; i++) lines.push(await conn.readline());
    });
    const raw = await rawClient(port);
    await raw.write(new TextEncoder().encode("first\r\nsecond\r\n"));
    await sleep(100);
    raw.reset();
    await until(() => lines.length === 3, 5000, "the shell's reads");
    assert.deepEqual(lines, ["first", "second", null]);
    assert.equal(reason, "error");
  }),

  scenario("MCCP2 and MCCP3 on the runtime's node:zlib: 256 KiB each way, compressed, byte for byte", 20_000, async (f) => {
    const data = new Uint8Array(1 << 18);
    for (let i = 0; i < data.length; i++) data[i] = i % 1009 === 0 ? 255 : 32 + ((i * 7) % 90);
    let received: Uint8Array | null = null;
    const { port } = await f.serve({ options: { mccp2: "offer", mccp3: "offer" } }, async (conn) => {
      assert.ok(await conn.waitFor("MCCP2", "local"), "server: MCCP2 on");
      assert.ok(await conn.waitFor("MCCP3", "local"), "server: MCCP3 on");
      await conn.write(data);
      received = await readExactly(conn, data.length);
      await conn.write("bye\n");
    });
    let wireIn = 0;
    let wireOut = 0;
    const c = await f.connect({ port, tap: (dir, bytes) => void (dir === "in" ? (wireIn += bytes.length) : (wireOut += bytes.length)) });
    const got = await readExactly(c, data.length);
    await c.write(data);
    assert.equal(await c.readline(), "bye");
    assert.equal(got.length, data.length);
    assert.ok(got.every((b, i) => b === data[i]), "the server's bytes arrive as sent");
    assert.ok(received !== null && (received as Uint8Array).every((b, i) => b === data[i]), "the client's bytes arrive as sent");
    assert.below(wireIn, data.length / 4, "bytes the client read from the socket");
    assert.below(wireOut, data.length / 4, "bytes the client wrote to the socket");
  }),
];

/** Exactly `size` bytes of a connection's input (fewer when it ends first). */
async function readExactly(conn: TelnetConnection, size: number): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  let at = 0;
  while (at < size) {
    const part = await conn.readBytes(size - at);
    if (part === null) break;
    out.set(part, at);
    at += part.length;
  }
  return out.subarray(0, at);
}

// ------------------------------------------------------------------ cross-runtime pairs

/** The shell of a cross-runtime pair: says which runtime serves, echoes lines until `quit`. */
export function crossShell(runtime: string): Shell {
  return async (conn) => {
    await conn.write(`hello ${conn.terminalType ?? "?"} ${conn.windowSize?.width}x${conn.windowSize?.height} from ${runtime}${conn.secure ? " over tls" : ""}\n`);
    for await (const line of conn) {
      if (line === "quit") break;
      await conn.write(`echo: ${line}\n`);
    }
    await conn.write("bye\n");
  };
}

/** What the client of a cross-runtime pair saw. */
export interface CrossResult {
  greeting: string | null;
  echo: string | null;
  bye: string | null;
  end: string | null;
  reason: string;
  settled: boolean;
}

/** The client of a cross-runtime pair: negotiates, says hello in UTF-8, quits. */
export async function crossClient(connect: TransportUnderTest["connect"], port: number, ca?: string): Promise<CrossResult> {
  const c = await connect({ port, term: "CROSS-TERM", cols: 90, rows: 30, connectTimeout: 5000, ...(ca ? { tls: { ca } } : {}) });
  try {
    const settled = await c.waitForNegotiation({ maxWait: 5000 });
    const greeting = await c.readline();
    await c.write("ping ✓\n");
    const echo = await c.readline();
    await c.write("quit\n");
    const bye = await c.readline();
    const end = await c.readline();
    return { greeting, echo, bye, end, reason: (await within(c.closed, 5000, "close")).reason, settled };
  } finally {
    c.destroy();
  }
}

function checkCross(r: CrossResult, server: string, tls: boolean): void {
  assert.equal(r.greeting, `hello CROSS-TERM 90x30 from ${server}${tls ? " over tls" : ""}`);
  assert.equal(r.settled, true, "negotiation settled");
  // The server has BINARY from the client only: UTF-8 in, US-ASCII back.
  assert.equal(r.echo, "echo: ping ?");
  assert.equal(r.bye, "bye");
  assert.equal(r.end, null);
  assert.equal(r.reason, "remote");
}

/**
 * A cross-runtime pair: the transport under test on one end, `other` (Deno or Bun, in a
 * child process running test/transport/peer.ts) on the other.
 */
export function crossScenario(other: "deno" | "bun", local: "server" | "client", options: { tls?: boolean } = {}): Scenario {
  const tls = options.tls === true;
  return {
    name: `cross-runtime${tls ? " over TLS" : ""}: ${local === "server" ? `this runtime serves, a ${other} client` : `a ${other} server, this runtime's client`}`,
    timeout: 40_000,
    async run(t) {
      const cert = tls ? makeCertificate() : undefined;
      if (local === "client") {
        const peer = spawnPeer(other, cert ? ["server", cert.key, cert.cert] : ["server"]);
        try {
          const { listening } = JSON.parse(await peer.line()) as { listening: number };
          checkCross(await crossClient(t.connect, listening, cert?.cert), other, tls);
        } finally {
          await peer.stop();
        }
        return;
      }
      const f = new Fixture(t);
      try {
        const { port } = await f.serve(cert ? { tls: cert } : {}, crossShell(t.runtime));
        const peer = spawnPeer(other, cert ? ["client", String(port), cert.cert] : ["client", String(port)]);
        try {
          const line = await peer.line();
          assert.equal(await peer.exited(), 0, `${other} client exit; stderr: ${peer.stderr()}`);
          checkCross(JSON.parse(line) as CrossResult, t.runtime, tls);
        } finally {
          await peer.stop();
        }
      } finally {
        await f.cleanup();
      }
    },
  };
}
