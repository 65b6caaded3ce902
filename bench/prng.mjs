// A small seeded generator (xorshift32 with a multiplied output): the same seed gives the
// same workload bytes on every machine and every run.

/** A deterministic generator of 32-bit numbers from `seed`. */
export function createRandom(seed) {
  let s = seed >>> 0 || 0x9e3779b9;
  const u32 = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return Math.imul(s, 0x2545f491) >>> 0;
  };
  return {
    u32,
    /** A float in [0, 1). */
    random: () => u32() / 4294967296,
    /** An integer in [lo, hi], both included. */
    int: (lo, hi) => lo + Math.floor((u32() / 4294967296) * (hi - lo + 1)),
    /** One element of `list`. */
    pick: (list) => list[Math.floor((u32() / 4294967296) * list.length)],
    /** Fill `bytes` with random bytes. */
    fill(bytes) {
      let i = 0;
      for (; i + 4 <= bytes.length; i += 4) {
        const v = u32();
        bytes[i] = v;
        bytes[i + 1] = v >>> 8;
        bytes[i + 2] = v >>> 16;
        bytes[i + 3] = v >>> 24;
      }
      for (; i < bytes.length; i++) bytes[i] = u32();
      return bytes;
    },
  };
}
