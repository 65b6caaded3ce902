/**
 * The interop matrix: our server with every real Telnet client Debian has (inetutils
 * telnet, netkit telnet from telnet-ssl, busybox telnet, TinTin++, C-Kermit, PuTTY's
 * plink), each on a real terminal (tmux), and our client with every real Telnet server
 * (inetutils telnetd, netkit telnetd from telnetd-ssl, busybox telnetd), all on loopback.
 *
 * Each pair runs a short session (a line typed comes back, then quit) and records what
 * worked, the options on at our end, the subnegotiations each way, our warnings and the
 * time taken. afterAll writes the records to conformance/interop-results.json, which
 * `pnpm run interop-table` renders as conformance/INTEROP.md. Both ends are configured as
 * a user would: the server with its default policy and the demo shell of telnetkit-server,
 * the client with a terminal type, a window size and USER. A missing peer fails its test
 * (.ci/install-peers.sh installs them all).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { WarningEvent } from "@telnetkit/core";
import {
  connect,
  createServer,
  defaultServerPolicy,
  demoShell,
  ptyShell,
  type ConnectOptions,
  type ServerOptions,
  type Shell,
  type TelnetConnection,
} from "../src/index.js";
import { wireRecord, writeResults, type PairRecord } from "./interop-record.js";
import { busyboxWithTelnetd, inetutilsTelnetd, netkitTelnetd, startBusyboxTelnetd, startInetutilsTelnetd, startNetkitTelnetd } from "./peers.js";
import { requireProgram, stopAll } from "./processes.js";
import { tmuxTerminal } from "./tmux.js";

const cleanups: (() => void | Promise<void>)[] = [];
const records: PairRecord[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await stopAll();
});

afterAll(() => writeResults(records));

/** The first line of a program's output that matches `pattern` (its version), or "?" . */
function versionOf(argv: readonly string[], pattern: RegExp): string {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", timeout: 5000, input: "" });
  const m = `${r.stdout ?? ""}\n${r.stderr ?? ""}`.match(pattern);
  return m ? m[0].trim() : "?";
}

/** The Debian version of an installed package, or "?". */
function debianVersion(pkg: string): string {
  const r = spawnSync("dpkg-query", ["-W", "-f=${Version}", pkg], { encoding: "utf8", timeout: 5000 });
  return r.status === 0 && r.stdout ? r.stdout : "?";
}

/** A bounded wait for a promise. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}

/** Runs one pair and records it, whether it works or not (the test still fails when it does not). */
async function recordPair(
  base: Pick<PairRecord, "peer" | "package" | "peerRole" | "ours" | "variant">,
  version: () => string,
  body: (rec: PairRecord) => Promise<void>,
): Promise<void> {
  const rec: PairRecord = {
    ...base,
    version: "?",
    worked: false,
    settled: false,
    options: { local: [], remote: [] },
    sent: { ours: [], peer: [] },
    refused: { byUs: [], byPeer: [] },
    unanswered: { ours: [], peer: [] },
    values: [],
    warnings: [],
    notes: [],
    seconds: 0,
  };
  records.push(rec);
  const start = Date.now();
  try {
    rec.version = version();
    await body(rec);
    rec.worked = true;
  } catch (err) {
    rec.error = (err as Error).message.split("\n")[0];
    throw err;
  } finally {
    rec.seconds = Math.round((Date.now() - start) / 100) / 10;
  }
}

/**
 * Fill in what the connection and the wire showed. The options are taken while the session
 * runs (`during`); at the end only the wire and the warnings are brought up to date.
 */
function observe(rec: PairRecord, conn: TelnetConnection, wire: ReturnType<typeof wireRecord>, warnings: WarningEvent[], during = true): void {
  if (during) rec.options = conn.enabledOptions();
  rec.sent = { ours: wire.sent("we"), peer: wire.sent("peer") };
  rec.refused = { byUs: wire.refused("peer"), byPeer: wire.refused("we") };
  rec.unanswered = { ours: wire.unanswered("we"), peer: wire.unanswered("peer") };
  rec.values = wire.values;
  rec.warnings = warnings.map((w) => `${w.code}: ${w.message}`);
}

// ------------------------------------------------------------------ our server, real clients

interface ClientPeer {
  peer: string;
  package: string;
  /** How this run differs from the client's usual start, if it does. */
  variant?: string;
  /** The program, or an error saying what to install. */
  program: () => string;
  version: (program: string) => string;
  argv: (program: string, port: number) => string[];
  /** The program does not exit when the server closes: how to end it. */
  end?: (t: ReturnType<typeof tmuxTerminal>) => void;
  /** What our server must have seen of this client. */
  check: (conn: TelnetConnection, rec: PairRecord) => void;
  /** Requests of ours the client is known never to answer (neither yes nor no). */
  ignores?: string[];
}

const tintin = () => (existsSync("/usr/games/tt++") ? "/usr/games/tt++" : requireProgram("tt++", "apt-get install tintin++"));

const inetutilsTelnet: ClientPeer = {
  peer: "inetutils telnet",
  package: "inetutils-telnet",
  program: () => requireProgram("inetutils-telnet", "apt-get install inetutils-telnet"),
  version: (p) => versionOf([p, "--version"], /^telnet \(GNU inetutils\) \S+/m),
  // "-PORT" after "--": the client negotiates as it does on port 23 (on any other port it waits for the server).
  argv: (p, port) => [p, "--", "127.0.0.1", `-${port}`],
  check: (conn, rec) => {
    expect(conn.terminalType).toBe("XTERM");
    expect(conn.windowSize).toEqual({ width: 80, height: 24 });
    expect(rec.sent.peer).toEqual(expect.arrayContaining(["WILL TTYPE", "WILL NAWS", "WILL NEW_ENVIRON", "WILL TSPEED"]));
  },
};

const netkitTelnet: ClientPeer = {
  peer: "netkit telnet",
  package: "telnet-ssl",
  program: () => requireProgram("telnet-ssl", "apt-get install telnet-ssl"),
  version: () => `netkit-telnet 0.17 (Debian telnet-ssl ${debianVersion("telnet-ssl")})`,
  argv: (p, port) => [p, "--", "127.0.0.1", `-${port}`],
  check: (conn, rec) => {
    expect(conn.terminalType).toBe("xterm");
    expect(conn.windowSize).toEqual({ width: 80, height: 24 });
    expect(rec.sent.peer).toEqual(expect.arrayContaining(["WILL TTYPE", "WILL NAWS", "WILL TSPEED"]));
  },
};

/** The same client started on a port other than 23: it says nothing until our server asks, then answers. */
const waiting = (client: ClientPeer): ClientPeer => ({
  ...client,
  variant: "port not 23: waits for the server",
  argv: (p, port) => [p, "127.0.0.1", String(port)],
  check: (conn, rec) => {
    expect(conn.windowSize).toEqual({ width: 80, height: 24 });
    expect(conn.terminalType?.toLowerCase()).toBe("xterm");
    // Only answers to our requests: nothing we did not ask for (TSPEED, LINEMODE, ...).
    expect(rec.sent.peer).toEqual(expect.arrayContaining(["WILL TTYPE", "WILL NAWS"]));
    expect(rec.sent.peer.filter((m) => !rec.sent.ours.includes(m.startsWith("WILL") ? m.replace("WILL", "DO") : m.replace("DO", "WILL")))).toEqual([]);
  },
});

const CLIENTS: ClientPeer[] = [
  inetutilsTelnet,
  netkitTelnet,
  {
    peer: "busybox telnet",
    package: "busybox",
    program: () => requireProgram("busybox", "apt-get install busybox"),
    version: (p) => versionOf([p], /BusyBox v\S+/),
    argv: (p, port) => [p, "telnet", "127.0.0.1", String(port)],
    check: (conn) => {
      expect(conn.terminalType).toBe("xterm");
      expect(conn.windowSize).toEqual({ width: 80, height: 24 });
    },
  },
  {
    peer: "TinTin++",
    package: "tintin++",
    program: tintin,
    version: (p) => versionOf([p, "-V"], /TinTin\+\+ \S+/),
    argv: (p, port) => [p, "-G", "-e", `#session peer 127.0.0.1 ${port}`],
    // It refuses DO BINARY but never answers WILL BINARY; it answers what we sent after it, so the server does not wait for it.
    ignores: ["WILL BINARY"],
    // It stays after the session ends, at its own prompt.
    end: (t) => {
      t.type("#end");
      t.keys("Enter");
    },
    check: (conn) => {
      // TTYPE cycles through its name, the terminal and MTTS (mud-mtts.md); NEW-ENVIRON has the MNES variables.
      expect(conn.terminalTypes.slice(0, 2)).toEqual(["TINTIN++", "xterm"]);
      expect(conn.terminalTypes[2]).toMatch(/^MTTS \d+$/);
      expect(conn.environment).toMatchObject({ CLIENT_NAME: "TinTin++", TERMINAL_TYPE: "xterm" });
      expect(conn.windowSize?.width).toBe(80);
    },
  },
  {
    peer: "C-Kermit",
    package: "ckermit",
    program: () => requireProgram("kermit", "apt-get install ckermit"),
    version: (p) => versionOf([p, "-Y", "-C", "echo \\v(herald),exit"], /C-Kermit [^,]+/),
    argv: (p, port) => [p, "-Y", "-C", `set terminal type xterm,set host 127.0.0.1 ${port} /telnet,if fail exit 1,connect,exit`],
    check: (conn, rec) => {
      expect(conn.terminalType).toBe("XTERM");
      expect(conn.windowSize).toEqual({ width: 80, height: 24 });
      expect(conn.environment).toMatchObject({ USER: "alice", SYSTEMTYPE: "UNIX" });
      expect(rec.sent.peer).toEqual(expect.arrayContaining(["WILL TTYPE", "WILL NAWS", "WILL NEW_ENVIRON", "WILL COM_PORT", "DO KERMIT"]));
    },
  },
  {
    peer: "PuTTY plink",
    package: "putty-tools",
    program: () => requireProgram("plink", "apt-get install putty-tools"),
    version: (p) => versionOf([p, "-V"], /Release \S+/).replace("Release", "plink"),
    argv: (p, port) => [p, "-telnet", "-P", String(port), "127.0.0.1"],
    check: (conn, rec) => {
      expect(conn.terminalType).toBe("XTERM");
      expect(conn.windowSize).toEqual({ width: 80, height: 24 });
      expect(conn.environment.USER).toBeTruthy();
      expect(rec.sent.peer).toEqual(expect.arrayContaining(["WILL TTYPE", "WILL NAWS", "WILL TSPEED", "WILL NEW_ENVIRON"]));
    },
  },
];

/** What runs on a pseudo-terminal in character mode: the same dialogue as the demo shell's. */
const PTY_PROGRAM = [
  'echo "TERM=$TERM size=$(stty size)"',
  'echo "Type a line:"',
  'IFS= read -r line; echo "You typed: $line"',
  'IFS= read -r line; echo "Goodbye."',
].join("; ");

/** Our server as users run it. */
interface ServerSetup {
  name: string;
  options: ServerOptions;
  shell: Shell;
  /** Shown once the session runs. */
  ready: string;
  /** What our end must have agreed to, and what the session showed first (the screen at `ready`). */
  check?: (conn: TelnetConnection, screen: string) => void;
}

const SETUPS: ServerSetup[] = [
  // telnetkit-server's defaults: the default policy, the demo shell (lines, the client echoes).
  { name: "line mode (demo shell)", options: {}, shell: demoShell, ready: "Type help for commands." },
  {
    // telnetkit-server --pty-exec: a program on a pseudo-terminal, which echoes; binary both ways.
    name: "character mode (pty program)",
    options: { options: { ...defaultServerPolicy("UTF-8"), echo: { local: "initiate" }, sga: { local: "initiate" }, binary: { local: "initiate", remote: "initiate" } } },
    shell: ptyShell("/bin/sh", ["-c", PTY_PROGRAM]),
    ready: "Type a line:",
    check: (conn, screen) => {
      expect(conn.isEnabled("echo", "local")).toBe(true);
      expect(conn.isEnabled("sga", "local")).toBe(true);
      // The program's terminal: the client's terminal type (not an MTTS client's own name) and size.
      expect(screen).toContain("TERM=xterm size=24 80");
    },
  },
];

const PAIRS = [
  ...SETUPS.flatMap((setup) => CLIENTS.map((client) => ({ client, setup }))),
  { client: waiting(inetutilsTelnet), setup: SETUPS[0] },
  { client: waiting(netkitTelnet), setup: SETUPS[0] },
];

describe("interop matrix: our server with real clients", () => {
  for (const { client, setup } of PAIRS) {
    it(`${client.peer}${client.variant ? ` (${client.variant})` : ""}, ${setup.name}: connects, a typed line comes back, quits`, async () => {
      const base = { peer: client.peer, package: client.package, peerRole: "client" as const, ours: `server, ${setup.name}` };
      await recordPair({ ...base, ...(client.variant ? { variant: client.variant } : {}) }, () => client.version(client.program()), async (rec) => {
        const program = client.program();
        if (setup.shell !== demoShell) requireProgram("script", "apt-get install bsdutils");
        const wire = wireRecord();
        const warnings: WarningEvent[] = [];
        let accepted!: (conn: TelnetConnection) => void;
        const connection = new Promise<TelnetConnection>((r) => (accepted = r));
        const server = createServer(
          {
            ...setup.options,
            tap: (direction, bytes) => wire.tap(direction, bytes),
            onConnection: (conn) => {
              conn.on("warning", (w) => warnings.push(w));
              accepted(conn);
            },
          },
          async (conn) => {
            rec.settled = conn.isSettled();
            await setup.shell(conn);
          },
        );
        await server.listen(0, "127.0.0.1");
        cleanups.push(() => server.close({ timeout: 1000 }));
        const t = tmuxTerminal(client.argv(program, server.address()!.port), { env: { USER: "alice" } });
        cleanups.push(() => t.close());
        const why = () => `\nwarnings: ${JSON.stringify(warnings)}\nvalues: ${wire.values.join("; ")}\nscreen:\n${t.screen()}`;

        const conn = await within(connection, 8000, `${client.peer} to connect`);
        const screen = await t.waitFor(setup.ready, 10_000);
        t.type("hello matrix");
        t.keys("Enter");
        await t.waitFor("You typed: hello matrix", 5000);
        observe(rec, conn, wire, warnings);
        t.type("quit");
        t.keys("Enter");
        await t.waitFor("Goodbye.", 5000);
        expect((await within(conn.closed, 5000, "the connection to close")).reason).toBe("local");
        client.end?.(t);
        await t.waitFor("[exit ", 5000);
        observe(rec, conn, wire, warnings, false);

        client.check(conn, rec);
        setup.check?.(conn, screen);
        expect(rec.unanswered.peer, `requests of ${client.peer} we never answered${why()}`).toEqual([]);
        const ignored = rec.sent.ours.filter((m) => client.ignores?.includes(m));
        expect(rec.unanswered.ours, `requests of ours ${client.peer} never answered${why()}`).toEqual(ignored);
        // Negotiation settles before the shell runs: a request the client passed by (it answered later ones) is not waited for.
        expect(rec.settled, `negotiation settled before the shell ran${why()}`).toBe(true);
        expect(rec.warnings, why()).toEqual([]);
      });
    }, 30_000);
  }
});

// ------------------------------------------------------------------ our client, real servers

// What the login program prints besides TERM and the size: what the server passed on from NEW-ENVIRON.
const REPORT = ['echo "USER=$USER"'];

interface ServerPeer {
  peer: string;
  package: string;
  version: () => string;
  start: () => Promise<{ port: number }>;
  /** What the login program must have seen, and what our connection must show. */
  check: (output: string, conn: TelnetConnection, rec: PairRecord) => void;
}

/** The version in the first line of a Debian changelog of an unpacked package. */
function unpackedVersion(dir: string, pkg: string): string {
  const file = join(dir, "usr/share/doc", pkg, "changelog.Debian.gz");
  if (!existsSync(file)) return "?";
  return gunzipSync(readFileSync(file)).toString("utf8").match(/\(([^)]+)\)/)?.[1] ?? "?";
}

const SERVERS: ServerPeer[] = [
  {
    peer: "inetutils telnetd",
    package: "inetutils-telnetd",
    version: () => versionOf([inetutilsTelnetd(), "--version"], /^telnetd \(GNU inetutils\) \S+/m),
    start: () => startInetutilsTelnetd({ args: ["--accept-env=USER"], report: REPORT }),
    check: (output, conn, rec) => {
      expect(output).toContain("TERM=xterm");
      expect(output).toContain("USER=alice");
      expect(rec.sent.peer).toEqual(expect.arrayContaining(["DO TTYPE", "DO NEW_ENVIRON", "DO NAWS"]));
      expect(conn.isEnabled("echo", "remote")).toBe(true);
    },
  },
  {
    peer: "netkit telnetd",
    package: "telnetd-ssl",
    version: () => `netkit-telnet 0.17 (Debian telnetd-ssl ${unpackedVersion(join(netkitTelnetd().telnetd, "../../.."), "telnetd-ssl")})`,
    start: () => startNetkitTelnetd({ report: REPORT }),
    check: (output, conn, rec) => {
      expect(output).toContain("TERM=xterm");
      expect(output).toContain("USER=alice");
      expect(rec.sent.peer).toEqual(expect.arrayContaining(["DO TTYPE", "DO NEW_ENVIRON", "DO NAWS", "DO AUTHENTICATION"]));
      expect(conn.isEnabled("echo", "remote")).toBe(true);
    },
  },
  {
    peer: "busybox telnetd",
    package: "busybox-static",
    version: () => versionOf([busyboxWithTelnetd()], /BusyBox v\S+/),
    start: () => startBusyboxTelnetd(),
    check: (_output, conn, rec) => {
      // busybox telnetd has no TTYPE or NEW-ENVIRON: it asks for NAWS and echoes itself.
      expect(rec.sent.peer).toEqual(expect.arrayContaining(["DO NAWS", "WILL ECHO"]));
      expect(conn.isEnabled("echo", "remote")).toBe(true);
      expect(conn.isEnabled("naws", "local")).toBe(true);
    },
  },
];

/** Our client as a user would set it up: a terminal type, a window size, USER for NEW-ENVIRON, UTF-8. */
const CLIENT_OPTIONS: ConnectOptions = {
  term: "xterm",
  cols: 80,
  rows: 24,
  environment: { USER: "alice" },
  charset: "UTF-8",
  charsets: ["UTF-8"],
  charsetRequest: false,
};

describe("interop matrix: our client with real servers", () => {
  for (const server of SERVERS) {
    it(`${server.peer}: the login program starts with our settings, a line comes back, quits`, async () => {
      const base = { peer: server.peer, package: server.package, peerRole: "server" as const, ours: "client: terminal type, window size, USER" };
      await recordPair(base, server.version, async (rec) => {
        const srv = await server.start();
        const wire = wireRecord();
        const conn = await connect({ ...CLIENT_OPTIONS, port: srv.port, tap: (direction, bytes) => wire.tap(direction, bytes) });
        cleanups.push(() => conn.destroy());
        // connect resolves before the first byte from the server is read: every warning is seen.
        const warnings: WarningEvent[] = [];
        conn.on("warning", (w) => warnings.push(w));
        const why = () => `\nwarnings: ${JSON.stringify(warnings)}\nvalues: ${wire.values.join("; ")}`;
        let output = "";
        const read = async (pattern: string) => {
          const text = await conn.readUntil(pattern, { signal: AbortSignal.timeout(8000) });
          if (text === null) throw new Error(`the connection ended before ${JSON.stringify(pattern)} came; before it: ${JSON.stringify(output)}`);
          return text;
        };

        output += await read("login-app ready");
        output += await read("size=");
        output += await read("\n");
        // The size may not be set yet when the program starts (the server's NAWS comes later): asked again.
        await conn.write("size\n");
        output += await read("size=24 80");
        await conn.write("hello matrix\n");
        output += await read("echo: hello matrix");
        // What came between the echoed line and the next answer: an empty line read as a second line end?
        await conn.write("size\n");
        const between = await read("size=");
        output += between;
        // Our BINARY is on here: a line written as text must reach the program as one line, not as a line and an empty one.
        expect(between).not.toMatch(/echo: \r?\n/);
        rec.settled = conn.isSettled();
        observe(rec, conn, wire, warnings);
        await conn.write("quit\n");
        // Some servers drop the last output of a program that exits (their own race at close): the end is what counts.
        while ((await conn.read(undefined, { signal: AbortSignal.timeout(5000) })) !== null);
        expect((await within(conn.closed, 5000, "the connection to close")).reason).toBe("remote");
        observe(rec, conn, wire, warnings, false);

        server.check(output, conn, rec);
        expect(rec.unanswered, `requests left unanswered${why()}`).toEqual({ ours: [], peer: [] });
        expect(rec.settled, `negotiation settled${why()}`).toBe(true);
        expect(rec.warnings, why()).toEqual([]);
      });
    }, 30_000);
  }
});
