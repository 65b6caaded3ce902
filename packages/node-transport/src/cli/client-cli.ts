#!/usr/bin/env node
import type { CommandName, TelnetConnection } from "@telnetkit/core";
import { connect, type ConnectOptions } from "../client.js";
import { describeConnection } from "../demo-shell.js";
import { parseArgs, parseEscape, parsePort, readOptionFile, showEscape, UsageError } from "./args.js";
import { LineEditor } from "./line-editor.js";
import { traceDecoder } from "./trace.js";

const USAGE = `usage: telnetkit [options] HOST [PORT]

Connect to a Telnet server (PORT 23 by default, 992 with --tls). With a terminal,
an interactive session; with standard input from a pipe or a file, like nc.

  -e, --encoding NAME   charset for text (default UTF-8; e.g. latin1, cp437, koi8-r)
  -b, --force-binary    use that charset even when BINARY is not agreed
  -t, --term TYPE       terminal type to report (default $TERM)
      --tls             Telnet over TLS (telnets)
      --ca FILE         trust this certificate (PEM) for --tls
      --insecure        do not check the server's certificate
      --no-compression  refuse MUD compression (MCCP2, MCCP3), accepted by default
      --escape CHAR     the key that opens the prompt: ^X notation, one character,
                        or none (default ^])
  -d, --debug           print the negotiation, decoded, on standard error
  -q, --quit-after SECS pipe mode: close SECS seconds after the end of input
                        (default: stay until the server closes)
  -h, --help            this text

In a session, the escape key (^]) opens a prompt: quit, status,
send ayt|brk|ip|ao|ec|el|nop|eof|susp|abort, help.
`;

const COMMANDS: readonly CommandName[] = ["AYT", "BRK", "IP", "AO", "EC", "EL", "NOP", "GA", "EOF", "SUSP", "ABORT"];
const ESCAPE = "\x1d"; // ^], as BSD telnet

async function main(argv: string[]): Promise<number> {
  const { options, positional } = parseArgs(argv, {
    values: ["encoding", "term", "ca", "quit-after", "escape"],
    flags: ["force-binary", "tls", "insecure", "no-compression", "debug", "help"],
    short: { e: "encoding", b: "force-binary", t: "term", d: "debug", q: "quit-after", h: "help" },
  });
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positional.length < 1 || positional.length > 2) throw new UsageError("give HOST and optionally PORT");
  const [host, portText] = positional;
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const useTls = options.tls === true;
  const tlsOptions =
    typeof options.ca === "string"
      ? { ca: readOptionFile(options.ca, "ca").toString("utf8") }
      : options.insecure
        ? { rejectUnauthorized: false }
        : {};
  const escape = typeof options.escape === "string" ? parseEscape(options.escape) : ESCAPE;
  const quitAfter = typeof options["quit-after"] === "string" ? Number(options["quit-after"]) : undefined;
  if (quitAfter !== undefined && !(quitAfter >= 0)) throw new UsageError("--quit-after needs a number of seconds");
  const eol = interactive ? "\r\n" : "\n";
  const debug = options.debug === true;
  const trace = (line: string) => process.stderr.write(`${line}${eol}`);
  const traceIn = debug ? traceDecoder("<", trace) : null;
  const traceOut = debug ? traceDecoder(">", trace) : null;

  const connectOptions: ConnectOptions = {
    host,
    port: portText === undefined ? undefined : parsePort(portText),
    tls: useTls ? tlsOptions : undefined,
    term: typeof options.term === "string" ? options.term : (process.env.TERM ?? "UNKNOWN"),
    charset: typeof options.encoding === "string" ? options.encoding : "UTF-8",
    // Answer a server's CHARSET request (RFC 2066) with that charset; never ask first.
    charsets: [typeof options.encoding === "string" ? options.encoding : "UTF-8"],
    charsetRequest: false,
    forceBinary: options["force-binary"] === true,
    compression: options["no-compression"] === true ? false : undefined,
    tap: debug ? (dir, bytes) => (dir === "in" ? traceIn : traceOut)!(bytes) : undefined,
  };
  if (interactive) {
    connectOptions.cols = process.stdout.columns;
    connectOptions.rows = process.stdout.rows;
  }
  let conn: TelnetConnection;
  try {
    conn = await connect(connectOptions);
  } catch (err) {
    process.stderr.write(`telnetkit: ${host}:${portText ?? (useTls ? 992 : 23)}: ${(err as Error).message}\n`);
    return 1;
  }
  if (interactive) {
    const shown = escape === null ? "none" : `'${showEscape(escape)}'`;
    process.stderr.write(`Connected to ${host}. Escape character is ${shown}.\r\n`);
  }
  const ev = interactive ? await session(conn, escape) : await pipe(conn, quitAfter);
  if (interactive) process.stderr.write("\r\nConnection closed.\r\n");
  if (ev.reason === "error") {
    process.stderr.write(`telnetkit: ${ev.error?.message ?? "connection failed"}\n`);
    return 1;
  }
  return 0;
}

/**
 * The server's text to standard output until the connection ends. When standard output
 * goes away (the reader of a pipe quit: EPIPE), the connection closes and the program
 * ends quietly, as a program in a pipeline does.
 */
async function copyToStdout(conn: TelnetConnection): Promise<void> {
  const stdout = process.stdout;
  let gone = false;
  stdout.on("error", () => {
    gone = true;
    conn.destroy();
  });
  for (;;) {
    const text = await conn.read();
    if (text === null) return;
    if (gone) continue;
    if (!stdout.write(text)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          stdout.off("drain", done).off("close", done);
          resolve();
        };
        stdout.on("drain", done).on("close", done);
      });
    }
  }
}

/** Standard input is not a terminal: copy it to the server as text, and the server's text to standard output. */
async function pipe(conn: TelnetConnection, quitAfter: number | undefined) {
  const output = copyToStdout(conn);
  // Input is text in the charset agreed: let the opening negotiation (BINARY, CHARSET) finish first.
  await conn.waitForNegotiation();
  const decoder = new TextDecoder();
  process.stdin.on("data", (chunk: Buffer) => {
    const text = decoder.decode(chunk, { stream: true });
    if (text) {
      process.stdin.pause();
      void conn.write(text).then(() => process.stdin.resume());
    }
  });
  process.stdin.on("end", () => {
    if (quitAfter !== undefined) setTimeout(() => void conn.close(), quitAfter * 1000).unref();
  });
  const ev = await conn.closed;
  await output;
  process.stdin.destroy();
  return ev;
}

/** An interactive session on a terminal in raw mode. */
async function session(conn: TelnetConnection, escape: string | null) {
  const stdin = process.stdin;
  const stdout = process.stdout;
  const show = (text: string) => stdout.write(text);
  const lineEditor = new LineEditor(show);
  const promptEditor = new LineEditor(show);
  let prompting = false;
  const keyboard = new TextDecoder();

  stdin.setRawMode(true);
  stdin.resume();
  const onResize = () => conn.setWindowSize(stdout.columns, stdout.rows);
  stdout.on("resize", onResize);

  const output = copyToStdout(conn);

  // Character mode once the server echoes or suppresses go-ahead (as BSD telnet); otherwise lines, edited here.
  const remoteEcho = () => conn.isEnabled("echo", "remote");
  const characterMode = () => remoteEcho() || conn.isEnabled("sga", "remote");

  const runCommand = async (line: string) => {
    const [word = "", arg = ""] = line.trim().split(/\s+/);
    switch (word.toLowerCase()) {
      case "":
        return;
      case "q":
      case "quit":
      case "close":
        await conn.close();
        return;
      case "status":
        for (const l of describeConnection(conn)) show(`${l}\r\n`);
        return;
      case "send": {
        const name = arg.toUpperCase() as CommandName;
        if (COMMANDS.includes(name)) await conn.send({ type: "command", command: name });
        else show(`send what? ${COMMANDS.join(" ").toLowerCase()}\r\n`);
        return;
      }
      default:
        show("quit, status, send ayt|brk|ip|ao|ec|el|nop|ga|eof|susp|abort; an empty line goes back\r\n");
    }
  };

  const onKeys = (chunk: Buffer) => {
    let text = keyboard.decode(chunk, { stream: true });
    while (text.length > 0) {
      if (prompting) {
        const lines = promptEditor.feed(text);
        text = "";
        if (lines.length > 0) {
          prompting = false;
          void runCommand(lines[0]);
        }
        continue;
      }
      const esc = escape === null ? -1 : text.indexOf(escape);
      const keys = esc === -1 ? text : text.slice(0, esc);
      text = esc === -1 ? "" : text.slice(esc + escape!.length);
      if (keys) typed(keys);
      if (esc !== -1) {
        prompting = true;
        promptEditor.clear();
        show("\r\ntelnetkit> ");
      }
    }
  };

  const typed = (keys: string) => {
    if (characterMode()) {
      if (!remoteEcho()) show(keys.replace(/\r/g, "\r\n"));
      void conn.write(keys);
      return;
    }
    // Line mode: ^C interrupts (IAC IP), the rest is edited here and sent at Enter.
    const parts = keys.split("\x03");
    parts.forEach((part, i) => {
      if (i > 0) {
        lineEditor.clear();
        show("^C\r\n");
        void conn.send({ type: "command", command: "IP" });
      }
      for (const line of lineEditor.feed(part)) void conn.write(`${line}\r\n`);
    });
  };

  stdin.on("data", onKeys);
  const ev = await conn.closed;
  await output;
  stdin.off("data", onKeys);
  stdout.off("resize", onResize);
  stdin.setRawMode(false);
  stdin.pause();
  return ev;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError) {
      process.stderr.write(`telnetkit: ${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`telnetkit: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
