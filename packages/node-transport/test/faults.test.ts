import * as net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connect, createServer, type ServerOptions, type Shell, type TelnetConnection, type TelnetServer } from "../src/index.js";
import { rawClient, sleep, until } from "./helpers.js";

const servers: TelnetServer[] = [];
const clients: TelnetConnection[] = [];
const sockets: net.Socket[] = [];

async function serve(options: ServerOptions, shell: Shell) {
  const server = createServer({ port: 0, settle: false, ...options }, shell);
  servers.push(server);
  const { port } = await server.listen();
  return { server, port };
}

// No peer behaviour may leave a rejection unhandled or an error uncaught.
const problems: unknown[] = [];
const onProblem = (reason: unknown) => problems.push(reason);
beforeAll(() => {
  process.on("unhandledRejection", onProblem);
  process.on("uncaughtException", onProblem);
});
afterAll(() => {
  process.off("unhandledRejection", onProblem);
  process.off("uncaughtException", onProblem);
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close({ timeout: 100 })));
  expect(problems).toEqual([]);
});

const block = new Uint8Array(64 * 1024).fill(0x61);

describe("a peer that misbehaves at the socket", () => {
  it("a reset while the shell writes a stream: the write resolves false, the close has the error", async () => {
    let results: boolean[] = [];
    let closedWith: string | undefined;
    const { port } = await serve({}, async (conn) => {
      for (let i = 0; i < 2000; i++) {
        const ok = await conn.write(block);
        results.push(ok);
        if (!ok) break;
      }
      closedWith = (await conn.closed).reason;
    });
    const raw = await rawClient(port);
    sockets.push(raw.socket);
    await raw.waitFor((all) => all.length > 256 * 1024);
    raw.socket.resetAndDestroy();
    await until(() => closedWith !== undefined, 5000, "the shell to see the close");
    expect(results.at(-1)).toBe(false);
    expect(results.length).toBeLessThan(2000);
    expect(["error", "remote"]).toContain(closedWith);
  });

  it("a peer that sends then half-closes while the shell reads slowly: every byte is read, then the end", async () => {
    const total = 1024 * 1024;
    let got = 0;
    let end: string | null | undefined;
    const { port } = await serve({ maxBuffer: 16 * 1024 }, async (conn) => {
      await sleep(100); // the peer's FIN is in while most of its bytes still wait
      for (;;) {
        const b = await conn.readBytes(4096);
        if (b === null) break;
        got += b.length;
      }
      end = await conn.readline();
    });
    const raw = await rawClient(port);
    sockets.push(raw.socket);
    for (let sent = 0; sent < total; sent += block.length) raw.socket.write(block);
    raw.socket.end();
    await raw.closed;
    await until(() => end !== undefined, 5000, "the shell to read to the end");
    expect(got).toBe(total);
    expect(end).toBeNull();
  });

  it("close() with a peer that never reads ends within closeTimeout; the blocked write resolves false", async () => {
    let last: boolean | undefined;
    const { server, port } = await serve({ closeTimeout: 200 }, async (conn) => {
      for (;;) {
        last = await conn.write(block);
        if (!last) return;
      }
    });
    const raw = await rawClient(port);
    sockets.push(raw.socket);
    raw.socket.pause(); // never reads: the kernel buffers fill and our writes stall
    await until(() => server.connections.size === 1, 2000, "the connection");
    await sleep(100);
    // 100 ms for the shell, 200 ms for the flush: a close that hangs fails here instead.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hung = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("close() did not end")), 10_000)));
    await Promise.race([server.close({ timeout: 100 }), hung]).finally(() => clearTimeout(timer));
    expect(last).toBe(false);
    expect(server.connections.size).toBe(0);
  });

  it("a client whose server vanishes: pending reads, waits and writes end", async () => {
    const { port } = await serve({}, async (conn) => {
      await conn.write("hello\n");
      conn.destroy();
    });
    const c = await connect({ port });
    clients.push(c);
    const negotiated = c.waitForNegotiation({ maxWait: 60_000 });
    const echo = c.waitFor("echo", "remote");
    expect(await c.readline()).toBe("hello");
    expect(await c.readline()).toBeNull();
    expect(await negotiated).toBe(false);
    expect(await echo).toBe(false);
    expect(await c.write("anyone?\n")).toBe(false);
    await c.drain();
    await c.close();
    await expect(c.next("command")).rejects.toThrow();
  });

  it("a failure of the listener after listen (EMFILE on accept) goes to onError; the server goes on", async () => {
    const errors: Error[] = [];
    const { server, port } = await serve({ onError: (err) => errors.push(err) }, async (conn) => {
      await conn.write("still serving\n");
    });
    const failure = Object.assign(new Error("accept EMFILE"), { code: "EMFILE", syscall: "accept" });
    expect(() => server.server.emit("error", failure)).not.toThrow();
    expect(errors).toEqual([failure]);
    const c = await connect({ port });
    clients.push(c);
    expect(await c.readline()).toBe("still serving");
  });

  it("a server with many connections that say nothing closes them at its idle timeout", async () => {
    const { server, port } = await serve({ idleTimeout: 150 }, async (conn) => {
      await conn.closed;
    });
    const raws = await Promise.all(Array.from({ length: 20 }, () => rawClient(port)));
    for (const r of raws) sockets.push(r.socket);
    await until(() => server.connections.size === 20, 2000, "20 connections");
    await Promise.all(raws.map((r) => r.closed));
    await until(() => server.connections.size === 0, 2000, "the server to let them go");
  });
});
