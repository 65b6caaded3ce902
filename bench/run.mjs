// telnetkit engine benchmark: receive and send throughput, memory per idle session.
// Usage: node bench/run.mjs [--mib N] [--runs N] [--dir DIR] [--byte-mib N] [--sessions N] [--core FILE]
// It imports the built package (packages/core/dist): `pnpm bench` builds first.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadCore } from "./core.mjs";
import { chunksOf } from "./measure.mjs";
import { measureReceive } from "./receive.mjs";
import { measureSend, sendInput } from "./send.mjs";
import { generateWorkloads, readWorkloads, WORKLOAD_NAMES } from "./workloads.mjs";

const { values: args } = parseArgs({
  options: {
    mib: { type: "string", default: "16" },
    runs: { type: "string", default: "5" },
    dir: { type: "string" },
    "byte-mib": { type: "string", default: "2" },
    sessions: { type: "string", default: "10000" },
    core: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (args.help) {
  console.log(`usage: node bench/run.mjs [options]
  --mib N        size of each generated workload and of the send input (default 16)
  --runs N       timed runs per figure; the median is reported (default 5)
  --dir DIR      read plain.bin, binary.bin, mud.bin, nego.bin from DIR instead of generating
  --byte-mib N   size of the plain slice fed in 1-byte chunks (default 2)
  --sessions N   idle sessions created for the memory figure (default 10000)
  --core FILE    measure another ESM build of the engine (e.g. an older dist/index.js) instead of @telnetkit/core`);
  process.exit(0);
}

const positive = (name) => {
  const v = Number(args[name]);
  if (!(v > 0)) throw new Error(`--${name} must be a positive number`);
  return v;
};
const mib = positive("mib");
const runs = Math.round(positive("runs"));
const byteMib = positive("byte-mib");
const sessions = Math.round(positive("sessions"));

const KIB16 = 16 * 1024;
const TARGETS = {
  plain: 3000,
  binary: 1500,
  mud: 1200,
  nego: 150,
  plain1: 20,
  send: 2000,
  memory: 2048,
};

// Telnet commands in a stream (IAC IAC is data), to show that each reached the session.
function countCommands(bytes) {
  let count = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i] !== 255) {
      i++;
      continue;
    }
    const b = bytes[i + 1];
    if (b === 255) i += 2;
    else if (b >= 251) (count++, (i += 3));
    else if (b === 250) {
      count++;
      i += 3;
      while (i < bytes.length && !(bytes[i] === 255 && bytes[i + 1] === 240)) i += bytes[i] === 255 ? 2 : 1;
      i += 2;
    } else (count++, (i += 2));
  }
  return count;
}

const fmt = (v) => (v >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(1));
const pad = (s, n) => String(s).padStart(n);
const padEnd = (s, n) => String(s).padEnd(n);

const core = await loadCore(args.core);
const engineName = args.core ? `engine ${args.core}` : "engine @telnetkit/core (packages/core/dist)";
console.log(`telnetkit engine benchmark: Node ${process.version}, ${process.platform}/${process.arch}, byte search "${core.byteSearch}"`);
console.log(engineName);
const source = args.dir ? `read from ${args.dir}` : `generated in memory, ${mib} MiB each`;
console.log(`workloads ${source}; median of ${runs} runs after a warm-up (min-max in brackets)\n`);

const workloads = args.dir ? readWorkloads(args.dir) : generateWorkloads(mib);

const rows = [];
const details = [];
const row = (label, chunk, r, ceiling, target) => {
  rows.push([
    label,
    chunk,
    `${fmt(r.median)} [${fmt(r.min)}-${fmt(r.max)}]`,
    ceiling ? fmt(ceiling.median) : "",
    ceiling ? `${Math.round((100 * r.median) / ceiling.median)}%` : "",
    `>= ${target.toLocaleString("en-US")}`,
    r.median >= target ? "ok" : "BELOW",
  ]);
};

for (const name of WORKLOAD_NAMES) {
  const bytes = workloads[name];
  const r = measureReceive(core, name, chunksOf(bytes, KIB16), bytes.length, runs);
  row(`receive ${name}`, "16 KiB", r.engine, r.scan, TARGETS[name]);
  const t = r.tally;
  let d = `${name}: ${(bytes.length / 1048576).toFixed(2)} MiB in, ${t.data} data bytes out, ${t.events} events`;
  if (name === "nego" || name === "mud") {
    d += ` (${countCommands(bytes)} commands in the input; ${t.options} option, ${t.commands} command, ${t.warnings} warning, ${t.other} option-specific events; ${t.transmit} bytes transmitted)`;
  }
  details.push(d);
}

{
  const slice = workloads.plain.subarray(0, Math.min(workloads.plain.length, Math.round(byteMib * 1048576)));
  // One preallocated 1-byte array per byte value, so the figure is the engine's cost, not the cost of making views.
  const pool = Array.from({ length: 256 }, (_, b) => Uint8Array.of(b));
  const chunks = Array.from(slice, (b) => pool[b]);
  const r = measureReceive(core, "plain", chunks, slice.length, runs);
  row(`receive plain (first ${fmt(slice.length / 1048576)} MiB)`, "1 byte", r.engine, r.scan, TARGETS.plain1);
  details.push(`plain, 1-byte chunks: ${t1(r.tally)}`);
}

function t1(t) {
  return `${t.data} data bytes out, ${t.events} events`;
}

{
  const input = sendInput(mib);
  const pieces = measureSend(core, input, KIB16, runs);
  row(`send data (escape IAC, random)`, "16 KiB", pieces, null, TARGETS.send);
  const whole = measureSend(core, input, input.length, runs);
  row(`send data (escape IAC, random)`, `${fmt(mib)} MiB`, whole, null, TARGETS.send);
  details.push(`send: ${input.length} bytes in, ${whole.written} bytes out`);
}

const head = ["figure", "chunk", "engine MiB/s", "indexOf(0xFF) MiB/s", "of ceiling", "target", ""];
const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => String(r[k]).length)));
const line = (cells) => cells.map((c, k) => (k === 0 ? padEnd(c, widths[k]) : pad(c, widths[k]))).join("  ");
console.log(line(head));
for (const r of rows) console.log(line(r));

const memory = spawnSync(
  process.execPath,
  ["--expose-gc", fileURLToPath(new URL("./memory.mjs", import.meta.url)), String(sessions), ...(args.core ? [args.core] : [])],
  { encoding: "utf8" },
);
if (memory.status !== 0) {
  console.log(`\nmemory: failed\n${memory.stderr}`);
  process.exitCode = 1;
} else {
  const m = JSON.parse(memory.stdout);
  const verdict = m.heapPerSession <= TARGETS.memory ? "ok" : "BELOW";
  console.log(
    `\nretained heap per idle session: ${Math.round(m.heapPerSession)} bytes` +
      ` (target <= ${TARGETS.memory}: ${verdict}); array buffers outside the heap: ${Math.round(m.externalPerSession)} bytes` +
      `\n  ${m.sessions} server sessions after their opening negotiation with a client` +
      ` (remote on: ${m.enabled.remote.join(",")}; local on: ${m.enabled.local.join(",")}; settled: ${m.settled})`,
  );
}

console.log("\n" + details.join("\n"));
console.log(
  "\nceiling: Buffer.prototype.indexOf(0xFF) finding every 0xFF in the same chunks, with no other work." +
    "\n1-byte chunks: each chunk is a preallocated 1-byte array, one per byte value.",
);
