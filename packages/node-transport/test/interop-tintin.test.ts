/**
 * Our server, configured as a MUD would be, with TinTin++ (Debian's tintin++), a real MUD
 * client, on a real terminal (tmux, fixed size), on loopback. The server offers EOR, GMCP,
 * MSDP and MSSP (and MCCP2, MCCP3 in the compressed cases) and asks for TTYPE (the MTTS
 * cycle), NAWS, NEW-ENVIRON (the MNES variables, by name: TinTin++ answers no bare SEND)
 * and CHARSET UTF-8. What TinTin++ answers is
 * checked on our side (events, connection state, the bytes on the wire) and on its own
 * screen (text, prompts, and what its telnet debug mode and its event hooks report).
 * Each test prints what was negotiated. A missing peer fails the test
 * (.ci/install-peers.sh installs it).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { inflateSync } from "node:zlib";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  MNES_VARIABLES,
  MTTS_BITS,
  gmcpHello,
  gmcpIsSupported,
  msdpReported,
  mttsFlags,
  type MttsFlags,
  type WarningEvent,
} from "@telnetkit/core";
import { createServer, type ServerOptions, type TelnetConnection } from "../src/index.js";
import { traceDecoder } from "../src/cli/trace.js";
import { until } from "./helpers.js";
import { requireProgram, stopAll } from "./processes.js";
import { tmuxTerminal } from "./tmux.js";

const TINTIN = "/usr/games/tt++";
const INSTALL = "apt-get install tintin++";

const cleanups: (() => void | Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await stopAll();
});

/** Both directions as decoded lines (`S>C IAC WILL EOR`, `C>S IAC SB TTYPE {...} IAC SE`, `C>S data (6 bytes)`). */
function wireLog() {
  const lines: string[] = [];
  const fromClient = traceDecoder("C>S", (l) => lines.push(l));
  const fromServer = traceDecoder("S>C", (l) => lines.push(l));
  return { lines, tap: (direction: "in" | "out", bytes: Uint8Array) => (direction === "in" ? fromClient : fromServer)(bytes) };
}

const NEGOTIATION = /^(\S+) IAC (WILL|WONT|DO|DONT) (\S+)$/;

/** WILL / DO requests of `from` the other end never answered (RFC 1143: a request made first gets one reply). */
function unanswered(lines: readonly string[], from: string, to: string): string[] {
  const sent = lines.map((l) => NEGOTIATION.exec(l)).filter((m) => m !== null);
  const requests = sent.filter((m) => m![1] === from && (m![2] === "WILL" || m![2] === "DO"));
  return requests
    .filter((r) => {
      const answers = r![2] === "WILL" ? ["DO", "DONT"] : ["WILL", "WONT"];
      return !sent.some((m) => m![1] === to && m![3] === r![3] && answers.includes(m![2]));
    })
    .map((r) => `${r![2]} ${r![3]}`);
}

/** `promise`, or an error after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What a connection reports, seen from before its first byte. */
function watch(conn: TelnetConnection) {
  const warnings: WarningEvent[] = [];
  const gmcp: string[] = [];
  const msdp: unknown[] = [];
  conn.on("warning", (w) => warnings.push(w));
  conn.on("gmcp", (e) => gmcp.push(e.message));
  conn.on("msdp", (e) => msdp.push(e));
  return { warnings, gmcp, msdp };
}

type Seen = ReturnType<typeof watch>;

/** A server with these options, its wire log, and the first connection with what it reported. */
async function mudServer(options: ServerOptions, shell: (conn: TelnetConnection) => Promise<void>) {
  const log = wireLog();
  let resolve!: (v: { conn: TelnetConnection; seen: Seen }) => void;
  const accepted = new Promise<{ conn: TelnetConnection; seen: Seen }>((r) => (resolve = r));
  const server = createServer(
    {
      ...options,
      tap: (direction, bytes) => log.tap(direction, bytes),
      onConnection: (conn) => resolve({ conn, seen: watch(conn) }),
    },
    shell,
  );
  await server.listen(0, "127.0.0.1");
  cleanups.push(() => server.close({ timeout: 1000 }));
  return { port: server.address()!.port, accepted, log };
}

/**
 * TinTin++ in a private tmux of `cols` x `rows`, with `TERM`, running `commands` (TinTin++
 * script, e.g. `#event ...`) in its startup session and then connecting: sessions made
 * later start with the startup session's settings.
 */
function tintin(port: number, { cols = 100, rows = 30, term = "xterm-256color", commands = [] as string[] } = {}) {
  const tt = requireProgram(TINTIN, INSTALL);
  const script = [...commands, `#session peer 127.0.0.1 ${port}`].join(";");
  const t = tmuxTerminal([tt, "-G", "-e", script], { cols, rows, env: { TERM: term, LANG: "C.UTF-8" } });
  cleanups.push(() => t.close());
  return {
    ...t,
    /** A line typed and sent (TinTin++ runs lines starting with `#` itself). */
    line(text: string) {
      t.type(text);
      t.keys("Enter");
    },
    /** `#end`: TinTin++ closes its sessions and exits. */
    async end() {
      t.type("#end");
      t.keys("Enter");
      return t.waitFor("[exit ", 5000);
    },
  };
}

/** The text of a prompt, sent with its end marked (IAC EOR, IAC GA, or nothing, as agreed). */
async function prompt(conn: TelnetConnection, text: string): Promise<void> {
  await conn.write(text);
  await conn.send({ type: "prompt" });
}

/** A MUD's main loop: a greeting, then a prompt after each line; `quit` ends it. */
async function mudShell(conn: TelnetConnection, settledAtStart: (v: boolean) => void): Promise<void> {
  settledAtStart(conn.isSettled());
  await conn.write(`Welcome, ${conn.environment.CLIENT_NAME ?? "stranger"}. Café ✓ — ünïcödé.\n`);
  await prompt(conn, "HP 10/10> ");
  for await (const line of conn) {
    if (line === "quit") break;
    await conn.write(`You say: ${line}\n`);
    await prompt(conn, "HP 10/10> ");
  }
  await conn.write("Bye.\n");
}

/** A MUD's options: what it offers and asks for. */
const MUD: ServerOptions = {
  options: {
    ttype: "request",
    naws: "request",
    new_environ: "request",
    charset: "request",
    eor: "offer",
    gmcp: "offer",
    msdp: "offer",
  },
  // mud-mnes.md: the MNES variables by name, and the user variables.
  environRequest: [...MNES_VARIABLES.map((name) => ({ kind: "var" as const, name })), { kind: "uservar" as const }],
  charsets: ["UTF-8"],
  mssp: { NAME: "telnetkit test MUD", PLAYERS: 1, CODEBASE: "telnetkit", PORT: [4000, 23] },
};

function flagNames(flags: MttsFlags | undefined): string {
  if (!flags) return "none";
  return Object.keys(MTTS_BITS)
    .filter((k) => flags[k as keyof typeof MTTS_BITS])
    .join(" ");
}

describe("our server as a MUD with TinTin++", () => {
  it("TTYPE cycle to MTTS, NAWS, MNES over NEW-ENVIRON, CHARSET UTF-8, EOR prompts, UTF-8 text both ways, no warning", async () => {
    let settledAtStart!: (v: boolean) => void;
    const settled = new Promise<boolean>((r) => (settledAtStart = r));
    // TinTin++ never answers WILL MSSP (see below), which the connection does not wait for:
    // the shell starts once everything else is answered.
    const { port, accepted, log } = await mudServer({ ...MUD, maxWait: 6000 }, (conn) => mudShell(conn, settledAtStart));
    const term = "xterm-256color";
    const t = tintin(port, {
      cols: 100,
      rows: 30,
      term,
      // TinTin++'s own count of the prompts it was told about.
      commands: ["#variable eor 0", "#event {IAC EOR} {#math eor {$eor + 1}}"],
    });
    const { conn, seen } = await within(accepted, 8000, "TinTin++ to connect");
    const why = () => `\nwarnings: ${JSON.stringify(seen.warnings)}\n${log.lines.join("\n")}\nscreen:\n${t.screen()}`;

    // The greeting, in UTF-8 (agreed through CHARSET), as TinTin++ shows it.
    await t.waitFor("Welcome, TinTin++. Café ✓ — ünïcödé.", 8000);
    await t.waitFor(/^HP 10\/10>$/m, 5000);
    expect(await within(settled, 8000, "the shell to start"), why()).toBe(true);

    // TTYPE (RFC 1091, mud-mtts.md): the client's name, the terminal, then MTTS, repeated to end the list.
    const names = conn.terminalTypes;
    expect(names.slice(0, 2), why()).toEqual(["TINTIN++", term]);
    expect(names[2]).toMatch(/^MTTS \d+$/);
    expect(names).toHaveLength(3);
    const bits = Number(names[2].slice(5));
    expect(conn.info().mtts).toEqual(mttsFlags(bits));
    // TinTin++ runs in UTF-8 with colours on this terminal.
    expect(conn.info().mtts).toMatchObject({ ansi: true, utf8: true });

    // NAWS (RFC 1073): the size of the terminal TinTin++ runs on, and again when it changes.
    expect(conn.windowSize).toEqual({ width: 100, height: 30 });
    t.resize(120, 40);
    await until(() => conn.windowSize?.width === 120, 5000, "NAWS after the resize");
    expect(conn.windowSize).toEqual({ width: 120, height: 40 });

    // NEW-ENVIRON (RFC 1572) with the MNES variables: each requested one TinTin++ knows comes back.
    const env = conn.environment;
    expect(env.CLIENT_NAME).toBe("TinTin++");
    // TinTin++ sends its version with a trailing space; kept as sent.
    expect(env.CLIENT_VERSION).toMatch(/^\d+\.\d+\.\d+ ?$/);
    expect(env.CHARSET).toBe("UTF-8");
    expect(env.TERMINAL_TYPE).toBe(term);
    // MNES's MTTS is the TTYPE answer plus the MNES bit (TinTin++ leaves that bit out of TTYPE).
    expect(mttsFlags(Number(env.MTTS))).toEqual(mttsFlags(bits | MTTS_BITS.mnes));
    // No IPADDRESS (TinTin++ is no proxy) and no user variables.
    expect(env.IPADDRESS).toBeUndefined();
    expect(Object.keys(env).sort()).toEqual(["CHARSET", "CLIENT_NAME", "CLIENT_VERSION", "MTTS", "TERMINAL_TYPE"]);

    // CHARSET (RFC 2066): our REQUEST for UTF-8 accepted; text is UTF-8 both ways without BINARY.
    expect(log.lines).toContain('C>S IAC SB CHARSET {"message":{"kind":"accepted","charset":"UTF-8"},"problems":[]} IAC SE');
    expect(conn.encoding).toEqual({ input: "UTF-8", output: "UTF-8" });
    expect(conn.isEnabled("binary", "local")).toBe(false);

    // Typed on TinTin++'s keyboard, decoded on our side.
    t.line("hello café ✓ ünïcödé");
    await t.waitFor("You say: hello café ✓ ünïcödé", 5000);

    // What each side agreed: TinTin++ takes EOR, refuses GMCP and MSDP (it asks for them only
    // from a script, see below), and says nothing at all to WILL MSSP (only in its telnet
    // debug mode): our one request left unanswered, which is why negotiation never settled.
    const on = conn.enabledOptions();
    expect(on.local).toEqual(["EOR"]);
    expect(on.remote).toEqual(expect.arrayContaining(["TTYPE", "NAWS", "NEW_ENVIRON", "CHARSET"]));
    expect(log.lines).toEqual(expect.arrayContaining(["C>S IAC DO EOR", "C>S IAC DONT GMCP", "C>S IAC DONT MSDP"]));
    expect(unanswered(log.lines, "S>C", "C>S"), why()).toEqual(["WILL MSSP"]);
    expect(unanswered(log.lines, "C>S", "S>C"), why()).toEqual([]);
    expect(conn.isSettled(), why()).toBe(true); // our WILL MSSP, unanswered, is not waited for

    // Prompts: each marked with IAC EOR (RFC 885), and TinTin++ saw each one.
    const eors = log.lines.filter((l) => l === "S>C IAC EOR").length;
    expect(eors).toBe(2);
    expect(log.lines).not.toContain("S>C IAC GA");
    t.line("#showme {EOR count: $eor}");
    await t.waitFor(`EOR count: ${eors}`, 5000);

    t.line("quit");
    await t.waitFor("#SESSION 'peer' DIED.", 5000);
    expect(await t.end()).toContain("Bye.");
    expect((await within(conn.closed, 5000, "the connection to close")).reason).toBe("local");
    console.log(
      [
        "TinTin++ -> our MUD server",
        `  terminal types: ${names.join(", ")} (MTTS ${bits}: ${flagNames(conn.info().mtts)})`,
        `  window: ${conn.windowSize?.width}x${conn.windowSize?.height}; environment: ${JSON.stringify(env)}`,
        `  on, our side: ${on.local.join(" ")}; on, TinTin++'s side: ${on.remote.join(" ")}; charset ${conn.charset}`,
        `  left unanswered by TinTin++: ${unanswered(log.lines, "S>C", "C>S").join(", ")}`,
      ].join("\n"),
    );
    expect(seen.warnings, why()).toEqual([]);
  }, 20_000);

  // RFC 885 / RFC 858: IAC EOR once EOR is agreed, IAC GA otherwise, nothing once SGA is on
  // for our side. TinTin++ treats EOR and GA alike: the prompt line ends there, so text that
  // follows starts a new line; with no marker the text runs on after the prompt.
  it.each<{ label: string; options: ServerOptions["options"]; marker: "EOR" | "GA" | "none" }>([
    { label: "EOR agreed: IAC EOR", options: { eor: "offer" }, marker: "EOR" },
    { label: "EOR not offered: IAC GA", options: {}, marker: "GA" },
    { label: "SGA on (no GA, RFC 858), EOR not offered: no marker", options: { sga: "offer" }, marker: "none" },
  ])("prompts: $label; how TinTin++ shows them", async ({ options, marker }) => {
    const { port, accepted, log } = await mudServer({ options }, async (conn) => {
      await conn.write("The room is quiet.\n");
      await prompt(conn, "HP 9/10>");
      await conn.write("A rat arrives.\n");
      await prompt(conn, "HP 8/10>");
      for await (const line of conn) if (line === "quit") break;
    });
    const t = tintin(port, {
      commands: ["#variable eor 0", "#variable ga 0", "#event {IAC EOR} {#math eor {$eor + 1}}", "#event {IAC GA} {#math ga {$ga + 1}}"],
    });
    const { conn, seen } = await within(accepted, 8000, "TinTin++ to connect");
    const why = () => `\nwarnings: ${JSON.stringify(seen.warnings)}\n${log.lines.join("\n")}\nscreen:\n${t.screen()}`;
    await t.waitFor("A rat arrives.", 8000);
    await t.waitFor(/HP 8\/10>$/, 5000);

    const markers = log.lines.filter((l) => l === "S>C IAC EOR" || l === "S>C IAC GA");
    expect(markers, why()).toEqual(marker === "none" ? [] : [`S>C IAC ${marker}`, `S>C IAC ${marker}`]);
    expect(conn.isEnabled("eor", "local")).toBe(marker === "EOR");
    expect(conn.isEnabled("sga", "local")).toBe(marker === "none");
    t.line("#showme {markers: eor=$eor ga=$ga}");
    await t.waitFor(`markers: eor=${marker === "EOR" ? 2 : 0} ga=${marker === "GA" ? 2 : 0}`, 5000);
    const screen = t.screen();
    if (marker === "none") expect(screen, why()).toMatch(/^HP 9\/10>A rat arrives\.$/m);
    else expect(screen, why()).toMatch(/^HP 9\/10>\nA rat arrives\.$/m);

    t.line("quit");
    await t.waitFor("#SESSION 'peer' DIED.", 5000);
    await t.end();
    expect(seen.warnings, why()).toEqual([]);
  }, 15_000);

  // The default request, SEND VAR USERVAR (ENVIRON_ALL): TinTin++ answers all its MNES
  // variables in one IS, repeating the IS byte before each (read as a VAR with no name).
  it("NEW-ENVIRON with the default request (SEND VAR USERVAR): the same variables from TinTin++'s one IS, no warning", async () => {
    const { mssp: _, environRequest: __, ...mud } = MUD;
    let settledAtStart!: (v: boolean) => void;
    const settled = new Promise<boolean>((r) => (settledAtStart = r));
    const { port, accepted, log } = await mudServer(mud, (conn) => mudShell(conn, settledAtStart));
    const t = tintin(port, { term: "xterm" });
    const { conn, seen } = await within(accepted, 8000, "TinTin++ to connect");
    const why = () => `\nwarnings: ${JSON.stringify(seen.warnings)}\n${log.lines.join("\n")}\nscreen:\n${t.screen()}`;
    await t.waitFor(/^HP 10\/10>/m, 8000);
    expect(await within(settled, 8000, "the shell to start"), why()).toBe(true);
    expect(log.lines).toContain('S>C IAC SB NEW_ENVIRON {"message":{"command":"send","requests":[{"kind":"var"},{"kind":"uservar"}]},"problems":[]} IAC SE');
    const answers = log.lines.filter((l) => l.startsWith("C>S IAC SB NEW_ENVIRON "));
    expect(answers, why()).toHaveLength(1);
    expect(conn.environment).toEqual({
      CHARSET: "UTF-8",
      CLIENT_NAME: "TinTin++",
      CLIENT_VERSION: expect.stringMatching(/^\d+\.\d+\.\d+ ?$/),
      MTTS: expect.stringMatching(/^\d+$/),
      TERMINAL_TYPE: "xterm",
    });
    t.line("quit");
    await t.waitFor("#SESSION 'peer' DIED.", 5000);
    await t.end();
    expect(seen.warnings, why()).toEqual([]);
  }, 15_000);

  // In its telnet debug mode TinTin++ says DO MSSP, and prints each negotiation and each
  // MSSP variable as it decoded them: an independent reading of what our server sends.
  it("TinTin++ in telnet debug mode: MSSP agreed and decoded by TinTin++, negotiation settles", async () => {
    let settledAtStart!: (v: boolean) => void;
    const settled = new Promise<boolean>((r) => (settledAtStart = r));
    let players = 0;
    const { port, accepted, log } = await mudServer(
      { ...MUD, mssp: { NAME: "telnetkit test MUD", PLAYERS: () => ++players, CODEBASE: "telnetkit", PORT: [4000, 23] } },
      (conn) => mudShell(conn, settledAtStart),
    );
    // Tall enough that the debug lines stay on the screen.
    const t = tintin(port, { rows: 80, commands: ["#config {debug telnet} on"] });
    const { conn, seen } = await within(accepted, 8000, "TinTin++ to connect");
    const why = () => `\nwarnings: ${JSON.stringify(seen.warnings)}\n${log.lines.join("\n")}\nscreen:\n${t.screen()}`;
    await t.waitFor(/^HP 10\/10>/m, 8000);
    expect(await within(settled, 8000, "the shell to start"), why()).toBe(true);
    expect(log.lines).toContain("C>S IAC DO MSSP");
    expect(unanswered(log.lines, "S>C", "C>S"), why()).toEqual([]);
    expect(conn.isEnabled("mssp", "local")).toBe(true);

    const screen = t.screen();
    // Each variable, and each of a variable's values, as TinTin++ read them (the function value was called once).
    for (const [name, value] of [["NAME", "telnetkit test MUD"], ["PLAYERS", "1"], ["CODEBASE", "telnetkit"], ["PORT", "4000"], ["PORT", "23"]]) {
      expect(screen, why()).toMatch(new RegExp(`^RCVD IAC SB MSSP VAR ${name} +VAL ${value}$`, "m"));
    }
    expect(players).toBe(1);
    // Its side of the other negotiations, and our subnegotiations as it read them.
    const debug = screen.split("\n");
    for (const line of [
      "RCVD IAC DO TERMINAL TYPE",
      "RCVD IAC WILL EOR",
      "SENT IAC DO EOR",
      "SENT IAC SB NAWS 0 100 0 80",
      "RCVD IAC SB NEW-ENVIRON SEND VAR CLIENT_NAME",
      "SENT IAC SB NEW-ENVIRON IS VAR CLIENT_NAME VAL TinTin++",
      "RCVD IAC SB CHARSET REQUEST UTF-8",
      "SENT IAC SB CHARSET ACCEPTED UTF-8",
      "RCVD IAC EOR",
    ]) {
      expect(debug, why()).toContain(line);
    }
    // Asked for a variable it does not know, or for the user variables, it sends nothing.
    const ip = debug.indexOf("RCVD IAC SB NEW-ENVIRON SEND VAR IPADDRESS");
    expect(ip, why()).toBeGreaterThan(0);
    expect(debug[ip + 1]).toMatch(/^RCVD /);

    t.line("quit");
    await t.waitFor("#SESSION 'peer' DIED.", 5000);
    expect(await t.end()).toContain("Bye.");
    expect(seen.warnings, why()).toEqual([]);
  }, 15_000);

  // TinTin++ takes GMCP and MSDP only from a script: its events answer WILL with DO and send
  // what a MUD client sends (Core.Hello, Core.Supports.Set, MSDP REPORT), and show what comes back.
  it("GMCP and MSDP with a TinTin++ script: hello, supports, report, and our messages decoded by TinTin++", async () => {
    const { mssp: _, ...mud } = MUD;
    let settledAtStart!: (v: boolean) => void;
    const settled = new Promise<boolean>((r) => (settledAtStart = r));
    const { port, accepted, log } = await mudServer(mud, (conn) => mudShell(conn, settledAtStart));
    const IAC_SB_GMCP = "\\xFF\\xFA\\xC9";
    const IAC_SE = "\\xFF\\xF0";
    const t = tintin(port, {
      commands: [
        // A trailing backslash: #send without a line end.
        `#event {IAC WILL GMCP} {#send {\\xFF\\xFD\\xC9\\}; #send {${IAC_SB_GMCP}Core.Hello {"client":"TinTin++","version":"2.02.20"}${IAC_SE}\\}; #send {${IAC_SB_GMCP}Core.Supports.Set ["Char 1", "Room 1"]${IAC_SE}\\}}`,
        // MSDP_VAR is 1, MSDP_VAL is 2.
        `#event {IAC WILL MSDP} {#send {\\xFF\\xFD\\x45\\}; #send {\\xFF\\xFA\\x45\\x01REPORT\\x02HEALTH\\x02ROOM_NAME\\xFF\\xF0\\}}`,
        "#event {IAC SB GMCP Char.Vitals IAC SE} {#variable vitals {%0}; #showme {GMCP vitals: hp $vitals[hp]/$vitals[maxhp], $vitals[name]}}",
        "#event {IAC SB MSDP} {#showme {MSDP %0 = %1}}",
      ],
    });
    const { conn, seen } = await within(accepted, 8000, "TinTin++ to connect");
    const why = () => `\nwarnings: ${JSON.stringify(seen.warnings)}\n${log.lines.join("\n")}\nscreen:\n${t.screen()}`;
    await t.waitFor(/^HP 10\/10>/m, 8000);
    // Every request answered: GMCP and MSDP agreed.
    expect(await within(settled, 8000, "the shell to start"), why()).toBe(true);
    expect(unanswered(log.lines, "S>C", "C>S"), why()).toEqual([]);
    expect(conn.enabledOptions().local).toEqual(expect.arrayContaining(["EOR", "MSDP", "GMCP"]));

    // What the script sent, as the server keeps it.
    expect(seen.gmcp, why()).toEqual(["Core.Hello", "Core.Supports.Set"]);
    expect(gmcpHello(conn.session)).toEqual({ client: "TinTin++", version: "2.02.20" });
    expect(gmcpIsSupported(conn.session, "Char.Vitals")).toBe(true);
    expect(gmcpIsSupported(conn.session, "Comm.Channel")).toBe(false);
    expect(seen.msdp, why()).toEqual([{ type: "msdp", kind: "command", command: "REPORT", args: ["HEALTH", "ROOM_NAME"] }]);
    expect(msdpReported(conn.session).sort()).toEqual(["HEALTH", "ROOM_NAME"]);

    // Ours, as TinTin++ decodes them: a GMCP message with UTF-8 in its JSON, and an MSDP
    // report of only the variables it asked for.
    await conn.send({ type: "gmcp", message: "Char.Vitals", data: { hp: 7, maxhp: 10, name: "Zoë" } });
    await t.waitFor("GMCP vitals: hp 7/10, Zoë", 5000);
    await conn.send({ type: "msdp", kind: "report", variables: { HEALTH: 7, MANA: 3, ROOM_NAME: "Café" } });
    await t.waitFor("MSDP ROOM_NAME = Café", 5000);
    const screen = t.screen();
    expect(screen).toMatch(/^MSDP HEALTH = 7$/m);
    expect(screen).not.toContain("MANA");

    t.line("quit");
    await t.waitFor("#SESSION 'peer' DIED.", 5000);
    expect(await t.end()).toContain("Bye.");
    expect(seen.warnings, why()).toEqual([]);
  }, 15_000);

});

// ------------------------------------------------------------------ MCCP

/** Where `IAC SB <option> IAC SE` starts in `bytes`, or -1. */
function indexOfStart(bytes: Uint8Array, option: number): number {
  for (let i = 0; i + 4 < bytes.length; i++) {
    if (bytes[i] === 255 && bytes[i + 1] === 250 && bytes[i + 2] === option && bytes[i + 3] === 255 && bytes[i + 4] === 240) return i;
  }
  return -1;
}

/** `count` lines of a MUD's output, each different, with UTF-8 in them. */
function bigText(count: number): string[] {
  const words = ["orc", "troll", "café", "sword ✓", "Zoë", "dragon", "ünïcödé", "torch", "gold", "potion"];
  const lines: string[] = [];
  let x = 7;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    lines.push(`Line ${i}: the ${words[x % 10]} hits the ${words[(x >> 8) % 10]} for ${x % 1000} damage.`);
  }
  return lines;
}

describe("our server as a MUD with TinTin++, compressed", () => {
  // mud-mccp.md: MCCP2 compresses what the server sends, MCCP3 what the client sends; TinTin++
  // takes both. TinTin++ logs what it shows to a file: every line must be there, in order.
  it.each<{ label: string; options: ServerOptions["options"]; mccp3: boolean }>([
    { label: "MCCP2", options: { mccp2: "offer" }, mccp3: false },
    { label: "MCCP2 and MCCP3", options: { mccp2: "offer", mccp3: "offer" }, mccp3: true },
  ])("$label: large text through the compressed link arrives intact on TinTin++'s screen and in its log", async ({ label, options, mccp3 }) => {
    const lines = bigText(3000);
    const wire = { in: [] as Uint8Array[], out: [] as Uint8Array[] };
    let resolve!: (v: { conn: TelnetConnection; seen: Seen }) => void;
    const accepted = new Promise<{ conn: TelnetConnection; seen: Seen }>((r) => (resolve = r));
    const compression: string[] = [];
    const { mssp: _, ...mud } = MUD;
    const server = createServer(
      {
        ...mud,
        options: { ...mud.options, ...options },
        tap: (direction, bytes) => wire[direction].push(Uint8Array.from(bytes)),
        onConnection: (conn) => {
          conn.on("compression", (e) => compression.push(`${e.direction} ${e.active ? "on" : "off"}`));
          resolve({ conn, seen: watch(conn) });
        },
      },
      async (conn) => {
        await conn.write("Welcome.\n");
        for await (const line of conn) {
          if (line === "quit") break;
          if (line === "look") {
            // As a MUD writes: many small writes, then a large one.
            for (const l of lines.slice(0, 1000)) await conn.write(`${l}\n`);
            await conn.write(`${lines.slice(1000).join("\n")}\n`);
            await conn.write("End of the room.\n");
          } else await conn.write(`You say: ${line}\n`);
        }
        await conn.write("Bye.\n");
      },
    );
    await server.listen(0, "127.0.0.1");
    cleanups.push(() => server.close({ timeout: 1000 }));
    const dir = mkdtempSync(join(tmpdir(), "telnetkit-tintin-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const logFile = join(dir, "session.log");
    // In telnet debug mode TinTin++ also reports the end of our compressed stream.
    const t = tintin(server.address()!.port, { commands: ["#config {debug telnet} on"] });
    const { conn, seen } = await within(accepted, 8000, "TinTin++ to connect");
    const bytes = (direction: "in" | "out") => Buffer.concat(wire[direction]);
    const why = () => `\nwarnings: ${JSON.stringify(seen.warnings)}\ncompression: ${compression.join(", ")}\nscreen:\n${t.screen()}`;
    await t.waitFor("Welcome.", 8000);
    expect(conn.isEnabled("mccp2", "local"), why()).toBe(true);
    expect(conn.isEnabled("mccp3", "local"), why()).toBe(mccp3);
    expect(compression, why()).toEqual(mccp3 ? expect.arrayContaining(["out on", "in on"]) : ["out on"]);
    // Our output: IAC SB MCCP2 IAC SE, then a zlib stream (RFC 1950: 0x78 first).
    const out = bytes("out");
    const start = indexOfStart(out, 86);
    expect(start, why()).toBeGreaterThan(0);
    expect(out[start + 5]).toBe(0x78);
    if (mccp3) {
      // TinTin++'s output: IAC SB MCCP3 IAC SE right after its DO MCCP3, then its zlib stream.
      const input = bytes("in");
      const from = indexOfStart(input, 87);
      expect(from, why()).toBeGreaterThan(0);
      expect(input[from + 5]).toBe(0x78);
    }

    // Typed in TinTin++ (through its compressor with MCCP3), decoded on our side.
    t.line(`#log {overwrite} {${logFile}}`);
    t.line("hello through the link ✓");
    await t.waitFor("You say: hello through the link ✓", 5000);

    const before = bytes("out").length;
    t.line("look");
    await t.waitFor(/^End of the room\.$/m, 15_000);
    const sent = lines.reduce((n, l) => n + Buffer.byteLength(l) + 2, 0);
    const onWire = bytes("out").length - before;
    // Compressed on the wire: far fewer bytes than the text.
    expect(onWire, why()).toBeLessThan(sent / 3);
    // The screen ends with the last lines; the log has every line, in order, unchanged.
    const screen = t.screen();
    expect(screen).toContain(`${lines[2998]}\n${lines[2999]}\nEnd of the room.`);
    const logged = readFileSync(logFile, "utf8")
      .split("\n")
      .filter((l) => l.startsWith("Line "));
    expect(logged.length, why()).toBe(lines.length);
    expect(logged).toEqual(lines);

    t.line("quit");
    await t.waitFor("#SESSION 'peer' DIED.", 5000);
    // Our stream ended cleanly (Z_FINISH) before the close: TinTin++ saw its end, and so does zlib.
    const end = await t.end();
    expect(end).toContain("Bye.");
    expect(end).toMatch(/^#COMPRESSION END, DISABLING MCCP2\.$/m);
    const all = bytes("out");
    expect(inflateSync(all.subarray(start + 5)).toString("utf8")).toContain(`${lines[2999]}\r\nEnd of the room.\r\n`);
    console.log(
      `TinTin++ with ${label}: ${lines.length} lines, ${sent} bytes of text, ${onWire} bytes on the wire (${(sent / onWire).toFixed(1)}:1)`,
    );
    expect(seen.warnings, why()).toEqual([]);
  }, 30_000);
});
