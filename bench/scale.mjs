// telnetkit scale benchmark: many concurrent loopback sessions through @telnetkit/node.
//
// Usage: node bench/scale.mjs [--sessions N] [--concurrency N] [--stream-mib N] [--runs N]
//
// Two processes (server, client), so that each holds one end of every session within its
// file-descriptor limit; the launcher raises the soft limit of both to the hard limit at most. Every session
// negotiates (TTYPE cycle, NAWS, NEW-ENVIRON, BINARY) and exchanges a line; then all stay
// open, idle, while the server measures its memory. Then one session streams plain text
// to measure the client's receive path end to end, against the engine alone in-process.
// It imports the built packages (packages/*/dist): `pnpm bench:scale` builds first.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const HERE = fileURLToPath(import.meta.url);
const NODE_DIST = new URL("../packages/node-transport/dist/index.js", import.meta.url).href;
const CORE_DIST = new URL("../packages/core/dist/index.js", import.meta.url).href;

const { values: args } = parseArgs({
  options: {
    role: { type: "string" },
    port: { type: "string" },
    sessions: { type: "string", default: "10000" },
    concurrency: { type: "string", default: "256" },
    "stream-mib": { type: "string", default: "256" },
    runs: { type: "string", default: "3" },
    help: { type: "boolean", default: false },
  },
});

if (args.help) {
  console.log(`usage: node bench/scale.mjs [options]
  --sessions N      concurrent sessions to open, negotiate and hold (default 10000)
  --concurrency N   connections being opened at once (default 256)
  --stream-mib N    plain text streamed for the end-to-end receive figure (default 256)
  --runs N          runs of the throughput figures; the median is reported (default 3)`);
  process.exit(0);
}

const num = (name) => {
  const v = Number(args[name]);
  if (!(v > 0)) throw new Error(`--${name} must be a positive number`);
  return v;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const MiB = 1024 * 1024;

/** Plain NVT text: printable lines ending in CR LF, no IAC. */
function plainText(bytes) {
  const out = new Uint8Array(bytes);
  const words = "the quick brown fox jumps over a lazy dog while telnet sessions negotiate ".split("");
  for (let i = 0, col = 0; i < bytes; i++, col++) {
    if (col === 78) out[i] = 13;
    else if (col === 79) {
      out[i] = 10;
      col = -1;
    } else out[i] = words[(i * 7 + col) % words.length].charCodeAt(0);
  }
  return out;
}

function live() {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, js: m.heapUsed + m.external }; // external includes ArrayBuffers
}

// ------------------------------------------------------------------ server

async function serverRole() {
  const { createServer } = await import(NODE_DIST);
  const accepted = new Map();
  const settle = [];
  let settledAt = 0;
  let firstAccept = 0;
  let streamBlock = null;
  let streamBytes = 0;
  const server = createServer(
    {
      port: 0,
      maxWait: 10_000,
      onConnection: (conn) => {
        const now = performance.now();
        if (firstAccept === 0) firstAccept = now;
        accepted.set(conn, now);
      },
      onError: (err) => process.send({ type: "error", message: String(err?.stack ?? err) }),
    },
    async (conn) => {
      const t = performance.now();
      settle.push(t - accepted.get(conn));
      accepted.delete(conn);
      settledAt = t;
      const ok = conn.terminalType === "XTERM" && conn.windowSize?.width === 80 && conn.environment.USER === "bench";
      await conn.write(ok ? "hello\n" : "negotiation incomplete\n");
      const line = await conn.readline();
      if (line === "stream") {
        // The throughput session: plain text as fast as the client takes it.
        let sent = 0;
        while (sent < streamBytes && (await conn.write(streamBlock))) sent += streamBlock.length;
        return;
      }
      await conn.write(`bye ${line}\n`);
      await conn.closed; // hold the session open, idle
    },
  );
  const { port } = await server.listen(0, "127.0.0.1");
  // The same stream from a bare Node socket: the ceiling of loopback TCP in Node here.
  const net = await import("node:net");
  const raw = net.createServer((s) => {
    let sent = 0;
    const pump = () => {
      while (sent < streamBytes) {
        sent += streamBlock.length;
        if (!s.write(streamBlock)) return void s.once("drain", pump);
      }
      s.end();
    };
    pump();
  });
  await new Promise((resolve) => raw.listen(0, "127.0.0.1", resolve));
  const base = live();
  process.on("message", async (msg) => {
    if (msg.type === "measure") {
      const held = server.connections.size;
      const m = live();
      process.send({
        type: "measured",
        held,
        rssPerSession: (m.rss - base.rss) / held,
        jsPerSession: (m.js - base.js) / held,
        settle,
        settleSpan: settledAt - firstAccept,
      });
    } else if (msg.type === "stream") {
      streamBlock = plainText(64 * 1024);
      streamBytes = msg.bytes;
      process.send({ type: "streaming", rawPort: raw.address().port });
    } else if (msg.type === "stop") {
      await server.close({ timeout: 1000 });
      process.exit(0);
    }
  });
  process.send({ type: "listening", port });
}

// ------------------------------------------------------------------ client

async function clientRole() {
  const { connect } = await import(NODE_DIST);
  const port = Number(args.port);
  const sessions = num("sessions");
  const concurrency = num("concurrency");
  const conns = [];
  let failed = 0;
  let next = 0;
  const t0 = performance.now();
  const one = async (i) => {
    const c = await connect({ port, term: "XTERM", cols: 80, rows: 24, environment: { USER: "bench" }, connectTimeout: 30_000 });
    conns.push(c);
    const hello = await c.readline();
    if (hello !== "hello") throw new Error(`session ${i}: ${hello}`);
    await c.write(`line ${i}\n`);
    const bye = await c.readline();
    if (bye !== `bye line ${i}`) throw new Error(`session ${i}: ${bye}`);
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < sessions) {
        const i = next++;
        try {
          await one(i);
        } catch (err) {
          if (failed++ < 5) process.send({ type: "error", message: String(err?.message ?? err) });
        }
      }
    }),
  );
  const elapsed = performance.now() - t0;
  const m = live();
  process.send({ type: "opened", opened: conns.length, failed, elapsed, rss: m.rss, js: m.js });
  process.on("message", async (msg) => {
    if (msg.type === "close") {
      await Promise.all(conns.map((c) => c.close()));
      process.send({ type: "closed" });
    } else if (msg.type === "stream") {
      let got = 0;
      let start = 0;
      let cpu0 = process.cpuUsage();
      const begin = () => {
        start = performance.now();
        cpu0 = process.cpuUsage();
      };
      if (msg.kind === "raw") {
        const net = await import("node:net");
        const s = net.connect(msg.rawPort, "127.0.0.1");
        begin();
        s.on("data", (b) => (got += b.length));
        await new Promise((resolve) => s.on("end", resolve));
        s.destroy();
      } else {
        const c = await connect({ port, term: "XTERM", cols: 80, rows: 24, environment: { USER: "bench" } });
        await c.readline();
        await c.write("stream\n");
        begin();
        if (msg.kind === "text") {
          for (let t = await c.read(); t !== null; t = await c.read()) got += t.length;
        } else {
          for (let b = await c.readBytes(); b !== null; b = await c.readBytes()) got += b.length;
        }
      }
      const secs = (performance.now() - start) / 1000;
      const cpu = process.cpuUsage(cpu0);
      process.send({ type: "streamed", got, mibps: got / MiB / secs, cpuMibps: got / MiB / ((cpu.user + cpu.system) / 1e6) });
    } else if (msg.type === "stop") {
      process.exit(0);
    }
  });
}

// ---------------------------------------------------------------- launcher

/**
 * The engine alone, in this process: a client session receiving plain text of the stream's
 * size, in 64 KiB chunks of one large buffer (not one block again and again, which stays in cache).
 */
async function engineReceive(bytes, runs) {
  const { TelnetSession } = await import(CORE_DIST);
  const text = plainText(bytes);
  const times = [];
  for (let r = 0; r < runs + 1; r++) {
    const s = new TelnetSession({ role: "client" });
    let got = 0;
    const start = performance.now();
    for (let i = 0; i < bytes; i += 65536) {
      for (const ev of s.receive(text.subarray(i, i + 65536))) if (ev.type === "data") got += ev.bytes.length;
    }
    if (r > 0) times.push(got / MiB / ((performance.now() - start) / 1000));
  }
  return median(times);
}

function child(role, fds, extra = []) {
  // Through sh, to raise the soft file-descriptor limit (up to the hard one): each process
  // holds one end of every session. The IPC channel survives the exec.
  const script = 'ulimit -n "$1" 2>/dev/null || ulimit -n "$(ulimit -Hn)"; shift; exec "$@"';
  const proc = spawn("/bin/sh", ["-c", script, "sh", String(fds), process.execPath, "--expose-gc", HERE, "--role", role, ...extra], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiters = [];
  proc.on("message", (msg) => {
    if (msg.type === "error") console.error(`  [${role}] ${msg.message}`);
    const i = waiters.findIndex((w) => w.type === msg.type);
    if (i !== -1) waiters.splice(i, 1)[0].resolve(msg);
  });
  return {
    proc,
    next: (type) => new Promise((resolve) => waiters.push({ type, resolve })),
    send: (msg) => proc.send(msg),
  };
}

async function launcher() {
  const sessions = num("sessions");
  const runs = num("runs");
  const streamBytes = num("stream-mib") * MiB;
  const { execSync } = await import("node:child_process");
  const hard = execSync("ulimit -Hn", { shell: "/bin/sh" }).toString().trim();
  const fds = sessions + 1024;
  if (hard !== "unlimited" && Number(hard) < sessions + 64) {
    console.error(`the hard file-descriptor limit (${hard}) is below ${sessions + 64}: lower --sessions or raise it`);
    process.exit(1);
  }
  console.log(`telnetkit scale benchmark: ${sessions} sessions, node ${process.version}, ${process.platform}/${process.arch}`);

  const server = child("server", fds);
  const { port } = await server.next("listening");
  const client = child("client", fds, ["--port", String(port), "--sessions", String(sessions), "--concurrency", args.concurrency]);
  const opened = await client.next("opened");
  server.send({ type: "measure" });
  const m = await server.next("measured");
  const settleSorted = m.settle;
  console.log(`\nsessions held              ${m.held} of ${sessions} (${opened.failed} failed)`);
  console.log(`open + negotiate + line    ${(opened.elapsed / 1000).toFixed(2)} s for all, ${((opened.opened / opened.elapsed) * 1000).toFixed(0)} sessions/s`);
  console.log(`settled per second         ${((settleSorted.length / m.settleSpan) * 1000).toFixed(0)} sessions/s (first accept to last settle)`);
  console.log(
    `time to settle             p50 ${percentile(settleSorted, 50).toFixed(1)} ms, p99 ${percentile(settleSorted, 99).toFixed(1)} ms, max ${Math.max(...settleSorted).toFixed(1)} ms`,
  );
  console.log(
    `server memory per idle session  ${(m.jsPerSession / 1024).toFixed(2)} KiB JS (heap + external), ${(m.rssPerSession / 1024).toFixed(2)} KiB RSS (above baseline)`,
  );
  client.send({ type: "close" });
  await client.next("closed");

  // End-to-end receive path against the engine alone.
  const engine = await engineReceive(streamBytes, runs);
  const rates = { raw: [], bytes: [], text: [] };
  const cpuRates = { raw: [], bytes: [], text: [] };
  for (let r = 0; r < runs; r++) {
    for (const kind of ["raw", "bytes", "text"]) {
      server.send({ type: "stream", bytes: streamBytes });
      const { rawPort } = await server.next("streaming");
      client.send({ type: "stream", kind, rawPort });
      const s = await client.next("streamed");
      if (s.got < streamBytes) console.error(`  ${kind} stream ended early: ${s.got} bytes`);
      rates[kind].push(s.mibps);
      cpuRates[kind].push(s.cpuMibps);
    }
  }
  const row = (label, kind) => {
    const wall = median(rates[kind]);
    const cpu = median(cpuRates[kind]);
    console.log(`${label} ${wall.toFixed(0).padStart(6)} MiB/s wall, ${cpu.toFixed(0).padStart(6)} MiB/s per client CPU second (${((wall / engine) * 100).toFixed(0)}% of the engine, ${((wall / median(rates.raw)) * 100).toFixed(0)}% of a bare socket)`);
  };
  console.log(`\nplain text, ${streamBytes / MiB} MiB over loopback, median of ${runs}:`);
  console.log(`engine receive alone (in-process, 64 KiB chunks) ${engine.toFixed(0).padStart(6)} MiB/s`);
  row("bare Node socket, no Telnet                     ", "raw");
  row("client receive path, readBytes()                ", "bytes");
  row("client receive path, read() text (US-ASCII)     ", "text");
  server.send({ type: "stop" });
  client.send({ type: "stop" });
}

if (args.role === "server") await serverRole();
else if (args.role === "client") await clientRole();
else await launcher();
