import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** A self-signed certificate for 127.0.0.1 and localhost, made now with openssl. */
export function makeCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "telnetkit-cert-"));
  try {
    execFileSync(
      "openssl",
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
      ],
      { stdio: "pipe", timeout: 20_000 },
    );
    return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A raw TCP client, to play a peer byte by byte. */
export async function rawClient(port: number): Promise<{
  socket: net.Socket;
  received: () => Buffer;
  waitFor: (pred: (all: Buffer) => boolean, ms?: number) => Promise<Buffer>;
  closed: Promise<void>;
}> {
  const socket = net.connect({ host: "127.0.0.1", port });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.on("error", () => {});
  const chunks: Buffer[] = [];
  let notify: (() => void) | null = null;
  socket.on("data", (b) => {
    chunks.push(b);
    notify?.();
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const received = () => Buffer.concat(chunks);
  const waitFor = async (pred: (all: Buffer) => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (!pred(received())) {
      if (Date.now() > end) throw new Error(`timed out; received ${JSON.stringify(received().toString("latin1"))}`);
      await new Promise<void>((resolve) => {
        notify = resolve;
        setTimeout(resolve, 20);
      });
    }
    return received();
  };
  return { socket, received, waitFor, closed };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Bounded polling: resolves when `pred` holds, throws after `ms`. */
export async function until(pred: () => boolean, ms = 5000, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A full garbage collection, to measure live memory (V8's gc, exposed at run time). */
export function collector(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}
