// Send throughput: escape IAC in random bytes with session.send({ type: "data" }); beside it,
// the least any escaping must do: find every 0xFF and copy the bytes into a new array.
import { chunksOf, now, throughputPair } from "./measure.mjs";
import { createRandom } from "./prng.mjs";

const bufferIndexOf = Buffer.prototype.indexOf;

/** Random bytes (fixed seed): about one byte in 256 is an IAC to double. */
export function sendInput(mib) {
  return createRandom(0x5e4d).fill(new Uint8Array(Math.round(mib * 1024 * 1024)));
}

/**
 * MiB/s of `send()` over `bytes` in pieces of `size` bytes (the whole buffer when size is 0
 * or larger), and of the ceiling over the same pieces, measured in turns.
 */
export function measureSend(core, bytes, size, runs) {
  const pieces = size > 0 && size < bytes.length ? chunksOf(bytes, size) : [bytes];
  const s = new core.TelnetSession({ role: "server" });
  let written = 0;
  let copied = 0;
  const [engine, ceiling] = throughputPair(
    bytes.length,
    runs,
    () => {
      written = 0;
      const t0 = now();
      for (let p = 0; p < pieces.length; p++) written += s.send({ type: "data", bytes: pieces[p] }).length;
      return now() - t0;
    },
    () => {
      copied = 0;
      const t0 = now();
      for (let p = 0; p < pieces.length; p++) {
        const piece = pieces[p];
        let hits = 0;
        for (let i = bufferIndexOf.call(piece, 255, 0); i !== -1; i = bufferIndexOf.call(piece, 255, i + 1)) hits++;
        copied += piece.slice().length + hits;
      }
      return now() - t0;
    },
  );
  return { engine, ceiling, written, copied };
}
