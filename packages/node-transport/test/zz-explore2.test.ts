import { it } from "vitest";
import { connect } from "../src/index.js";
import { traceDecoder } from "../src/cli/trace.js";
import { inetutilsTelnetd, freePort } from "./peers.js";
import { run, stopAll } from "./processes.js";
import * as net from "node:net";

it("explore: our client with inetutils telnetd", async () => {
  const port = await freePort();
  run("socat", [`TCP4-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, `EXEC:/tmp/explore/telnetd-wrap.sh,nofork`]);
  await new Promise((r) => setTimeout(r, 500));
  const trace: string[] = [];
  const events: string[] = [];
  const tin = traceDecoder("S>C", (l) => trace.push(l));
  const tout = traceDecoder("C>S", (l) => trace.push(l));
  const c = await connect({
    port, term: "xterm", cols: 100, rows: 30,
    terminalSpeed: { transmit: 19200, receive: 19200 },
    xDisplayLocation: "ws1.example:0.0",
    environment: { USER: "alice", DISPLAY: "ws1.example:0.0" },
    userEnvironment: { PROJECT: "telnetkit" },
    ...(process.env.LM ? { options: { linemode: "accept" } } : {}),
    tap: (d, b) => (d === "in" ? tin(b) : tout(b)),
  });
  for (const t of ["warning", "option", "linemode", "environ", "tspeed", "lflow", "status", "command", "xdisploc", "timing-mark", "linemode", "authentication", "encrypt"] as const) {
    c.on(t as any, (e: any) => events.push(JSON.stringify(e, (_k, v) => (v instanceof Map ? Object.fromEntries(v) : v instanceof Uint8Array ? [...v] : v))));
  }
  try {
    const head = await c.readUntil("args:");
    console.log(JSON.stringify(head));
    await c.send({ type: "status" });
    await new Promise((r) => setTimeout(r, 300));
    await c.write("hello telnetd\n");
    await c.readUntil("echo: hello telnetd");
    await c.write("quit\n");
    while ((await c.read()) !== null);
  } finally {
    console.log(trace.join("\n"));
    console.log(events.join("\n"));
    console.log(JSON.stringify(c.info()));
    c.destroy();
    await stopAll();
  }
}, 20000);
