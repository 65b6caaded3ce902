#!/usr/bin/env node
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { OptionPolicy, TelnetConnection } from "@telnetkit/core";
import { demoShell } from "../demo-shell.js";
import { ptyShell } from "../pty-shell.js";
import { createServer, defaultServerPolicy, type ServerOptions, type Shell } from "../server.js";
import { parseArgs, parsePort, readOptionFile, UsageError } from "./args.js";
import { traceDecoder } from "./trace.js";

const USAGE = `usage: telnetkit-server [options] [--pty-exec PROGRAM -- ARGS...]

A Telnet server on 127.0.0.1:6023. By default each connection gets a small demo shell
that shows what was negotiated and echoes lines (help, status, quit).

      --host HOST           address to listen on (default 127.0.0.1)
      --port PORT           port (default 6023)
      --shell MODULE#NAME   run the shell function NAME exported by MODULE (default export without #NAME)
      --pty-exec PROGRAM    run PROGRAM (with the ARGS after --) on a pseudo-terminal per connection
      --pass-env NAMES      with --pty-exec: client variables to pass, comma-separated
                            (default DISPLAY,LANG,LANGUAGE,LC_*,USER)
      --tls-cert FILE       serve Telnet over TLS with this certificate (PEM) ...
      --tls-key FILE        ... and this key (PEM)
      --max-connections N   turn away connections above N
      --idle-timeout SECS   close connections idle for SECS seconds
  -e, --encoding NAME       charset for text (default UTF-8)
  -b, --force-binary        use that charset even when BINARY is not agreed
      --mccp                offer MUD compression: MCCP2 (ours) and MCCP3 (the client's), with zlib
  -d, --debug               print each connection's negotiation, decoded, on standard error
  -h, --help                this text

SIGTERM or SIGINT stops the server gracefully: no new connections, shells get 2 seconds
to finish, then the connections still open are closed (their output is sent first).
`;

async function loadShell(spec: string): Promise<Shell> {
  const hash = spec.lastIndexOf("#");
  const module = hash === -1 ? spec : spec.slice(0, hash);
  const name = hash === -1 ? "default" : spec.slice(hash + 1);
  const file = resolve(process.cwd(), module);
  // A file path, or a package name resolved from the current directory.
  const url = existsSync(file)
    ? pathToFileURL(file).href
    : pathToFileURL(createRequire(resolve(process.cwd(), "noop.js")).resolve(module)).href;
  const loaded = (await import(url)) as Record<string, unknown>;
  const shell = loaded[name] ?? (name === "default" ? (loaded.default as Record<string, unknown> | undefined)?.default : undefined);
  if (typeof shell !== "function") throw new UsageError(`${module} exports no function ${JSON.stringify(name)}`);
  return shell as Shell;
}

async function main(argv: string[]): Promise<number> {
  const { options, positional, rest } = parseArgs(argv, {
    values: ["host", "port", "shell", "pty-exec", "pass-env", "tls-cert", "tls-key", "max-connections", "idle-timeout", "encoding"],
    flags: ["force-binary", "mccp", "debug", "help"],
    short: { e: "encoding", b: "force-binary", d: "debug", h: "help" },
  });
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positional.length > 0) throw new UsageError(`unexpected ${JSON.stringify(positional[0])}`);
  const str = (name: string) => (typeof options[name] === "string" ? (options[name] as string) : undefined);
  if (str("shell") && str("pty-exec")) throw new UsageError("give --shell or --pty-exec, not both");
  if (rest.length > 0 && !str("pty-exec")) throw new UsageError("arguments after -- are for --pty-exec");
  if (!!str("tls-cert") !== !!str("tls-key")) throw new UsageError("--tls-cert and --tls-key go together");

  const charset = str("encoding") ?? "UTF-8";
  let shell: Shell = demoShell;
  let policy: Record<string, OptionPolicy> = defaultServerPolicy(charset);
  if (str("shell")) shell = await loadShell(str("shell")!);
  if (str("pty-exec")) {
    const passEnv = str("pass-env")?.split(",").map((s) => s.trim()).filter(Boolean);
    shell = ptyShell(str("pty-exec")!, rest, { passEnv });
    // Character at a time, echoed by the terminal; binary both ways for what the program prints.
    policy = { ...policy, echo: { local: "initiate" }, sga: { local: "initiate" }, binary: { local: "initiate", remote: "initiate" } };
  }
  if (options.mccp) policy = { ...policy, mccp2: "offer", mccp3: "offer" };
  const serverOptions: ServerOptions = {
    host: str("host") ?? "127.0.0.1",
    port: str("port") !== undefined ? parsePort(str("port")!) : 6023,
    charset,
    forceBinary: options["force-binary"] === true,
    options: policy,
  };
  if (str("tls-cert") !== undefined || str("tls-key") !== undefined) {
    if (str("tls-cert") === undefined || str("tls-key") === undefined) throw new UsageError("--tls-cert and --tls-key go together");
    serverOptions.tls = { cert: readOptionFile(str("tls-cert")!, "tls-cert"), key: readOptionFile(str("tls-key")!, "tls-key") };
  }
  if (str("max-connections")) {
    const n = Number(str("max-connections"));
    if (!Number.isInteger(n) || n < 1) throw new UsageError("--max-connections needs a positive whole number");
    serverOptions.maxConnections = n;
  }
  if (str("idle-timeout")) {
    const secs = Number(str("idle-timeout"));
    if (!(secs > 0)) throw new UsageError("--idle-timeout needs a number of seconds");
    serverOptions.idleTimeout = secs * 1000;
  }
  if (options.debug) {
    // One trace per connection, made at its first byte (the opening negotiation included).
    const traces = new WeakMap<TelnetConnection, (dir: "in" | "out", bytes: Uint8Array) => void>();
    let next = 0;
    serverOptions.tap = (dir, bytes, conn) => {
      let trace = traces.get(conn);
      if (!trace) {
        const id = ++next;
        const print = (line: string) => process.stderr.write(`[${id}] ${line}\n`);
        print(`connection from ${conn.remote?.address}:${conn.remote?.port}`);
        void conn.closed.then((ev) => print(`closed (${ev.reason}${ev.error ? `: ${ev.error.message}` : ""})`));
        const traceIn = traceDecoder("<", print);
        const traceOut = traceDecoder(">", print);
        trace = (d, b) => (d === "in" ? traceIn : traceOut)(b);
        traces.set(conn, trace);
      }
      trace(dir, bytes);
    };
  }
  const server = createServer(serverOptions, shell);
  // Standard output only tells where we listen: a reader that went away (EPIPE) stops nothing.
  process.stdout.on("error", () => {});
  const address = await server.listen();
  const where = `${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  process.stdout.write(`telnetkit-server listening on ${where}${serverOptions.tls ? " (TLS)" : ""}\n`);

  return new Promise((done) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        process.stderr.write(`telnetkit-server: ${signal} again, exiting now\n`);
        done(1);
        return;
      }
      stopping = true;
      process.stderr.write(`telnetkit-server: ${signal}, closing (${server.connections.size} connection(s) open)\n`);
      void server.close({ timeout: 2000 }).then(() => done(0));
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError) {
      process.stderr.write(`telnetkit-server: ${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`telnetkit-server: ${(err as Error)?.message ?? String(err)}\n`);
    process.exit(1);
  },
);
