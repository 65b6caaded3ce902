import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { requireProgram, run } from "./processes.js";

// Where .ci/install-peers.sh unpacks the servers whose packages cannot simply be installed.
const PEERS = fileURLToPath(new URL("../../../.ci/peers/", import.meta.url));
const INSTALL = "run: bash .ci/install-peers.sh";

/** GNU inetutils telnetd: $TELNETKIT_TELNETD, the unpacked one, or an installed one. */
export function inetutilsTelnetd(): string {
  const candidates = [process.env.TELNETKIT_TELNETD, join(PEERS, "inetutils-telnetd/usr/sbin/telnetd"), "/usr/sbin/telnetd"];
  for (const c of candidates) {
    if (!c || !existsSync(c)) continue;
    const v = spawnSync(c, ["--version"], { encoding: "utf8", timeout: 5000 });
    if (/inetutils/i.test(`${v.stdout}${v.stderr}`)) return c;
  }
  throw new Error(`inetutils telnetd not found; ${INSTALL}`);
}

/** A busybox that has the telnetd applet (Debian's busybox-static, unpacked). */
export function busyboxWithTelnetd(): string {
  for (const c of [process.env.TELNETKIT_BUSYBOX_TELNETD, join(PEERS, "busybox-static/bin/busybox"), "busybox"]) {
    if (!c) continue;
    const list = spawnSync(c, ["--list"], { encoding: "utf8", timeout: 5000 });
    if (list.status === 0 && list.stdout.split("\n").includes("telnetd")) return c;
  }
  throw new Error(`no busybox with telnetd found; ${INSTALL}`);
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/**
 * The harmless program the servers run instead of login: says what terminal it got,
 * echoes lines, tells the window size at `size`, and ends at `quit`. (The size at start
 * may not be set yet: both servers start the program before the client's NAWS arrives.)
 * `report`: more shell lines, run at start and again at `report` (e.g. `echo "USER=$USER"`).
 */
export function loginProgram(report: readonly string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), "telnetkit-login-"));
  const file = join(dir, "login.sh");
  writeFileSync(
    file,
    [
      "#!/bin/sh",
      'echo "login-app ready"',
      'echo "TERM=$TERM"',
      'echo "size=$(stty size 2>/dev/null)"',
      "report() {",
      "  :",
      ...report.map((line) => `  ${line}`),
      "}",
      "report",
      "while IFS= read -r line; do",
      '  case "$line" in',
      '    quit) echo "bye"; exit 0 ;;',
      '    size) echo "size=$(stty size 2>/dev/null)" ;;',
      "    report) report ;;",
      '    *) echo "echo: $line" ;;',
      "  esac",
      "done",
      "",
    ].join("\n"),
  );
  chmodSync(file, 0o755);
  chmodSync(dir, 0o755);
  return file;
}

async function waitListening(port: number, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: "127.0.0.1", port });
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * inetutils telnetd behind socat (as inetd would run it), on loopback. `args`: more
 * telnetd options (without spaces: socat splits the command at them); `report`: see `loginProgram`.
 */
export async function startInetutilsTelnetd({ args = [], report = [] }: { args?: readonly string[]; report?: readonly string[] } = {}) {
  const telnetd = inetutilsTelnetd();
  const socat = requireProgram("socat", "apt-get install socat");
  const login = loginProgram(report);
  const port = await freePort();
  const command = [telnetd, ...args, "-E", login].join(" ");
  const p = run(socat, [`TCP4-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork,backlog=64`, `EXEC:${command},nofork`]);
  await waitListening(port);
  return { ...p, port };
}

/** busybox telnetd in the foreground (-F), on loopback. */
export async function startBusyboxTelnetd() {
  const busybox = busyboxWithTelnetd();
  const login = loginProgram();
  const port = await freePort();
  const p = run(busybox, ["telnetd", "-F", "-b", "127.0.0.1", "-p", String(port), "-l", login]);
  await waitListening(port);
  return { ...p, port };
}

/** The netkit in.telnetd (Debian's telnetd-ssl, unpacked) and the certificate it will not start without. */
export function netkitTelnetd(): { telnetd: string; certificate: string } {
  const dir = process.env.TELNETKIT_NETKIT_TELNETD_DIR ?? join(PEERS, "telnetd-ssl");
  const telnetd = join(dir, "usr/sbin/in.telnetd");
  const certificate = join(dir, "telnetd.pem");
  if (!existsSync(telnetd) || !existsSync(certificate)) throw new Error(`netkit telnetd (telnetd-ssl) or its certificate not found in ${dir}; ${INSTALL}`);
  return { telnetd, certificate };
}

/**
 * netkit in.telnetd behind socat (as inetd would run it), on loopback. `-L` runs the login
 * program instead of /usr/lib/telnetlogin (with `-h HOST -p [USER]`, which it ignores).
 */
export async function startNetkitTelnetd({ report = [] }: { report?: readonly string[] } = {}) {
  const { telnetd, certificate } = netkitTelnetd();
  const socat = requireProgram("socat", "apt-get install socat");
  const login = loginProgram(report);
  const port = await freePort();
  const command = [telnetd, "-z", `cert=${certificate}`, "-L", login].join(" ");
  const p = run(socat, [`TCP4-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork,backlog=64`, `EXEC:${command},nofork`]);
  await waitListening(port);
  return { ...p, port };
}
