// telnetkit MCCP benchmark: a MUD's output received through @telnetkit/node over loopback
// TCP, plain and compressed with MCCP2 (decompression included), side by side.
//
// Usage: node bench/mccp.mjs [--mib N] [--runs N] [--flush-kib N] [--level N]
//
// A child process plays the MUD server with raw sockets (no telnetkit in it): on one port it
// writes the `mud` workload as it is; on the other it offers MCCP2 (IAC WILL MCCP2), and once
// the client says DO it sends IAC SB MCCP2 IAC SE and the same workload compressed beforehand
// (zlib, flushed every --flush-kib KiB of input as a MUD server flushes each write), then the
// stream's end. Compressing beforehand keeps the server's cost out of the figure: what is
// measured is our client, `connect()` then `readBytes()` until the end, with node:zlib
// inflating (and, in a row of its own, core's decoder: `compression: inflateCodec()`). Figures are MiB/s of the uncompressed Telnet stream (the workload's bytes), the
// median of --runs connections per mode, taken in turns. It imports the built packages
// (packages/*/dist): `pnpm bench:mccp` builds first.
import { fork } from "node:child_process";
import * as net from "node:net";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as zlib from "node:zlib";
import { compressLikeMud } from "./mud-stream.mjs";
import { generateWorkload } from "./workloads.mjs";
import { median } from "./measure.mjs";

const HERE = fileURLToPath(import.meta.url);
const NODE_DIST = new URL("../packages/node-transport/dist/index.js", import.meta.url).href;
const CORE_DIST = new URL("../packages/core/dist/index.js", import.meta.url).href;
const MiB = 1024 * 1024;
const IAC = 255;
const SB = 250;
const SE = 240;
const WILL = 251;
const DO = 253;
const MCCP2 = 86;

const { values: args } = parseArgs({
  options: {
    role: { type: "string" },
    mib: { type: "string", default: "32" },
    runs: { type: "string", default: "5" },
    "flush-kib": { type: "string", default: "4" },
    level: { type: "string", default: "6" },
    help: { type: "boolean", default: false },
  },
});

if (args.help) {
  console.log(`usage: node bench/mccp.mjs [options]
  --mib N        size of the mud workload streamed per connection (default 32)
  --runs N       connections per mode; the median is reported (default 5)
  --flush-kib N  the server flushes its zlib stream every N KiB of input (default 4)
  --level N      zlib level of the server's compression, 1-9 (default 6)`);
  process.exit(0);
}

const num = (name) => {
  const v = Number(args[name]);
  if (!(v > 0)) throw new Error(`--${name} must be a positive number`);
  return v;
};

// ------------------------------------------------------------------ server

async function serverRole() {
  const data = generateWorkload("mud", num("mib"));
  const compressed = await compressLikeMud(data, num("flush-kib") * 1024, num("level"));
  const plain = net.createServer((socket) => {
    socket.on("error", () => {});
    socket.end(data);
  });
  const mccp = net.createServer((socket) => {
    socket.on("error", () => {});
    socket.write(Uint8Array.of(IAC, WILL, MCCP2));
    let seen = Buffer.alloc(0);
    const onData = (chunk) => {
      seen = Buffer.concat([seen, chunk]);
      if (seen.indexOf(Buffer.from([IAC, DO, MCCP2])) === -1) return;
      socket.off("data", onData);
      socket.resume();
      socket.write(Uint8Array.of(IAC, SB, MCCP2, IAC, SE));
      socket.end(compressed);
    };
    socket.on("data", onData);
  });
  await Promise.all([plain, mccp].map((s) => new Promise((r) => s.listen(0, "127.0.0.1", r))));
  process.send({
    type: "ready",
    plainPort: plain.address().port,
    mccpPort: mccp.address().port,
    bytes: data.length,
    compressedBytes: compressed.length,
  });
}

// ------------------------------------------------------------------ client

async function receiveOnce(connect, port, expectCompressed, compression) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const conn = await connect(compression ? { port, minWait: 0, compression } : { port, minWait: 0 });
  let got = 0;
  for (;;) {
    const part = await conn.readBytes();
    if (part === null) break;
    got += part.length;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const compressedSeen = conn.session.enabledOptions("remote").includes(MCCP2) || conn.session.decompressing !== 0;
  if (compressedSeen !== expectCompressed && expectCompressed) throw new Error("MCCP2 was not negotiated");
  await conn.close();
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, got };
}

// The decompression alone: node:zlib's streaming inflate over the compressed bytes in
// 64 KiB writes (what a loopback read gives), awaited to the end.
function inflateOnce(compressed) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const inf = zlib.createInflate({ chunkSize: 65536 }); // as @telnetkit/node's codec
    let out = 0;
    inf.on("data", (b) => (out += b.length));
    inf.on("end", () => {
      const cpu = process.cpuUsage(cpu0);
      resolve({ ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, out });
    });
    inf.on("error", reject);
    for (let i = 0; i < compressed.length; i += 65536) inf.write(compressed.subarray(i, i + 65536));
    inf.end();
  });
}

async function main() {
  const runs = Math.round(num("runs"));
  const { connect } = await import(NODE_DIST);
  const { inflateCodec } = await import(CORE_DIST);
  const core = inflateCodec();
  const server = fork(HERE, ["--role", "server", "--mib", args.mib, "--flush-kib", args["flush-kib"], "--level", args.level]);
  const ready = await new Promise((resolve) => server.once("message", resolve));
  const { plainPort, mccpPort, bytes, compressedBytes } = ready;
  const compressed = await compressLikeMud(generateWorkload("mud", num("mib")), num("flush-kib") * 1024, num("level"));

  const plain = [];
  const mccp = [];
  const inflate = [];
  const coreInflate = [];
  let dataBytes = { plain: 0, mccp: 0 };
  try {
    // Warm-up: one connection of each kind.
    await receiveOnce(connect, plainPort, false);
    await receiveOnce(connect, mccpPort, true);
    await receiveOnce(connect, mccpPort, true, core);
    for (let r = 0; r < runs; r++) {
      const p = await receiveOnce(connect, plainPort, false);
      const m = await receiveOnce(connect, mccpPort, true);
      if (p.got !== m.got) throw new Error(`plain gave ${p.got} data bytes, MCCP2 ${m.got}`);
      dataBytes = { plain: p.got, mccp: m.got };
      plain.push(p);
      mccp.push(m);
      inflate.push(await inflateOnce(compressed));
      const k = await receiveOnce(connect, mccpPort, true, core);
      if (k.got !== p.got) throw new Error(`plain gave ${p.got} data bytes, MCCP2 with inflateCodec ${k.got}`);
      coreInflate.push(k);
    }
  } finally {
    server.kill();
  }

  const rate = (ms) => bytes / MiB / (ms / 1000);
  const row = (name, list, wire) => {
    const rates = list.map((x) => rate(x.ms));
    const cpu = list.filter((x) => x.cpuMs !== undefined).map((x) => rate(x.cpuMs));
    const cpuText = cpu.length ? `${median(cpu).toFixed(0).padStart(7)} MiB/s per CPU-second` : "";
    const range = `(${Math.min(...rates).toFixed(0)}-${Math.max(...rates).toFixed(0)})`;
    console.log(`  ${name.padEnd(38)} ${median(rates).toFixed(0).padStart(6)} MiB/s ${range.padEnd(14)} ${cpuText}  wire ${(wire / MiB).toFixed(2)} MiB`);
  };
  console.log(`telnetkit MCCP bench — Node ${process.version}, mud workload ${(bytes / MiB).toFixed(1)} MiB (${dataBytes.plain} bytes of data after Telnet parsing)`);
  console.log(`server compression: zlib level ${args.level}, flushed every ${args["flush-kib"]} KiB: ${(compressedBytes / MiB).toFixed(2)} MiB on the wire (ratio ${(bytes / compressedBytes).toFixed(1)}:1)`);
  console.log(`receive through @telnetkit/node connect() + readBytes(), loopback TCP, median of ${runs} (min-max):`);
  row("plain", plain, bytes);
  row("MCCP2 (node:zlib inflate)", mccp, compressedBytes + 5);
  row("MCCP2 (inflateCodec, core's decoder)", coreInflate, compressedBytes + 5);
  row("node:zlib inflate alone (no Telnet)", inflate, compressedBytes);
}

if (args.role === "server") await serverRole();
else await main();
