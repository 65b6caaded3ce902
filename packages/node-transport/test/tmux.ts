import { execFileSync } from "node:child_process";
import { shellQuote } from "../src/pty-shell.js";
import { requireProgram } from "./processes.js";

let count = 0;

/**
 * An interactive program on a real terminal: a private tmux server (its own socket, so
 * nothing else is touched), one window of `cols` x `rows`. After the program exits the
 * window shows `[exit CODE]` and stays, so its last screen can still be read.
 */
export function tmuxTerminal(argv: readonly string[], { cols = 80, rows = 24, env = {} as Record<string, string> } = {}) {
  requireProgram("tmux", "apt-get install tmux");
  const socket = `telnetkit-test-${process.pid}-${++count}`;
  const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8", timeout: 10_000 });
  const vars = Object.entries({ TERM: "xterm", ...env }).map(([k, v]) => `${k}=${shellQuote(v)}`);
  const command = `env ${vars.join(" ")} ${argv.map(shellQuote).join(" ")}; echo "[exit $?]"; sleep 60`;
  tmux("-f", "/dev/null", "new-session", "-d", "-x", String(cols), "-y", String(rows), command);
  const screen = () => tmux("capture-pane", "-p", "-J").replace(/\s+$/, "");
  return {
    screen,
    /** Type text (keys as tmux names them: "Enter", "C-]"). */
    keys: (...keys: string[]) => void tmux("send-keys", ...keys),
    /** Send raw bytes (e.g. 0x1d for ^]). */
    bytes: (...bytes: number[]) => void tmux("send-keys", "-H", ...bytes.map((b) => b.toString(16).padStart(2, "0"))),
    /** Type literal text. */
    type: (text: string) => void tmux("send-keys", "-l", text),
    resize: (c: number, r: number) => void tmux("resize-window", "-x", String(c), "-y", String(r)),
    /** Resolves with the screen once it matches; throws with the screen after `ms`. */
    async waitFor(pattern: RegExp | string, ms = 10_000): Promise<string> {
      const end = Date.now() + ms;
      for (;;) {
        const s = screen();
        if (typeof pattern === "string" ? s.includes(pattern) : pattern.test(s)) return s;
        if (Date.now() > end) throw new Error(`terminal never showed ${pattern}; screen:\n${s}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => {
      try {
        tmux("kill-server");
      } catch {
        // already gone
      }
    },
  };
}
