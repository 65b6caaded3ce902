// A workload compressed as a MUD server sends it with MCCP2: a flush (Z_SYNC_FLUSH) every
// `flush` bytes of input, Z_FINISH at the end.
import * as zlib from "node:zlib";

/** The zlib stream of `data` at `level`, flushed every `flush` bytes. */
export function compressLikeMud(data, flush, level) {
  return new Promise((resolve, reject) => {
    const d = zlib.createDeflate({ level, flush: zlib.constants.Z_SYNC_FLUSH });
    const parts = [];
    d.on("data", (b) => parts.push(b));
    d.on("end", () => resolve(Buffer.concat(parts)));
    d.on("error", reject);
    for (let i = 0; i < data.length; i += flush) d.write(data.subarray(i, i + flush));
    d.end();
  });
}
