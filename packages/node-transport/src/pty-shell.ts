import { spawn, execFile } from "node:child_process";
import { OPT, type TelnetConnection } from "@telnetkit/core";
import type { Shell } from "./server.js";

/** Options for `ptyShell`. */
export interface PtyShellOptions {
  /**
   * Names of the client's environment variables (NEW-ENVIRON) passed to the program, as
   * environment variables only. Default: `DISPLAY`, `LANG`, `LANGUAGE`, `LC_*`, `USER`.
   * A name ending in `*` is a prefix.
   */
  passEnv?: readonly string[];
  /** Environment of the program before the client's variables (default: `PATH` and `HOME` of this process). */
  env?: Readonly<Record<string, string>>;
}

const DEFAULT_PASS_ENV = ["DISPLAY", "LANG", "LANGUAGE", "LC_*", "USER"];

/** Quote a word for /bin/sh: single quotes, each `'` written as `'\''`. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A shell that runs `program args...` on a pseudo-terminal per connection, through
 * util-linux `script` (no native module). The window size (NAWS) is set on the terminal and
 * follows the client's changes; the terminal type becomes `TERM` (for an MTTS client, its
 * second answer). Values from the client
 * reach the program only as environment variables, never in a command line: the command
 * line is made of `program`, `args` and numbers. The server offers ECHO and SGA so that the
 * client sends each key and the terminal does the echoing.
 */
export function ptyShell(program: string, args: readonly string[] = [], options: PtyShellOptions = {}): Shell {
  const pass = options.passEnv ?? DEFAULT_PASS_ENV;
  return async (conn: TelnetConnection) => {
    await conn.send({ type: "enable", option: OPT.ECHO, side: "local" }); // RFC 857: the terminal echoes
    await conn.send({ type: "enable", option: OPT.SGA, side: "local" }); // RFC 858: a character at a time
    const size = conn.windowSize;
    const rows = size && size.height > 0 ? size.height : 24;
    const cols = size && size.width > 0 ? size.width : 80;
    const env: Record<string, string> = {
      ...(options.env ?? pick(process.env, ["PATH", "HOME"])),
      SHELL: "/bin/sh", // script runs the command line with $SHELL
      TERM: terminalName(terminalTypeOf(conn.terminalTypes)),
      LINES: String(rows),
      COLUMNS: String(cols),
      ...clientEnvironment(conn.environment, pass),
    };
    // Set the size, report the terminal's name on fd 3, close fd 3, run the program.
    const command = `stty rows ${rows} cols ${cols} 2>/dev/null; tty >&3; exec 3>&-; exec ${[program, ...args].map(shellQuote).join(" ")}`;
    const child = spawn("script", ["-qfec", command, "/dev/null"], { env, stdio: ["pipe", "pipe", "pipe", "pipe"] });
    child.stdin!.on("error", () => {});
    child.stderr!.resume();
    let ttyName = "";
    (child.stdio[3] as NodeJS.ReadableStream).on("data", (b: Buffer) => (ttyName += b.toString("latin1")));
    const exited = new Promise<void>((resolve) => {
      child.once("close", () => resolve());
      child.once("error", (err) => {
        void conn.write(`cannot start ${program}: ${err.message}\n`);
        resolve();
      });
    });
    const stopResize = conn.on("window-size", (ev) => {
      const tty = ttyName.trim();
      if (/^\/dev\/pts\/\d+$/.test(tty) && ev.width > 0 && ev.height > 0) {
        execFile("stty", ["-F", tty, "rows", String(ev.height), "cols", String(ev.width)], () => {});
      }
    });
    const input = (async () => {
      let lastCr = false;
      for (;;) {
        const bytes = await conn.readBytes();
        if (bytes === null) break;
        const { out, endsInCr } = terminalInput(bytes, lastCr);
        lastCr = endsInCr;
        if (out.length > 0 && !child.stdin!.write(out)) await new Promise((r) => child.stdin!.once("drain", r));
      }
      child.stdin!.end();
    })();
    // The connection closed: hang up the terminal's program.
    const hangUp = () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGHUP");
      const kill = setTimeout(() => child.kill("SIGKILL"), 2000);
      void exited.then(() => clearTimeout(kill));
    };
    void conn.closed.then(hangUp);
    for await (const chunk of child.stdout! as AsyncIterable<Buffer>) {
      if (!(await conn.write(chunk))) break;
    }
    hangUp();
    await exited;
    stopResize();
    void input;
  };
}

/**
 * Input for a terminal from NVT input: a line end typed as CR LF (or CR NUL, already made
 * CR by the engine) becomes CR, which the terminal turns into a new line (ICRNL).
 */
export function terminalInput(bytes: Uint8Array, lastCr: boolean): { out: Uint8Array; endsInCr: boolean } {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  let cr = lastCr;
  for (const b of bytes) {
    if (cr && (b === 10 || b === 0)) {
      cr = false;
      continue;
    }
    out[n++] = b;
    cr = b === 13;
  }
  return { out: out.subarray(0, n), endsInCr: cr };
}

/**
 * The client's terminal type: its first answer, except for an MTTS client (mud-mtts.md),
 * which answers its own name first, then the terminal type, then "MTTS n".
 */
function terminalTypeOf(types: readonly string[]): string | undefined {
  return types.length >= 3 && types.slice(2).some((t) => /^MTTS \d+$/i.test(t)) ? types[1] : types[0];
}

function terminalName(type: string | undefined): string {
  // Terminal types are case-insensitive (RFC 1091); terminfo names are lower case.
  const t = (type ?? "").toLowerCase();
  return /^[a-z0-9][a-z0-9.+_-]{0,39}$/.test(t) && t !== "unknown" ? t : "dumb";
}

function clientEnvironment(vars: Readonly<Record<string, string>>, pass: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(vars)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) || value.length > 1024 || value.includes("\0")) continue;
    if (pass.some((p) => (p.endsWith("*") ? name.startsWith(p.slice(0, -1)) : name === p))) out[name] = value;
  }
  return out;
}

function pick(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) if (env[n] !== undefined) out[n] = env[n]!;
  return out;
}
