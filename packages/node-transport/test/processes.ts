import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CLIENT_CLI = fileURLToPath(new URL("../dist/client-cli.js", import.meta.url));
export const SERVER_CLI = fileURLToPath(new URL("../dist/server-cli.js", import.meta.url));

/** The built command-line tools (`pnpm run build` makes them; `pnpm test` builds first). */
export function requireBuilt(): void {
  for (const f of [CLIENT_CLI, SERVER_CLI]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run "npx -y pnpm@10 run build" first`);
  }
}

const started = new Set<ChildProcess>();

/** A child process with its output collected; killed by `stopAll` if still running. */
export function run(command: string, args: readonly string[], options: SpawnOptions = {}) {
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], ...options });
  started.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
  child.stderr?.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => {
    child.once("close", (code) => {
      started.delete(child);
      resolve(code);
    });
    child.once("error", () => resolve(null));
  });
  return {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    /** Resolves when stdout (or stderr) matches; throws after `ms` with what was seen. */
    async waitFor(pattern: RegExp, ms = 10_000, stream: "stdout" | "stderr" = "stdout"): Promise<RegExpMatchArray> {
      const end = Date.now() + ms;
      for (;;) {
        const m = (stream === "stdout" ? stdout : stderr).match(pattern);
        if (m) return m;
        if (Date.now() > end || child.exitCode !== null) {
          throw new Error(`no ${pattern} in ${stream} of ${command}:\nstdout: ${stdout}\nstderr: ${stderr}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

/** Stop every child still running (by its own pid). */
export async function stopAll(): Promise<void> {
  const waits: Promise<unknown>[] = [];
  for (const child of started) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    waits.push(new Promise((r) => child.once("close", r)));
    child.kill("SIGKILL");
  }
  await Promise.all(waits);
}

/** The telnetkit-server CLI on a free port; resolves once it listens. */
export async function startServerCli(args: readonly string[] = [], options: SpawnOptions = {}) {
  requireBuilt();
  const p = run(process.execPath, [SERVER_CLI, "--port", "0", ...args], options);
  const m = await p.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
  return { ...p, port: Number(m[1]) };
}

/** A program found on PATH (or at an absolute path), or an error saying what to install. */
export function requireProgram(name: string, install: string): string {
  const found = spawnSync("sh", ["-c", `command -v "$1"`, "sh", name], { encoding: "utf8" }).stdout.trim();
  if (!found) throw new Error(`${name} is not installed: ${install} (bash .ci/install-peers.sh installs it)`);
  return found;
}
