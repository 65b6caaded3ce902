// The transport scenarios on Node, with @telnetkit/node; and Node paired with Deno and Bun
// (each in a child process). The same scenarios run under Deno and Bun from
// packages/deno-transport/test and packages/bun-transport/test.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, it } from "vitest";
import { connect, createServer } from "../../packages/node-transport/src/index.js";
import { crossScenario, scenarios, type TransportUnderTest } from "./scenarios.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const node: TransportUnderTest = {
  runtime: "node",
  createServer,
  connect,
  liveMemory() {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  },
};

describe("transport scenarios: @telnetkit/node", () => {
  for (const s of scenarios) it(s.name, () => s.run(node), s.timeout);
});

describe("cross-runtime pairs with Node", () => {
  for (const s of [
    crossScenario("deno", "client"),
    crossScenario("deno", "client", { tls: true }),
    crossScenario("deno", "server"),
    crossScenario("bun", "client"),
    crossScenario("bun", "server", { tls: true }),
  ]) {
    it(s.name, () => s.run(node), s.timeout);
  }
});
