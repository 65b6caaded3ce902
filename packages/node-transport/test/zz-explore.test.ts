import { afterEach, it } from "vitest";
import { createServer, type TelnetConnection } from "../src/index.js";
import { traceDecoder } from "../src/cli/trace.js";
import { stopAll } from "./processes.js";
import { tmuxTerminal } from "./tmux.js";

it("explore: our server with inetutils telnet", async () => {
  const trace: string[] = [];
  const events: string[] = [];
  let conn!: TelnetConnection;
  const tin = traceDecoder("C>S", (l) => trace.push(l));
  const tout = traceDecoder("S>C", (l) => trace.push(l));
  const server = createServer(
    {
      port: 0,
      options: { ttype: "request", naws: "request", new_environ: "request", linemode: "request", tspeed: "request", lflow: "request", status: "offer" },
      environRequest: [{ kind: "var" }, { kind: "uservar" }],
      tap: (d: string, b: Uint8Array) => (d === "in" ? tin(b) : tout(b)),
      onConnection(c) {
        conn = c;
        for (const t of ["warning", "option", "linemode", "environ", "tspeed", "lflow", "status", "command", "terminal-types", "naws", "timing-mark"] as const) {
          c.on(t as any, (e: any) => events.push(JSON.stringify(e, (_k, v) => (v instanceof Map ? Object.fromEntries(v) : v instanceof Uint8Array ? [...v] : v))));
        }
      },
    },
    async (c) => {
      await c.write("ready\n");
      for await (const line of c) {
        if (line === "quit") break;
        await c.write(`got: ${line}\n`);
      }
      await c.write("bye\n");
    },
  );
  const addr = await server.listen(0, "127.0.0.1");
  const t = tmuxTerminal(["inetutils-telnet", ...(process.env.ARGS ? process.env.ARGS.split(" ") : []), "--", "127.0.0.1", (process.env.MINUS ? "-" : "") + String(addr.port)], { env: { DISPLAY: "ws1.example:0.0", PRINTER: "lp0", USER: "alice" } });
  try {
    await t.waitFor("ready");
    t.type("hello");
    await new Promise((r) => setTimeout(r, 500));
    trace.push("--- typed hello");
    t.type(" world");
    t.keys("Enter");
    await t.waitFor("got: hello world");
    t.keys("C-c");
    await new Promise((r) => setTimeout(r, 300));
    t.bytes(0x1d);
    await t.waitFor("telnet>");
    t.type("status");
    t.keys("Enter");
    await new Promise((r) => setTimeout(r, 300));
    t.bytes(0x1d);
    t.type("send getstatus");
    t.keys("Enter");
    await new Promise((r) => setTimeout(r, 300));
    t.bytes(0x1d);
    t.type("environ define PROJECT telnetkit");
    t.keys("Enter");
    await new Promise((r) => setTimeout(r, 300));
    t.bytes(0x1d);
    t.type("environ export PROJECT");
    t.keys("Enter");
    await new Promise((r) => setTimeout(r, 300));
    trace.push("--- mode character by client");
    t.bytes(0x1d);
    t.type("mode character");
    t.keys("Enter");
    await new Promise((r) => setTimeout(r, 300));
    t.type("ab");
    await new Promise((r) => setTimeout(r, 300));
    trace.push("--- mode line by client");
    t.bytes(0x1d);
    t.type("mode line");
    t.keys("Enter");
    await new Promise((r) => setTimeout(r, 300));
    t.keys("Enter");
    await new Promise((r) => setTimeout(r, 300));
    trace.push("--- server asks char mode");
    await conn.send({ type: "linemode", kind: "mode", mode: { trapsig: true } } as any);
    await new Promise((r) => setTimeout(r, 300));
    t.type("xy");
    await new Promise((r) => setTimeout(r, 300));
    trace.push("--- server asks line mode");
    await conn.send({ type: "linemode", kind: "mode", mode: { edit: true, trapsig: true } } as any);
    await new Promise((r) => setTimeout(r, 300));
    t.keys("Enter");
    await new Promise((r) => setTimeout(r, 300));
    t.keys("C-d");
    await new Promise((r) => setTimeout(r, 300));
    t.keys("C-z");
    await new Promise((r) => setTimeout(r, 300));
    t.type("quit");
    t.keys("Enter");
    await t.waitFor("[exit ", 5000).catch(() => {});
    console.log(t.screen());
  } finally {
    console.log(trace.join("\n"));
    console.log(events.join("\n"));
    console.log(JSON.stringify(conn?.info()));
    t.close();
    await server.close();
    await stopAll();
  }
}, 20000);
