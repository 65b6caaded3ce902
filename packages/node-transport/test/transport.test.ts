import { afterEach, describe, expect, it } from "vitest";
import { OPT } from "@telnetkit/core";
import { connect, createServer, type ServerOptions, type Shell, type TelnetConnection, type TelnetServer } from "../src/index.js";
import { collector, makeCertificate, rawClient, sleep, until } from "./helpers.js";

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

async function echoShell(conn: TelnetConnection) {
  await conn.write(`hello ${conn.terminalType ?? "?"} ${conn.windowSize?.width}x${conn.windowSize?.height}\n`);
  for await (const line of conn) {
    if (line === "quit") break;
    await conn.write(`echo: ${line}\n`);
  }
  await conn.write("bye\n");
}

describe("server and client over loopback TCP", () => {
  it("negotiate terminal type, window size and environment, exchange lines, and close", async () => {
    let seen: TelnetConnection | undefined;
    const { port } = await serve({}, async (conn) => {
      seen = conn;
      await echoShell(conn);
    });
    const c = await connect({ port, term: ["XTERM-256COLOR", "XTERM"], cols: 120, rows: 40, environment: { USER: "ada" } });
    clients.push(c);
    expect(await c.readline()).toBe("hello XTERM-256COLOR 120x40");
    await c.write("first line\n");
    expect(await c.readline()).toBe("echo: first line");
    expect(seen!.environment).toEqual({ USER: "ada" });
    expect(seen!.terminalTypes).toEqual(["XTERM-256COLOR", "XTERM"]);
    expect(seen!.remote?.address).toBe("127.0.0.1");
    // The server asks for BINARY from the client only: what we type arrives as UTF-8, what it
    // writes stays US-ASCII (RFC 856) until it is told otherwise.
    expect(seen!.encoding).toEqual({ input: "UTF-8", output: "US-ASCII" });
    await c.write("grüße ✓\n");
    expect(await c.readline()).toBe("echo: gr??e ?");
    await c.write("quit\n");
    expect(await c.readline()).toBe("bye");
    expect(await c.readline()).toBeNull();
    expect((await c.closed).reason).toBe("remote");
    expect((await seen!.closed).reason).toBe("local");
  });

  it("sends window size updates to the shell", async () => {
    const sizes: string[] = [];
    const { port } = await serve({}, async (conn) => {
      conn.on("window-size", (ev) => sizes.push(`${ev.width}x${ev.height}`));
      await conn.write("ready\n");
      await conn.readline();
    });
    const c = await connect({ port, cols: 80, rows: 24 });
    clients.push(c);
    await c.readline();
    c.setWindowSize(100, 30);
    c.setWindowSize(101, 31);
    await until(() => sizes.length === 2, 5000, "two window size events");
    expect(sizes).toEqual(["100x30", "101x31"]);
  });

  it("speaks telnets with a certificate made at test time", async () => {
    const { key, cert } = makeCertificate();
    const { port } = await serve({ tls: { key, cert } }, async (conn) => {
      await conn.write(`secure=${conn.secure}\n`);
      await echoShell(conn);
    });
    const c = await connect({ port, tls: { ca: cert }, term: "VT100", cols: 80, rows: 24 });
    clients.push(c);
    expect(c.secure).toBe(true);
    expect(await c.readline()).toBe("secure=true");
    expect(await c.readline()).toBe("hello VT100 80x24");
    await c.write("over tls\n");
    expect(await c.readline()).toBe("echo: over tls");
    // A client that does not trust the certificate never gets a connection.
    await expect(connect({ port, tls: true })).rejects.toThrow(/self.signed|certificate/i);
  });

  it("bounds memory while a shell writes 100 MiB to a slow reader", async () => {
    const total = 100 * 1024 * 1024;
    const block = new Uint8Array(64 * 1024);
    for (let i = 0; i < block.length; i++) block[i] = (i * 7) & 0x7f; // no IAC, no CR: bytes arrive as sent
    let written = 0;
    const { server, port } = await serve({}, async (conn) => {
      while (written < total) {
        if (!(await conn.write(block))) return;
        written += block.length;
      }
    });
    let socket: import("node:net").Socket | undefined;
    server.server.once("connection", (s) => (socket = s));
    const c = await connect({ port, maxBuffer: 64 * 1024 });
    clients.push(c);
    // Live memory, after a full collection: what the process holds, not garbage not yet collected.
    const gc = collector();
    const live = () => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const base = live();
    let peakLive = 0;
    let peakSocket = 0;
    let peakInput = 0;
    const look = () => {
      peakSocket = Math.max(peakSocket, socket?.writableLength ?? 0);
      peakInput = Math.max(peakInput, c.bufferedInput);
    };
    const sampler = setInterval(look, 2);
    try {
      // The reader sleeps: the writer must stall at what the sockets hold, not at 100 MiB.
      await sleep(400);
      const stalled = written;
      await sleep(200);
      expect(written).toBe(stalled);
      expect(stalled).toBeLessThan(total / 4);
      peakLive = Math.max(peakLive, live() - base);
      // Then read it all, slowly at first, checking the bytes.
      let got = 0;
      let mismatch = -1;
      let nextCheck = 8 * 1024 * 1024;
      for (let n = 0; got < total; n++) {
        const chunk = await c.readBytes();
        if (chunk === null) break;
        for (let i = 0; i < chunk.length; i += 4099) {
          if (chunk[i] !== block[(got + i) % block.length] && mismatch === -1) mismatch = got + i;
        }
        got += chunk.length;
        look();
        if (n < 50) await sleep(2);
        if (got >= nextCheck) {
          nextCheck += 8 * 1024 * 1024;
          peakLive = Math.max(peakLive, live() - base);
        }
      }
      expect(mismatch).toBe(-1);
      expect(got).toBe(total);
    } finally {
      clearInterval(sampler);
    }
    // 100 MiB went through; the socket queue and the unread input stayed at their bounds
    // (Node's 16 KiB high-water mark plus one write; maxBuffer plus one read), and the
    // process never held more than a small part of it.
    expect(peakSocket).toBeLessThanOrEqual(16 * 1024 + block.length);
    expect(peakInput).toBeLessThanOrEqual(64 * 1024 + 64 * 1024);
    expect(peakLive).toBeLessThan(16 * 1024 * 1024);
  }, 60_000);

  it("closes a connection that stays idle", async () => {
    let reason: string | undefined;
    const { port } = await serve({ idleTimeout: 150 }, async (conn) => {
      await conn.write("say something\n");
      while ((await conn.readline()) !== null);
      reason = (await conn.closed).reason;
    });
    const c = await connect({ port });
    clients.push(c);
    expect(await c.readline()).toBe("say something");
    await sleep(100);
    await c.write("still here\n"); // activity resets the clock
    expect((await c.closed).reason).toBe("remote");
    await until(() => reason !== undefined, 2000, "the server side to close");
    expect(reason).toBe("idle-timeout");
  });

  it("survives a reset in the middle of a subnegotiation", async () => {
    const closes: string[] = [];
    const { server, port } = await serve({ settle: false }, async (conn) => {
      if ((await conn.readline()) === null) closes.push((await conn.closed).reason);
    });
    const raw = await rawClient(port);
    await raw.waitFor((all) => all.includes(Buffer.from([255, 253, OPT.NAWS])));
    raw.socket.write(Buffer.from([255, 251, OPT.NAWS, 255, 250, OPT.NAWS, 0, 80]));
    await sleep(50);
    raw.socket.resetAndDestroy();
    await until(() => closes.length === 1, 5000, "the connection to close");
    expect(closes).toEqual(["error"]);
    expect(server.connections.size).toBe(0);
    // The server goes on.
    const c = await connect({ port });
    clients.push(c);
    await c.write("x\n");
    expect((await c.closed).reason).toBe("remote");
  });

  it("assembles negotiation, lines and UTF-8 sent one byte per write", async () => {
    let seen: TelnetConnection | undefined;
    const { port } = await serve({ settle: false, forceBinary: true }, async (conn) => {
      seen = conn;
      const line = await conn.readline();
      await conn.write(`got ${line}\n`);
      await conn.readline();
    });
    const raw = await rawClient(port);
    raw.socket.setNoDelay(true);
    const script = Buffer.concat([
      Buffer.from([255, 251, OPT.NAWS, 255, 250, OPT.NAWS, 0, 255, 255, 0, 24, 255, 240]),
      Buffer.from([255, 251, OPT.BINARY, 255, 253, OPT.BINARY]),
      Buffer.from("größe ✓\r\n", "utf8"),
    ]);
    for (const byte of script) {
      raw.socket.write(Buffer.from([byte]));
      await new Promise((r) => setImmediate(r));
    }
    const all = await raw.waitFor((b) => b.includes(Buffer.from("\r\n")) && b.includes(Buffer.from("got ")));
    expect(all.toString("utf8")).toContain("got größe ✓\r\n");
    expect(seen!.windowSize).toEqual({ width: 255, height: 24 });
    // Our client, one byte per write too (both ends use UTF-8 whatever BINARY says).
    const c = await connect({ port, forceBinary: true });
    clients.push(c);
    expect(await c.waitFor("binary", "local")).toBe(true);
    const bytes = new TextEncoder().encode("ünïcödé\n");
    for (let i = 0; i < bytes.length; i++) await c.write(bytes.subarray(i, i + 1));
    expect(await c.readline()).toBe("got ünïcödé");
    raw.socket.destroy();
  });

  it("turns away connections above maxConnections", async () => {
    const { port } = await serve({ maxConnections: 1, settle: false }, async (conn) => {
      await conn.write("welcome\n");
      await conn.readline();
    });
    const first = await connect({ port });
    clients.push(first);
    expect(await first.readline()).toBe("welcome");
    const second = await connect({ port });
    clients.push(second);
    expect(await second.readline()).toBe("Too many connections, try again later.");
    expect((await second.closed).reason).toBe("remote");
    await first.close();
    await until(() => servers[0].connections.size === 0, 2000, "the first connection to end");
    const third = await connect({ port });
    clients.push(third);
    expect(await third.readline()).toBe("welcome");
  });

  it("closes gracefully: no new connections, running shells finish and their output arrives", async () => {
    const { server, port } = await serve({}, async (conn) => {
      await conn.write("ready\n");
      await conn.readline(); // ends with null when the server closes the connection
      await conn.write("this is never sent: the connection is closing\n");
    });
    const c = await connect({ port });
    clients.push(c);
    expect(await c.readline()).toBe("ready");
    const closing = server.close({ timeout: 100 });
    await until(() => !server.server.listening, 2000, "the listener to stop");
    await expect(connect({ port, connectTimeout: 2000 })).rejects.toThrow(/ECONNREFUSED/);
    await closing;
    expect(await c.readline()).toBeNull();
    expect((await c.closed).reason).toBe("remote");
  });

  it("lets a shell finish its last words when the server closes", async () => {
    let finished = false;
    const { server, port } = await serve({}, async (conn) => {
      await conn.write("working\n");
      await sleep(100);
      await conn.write("done\n");
      finished = true;
    });
    const c = await connect({ port });
    clients.push(c);
    expect(await c.readline()).toBe("working");
    await server.close({ timeout: 2000 });
    expect(finished).toBe(true);
    expect(await c.readline()).toBe("done");
  });

  it("reports a refused connection and writes nothing after close", async () => {
    const { server, port } = await serve({}, async (conn) => {
      await conn.readline();
    });
    await server.close();
    await expect(connect({ port })).rejects.toThrow(/ECONNREFUSED/);
    const again = await serve({}, async (conn) => {
      await conn.close();
      expect(await conn.write("late")).toBe(false);
    });
    const c = await connect({ port: again.port });
    clients.push(c);
    expect(await c.read()).toBeNull();
  });
});
