import { OPT } from "./constants.js";
import type { OptionModule, OptionPolicy, Role, SidePolicy, SidesPolicy } from "./option.js";
import type { SessionOptions } from "./session-options.js";

/** Option modules indexed for the engine: by code, by policy name, by command type. */
export interface OptionRegistry {
  readonly byCode: readonly (OptionModule | undefined)[];
  readonly byName: ReadonlyMap<string, OptionModule>;
  readonly byCommand: ReadonlyMap<string, OptionModule>;
}

/** Index modules; a later module with the same code replaces an earlier one. */
export function createRegistry(modules: readonly OptionModule[]): OptionRegistry {
  const byCode: (OptionModule | undefined)[] = new Array(256).fill(undefined);
  for (const m of modules) {
    if (!Number.isInteger(m.code) || m.code < 0 || m.code > 255) {
      throw new RangeError(`option module ${m.name}: code ${m.code} is not 0-255`);
    }
    byCode[m.code] = m;
  }
  const byName = new Map<string, OptionModule>();
  const byCommand = new Map<string, OptionModule>();
  for (const m of byCode) {
    if (!m) continue;
    byName.set(m.name.toLowerCase(), m);
    for (const c of m.commands ?? []) byCommand.set(c, m);
  }
  return { byCode, byName, byCommand };
}

// Policy table: 2 bits a side, local in bits 0-1, remote in bits 2-3.
export const P_REFUSE = 0;
export const P_ACCEPT = 1;
export const P_INITIATE = 2;

const SIDE_CODES: Record<SidePolicy, number> = { refuse: P_REFUSE, accept: P_ACCEPT, initiate: P_INITIATE };

function sideCode(p: SidePolicy | undefined, fallback: number, key: string): number {
  if (p === undefined) return fallback;
  const c = SIDE_CODES[p];
  if (c === undefined) throw new TypeError(`option policy for ${key}: unknown side policy ${JSON.stringify(p)}`);
  return c;
}

function resolveCode(key: string, registry: OptionRegistry): number {
  if (/^\d+$/.test(key)) {
    const n = Number(key);
    if (n <= 255) return n;
  }
  const m = registry.byName.get(key.toLowerCase());
  if (m) return m.code;
  const code = (OPT as Record<string, number>)[key.toUpperCase().replace(/-/g, "_")];
  if (code !== undefined) return code;
  throw new TypeError(`options: unknown option ${JSON.stringify(key)}`);
}

/** Compile the defaults of every module for `role` and the user's policies into one table of 256 bytes. */
export function compilePolicy(
  registry: OptionRegistry,
  role: Role,
  options: Readonly<Record<string | number, OptionPolicy>> | undefined,
  settings?: SessionOptions,
): Uint8Array {
  const table = new Uint8Array(256);
  for (const m of registry.byCode) {
    if (!m) continue;
    const d: SidesPolicy | undefined = (settings && m.defaultPolicy?.(role, settings)) ?? m.defaults?.[role];
    table[m.code] = sideCode(d?.local, P_REFUSE, m.name) | (sideCode(d?.remote, P_REFUSE, m.name) << 2);
  }
  if (!options) return table;
  for (const key of Object.keys(options)) {
    const code = resolveCode(key, registry);
    const policy = options[key];
    let local = table[code] & 3;
    let remote = table[code] >> 2;
    if (policy === "refuse") local = remote = P_REFUSE;
    else if (policy === "accept") local = remote = P_ACCEPT;
    else if (policy === "request") remote = P_INITIATE;
    else if (policy === "offer") local = P_INITIATE;
    else if (typeof policy === "object" && policy !== null) {
      local = sideCode(policy.local, local, key);
      remote = sideCode(policy.remote, remote, key);
    } else throw new TypeError(`options.${key}: unknown policy ${JSON.stringify(policy)}`);
    table[code] = local | (remote << 2);
  }
  return table;
}
