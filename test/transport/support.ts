// Helpers of the transport scenarios. node: built-ins only, which Node, Deno and Bun all
// provide: the raw peer is a node:net socket on every runtime, the transport under test is not.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made now with openssl. An end
 * entity (CA:FALSE): rustls (Deno) refuses a CA certificate as a server's own.
 */
export function makeCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "telnetkit-cert-"));
  try {
    execFileSync(
      "openssl",
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-days", "1", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-addext", "basicConstraints=critical,CA:FALSE",
        "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
      ],
      { stdio: "pipe", timeout: 20_000 },
    );
    return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Bounded polling: resolves when `pred` holds, throws after `ms`. */
export async function until(pred: () => boolean, ms = 5000, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Resolves with `promise`, or rejects after `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A raw TCP peer, to play a client byte by byte and to reset the connection. */
export interface RawClient {
  write(bytes: Uint8Array): Promise<void>;
  /** Everything received so far. */
  received(): Uint8Array;
  /** Wait (at most `ms`) until what was received satisfies `pred`. */
  waitFor(pred: (all: Uint8Array) => boolean, ms?: number): Promise<Uint8Array>;
  /** Close with a TCP reset (RST). */
  reset(): void;
  destroy(): void;
}

export async function rawClient(port: number): Promise<RawClient> {
  const socket = net.connect({ host: "127.0.0.1", port });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.setNoDelay(true);
  socket.on("error", () => {});
  const chunks: Uint8Array[] = [];
  socket.on("data", (b: Uint8Array) => chunks.push(b));
  const received = (): Uint8Array => {
    const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) (all.set(c, at), (at += c.length));
    return all;
  };
  return {
    write: (bytes) => new Promise<void>((resolve, reject) => socket.write(bytes, (err) => (err ? reject(err) : resolve()))),
    received,
    async waitFor(pred, ms = 5000) {
      const end = Date.now() + ms;
      while (!pred(received())) {
        if (Date.now() > end) throw new Error(`timed out; received ${JSON.stringify(new TextDecoder("latin1").decode(received()))}`);
        await sleep(10);
      }
      return received();
    },
    reset: () => void socket.resetAndDestroy(),
    destroy: () => void socket.destroy(),
  };
}

/** Whether `haystack` holds `needle` as a contiguous run. */
export function includesBytes(haystack: Uint8Array, needle: ArrayLike<number>): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** How to run test/transport/peer.ts under Deno or Bun, from the devDependencies' binaries. */
export function peerCommand(runtime: "deno" | "bun", args: string[]): { command: string; args: string[] } {
  const peer = join(ROOT, "test/transport/peer.ts");
  if (runtime === "deno") {
    const config = join(ROOT, "packages/deno-transport/deno.json");
    return { command: join(ROOT, "node_modules/.bin/deno"), args: ["run", "--quiet", "--config", config, "--allow-net=127.0.0.1", peer, ...args] };
  }
  return { command: join(ROOT, "node_modules/.bin/bun"), args: [peer, ...args] };
}

/** A child process running the peer script: its stdout lines, its exit. */
export interface Peer {
  /** The next line of its stdout (at most `ms` to wait). */
  line(ms?: number): Promise<string>;
  /** Its exit code, once it exits (at most `ms` to wait). */
  exited(ms?: number): Promise<number | null>;
  /** What it wrote to stderr. */
  stderr(): string;
  /** Close its stdin (it exits then) and make sure it is gone. */
  stop(): Promise<void>;
}

export function spawnPeer(runtime: "deno" | "bun", args: string[]): Peer {
  const { command, args: argv } = peerCommand(runtime, args);
  // DENO_NO_PACKAGE_JSON: Deno reads deno.json's import map only, never the npm workspace.
  const env = { ...process.env, DENO_NO_PACKAGE_JSON: "1" };
  const child = spawn(command, argv, { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  let wake: (() => void) | null = null;
  child.stdout!.on("data", (b: Uint8Array) => {
    out += new TextDecoder().decode(b);
    wake?.();
  });
  child.stderr!.on("data", (b: Uint8Array) => (err += new TextDecoder().decode(b)));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => (resolve(code), wake?.())));
  let exitCode: number | null | undefined;
  void exit.then((code) => (exitCode = code));
  const describe = () => `${runtime} peer ${args.join(" ")}; stderr: ${err.slice(-2000)}`;
  return {
    async line(ms = 15_000) {
      const end = Date.now() + ms;
      for (;;) {
        const nl = out.indexOf("\n");
        if (nl !== -1) {
          const line = out.slice(0, nl);
          out = out.slice(nl + 1);
          return line;
        }
        if (exitCode !== undefined) throw new Error(`exited (${exitCode}) without a line: ${describe()}`);
        if (Date.now() > end) throw new Error(`no line in ${ms} ms: ${describe()}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
    },
    exited: (ms = 15_000) => within(exit, ms, describe()),
    stderr: () => err,
    async stop() {
      child.stdin!.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
}
