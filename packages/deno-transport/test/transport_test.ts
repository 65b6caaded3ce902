// The transport scenarios under Deno, with @telnetkit/deno; and a Deno server with a Bun
// client (in a child process). Run from the repository root: `pnpm test:deno`.
import { connect, createServer } from "../src/index.js";
import { crossScenario, scenarios, type TransportUnderTest } from "../../../test/transport/scenarios.js";

interface DenoTesting {
  test(definition: { name: string; fn: () => Promise<void>; sanitizeOps?: boolean; sanitizeResources?: boolean }): void;
  memoryUsage(): { heapUsed: number; external: number };
}
const Deno = (globalThis as unknown as { Deno: DenoTesting }).Deno;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --v8-flags=--expose-gc (pnpm test:deno does)");

const deno: TransportUnderTest = {
  runtime: "deno",
  createServer,
  connect,
  liveMemory() {
    gc();
    const m = Deno.memoryUsage();
    return m.heapUsed + m.external;
  },
};

// A bound on each scenario, like the other runners' test timeouts.
function bounded(run: () => Promise<void>, ms: number, name: string): () => Promise<void> {
  return async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${name}: timed out after ${ms} ms`)), ms)));
    try {
      await Promise.race([run(), limit]);
    } finally {
      clearTimeout(timer);
    }
  };
}

for (const s of [...scenarios, crossScenario("bun", "server"), crossScenario("bun", "client", { tls: true })]) {
  Deno.test({ name: `deno: ${s.name}`, fn: bounded(() => s.run(deno), s.timeout, s.name) });
}
