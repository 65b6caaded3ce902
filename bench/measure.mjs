// Timing helpers: a warm-up, then the median of several timed runs.

/** Milliseconds since an arbitrary origin. */
export const now = () => performance.now();

/** Median of numbers. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const rate = (bytes, ms) => bytes / (1024 * 1024) / (ms / 1000);
const summary = (rates) => ({ median: median(rates), min: Math.min(...rates), max: Math.max(...rates) });

// Warm-up: at least two passes and half a second, so that the JIT has settled.
function warm(fns) {
  const t0 = now();
  for (let k = 0; k < 2 || now() - t0 < 500; k++) for (const fn of fns) fn();
}

/**
 * Throughput in MiB/s of `once()` (which returns elapsed ms for `bytes` bytes): the
 * median, min and max of `runs` timed runs after the warm-up.
 */
export function throughput(bytes, runs, once) {
  warm([once]);
  const rates = [];
  for (let r = 0; r < runs; r++) rates.push(rate(bytes, once()));
  return summary(rates);
}

/**
 * Like `throughput` for two passes over the same bytes, run in turns so that both see
 * the same conditions (other load on the machine, CPU frequency).
 */
export function throughputPair(bytes, runs, onceA, onceB) {
  warm([onceA, onceB]);
  const a = [];
  const b = [];
  for (let r = 0; r < runs; r++) {
    a.push(rate(bytes, onceA()));
    b.push(rate(bytes, onceB()));
  }
  return [summary(a), summary(b)];
}

/** Split `bytes` into views of `size` bytes (the last one shorter). */
export function chunksOf(bytes, size) {
  const out = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, Math.min(bytes.length, i + size)));
  return out;
}
