import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { connect, createServer, demoShell, type TelnetConnection, type TelnetServer } from "../src/index.js";
import { parseEscape, showEscape, UsageError } from "../src/cli/args.js";
import { traceDecoder } from "../src/cli/trace.js";
import { CLIENT_CLI, SERVER_CLI, requireBuilt, requireProgram, run, startServerCli, stopAll } from "./processes.js";
import { until } from "./helpers.js";

const clients: TelnetConnection[] = [];
const servers: TelnetServer[] = [];
const tmp = mkdtempSync(join(tmpdir(), "telnetkit-cli-"));

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close({ timeout: 100 })));
  await stopAll();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function open(port: number, options: Parameters<typeof connect>[0] = {}) {
  const c = await connect({ port, ...options });
  clients.push(c);
  return c;
}

describe("telnetkit-server", () => {
  it("serves the demo shell: greeting, what was negotiated, echo, help, status, quit", async () => {
    const srv = await startServerCli();
    const c = await open(srv.port, { term: ["XTERM-256COLOR", "XTERM"], cols: 100, rows: 40, environment: { USER: "ada" } });
    const greeting = await c.readUntil("> ");
    expect(greeting).toContain("Welcome to telnetkit!");
    expect(greeting).toContain("Terminal type:  XTERM-256COLOR (all: XTERM-256COLOR, XTERM)");
    expect(greeting).toContain("Window size:    100x40");
    expect(greeting).toContain("Environment:    USER=ada");
    expect(greeting).toMatch(/Options you do: .*TTYPE.*NAWS/);
    await c.write("hello world\n");
    expect(await c.readUntil("> ")).toContain("You typed: hello world");
    await c.write("help\n");
    expect(await c.readUntil("> ")).toContain("status  what your client and this server negotiated");
    c.setWindowSize(120, 50);
    await c.write("status\n");
    expect(await c.readUntil("> ")).toContain("Window size:    120x50");
    await c.write("quit\n");
    expect(await c.readline()).toBe("Goodbye.");
    expect((await c.closed).reason).toBe("remote");
  });

  it("stops gracefully on SIGTERM, closing open connections", async () => {
    const srv = await startServerCli();
    const c = await open(srv.port);
    await c.readUntil("> ");
    srv.child.kill("SIGTERM");
    expect(await c.readline()).toBeNull();
    expect((await c.closed).reason).toBe("remote");
    expect(await srv.exited).toBe(0);
    expect(srv.stderr()).toContain("SIGTERM, closing (1 connection(s) open)");
  });

  it("goes on serving when its standard output is a pipe already closed (EPIPE)", async () => {
    requireBuilt();
    // A free port, known before the server starts: its "listening" line goes nowhere.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const p = run(process.execPath, [SERVER_CLI, "--port", String(port)]);
    p.child.stdout!.destroy();
    let c: TelnetConnection | undefined;
    for (let i = 0; i < 100 && !c && p.child.exitCode === null; i++) {
      c = await open(port).catch(() => undefined);
      if (!c) await new Promise((r) => setTimeout(r, 50));
    }
    expect(p.child.exitCode).toBeNull();
    expect(c).toBeDefined();
    expect(await c!.readUntil("> ")).toContain("Welcome to telnetkit!");
    expect(p.stderr()).toBe("");
  });

  it("runs a shell from a module with --shell module#export", async () => {
    const file = join(tmp, "shell.mjs");
    writeFileSync(
      file,
      `export async function greet(conn) { await conn.write("custom shell for " + (conn.terminalType ?? "?") + "\\n"); }\n`,
    );
    const srv = await startServerCli(["--shell", `${file}#greet`]);
    const c = await open(srv.port, { term: "VT220" });
    expect(await c.readline()).toBe("custom shell for VT220");
    expect(await c.readline()).toBeNull();
  });

  it("runs a program on a pseudo-terminal with --pty-exec: size, resize, TERM, only allowed variables", async () => {
    requireProgram("script", "apt-get install bsdutils");
    const program = [
      'echo "TERM=$TERM LANG=$LANG EVIL=${LD_PRELOAD:-none}"',
      "stty size",
      'printf "ready> "',
      "read answer",
      // The new size is set from outside the terminal: give it a moment (bounded) to land.
      'for i in 1 2 3 4 5 6 7 8 9 10; do [ "$(stty size)" = "44 101" ] && break; sleep 0.2; done',
      'echo "answer=$answer size=$(stty size)"',
    ].join("; ");
    const srv = await startServerCli(["--pty-exec", "/bin/sh", "--", "-c", program]);
    const c = await open(srv.port, {
      term: "XTERM",
      cols: 90,
      rows: 33,
      environment: { LANG: "C.UTF-8", LD_PRELOAD: "/tmp/evil.so", "A'$(reboot)": "x" },
    });
    expect(await c.readUntil("ready> ")).toMatch(/TERM=xterm LANG=C\.UTF-8 EVIL=none\r\n33 90\r\n/);
    expect(c.isEnabled("echo", "remote")).toBe(true);
    c.setWindowSize(101, 44);
    await c.write("yes\r");
    // The terminal echoes what we typed (we said DO ECHO), then the program answers.
    expect(await c.readline()).toBe("yes");
    expect(await c.readline()).toBe("answer=yes size=44 101");
    expect(await c.readline()).toBeNull();
  });

  it("refuses a certificate file it cannot read, or a certificate without its key, with the usage and no stack", async () => {
    requireBuilt();
    const server = run(process.execPath, [CLIENT_CLI.replace("client-cli", "server-cli"), "--tls-cert", join(tmp, "missing.pem"), "--tls-key", join(tmp, "missing.key")]);
    expect(await server.exited).toBe(2);
    expect(server.stderr()).toContain("--tls-cert: cannot read");
    expect(server.stderr()).not.toContain("    at ");
    const half = run(process.execPath, [CLIENT_CLI.replace("client-cli", "server-cli"), "--tls-cert", join(tmp, "missing.pem")]);
    expect(await half.exited).toBe(2);
    expect(half.stderr()).toContain("--tls-cert and --tls-key go together");
    const client = run(process.execPath, [CLIENT_CLI, "--tls", "--ca", join(tmp, "missing.pem"), "127.0.0.1", "1"]);
    expect(await client.exited).toBe(2);
    expect(client.stderr()).toContain("--ca: cannot read");
    expect(client.stderr()).not.toContain("    at ");
  });

  it("refuses a bad command line with the usage", async () => {
    requireBuilt();
    const p = run(process.execPath, [CLIENT_CLI.replace("client-cli", "server-cli"), "--port", "notaport"]);
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toContain("port must be a number");
    expect(p.stderr()).toContain("usage: telnetkit-server");
  });
});

describe("telnetkit (client)", () => {
  it("--debug's trace holds at most 4096 bytes of a subnegotiation, escaped IACs too", () => {
    const lines: string[] = [];
    const trace = traceDecoder("<", (l) => lines.push(l));
    const sb = new Uint8Array(200_000).fill(255); // 100,000 escaped IACs in a subnegotiation that never ends ...
    trace(Uint8Array.of(255, 250, 99));
    for (let i = 0; i < 10; i++) trace(sb);
    trace(Uint8Array.of(255, 240)); // ... until it does
    expect(lines).toHaveLength(1);
    expect(lines[0].length).toBeLessThan(4096 * 4 + 100);
  });

  it("reads --escape as ^X notation, one character or none, and shows it back", () => {
    expect(parseEscape("^]")).toBe("\x1d");
    expect(parseEscape("^x")).toBe("\x18");
    expect(parseEscape("^?")).toBe("\x7f");
    expect(parseEscape("~")).toBe("~");
    expect(parseEscape("none")).toBeNull();
    expect(() => parseEscape("^1")).toThrow(UsageError);
    expect(() => parseEscape("ab")).toThrow(UsageError);
    expect(["\x1d", "\x18", "\x7f", "~"].map(showEscape)).toEqual(["^]", "^X", "^?", "~"]);
  });

  async function demoServer() {
    const server = createServer({ port: 0 }, demoShell);
    servers.push(server);
    return (await server.listen()).port;
  }

  it("works as a pipe when standard input is not a terminal", async () => {
    requireBuilt();
    const port = await demoServer();
    const p = run(process.execPath, [CLIENT_CLI, "127.0.0.1", String(port)], { env: { ...process.env, TERM: "vt100" } });
    p.child.stdin!.end("hello pipe\nstatus\nquit\n");
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toContain("You typed: hello pipe");
    expect(p.stdout()).toContain("Terminal type:  vt100");
    expect(p.stdout()).toContain("Goodbye.");
  });

  it("ends quietly when its standard output closes (EPIPE), as a pipe into head does", async () => {
    requireBuilt();
    const server = createServer({ port: 0, settle: false }, async (conn) => {
      for (let i = 0; i < 100_000; i++) if (!(await conn.write(`line ${i} of a long listing\n`))) return;
    });
    servers.push(server);
    const { port } = await server.listen();
    const p = run(process.execPath, [CLIENT_CLI, "127.0.0.1", String(port)]);
    p.child.stdin!.end();
    // The reader of the pipe goes away after its first chunk, like `| head -c 100`.
    p.child.stdout!.once("data", () => p.child.stdout!.destroy());
    expect(await p.exited).toBe(0);
    expect(p.stderr()).toBe("");
    await until(() => server.connections.size === 0, 5000, "the server side to close");
  });

  it("agrees on its --encoding when the server asks through CHARSET", async () => {
    requireBuilt();
    const server = createServer({ port: 0, options: { charset: "request" }, charsets: ["ISO-8859-1"] }, async (conn) => {
      await conn.write(`charset ${conn.charset}: café\n`);
      await conn.write(`you typed: ${await conn.readline()}\n`);
    });
    servers.push(server);
    const { port } = await server.listen();
    const p = run(process.execPath, [CLIENT_CLI, "-e", "latin1", "127.0.0.1", String(port)]);
    p.child.stdin!.end("naïve\n");
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toContain("charset ISO-8859-1: café");
    expect(p.stdout()).toContain("you typed: naïve");
  });

  it("prints the negotiation, decoded, with --debug", async () => {
    requireBuilt();
    const port = await demoServer();
    const p = run(process.execPath, [CLIENT_CLI, "--debug", "-t", "ANSI", "127.0.0.1", String(port)]);
    p.child.stdin!.end("quit\n");
    expect(await p.exited).toBe(0);
    expect(p.stderr()).toContain("< IAC DO TTYPE");
    expect(p.stderr()).toContain("> IAC WILL TTYPE");
    expect(p.stderr()).toContain('> IAC SB TTYPE {"type":"ttype","kind":"is","name":"ANSI"} IAC SE');
    expect(p.stderr()).toContain("> IAC WONT NAWS");
  });

  it("closes after --quit-after seconds at the end of input, and reports a refused connection", async () => {
    requireBuilt();
    const server = createServer({ port: 0, settle: false }, async (conn) => {
      await conn.write("silent server\n");
      await conn.closed;
    });
    servers.push(server);
    const { port } = await server.listen();
    const p = run(process.execPath, [CLIENT_CLI, "-q", "0.2", "127.0.0.1", String(port)]);
    p.child.stdin!.end("");
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toContain("silent server");
    await until(() => server.connections.size === 0, 2000, "the server side to close");
    await server.close();
    const refused = run(process.execPath, [CLIENT_CLI, "127.0.0.1", String(port)]);
    expect(await refused.exited).toBe(1);
    expect(refused.stderr()).toContain("ECONNREFUSED");
    // A bad --quit-after is a usage error before any connection is tried.
    const bad = run(process.execPath, [CLIENT_CLI, "-q", "soon", "127.0.0.1", String(port)]);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toContain("--quit-after needs a number of seconds");
  });
});
