// telnetkit inflate benchmark: core's own zlib decoder (`inflateCodec()`, plain TypeScript)
// against node:zlib, on the `mud` workload compressed as a MUD server sends it.
//
// Usage: node bench/inflate.mjs [--mib N] [--runs N] [--flush-kib N] [--level N]
//
// The workload is compressed once with node:zlib (a flush, Z_SYNC_FLUSH, every --flush-kib
// KiB of input, as a server flushes each write; Z_FINISH at the end), then decompressed by:
//   - inflateCodec()'s inflater, written in 64 KiB pieces (a socket read) and in 1 KiB pieces;
//   - node:zlib's inflateSync over the whole stream (one call, zlib's C code, same thread);
//   - node:zlib's streaming inflate, written in 64 KiB pieces and awaited to the end (what
//     @telnetkit/node's codec does; zlib works on the thread pool).
// Figures are MiB/s of the uncompressed workload, the median of --runs runs taken in turns
// after a warm-up, min-max beside it; "per CPU-second" divides by the process's CPU time
// instead (zlib's threads included), which the load of other processes moves less. It imports the built core (packages/core/dist):
// `pnpm bench:inflate` builds first.
import { parseArgs } from "node:util";
import * as zlib from "node:zlib";
import { compressLikeMud } from "./mud-stream.mjs";
import { generateWorkload } from "./workloads.mjs";
import { chunksOf, median } from "./measure.mjs";

const CORE_DIST = new URL("../packages/core/dist/index.js", import.meta.url).href;
const MiB = 1024 * 1024;

const { values: args } = parseArgs({
  options: {
    mib: { type: "string", default: "16" },
    runs: { type: "string", default: "7" },
    "flush-kib": { type: "string", default: "4" },
    level: { type: "string", default: "6" },
    help: { type: "boolean", default: false },
  },
});

if (args.help) {
  console.log(`usage: node bench/inflate.mjs [options]
  --mib N        size of the mud workload (default 16)
  --runs N       timed runs per figure; the median is reported (default 7)
  --flush-kib N  the stream is flushed every N KiB of input (default 4)
  --level N      zlib level of the compression, 0-9 (default 6)`);
  process.exit(0);
}

const num = (name) => {
  const v = Number(args[name]);
  if (!(v >= 0)) throw new Error(`--${name} must be a number`);
  return v;
};

// One pass of inflateCodec() over `pieces`: elapsed ms; checks the output's size and the end.
function ours(inflateCodec, pieces, expected) {
  const t0 = performance.now();
  let out = 0;
  let ended = false;
  const inflater = inflateCodec().createInflater({
    data: (b) => void (out += b.length),
    end: () => void (ended = true),
    error: (err) => {
      throw err;
    },
    drain() {},
  });
  for (const p of pieces) inflater.write(p);
  const ms = performance.now() - t0;
  if (out !== expected || !ended) throw new Error(`inflateCodec gave ${out} bytes of ${expected}, ended: ${ended}`);
  return ms;
}

function zlibSync(compressed, expected) {
  const t0 = performance.now();
  const out = zlib.inflateSync(compressed);
  const ms = performance.now() - t0;
  if (out.length !== expected) throw new Error(`inflateSync gave ${out.length} bytes of ${expected}`);
  return ms;
}

function zlibStream(pieces, expected) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const inf = zlib.createInflate({ chunkSize: 65536 });
    let out = 0;
    inf.on("data", (b) => (out += b.length));
    inf.on("end", () => {
      if (out !== expected) reject(new Error(`createInflate gave ${out} bytes of ${expected}`));
      else resolve(performance.now() - t0);
    });
    inf.on("error", reject);
    for (const p of pieces) inf.write(p);
    inf.end();
  });
}

async function main() {
  const { inflateCodec } = await import(CORE_DIST);
  const runs = Math.max(1, Math.round(num("runs")));
  const data = generateWorkload("mud", num("mib"));
  const level = num("level");
  const compressed = await compressLikeMud(data, Math.max(1, num("flush-kib")) * 1024, level);
  const big = chunksOf(compressed, 65536);
  const small = chunksOf(compressed, 1024);
  const n = data.length;

  const figures = [
    ["inflateCodec(), 64 KiB writes", () => ours(inflateCodec, big, n)],
    ["inflateCodec(), 1 KiB writes", () => ours(inflateCodec, small, n)],
    ["node:zlib inflateSync, whole stream", () => zlibSync(compressed, n)],
    ["node:zlib createInflate, 64 KiB writes", () => zlibStream(big, n)],
  ];
  const times = figures.map(() => []);
  const cpuTimes = figures.map(() => []);
  // Warm-up: two passes of each, then the timed runs in turns.
  for (let k = 0; k < 2; k++) for (const [, once] of figures) await once();
  for (let r = 0; r < runs; r++)
    for (const [i, [, once]] of figures.entries()) {
      const cpu0 = process.cpuUsage();
      times[i].push(await once());
      const cpu = process.cpuUsage(cpu0);
      cpuTimes[i].push((cpu.user + cpu.system) / 1000);
    }

  console.log(`telnetkit inflate bench — Node ${process.version}, mud workload ${(n / MiB).toFixed(1)} MiB`);
  console.log(`compressed by node:zlib at level ${level}, flushed every ${args["flush-kib"]} KiB: ${(compressed.length / MiB).toFixed(2)} MiB (ratio ${(n / compressed.length).toFixed(1)}:1)`);
  console.log(`MiB/s of decompressed output, median of ${runs} (min-max):`);
  for (const [i, [name]] of figures.entries()) {
    const rates = times[i].map((ms) => n / MiB / (ms / 1000));
    const cpu = cpuTimes[i].map((ms) => n / MiB / (ms / 1000));
    const range = `(${Math.min(...rates).toFixed(0)}-${Math.max(...rates).toFixed(0)})`;
    console.log(`  ${name.padEnd(40)} ${median(rates).toFixed(0).padStart(6)} MiB/s ${range.padEnd(12)} ${median(cpu).toFixed(0).padStart(6)} MiB per CPU-second`);
  }
}

await main();
