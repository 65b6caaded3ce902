// The engine's receive throughput under Node, Deno and Bun, side by side: the workloads and
// the measurement of figure.mjs (each figure in a fresh process), run by each runtime in turn.
// Usage: node bench/runtimes.mjs [--mib N] [--runs N] [--byte-mib N] [--dir DIR] [--runtimes node,deno,bun] [--portable]
// It imports the built engine (packages/core/dist): `pnpm bench:runtimes` builds it first.
// Deno and Bun are the repository's devDependencies (node_modules/.bin).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { WORKLOAD_NAMES } from "./workloads.mjs";

const { values: args } = parseArgs({
  options: {
    mib: { type: "string", default: "8" },
    runs: { type: "string", default: "5" },
    "byte-mib": { type: "string", default: "1" },
    dir: { type: "string" },
    runtimes: { type: "string", default: "node,deno,bun" },
    portable: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (args.help) {
  console.log(`usage: node bench/runtimes.mjs [options]
  --mib N            size of each generated workload (default 8)
  --runs N           timed runs per figure; the median is reported (default 5)
  --byte-mib N       size of the plain slice fed in 1-byte chunks (default 1)
  --dir DIR          read plain.bin, binary.bin, mud.bin, nego.bin from DIR instead of generating
  --runtimes LIST    which runtimes, comma-separated (default node,deno,bun)
  --portable         also measure each runtime with the engine's portable byte search (no Buffer)`);
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

const root = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const core = root("packages/core/dist/index.js");
if (!existsSync(core)) throw new Error("bench/runtimes.mjs needs packages/core/dist: run `pnpm bench:runtimes` (it builds first)");
const script = fileURLToPath(new URL("./runtime-figure.mjs", import.meta.url));

// How each runtime runs a script. DENO_NO_PACKAGE_JSON: Deno needs nothing of the npm workspace here.
const RUNTIMES = {
  node: { command: process.execPath, args: [], version: () => `Node ${process.version}` },
  deno: {
    command: root("node_modules/.bin/deno"),
    args: ["run", "--quiet", "--allow-read", "--allow-env"],
    version: () => versionOf(root("node_modules/.bin/deno"), ["--version"]).split("\n")[0],
  },
  bun: { command: root("node_modules/.bin/bun"), args: [], version: () => `Bun ${versionOf(root("node_modules/.bin/bun"), ["--version"])}` },
};
const chosen = args.runtimes.split(",").map((s) => s.trim()).filter(Boolean);
for (const name of chosen) if (!RUNTIMES[name]) throw new Error(`unknown runtime ${name} (node, deno, bun)`);

function versionOf(command, argv) {
  const r = spawnSync(command, argv, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${command} ${argv.join(" ")} failed: ${r.stderr}`);
  return r.stdout.trim();
}

// One figure under one runtime, in a fresh process; its last line of output is JSON.
function figure(runtime, spec) {
  const rt = RUNTIMES[runtime];
  const full = { figure: "receive", runs, mib, byteMib, dir: args.dir, core, ...spec };
  const r = spawnSync(rt.command, [...rt.args, script, JSON.stringify(full)], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
    env: { ...process.env, DENO_NO_PACKAGE_JSON: "1" },
  });
  if (r.status !== 0) throw new Error(`${runtime} ${JSON.stringify(spec)} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

const fmt = (v) => (v >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(1));
const pad = (s, n) => String(s).padStart(n);
const padEnd = (s, n) => String(s).padEnd(n);

console.log(`telnetkit engine receive throughput by runtime (engine: packages/core/dist)`);
for (const name of chosen) console.log(`  ${name}: ${RUNTIMES[name].version()}`);
const source = args.dir ? `read from ${args.dir}` : `generated in memory, ${mib} MiB each`;
console.log(`workloads ${source}; MiB/s, median of ${runs} runs after a warm-up, each figure in a fresh process\n`);

const figures = [];
for (const workload of WORKLOAD_NAMES) figures.push({ label: `receive ${workload}`, chunk: "16 KiB", spec: { workload, chunk: 16384 } });
figures.push({ label: `receive plain (first ${fmt(byteMib)} MiB)`, chunk: "1 byte", spec: { workload: "plain", chunk: 1 } });
const variants = args.portable ? [false, true] : [false];

const rows = [];
const searches = {};
for (const f of figures) {
  for (const portable of variants) {
    const cells = [];
    // The runtimes take turns on each figure, so that all see the same conditions.
    for (const name of chosen) {
      const r = figure(name, { ...f.spec, portable });
      (searches[name] ??= new Set()).add(r.byteSearch);
      cells.push(`${fmt(r.engine.median)} (${Math.round((100 * r.engine.median) / r.scan.median)}%)`);
    }
    rows.push([portable ? `${f.label}, portable search` : f.label, f.chunk, ...cells]);
  }
}

const head = ["figure", "chunk", ...chosen];
const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => String(r[k]).length)));
const line = (cells) => cells.map((c, k) => (k === 0 ? padEnd(c, widths[k]) : pad(c, widths[k]))).join("  ");
console.log(line(head));
for (const r of rows) console.log(line(r));
console.log(
  `\nEach cell: engine MiB/s (share of the ceiling: Buffer.prototype.indexOf(0xFF) finding every 0xFF in` +
    ` the same chunks, in the same runtime).` +
    `\nByte search the engine picked: ${chosen.map((n) => `${n} ${[...searches[n]].join("/")}`).join(", ")}` +
    ` ("buffer": Buffer#indexOf; "typed-array": Uint8Array#indexOf${args.portable ? ", forced in the portable rows" : ""}).`,
);
