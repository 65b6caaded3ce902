import { inflateSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { IAC, OPT, SB, SE } from "@telnetkit/core";
import { traceDecoder } from "../src/cli/trace.js";
import { CLIENT_CLI, requireBuilt, run, startServerCli, stopAll } from "./processes.js";
import {
  connect,
  createServer,
  defaultServerPolicy,
  zlibCodec,
  type ServerOptions,
  type Shell,
  type TelnetConnection,
  type TelnetServer,
} from "../src/index.js";

const servers: TelnetServer[] = [];
const clients: TelnetConnection[] = [];

async function serve(options: ServerOptions, shell: Shell) {
  const server = createServer({ port: 0, ...options }, shell);
  servers.push(server);
  const { port } = await server.listen();
  return { server, port };
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close({ timeout: 100 })));
});

// About 1 MiB of a MUD's output, every byte value included (IAC doubled on the way).
function mudBytes(size: number): Uint8Array {
  const out = new Uint8Array(size);
  const line = new TextEncoder().encode("\x1b[1;31mThe orc\x1b[0m swings at you and misses. <100hp 50m>\r\n");
  for (let i = 0; i < size; i++) out[i] = i % 997 === 0 ? i & 0xff : line[i % line.length];
  return out;
}

function indexOfStart(wire: Uint8Array, option: number): number {
  for (let i = 0; i + 4 < wire.length; i++) {
    if (wire[i] === IAC && wire[i + 1] === SB && wire[i + 2] === option && wire[i + 3] === IAC && wire[i + 4] === SE) return i;
  }
  return -1;
}

async function readBytes(conn: TelnetConnection, size: number): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  let at = 0;
  while (at < size) {
    const part = await conn.readBytes(size - at);
    if (part === null) break;
    out.set(part, at);
    at += part.length;
  }
  return out.subarray(0, at);
}

const concat = (parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

describe("MCCP over loopback TCP, node:zlib on both ends", () => {
  it("MCCP2: our server offers, our client accepts; 1 MiB arrives byte for byte, compressed on the wire", async () => {
    const data = mudBytes(1 << 20);
    const { port } = await serve({ options: { ...defaultServerPolicy(undefined), mccp2: "offer" } }, async (conn) => {
      await conn.waitFor("MCCP2", "local");
      await conn.write(data);
      await conn.readline(); // until the client is done
    });
    const wire: Uint8Array[] = [];
    const c = await connect({ port, tap: (dir, bytes) => void (dir === "in" && wire.push(Uint8Array.from(bytes))) });
    clients.push(c);
    expect(await c.waitFor("MCCP2", "remote")).toBe(true);
    const got = await readBytes(c, data.length);
    expect(got.length).toBe(data.length);
    expect(Buffer.compare(Buffer.from(got), Buffer.from(data))).toBe(0);
    const all = concat(wire);
    const at = indexOfStart(all, OPT.MCCP2);
    expect(at).toBeGreaterThanOrEqual(0);
    // Compressed: the wire carries far fewer bytes than the data.
    expect(all.length).toBeLessThan(data.length / 4);
    await c.write("done\n");
  });

  it("MCCP2: the server writes 1 MiB and closes at once; the client reads all of it, then the end", async () => {
    const data = mudBytes(1 << 20);
    const { port } = await serve({ options: { mccp2: "offer" } }, async (conn) => {
      await conn.waitFor("MCCP2", "local");
      await conn.write(data);
    });
    const c = await connect({ port });
    clients.push(c);
    const got = await readBytes(c, data.length + 1);
    expect(Buffer.compare(Buffer.from(got), Buffer.from(data))).toBe(0);
    expect((await c.closed).reason).toBe("remote");
  });

  it("MCCP2 ended by the server: the zlib stream is complete, then plain Telnet, read in order", async () => {
    const { port } = await serve({ options: { mccp2: "offer" } }, async (conn) => {
      await conn.waitFor("MCCP2", "local");
      await conn.write("one\n");
      await conn.send({ type: "mccp2", action: "stop" });
      await conn.write("two\n");
      await conn.send({ type: "mccp2", action: "start" });
      await conn.write("three\n");
      await conn.readline();
    });
    const wire: Uint8Array[] = [];
    const c = await connect({ port, tap: (dir, bytes) => void (dir === "in" && wire.push(Uint8Array.from(bytes))) });
    clients.push(c);
    expect(await c.readline()).toBe("one");
    expect(await c.readline()).toBe("two");
    expect(await c.readline()).toBe("three");
    const all = concat(wire);
    const at = indexOfStart(all, OPT.MCCP2) + 5;
    const first = inflateSync(all.subarray(at), { info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    expect(first.buffer.toString("latin1")).toBe("one\r\n");
    expect(Buffer.from(all.subarray(at + first.engine.bytesWritten, at + first.engine.bytesWritten + 5)).toString("latin1")).toBe("two\r\n");
    await c.write("done\n");
  });

  it("MCCP3: our client compresses what it sends to our server; 256 KiB arrives byte for byte", async () => {
    const data = mudBytes(1 << 18);
    let received: Uint8Array | null = null;
    const { port } = await serve({ compression: zlibCodec({ level: 9 }), options: { mccp3: "offer" } }, async (conn) => {
      await conn.waitFor("MCCP3", "local");
      received = await readBytes(conn, data.length);
      await conn.write("got it\n");
    });
    const wire: Uint8Array[] = [];
    const c = await connect({ port, tap: (dir, bytes) => void (dir === "out" && wire.push(Uint8Array.from(bytes))) });
    clients.push(c);
    expect(await c.waitFor("MCCP3", "remote")).toBe(true);
    await c.write(data);
    expect(await c.readline()).toBe("got it");
    expect(Buffer.compare(Buffer.from(received!), Buffer.from(data))).toBe(0);
    expect(concat(wire).length).toBeLessThan(data.length / 4);
  });

  it("compression: false on the client: it refuses MCCP2 and the text comes plain", async () => {
    const { port } = await serve({ options: { mccp2: "offer" } }, async (conn) => {
      await conn.write("plain text\n");
      await conn.readline();
    });
    const c = await connect({ port, compression: false });
    clients.push(c);
    expect(await c.readline()).toBe("plain text");
    expect(c.isEnabled("MCCP2", "remote")).toBe(false);
    await c.write("done\n");
  });
});

describe("MCCP in the command-line tools", () => {
  it("telnetkit-server --mccp compresses the demo shell's output, and reads the client's compressed input", async () => {
    const srv = await startServerCli(["--mccp"]);
    try {
      const c = await connect({ port: srv.port, term: "XTERM" });
      clients.push(c);
      expect(await c.readUntil("> ")).toContain("Welcome to telnetkit!");
      expect(c.isEnabled("MCCP2", "remote")).toBe(true);
      expect(c.isEnabled("MCCP3", "remote")).toBe(true);
      expect(c.session.decompressing).toBe(OPT.MCCP2);
      await c.write("hello compressed world\n");
      expect(await c.readUntil("> ")).toContain("You typed: hello compressed world");
      await c.write("quit\n");
      expect(await c.readline()).toBe("Goodbye.");
    } finally {
      await stopAll();
    }
  });

  it("telnetkit accepts MCCP2 from a server, and refuses it with --no-compression", async () => {
    requireBuilt();
    const { port } = await serve({ options: { mccp2: "offer" } }, async (conn) => {
      await conn.write(`compressed: ${conn.isEnabled("MCCP2", "local")}\n`);
      await conn.readline();
    });
    for (const [args, on] of [[[], true], [["--no-compression"], false]] as [string[], boolean][]) {
      const p = run(process.execPath, [CLIENT_CLI, "--debug", ...args, "127.0.0.1", String(port)]);
      p.child.stdin!.end("bye\n");
      expect(await p.exited).toBe(0);
      expect(p.stdout()).toContain(`compressed: ${on}`);
      expect(p.stderr()).toContain(on ? "> IAC DO MCCP2" : "> IAC DONT MCCP2");
    }
  });

  it("the --debug trace counts the bytes after an MCCP2 start instead of decoding zlib as Telnet", () => {
    const lines: string[] = [];
    const trace = traceDecoder("<", (line) => lines.push(line));
    trace(Uint8Array.from([IAC, 251, OPT.MCCP2, ...Buffer.from("hi"), IAC, SB, OPT.MCCP2, IAC, SE, 0x78, 0x9c, IAC]));
    trace(Uint8Array.from([IAC, 251, 1]));
    expect(lines).toEqual([
      "< IAC WILL MCCP2",
      "< data (2 bytes)",
      "< IAC SB MCCP2  IAC SE",
      "< compressed (3 bytes)",
      "< compressed (3 bytes)",
    ]);
  });
});
