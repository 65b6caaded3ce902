// The transport scenarios under Bun, with @telnetkit/bun; and a Bun server with a Deno
// client (in a child process). Run from the repository root: `pnpm test:bun`.
import { test } from "bun:test";
import { connect, createServer } from "../src/index.js";
import { crossScenario, scenarios, type TransportUnderTest } from "../../../test/transport/scenarios.js";

interface BunTesting {
  gc(force: boolean): void;
}
const Bun = (globalThis as unknown as { Bun: BunTesting }).Bun;

const bun: TransportUnderTest = {
  runtime: "bun",
  createServer,
  connect,
  liveMemory() {
    Bun.gc(true);
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  },
};

for (const s of [...scenarios, crossScenario("deno", "server"), crossScenario("deno", "client")]) {
  test(`bun: ${s.name}`, () => s.run(bun), s.timeout);
}
