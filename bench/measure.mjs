// Timing helpers: one warm-up, then the median of several timed runs.

/** Milliseconds since an arbitrary origin. */
export const now = () => performance.now();

/** Median of numbers. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Run `once()` (which returns elapsed ms for `bytes` bytes) one time to warm up, then
 * `runs` times; the median and the spread as MiB/s.
 */
export function throughput(bytes, runs, once) {
  once();
  const rates = [];
  for (let r = 0; r < runs; r++) rates.push(bytes / (1024 * 1024) / (once() / 1000));
  return { median: median(rates), min: Math.min(...rates), max: Math.max(...rates) };
}

/** Split `bytes` into views of `size` bytes (the last one shorter). */
export function chunksOf(bytes, size) {
  const out = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, Math.min(bytes.length, i + size)));
  return out;
}
