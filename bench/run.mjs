// telnetkit engine benchmark: receive and send throughput, memory per idle session.
// Usage: node bench/run.mjs [--mib N] [--runs N] [--dir DIR] [--byte-mib N] [--sessions N] [--core FILE]
// It imports the built package (packages/core/dist): `pnpm bench` builds first. Each figure
// is measured in a child process of its own (figure.mjs, memory.mjs).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { WORKLOAD_NAMES } from "./workloads.mjs";

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
const TARGETS = { plain: 3000, binary: 1500, mud: 1200, nego: 150, plain1: 20, send: 2000, memory: 2048 };

// Run a script of this folder in a child node; its last line of output is JSON.
function child(script, argv, nodeFlags = []) {
  const r = spawnSync(process.execPath, [...nodeFlags, fileURLToPath(new URL(script, import.meta.url)), ...argv], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`${script} ${argv.join(" ")} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}
const figure = (spec) => child("./figure.mjs", [JSON.stringify({ runs, mib, dir: args.dir, core: args.core, ...spec })]);

const fmt = (v) => (v >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(1));
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

let byteSearch = "";
for (const name of WORKLOAD_NAMES) {
  const r = figure({ figure: "receive", workload: name, chunk: KIB16 });
  byteSearch = r.byteSearch;
  row(`receive ${name}`, "16 KiB", r.engine, r.scan, TARGETS[name]);
  const t = r.tally;
  let d = `${name}: ${(r.bytes / 1048576).toFixed(2)} MiB in, ${t.data} data bytes out, ${t.events} events`;
  if (name === "nego" || name === "mud") {
    d += ` (${r.commands} commands in the input; ${t.options} option, ${t.commands} command, ${t.warnings} warning, ${t.other} option-specific events; ${t.transmit} bytes transmitted)`;
  }
  details.push(d);
}

{
  // On nego the byte scan says little (a command every few bytes): beside the engine, the
  // least any JavaScript parser does there, a bare walk from command to command.
  const r = figure({ figure: "walk", workload: "nego", chunk: KIB16 });
  if (r.commands !== r.expected) throw new Error(`walk found ${r.commands} commands, expected ${r.expected}`);
  if (r.events !== r.expected) throw new Error(`walk made ${r.events} events, expected ${r.expected}`);
  const cell = (x) => `${fmt(x.median)} [${fmt(x.min)}-${fmt(x.max)}]`;
  rows.push(["  nego: bare command walk (no events)", "16 KiB", cell(r.walk), "", "", "", ""]);
  rows.push(["  nego: walk + one object per command", "16 KiB", cell(r.withEvents), "", "", "", ""]);
  details.push(`nego walk: engine ${fmt(r.engine.median)} MiB/s measured in turns with a walk at ${fmt(r.walk.median)} MiB/s (engine at ${Math.round((100 * r.engine.median) / r.walk.median)}% of the walk)`);
}

{
  const r = figure({ figure: "receive", workload: "plain", chunk: 1, byteMib });
  row(`receive plain (first ${fmt(r.bytes / 1048576)} MiB)`, "1 byte", r.engine, r.scan, TARGETS.plain1);
  details.push(`plain, 1-byte chunks: ${r.tally.data} data bytes out, ${r.tally.events} events`);
}

{
  const pieces = figure({ figure: "send", size: KIB16 });
  row("send data (escape IAC, random)", "16 KiB", pieces.engine, pieces.scan, TARGETS.send);
  const whole = figure({ figure: "send", size: 0 });
  row("send data (escape IAC, random)", `${fmt(mib)} MiB`, whole.engine, whole.scan, TARGETS.send);
  details.push(`send: ${whole.bytes} bytes in, ${whole.written} bytes out`);
}

const engineName = args.core ? `engine ${args.core}` : "engine @telnetkit/core (packages/core/dist)";
console.log(`telnetkit engine benchmark: Node ${process.version}, ${process.platform}/${process.arch}, byte search "${byteSearch}"`);
console.log(engineName);
const source = args.dir ? `read from ${args.dir}` : `generated in memory, ${mib} MiB each`;
console.log(`workloads ${source}; median of ${runs} runs after a warm-up (min-max in brackets); one process per figure\n`);

const head = ["figure", "chunk", "engine MiB/s", "ceiling MiB/s", "of ceiling", "target", ""];
const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => String(r[k]).length)));
const line = (cells) => cells.map((c, k) => (k === 0 ? String(c).padEnd(widths[k]) : String(c).padStart(widths[k]))).join("  ");
console.log(line(head));
for (const r of rows) console.log(line(r));

try {
  const m = child("./memory.mjs", [String(sessions), ...(args.core ? [args.core] : [])], ["--expose-gc"]);
  const verdict = m.heapPerSession <= TARGETS.memory ? "ok" : "ABOVE";
  console.log(
    `\nretained heap per idle session: ${Math.round(m.heapPerSession)} bytes` +
      ` (target <= ${TARGETS.memory}: ${verdict}); array buffers outside the heap: ${Math.round(m.externalPerSession)} bytes` +
      `\n  ${m.sessions} server sessions after their opening negotiation with a client` +
      ` (remote on: ${m.enabled.remote.join(",")}; local on: ${m.enabled.local.join(",")}; settled: ${m.settled})`,
  );
} catch (err) {
  console.log(`\nmemory: ${err.message}`);
  process.exitCode = 1;
}

console.log("\n" + details.join("\n"));
console.log(
  "\nceiling (measured in turns with the engine, over the same bytes and chunks):" +
    "\n  receive: Buffer.prototype.indexOf(0xFF) finding every 0xFF, with no other work;" +
    "\n  send: the same search plus one copy of the input into a new array (slice), the least an escaping send must do." +
    "\n  nego, bare command walk: a JavaScript loop that goes from command to command (IAC verb option," +
    "\n  IAC SB ... IAC SE) and reads each option byte, making no event and no reply; with one object per command:" +
    "\n  the same walk pushing one small plain object per command into an array per chunk, and nothing else." +
    "\n1-byte chunks: each chunk is a preallocated 1-byte array, one per byte value.",
);
