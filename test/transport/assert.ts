// Assertions for the transport scenarios, the same under vitest, `deno test` and `bun test`.

export class AssertionError extends Error {
  override name = "AssertionError";
}

const show = (v: unknown): string => {
  try {
    return typeof v === "string" ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    return String(v);
  }
};

function fail(message: string, context?: string): never {
  throw new AssertionError(context ? `${context}: ${message}` : message);
}

/** `actual` is `expected` (Object.is). */
export function equal<T>(actual: T, expected: T, context?: string): void {
  if (!Object.is(actual, expected)) fail(`expected ${show(expected)}, got ${show(actual)}`, context);
}

/** Plain data (arrays, objects, primitives) with the same content. */
export function deepEqual<T>(actual: T, expected: T, context?: string): void {
  if (!same(actual, expected)) fail(`expected ${show(expected)}, got ${show(actual)}`, context);
}

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same((a as never)[k], (b as never)[k]));
}

/** `value` is truthy. */
export function ok(value: unknown, context = "expected a true value"): asserts value {
  if (!value) fail(`got ${show(value)}`, context);
}

/** `actual` <= `limit`. */
export function atMost(actual: number, limit: number, context?: string): void {
  if (!(actual <= limit)) fail(`expected at most ${limit}, got ${actual}`, context);
}

/** `actual` < `limit`. */
export function below(actual: number, limit: number, context?: string): void {
  if (!(actual < limit)) fail(`expected less than ${limit}, got ${actual}`, context);
}

/** `text` matches `pattern`. */
export function match(text: string, pattern: RegExp, context?: string): void {
  if (!pattern.test(text)) fail(`expected ${show(text)} to match ${pattern}`, context);
}

/** `promise` rejects with an error whose code or message matches `pattern`. */
export async function rejects(promise: Promise<unknown>, pattern: RegExp, context?: string): Promise<void> {
  let resolved = false;
  try {
    await promise;
    resolved = true;
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown; name?: unknown };
    const text = `${String(e?.name ?? "")} ${String(e?.code ?? "")} ${String(e?.message ?? err)}`;
    if (!pattern.test(text)) fail(`expected a rejection matching ${pattern}, got ${show(text)}`, context);
  }
  if (resolved) fail(`expected a rejection matching ${pattern}, but it resolved`, context);
}
