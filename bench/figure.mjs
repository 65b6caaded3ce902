// One figure of the benchmark, in a process of its own so that no figure inherits the JIT
// state another one left: node figure.mjs '<json spec>' prints the result as JSON.
import { loadCore } from "./core.mjs";
import { chunksOf } from "./measure.mjs";
import { measureReceive, measureWalk } from "./receive.mjs";
import { measureSend, sendInput } from "./send.mjs";
import { countCommands, generateWorkload, readWorkload } from "./workloads.mjs";

const spec = JSON.parse(process.argv[2]);
const core = await loadCore(spec.core);
let result;

if (spec.figure === "receive") {
  let bytes = spec.dir ? readWorkload(spec.dir, spec.workload) : generateWorkload(spec.workload, spec.mib);
  let chunks;
  if (spec.chunk === 1) {
    bytes = bytes.subarray(0, Math.min(bytes.length, Math.round(spec.byteMib * 1048576)));
    // One preallocated 1-byte array per byte value: the figure is the engine's cost, not the cost of making views.
    const pool = Array.from({ length: 256 }, (_, b) => Uint8Array.of(b));
    chunks = Array.from(bytes, (b) => pool[b]);
  } else {
    chunks = chunksOf(bytes, spec.chunk);
  }
  const r = measureReceive(core, spec.workload, chunks, bytes.length, spec.runs);
  result = { ...r, bytes: bytes.length, commands: countCommands(bytes) };
} else if (spec.figure === "walk") {
  const bytes = spec.dir ? readWorkload(spec.dir, spec.workload) : generateWorkload(spec.workload, spec.mib);
  const r = measureWalk(core, spec.workload, chunksOf(bytes, spec.chunk), bytes.length, spec.runs);
  result = { ...r, bytes: bytes.length, expected: countCommands(bytes) };
} else if (spec.figure === "send") {
  const input = sendInput(spec.mib);
  const r = measureSend(core, input, spec.size, spec.runs);
  result = { engine: r.engine, scan: r.ceiling, bytes: input.length, written: r.written };
} else {
  throw new Error(`figure.mjs: unknown figure ${spec.figure}`);
}

process.stdout.write(JSON.stringify({ ...result, byteSearch: core.byteSearch }) + "\n");
