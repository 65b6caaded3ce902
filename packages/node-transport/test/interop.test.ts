/**
 * Interop with real Telnet programs from Debian, on loopback: our server with the
 * inetutils and busybox `telnet` clients (on a real terminal, in tmux), our client (library
 * and command line) with inetutils `telnetd` and busybox `telnetd`. The peers come from
 * .ci/install-peers.sh; a missing one fails the test.
 */
import { afterEach, describe, expect, it } from "vitest";
import { connect, type TelnetConnection } from "../src/index.js";
import { startBusyboxTelnetd, startInetutilsTelnetd } from "./peers.js";
import { CLIENT_CLI, requireBuilt, requireProgram, startServerCli, stopAll } from "./processes.js";
import { tmuxTerminal } from "./tmux.js";

const terminals: { close: () => void }[] = [];
const clients: TelnetConnection[] = [];

afterEach(async () => {
  for (const t of terminals.splice(0)) t.close();
  for (const c of clients.splice(0)) c.destroy();
  await stopAll();
});

function terminal(argv: string[], options?: Parameters<typeof tmuxTerminal>[1]) {
  const t = tmuxTerminal(argv, options);
  terminals.push(t);
  return t;
}

describe("our server with real clients", () => {
  // BSD clients say nothing off port 23: the server starts the negotiation (TTYPE, NAWS, ...).
  it("inetutils telnet: negotiates, echoes a line, quits", async () => {
    const telnet = requireProgram("inetutils-telnet", "apt-get install inetutils-telnet");
    const srv = await startServerCli();
    const t = terminal([telnet, "127.0.0.1", String(srv.port)]);
    const greeting = await t.waitFor(/Type help for commands\.\n> ?$/);
    expect(greeting).toContain("Terminal type:  XTERM");
    expect(greeting).toContain("Window size:    80x24");
    expect(greeting).toMatch(/Options you do: .*TTYPE NAWS/);
    t.type("hello from inetutils");
    t.keys("Enter");
    await t.waitFor("You typed: hello from inetutils");
    t.type("quit");
    t.keys("Enter");
    const end = await t.waitFor("[exit ");
    expect(end).toContain("Goodbye.");
    expect(end).toContain("Connection closed by foreign host.");
  });

  it("busybox telnet: negotiates, echoes a line, quits", async () => {
    const busybox = requireProgram("busybox", "apt-get install busybox");
    const srv = await startServerCli();
    const t = terminal([busybox, "telnet", "127.0.0.1", String(srv.port)], { cols: 90, rows: 30 });
    const greeting = await t.waitFor(/Type help for commands\.\n> ?$/);
    expect(greeting).toContain("Terminal type:  xterm");
    expect(greeting).toContain("Window size:    90x30");
    t.type("hello from busybox");
    t.keys("Enter");
    await t.waitFor("You typed: hello from busybox");
    t.type("quit");
    t.keys("Enter");
    expect(await t.waitFor("[exit ")).toContain("Goodbye.");
  });

  it("inetutils telnet with --pty-exec: character mode, the terminal echoes, the size follows", async () => {
    const telnet = requireProgram("inetutils-telnet", "apt-get install inetutils-telnet");
    requireProgram("script", "apt-get install bsdutils");
    const program = 'stty size; printf "name? "; read n; echo "hello $n, TERM=$TERM"; stty size';
    const srv = await startServerCli(["--pty-exec", "/bin/sh", "--", "-c", program]);
    const t = terminal([telnet, "127.0.0.1", String(srv.port)], { cols: 81, rows: 25 });
    await t.waitFor(/25 81\n.*name\? ?$/);
    t.resize(100, 31);
    await new Promise((r) => setTimeout(r, 300));
    t.type("ada");
    t.keys("Enter");
    const end = await t.waitFor("[exit ");
    expect(end).toContain("name? ada");
    expect(end).toContain("hello ada, TERM=xterm");
    expect(end).toContain("31 100");
  });
});

describe("our client with real servers", () => {
  // BSD servers wait for an answer to every request: the client must answer all of them.
  it("inetutils telnetd: the session starts with our terminal type and size, lines go both ways", async () => {
    const srv = await startInetutilsTelnetd();
    const c = await connect({ port: srv.port, term: "xterm", cols: 100, rows: 30 });
    clients.push(c);
    await c.readUntil("login-app ready");
    expect(await c.readUntil("TERM=xterm")).toContain("TERM=xterm");
    await c.write("size\n");
    expect(await c.readUntil("size=30 100")).toContain("size=30 100");
    expect(c.isEnabled("echo", "remote")).toBe(true);
    expect(c.isEnabled("ttype", "local")).toBe(true);
    await c.write("hello telnetd\n");
    expect(await c.readUntil("echo: hello telnetd")).toContain("echo: hello telnetd");
    // inetutils telnetd may drop the last output of a program that exits (a race of its own):
    // what counts is that the session ends cleanly.
    await c.write("quit\n");
    while ((await c.read()) !== null);
    expect((await c.closed).reason).toBe("remote");
  });

  it("busybox telnetd: the session starts with our size, lines go both ways", async () => {
    const srv = await startBusyboxTelnetd();
    const c = await connect({ port: srv.port, term: "vt100", cols: 72, rows: 20 });
    clients.push(c);
    await c.readUntil("login-app ready");
    // busybox telnetd has no TTYPE (TERM is its default); NAWS it does.
    await c.write("size\n");
    expect(await c.readUntil("size=20 72")).toContain("size=20 72");
    await c.write("hello busybox\n");
    expect(await c.readUntil("echo: hello busybox")).toContain("echo: hello busybox");
    await c.write("quit\n");
    expect(await c.readUntil("bye")).toContain("bye");
    expect((await c.closed).reason).toBe("remote");
  });

  it("the telnetkit command with inetutils telnetd on a terminal: typing, ^] status, quit", async () => {
    requireBuilt();
    const srv = await startInetutilsTelnetd();
    const t = terminal([process.execPath, CLIENT_CLI, "127.0.0.1", String(srv.port)], { cols: 80, rows: 24 });
    await t.waitFor("TERM=xterm");
    t.type("size");
    t.keys("Enter");
    await t.waitFor("size=24 80");
    t.type("typed here");
    t.keys("Enter");
    await t.waitFor("echo: typed here");
    t.bytes(0x1d); // ^]
    await t.waitFor(/telnetkit>$/);
    t.type("status");
    t.keys("Enter");
    const status = await t.waitFor(/Options you do: .*ECHO/);
    expect(status).toContain("Window size:    80x24");
    t.bytes(0x1d); // ^]
    t.type("quit");
    t.keys("Enter");
    expect(await t.waitFor("[exit ")).toMatch(/Connection closed\.\n\[exit 0\]/);
  });

  it("the telnetkit command with --escape ^X: ^X opens the prompt, ^] goes to the server as a key", async () => {
    requireBuilt();
    const srv = await startBusyboxTelnetd();
    const t = terminal([process.execPath, CLIENT_CLI, "--escape", "^X", "127.0.0.1", String(srv.port)], { cols: 80, rows: 24 });
    expect(await t.waitFor("Escape character is '^X'.")).toContain("Escape character is '^X'.");
    await t.waitFor("login-app ready");
    t.bytes(0x1d); // ^], now an ordinary key: the program echoes it
    t.type("x");
    t.keys("Enter");
    await t.waitFor(/echo: \S*x$/m);
    t.bytes(0x18); // ^X
    await t.waitFor(/telnetkit>$/);
    t.type("quit");
    t.keys("Enter");
    expect(await t.waitFor("[exit ")).toMatch(/Connection closed\.\n\[exit 0\]/);
  });

  it("the telnetkit command with busybox telnetd, as a pipe", async () => {
    requireBuilt();
    const srv = await startBusyboxTelnetd();
    const t = terminal(["sh", "-c", `printf 'piped line\\nquit\\n' | ${JSON.stringify(process.execPath)} ${CLIENT_CLI} 127.0.0.1 ${srv.port}`]);
    const end = await t.waitFor("[exit ");
    expect(end).toContain("echo: piped line");
    expect(end).toContain("bye");
    expect(end).toContain("[exit 0]");
  });
});
