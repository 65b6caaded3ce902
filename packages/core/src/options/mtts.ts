/**
 * MTTS, the Mud Terminal Type Standard: the third answer of a TTYPE cycle is
 * "MTTS <bits>", the sum of the client's capabilities (shared/rfcs/mud-mtts.md).
 */

/** MTTS capability bits, by the names of the standard. */
export const MTTS_BITS = {
  ansi: 1,
  vt100: 2,
  utf8: 4,
  colors256: 8,
  mouseTracking: 16,
  oscColorPalette: 32,
  screenReader: 64,
  proxy: 128,
  truecolor: 256,
  mnes: 512,
  mslp: 1024,
  ssl: 2048,
} as const;

export type MttsFlag = keyof typeof MTTS_BITS;

/** Decoded MTTS capabilities: the raw bit vector and one boolean per named bit. */
export type MttsFlags = { value: number } & Record<MttsFlag, boolean>;

/** Flags from a bit vector. */
export function mttsFlags(value: number): MttsFlags {
  const flags = { value } as MttsFlags;
  for (const [name, bit] of Object.entries(MTTS_BITS)) flags[name as MttsFlag] = (value & bit) !== 0;
  return flags;
}

/** Parse a terminal type such as `MTTS 137`; undefined when it is not an MTTS answer. */
export function parseMtts(name: string): MttsFlags | undefined {
  const m = /^MTTS (\d{1,10})$/i.exec(name.trim());
  if (!m) return undefined;
  const value = Number(m[1]);
  return value <= 0xffffffff ? mttsFlags(value) : undefined;
}

/** The terminal type string a client sends for a set of capabilities, e.g. `MTTS 13`. */
export function formatMtts(flags: Partial<Record<MttsFlag, boolean>> | number): string {
  if (typeof flags === "number") return `MTTS ${flags >>> 0}`;
  let value = 0;
  for (const [name, bit] of Object.entries(MTTS_BITS)) if (flags[name as MttsFlag]) value |= bit;
  return `MTTS ${value}`;
}
