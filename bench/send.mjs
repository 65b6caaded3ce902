// Send throughput: escape IAC in random bytes with session.send({ type: "data" }).
import { chunksOf, now, throughput } from "./measure.mjs";
import { createRandom } from "./prng.mjs";

/** Random bytes (fixed seed): about one byte in 256 is an IAC to double. */
export function sendInput(mib) {
  return createRandom(0x5e4d).fill(new Uint8Array(Math.round(mib * 1024 * 1024)));
}

/** MiB/s of `send()` over `bytes`, in pieces of `size` bytes (the whole buffer when size >= length). */
export function measureSend(core, bytes, size, runs) {
  const pieces = size >= bytes.length ? [bytes] : chunksOf(bytes, size);
  const s = new core.TelnetSession({ role: "server" });
  let written = 0;
  const r = throughput(bytes.length, runs, () => {
    written = 0;
    const t0 = now();
    for (let p = 0; p < pieces.length; p++) written += s.send({ type: "data", bytes: pieces[p] }).length;
    return now() - t0;
  });
  return { ...r, written };
}
