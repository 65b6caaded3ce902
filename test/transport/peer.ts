// One end of a cross-runtime pair, run as a child process under Deno or Bun with that
// runtime's transport:
//   peer.ts server [tls-key-pem tls-cert-pem]  prints {"listening":port}, serves crossShell, exits when stdin ends
//   peer.ts client port [ca-pem]               talks to crossShell, prints what it saw as JSON, exits
// Loopback only; it gives up after 30 s whatever happens.
import process from "node:process";
import { crossClient, crossShell, type TransportUnderTest } from "./scenarios.js";

const runtime = "Deno" in globalThis ? "deno" : "Bun" in globalThis ? "bun" : null;
if (!runtime) throw new Error("peer.ts runs under Deno or Bun");
const transport = (
  runtime === "deno" ? await import("../../packages/deno-transport/src/index.js") : await import("../../packages/bun-transport/src/index.js")
) as Pick<TransportUnderTest, "createServer" | "connect">;

const bound = setTimeout(() => {
  console.error("peer: gave up after 30 s");
  process.exit(3);
}, 30_000);

const [role, arg1, arg2] = process.argv.slice(2);
if (role === "server") {
  const tls = arg1 && arg2 ? { key: arg1, cert: arg2 } : undefined;
  const server = transport.createServer({ port: 0, ...(tls ? { tls } : {}) }, crossShell(runtime));
  const { port } = await server.listen();
  console.log(JSON.stringify({ listening: port }));
  process.stdin.on("data", () => {});
  process.stdin.on("end", () => {
    void server.close({ timeout: 500 }).then(() => {
      clearTimeout(bound);
      process.exit(0);
    });
  });
  process.stdin.resume();
} else if (role === "client") {
  const result = await crossClient(transport.connect, Number(arg1), arg2);
  console.log(JSON.stringify(result));
  clearTimeout(bound);
  process.exit(0);
} else {
  console.error("usage: peer.ts server [key cert] | peer.ts client port [ca]");
  process.exit(2);
}
