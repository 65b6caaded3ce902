/**
 * The options of RFC 1184 (LINEMODE), 1572 (NEW-ENVIRON), 1408 (ENVIRON), 1079 (TSPEED),
 * 1096 (XDISPLOC), 1372 (LFLOW) and 859 (STATUS) against real programs, on loopback:
 * - our server with the inetutils `telnet` client on a real terminal (tmux), which
 *   negotiates LINEMODE with SLC, NEW-ENVIRON, TSPEED, XDISPLOC, LFLOW and STATUS;
 * - our client with inetutils `telnetd`, which asks for TTYPE, TSPEED, XDISPLOC,
 *   NEW-ENVIRON and ENVIRON, and offers STATUS and LFLOW (and LINEMODE).
 * Both ends are configured as a user would. Every request either side makes must be
 * answered, the session must work, and our connection must see no `warning` from start
 * to close. Each test prints what was negotiated. A missing peer fails the test
 * (.ci/install-peers.sh installs them).
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  OPT,
  SLC_NAMES,
  lflowState,
  linemodeInfo,
  optionName,
  type LinemodeEvent,
  type SlcName,
  type WarningEvent,
} from "@telnetkit/core";
import { connect, createServer, type ServerOptions, type TelnetConnection, type TelnetServer } from "../src/index.js";
import { traceDecoder } from "../src/cli/trace.js";
import { until } from "./helpers.js";
import { startInetutilsTelnetd } from "./peers.js";
import { requireProgram, stopAll } from "./processes.js";
import { tmuxTerminal } from "./tmux.js";

const cleanups: (() => void | Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await stopAll();
});

/**
 * Both directions of a connection as decoded lines (`us IAC WILL TTYPE`, `peer IAC SB
 * TSPEED {...} IAC SE`, `peer data (13 bytes)`), and the peer's in-band chunks as they came.
 */
function wireLog(us: string, peer: string) {
  const lines: string[] = [];
  const chunks: string[] = [];
  const fromPeer = traceDecoder(peer, (l) => lines.push(l));
  const fromUs = traceDecoder(us, (l) => lines.push(l));
  const tap = (direction: "in" | "out", bytes: Uint8Array): void => {
    if (direction === "out") return fromUs(bytes);
    fromPeer(bytes);
    if (!bytes.includes(0xff)) chunks.push(Buffer.from(bytes).toString("latin1"));
  };
  return { lines, chunks, tap };
}

const NEGOTIATION = /^(\S+) IAC (WILL|WONT|DO|DONT) (\S+)$/;

/** The WILL / DO requests `from` sent, as `DO TTYPE`, in order, without repeats. */
function requestsOf(lines: readonly string[], from: string): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const m = NEGOTIATION.exec(line);
    if (m && m[1] === from && (m[2] === "WILL" || m[2] === "DO") && !out.includes(`${m[2]} ${m[3]}`)) out.push(`${m[2]} ${m[3]}`);
  }
  return out;
}

/**
 * WILL / DO requests of `from` that `to` never answered: an answer to `WILL X` is a DO or
 * DONT X from the other end, before (it asked first: RFC 1143 sends no second reply) or after.
 */
function unanswered(lines: readonly string[], from: string, to: string): string[] {
  const replies = lines.map((l) => NEGOTIATION.exec(l)).filter((m) => m !== null && m[1] === to);
  return requestsOf(lines, from).filter((request) => {
    const [verb, option] = request.split(" ");
    const answers = verb === "WILL" ? ["DO", "DONT"] : ["WILL", "WONT"];
    return !replies.some((m) => m![3] === option && answers.includes(m![2]));
  });
}

/** Subnegotiation SENDs of `from` (TTYPE, TSPEED, XDISPLOC, NEW-ENVIRON, ENVIRON) left without an IS from `to`. */
function unansweredSends(lines: readonly string[], from: string, to: string): string[] {
  const out: string[] = [];
  for (const option of ["TTYPE", "TSPEED", "XDISPLOC", "NEW_ENVIRON", "ENVIRON"]) {
    const count = (who: string, kind: string) =>
      lines.filter((l) => l.startsWith(`${who} IAC SB ${option} `) && new RegExp(`"(kind|command)":"${kind}"`).test(l)).length;
    const sends = count(from, "send");
    if (sends > count(to, "is")) out.push(`${option} SEND x${sends}`);
  }
  return out;
}

/** The warnings, LINEMODE events and Telnet commands a connection emits. */
function watch(conn: TelnetConnection) {
  const warnings: WarningEvent[] = [];
  const linemode: LinemodeEvent[] = [];
  const commands: string[] = [];
  conn.on("warning", (w) => warnings.push(w));
  conn.on("linemode", (e) => linemode.push(e));
  conn.on("command", (e) => commands.push(e.command));
  return { warnings, linemode, commands };
}

function summary(label: string, conn: TelnetConnection, requests: Record<string, string[]>): string {
  const on = conn.enabledOptions();
  const asked = Object.entries(requests).map(([who, list]) => `  ${who} asked: ${list.join(", ")}`);
  return [`${label}`, ...asked, `  on, our side: ${on.local.join(" ")}`, `  on, peer's side: ${on.remote.join(" ")}`].join("\n");
}

// ------------------------------------------------------------------ our server

/** A server configured as a line-mode service would be: line mode with the client's special characters, its environment, speed, display, flow control, status. */
const SERVER_OPTIONS: ServerOptions = {
  options: {
    ttype: "request",
    naws: "request",
    linemode: "request",
    new_environ: "request",
    tspeed: "request",
    xdisploc: "request",
    lflow: "request",
    status: "offer",
  },
  linemode: { mode: { edit: true, trapsig: true } },
  environRequest: [
    { kind: "var", name: "USER" },
    { kind: "var", name: "DISPLAY" },
    { kind: "var", name: "PRINTER" },
    { kind: "uservar" },
  ],
};

async function lineServer(log: ReturnType<typeof wireLog>) {
  let resolveConn!: (c: { conn: TelnetConnection; seen: ReturnType<typeof watch>; settled: Promise<boolean> }) => void;
  const accepted = new Promise<{ conn: TelnetConnection; seen: ReturnType<typeof watch>; settled: Promise<boolean> }>((r) => (resolveConn = r));
  let settledAtShell!: (v: boolean) => void;
  const settled = new Promise<boolean>((r) => (settledAtShell = r));
  const server: TelnetServer = createServer(
    {
      ...SERVER_OPTIONS,
      tap: (direction, bytes) => log.tap(direction, bytes),
      // Before the first byte from the client is read: every event is seen.
      onConnection: (conn) => resolveConn({ conn, seen: watch(conn), settled }),
    },
    async (conn) => {
      settledAtShell(conn.isSettled());
      await conn.write("ready\n");
      for await (const line of conn) {
        if (line === "quit") break;
        await conn.write(`got: ${line}\n`);
      }
      await conn.write("bye\n");
    },
  );
  await server.listen(0, "127.0.0.1");
  cleanups.push(() => server.close({ timeout: 1000 }));
  return { port: server.address()!.port, accepted };
}

describe("our server with the inetutils telnet client", () => {
  // Off port 23 the client waits for the server (finding 1 of the peers' notes); written as
  // "-PORT" it negotiates as on port 23, and both ends ask at once.
  it.each([
    { label: "the server starts the negotiation", activeClient: false },
    { label: "both ends start it (-PORT: the client's port-23 opening)", activeClient: true },
  ])("$label: LINEMODE with SLC, NEW-ENVIRON, TSPEED, XDISPLOC, LFLOW, STATUS settle with no warning", async ({ label, activeClient }) => {
    const telnet = requireProgram("inetutils-telnet", "apt-get install inetutils-telnet");
    const log = wireLog("S>C", "C>S");
    const { port, accepted } = await lineServer(log);
    // The client exports DISPLAY and PRINTER from its environment, and USER only with -l or -a.
    const user = activeClient ? ["-l", "alice"] : [];
    const t = tmuxTerminal([telnet, ...user, "--", "127.0.0.1", activeClient ? `-${port}` : String(port)], {
      env: { DISPLAY: "ws1.example:0.0", PRINTER: "lp0", USER: "alice" },
    });
    cleanups.push(() => t.close());
    const { conn, seen, settled } = await accepted;
    const why = () => `\nwarnings: ${JSON.stringify(seen.warnings)}\n${log.lines.join("\n")}\nscreen:\n${t.screen()}`;

    await t.waitFor(/^ready$/m, 8000);
    expect(await settled, `negotiation settled before the shell ran${why()}`).toBe(true);

    // Every request of either end answered.
    expect(unanswered(log.lines, "C>S", "S>C"), why()).toEqual([]);
    expect(unanswered(log.lines, "S>C", "C>S"), why()).toEqual([]);
    expect(unansweredSends(log.lines, "S>C", "C>S"), why()).toEqual([]);
    const on = conn.enabledOptions();
    expect(on.remote).toEqual(expect.arrayContaining(["TTYPE", "NAWS", "TSPEED", "LFLOW", "LINEMODE", "XDISPLOC", "NEW_ENVIRON"]));
    expect(on.local).toContain("STATUS");

    // LINEMODE: our MODE EDIT|TRAPSIG acknowledged, the client's special characters received (RFC 1184 §2.2, §5.5).
    const info = linemodeInfo(conn.session);
    expect(info).toMatchObject({ side: "server", edit: true, trapsig: true });
    const slc = seen.linemode.find((e) => e.kind === "slc");
    expect(slc, why()).toBeDefined();
    expect(info.slc.IP).toMatchObject({ level: "value", value: 0x03, flushin: true, flushout: true });
    expect(info.slc.EC).toMatchObject({ level: "value", value: 0x7f });
    expect(info.slc.EOF).toMatchObject({ level: "value", value: 0x04 });
    expect(info.slc.SUSP).toMatchObject({ level: "value", value: 0x1a });

    // NEW-ENVIRON, TSPEED, XDISPLOC, TTYPE, NAWS.
    expect(conn.environment).toMatchObject({ DISPLAY: "ws1.example:0.0", PRINTER: "lp0" });
    if (activeClient) expect(conn.environment.USER).toBe("alice");
    // Not exported without -l: the client answers the explicit request as undefined (RFC 1572: VAR "USER" without VALUE).
    else expect(conn.environment.USER).toBeUndefined();
    expect(log.lines.some((l) => /^C>S IAC SB TSPEED .*"transmit":38400,"receive":38400/.test(l)), why()).toBe(true);
    expect(log.lines.some((l) => /^C>S IAC SB XDISPLOC .*"location":"ws1\.example:0\.0"/.test(l)), why()).toBe(true);
    expect(conn.terminalType).toBe("XTERM");
    expect(conn.windowSize).toEqual({ width: 80, height: 24 });
    // LFLOW: the restart mode went out once the client agreed (RFC 1372 §5).
    expect(log.lines).toContain('S>C IAC SB LFLOW "restart-xon" IAC SE');

    // Line mode: the client edits the line itself and sends it whole.
    t.type("helo");
    t.keys("BSpace");
    t.type("lo world");
    t.keys("Enter");
    await t.waitFor("got: hello world", 5000);
    expect(log.chunks).toContain("hello world\r\n");

    // TRAPSIG: ^C, the client's IP character, comes as IAC IP (with DO TIMING-MARK for its FLUSHOUT, §5.8).
    t.keys("C-c");
    await until(() => seen.commands.includes("IP"), 5000, "IAC IP");

    // The client's own view: linemode, local editing and signals, flow control ...
    // (The screen is trimmed at its end: a prompt last on it means the client waits for a command.)
    t.bytes(0x1d); // ^]
    await t.waitFor(/telnet>$/, 5000);
    t.type("status");
    t.keys("Enter");
    const status = await t.waitFor(/telnet> status\n[\s\S]*Escape character is/, 5000);
    expect(status).toContain("Operating with LINEMODE option");
    expect(status).toContain("Local line editing");
    expect(status).toContain("Local catching of signals");
    expect(status).toContain("Local flow control");
    // ... and our STATUS IS, as the client decodes it (RFC 859).
    t.bytes(0x1d);
    await t.waitFor(/telnet>$/, 5000);
    t.type("send getstatus");
    t.keys("Enter");
    const report = await t.waitFor(/RCVD IAC SB STATUS IS[\s\S]*DO NEW-ENVIRON/, 5000);
    for (const line of [" WILL STATUS", " DO LINEMODE", " DO TSPEED", " DO LFLOW", " DO XDISPLOC"]) expect(report).toContain(line);

    // The server switches to character mode and back (RFC 1184 §2.2: the client acks each MODE).
    await conn.send({ type: "linemode", kind: "mode", mode: { trapsig: true } });
    await until(() => !linemodeInfo(conn.session).edit, 5000, "the client's MODE_ACK for character mode");
    t.type("x");
    await until(() => log.chunks.includes("x"), 5000, "a single character sent at once");
    await conn.send({ type: "linemode", kind: "mode", mode: { edit: true, trapsig: true } });
    await until(() => linemodeInfo(conn.session).edit, 5000, "the client's MODE_ACK for line mode");
    t.keys("Enter");
    await t.waitFor("got: x", 5000);

    // EOF at the start of a line is IAC EOF (§2.5).
    t.keys("C-d");
    await until(() => seen.commands.includes("EOF"), 5000, "IAC EOF");

    t.type("quit");
    t.keys("Enter");
    const end = await t.waitFor("[exit ", 5000);
    expect(end).toContain("bye");
    expect(end).toContain("Connection closed by foreign host.");
    // The shell returned: the server closed the connection.
    expect((await conn.closed).reason).toBe("local");
    console.log(
      summary(`inetutils telnet -> our server (${label})`, conn, {
        client: requestsOf(log.lines, "C>S"),
        server: requestsOf(log.lines, "S>C"),
      }) + `\n  client's environment: ${JSON.stringify(conn.environment)}; special characters changed: ${slc && slc.kind === "slc" ? slc.changed.join(" ") : ""}`,
    );
    expect(seen.warnings, why()).toEqual([]);
  }, 15_000);
});

// ------------------------------------------------------------------ our client

// What the login program prints: what telnetd made of our TSPEED, XDISPLOC and NEW-ENVIRON.
const REPORT = [
  'echo "speed=$(stty speed 2>/dev/null)"',
  'echo "DISPLAY=$DISPLAY"',
  'echo "USER=$USER"',
  'echo "PROJECT=$PROJECT"',
];
// inetutils telnetd keeps only a few variables from the client's environment (TERM, DISPLAY,
// ...); USER and a user variable reach the program when allowed.
const ACCEPT_ENV = ["--accept-env=USER", "--accept-env=PROJECT"];

describe("our client with inetutils telnetd", () => {
  it.each([
    { label: "character mode (LINEMODE refused, the default)", linemode: false, telnetdArgs: [] as string[] },
    { label: "LINEMODE accepted, then dropped by telnetd (DONT LINEMODE)", linemode: true, telnetdArgs: [] },
    { label: "LINEMODE kept (telnetd -l): MODE and SLC settle", linemode: true, telnetdArgs: ["-l"] },
  ])("$label: every request answered, the login program sees our settings, no warning", async ({ label, linemode, telnetdArgs }) => {
    const srv = await startInetutilsTelnetd({ args: [...telnetdArgs, ...ACCEPT_ENV], report: REPORT });
    const log = wireLog("C>S", "S>C");
    const conn = await connect({
      port: srv.port,
      term: "xterm",
      cols: 100,
      rows: 30,
      terminalSpeed: { transmit: 19200, receive: 19200 },
      xDisplayLocation: "ws1.example:0.0",
      environment: { USER: "alice", DISPLAY: "ws1.example:0.0" },
      userEnvironment: { PROJECT: "telnetkit" },
      ...(linemode ? { options: { linemode: "accept" } } : {}),
      tap: (direction, bytes) => log.tap(direction, bytes),
    });
    cleanups.push(() => conn.destroy());
    // connect resolves before the first byte from the server is read: every event is seen.
    const seen = watch(conn);
    const why = () => `\nwarnings: ${JSON.stringify(seen.warnings)}\n${log.lines.join("\n")}`;
    const read = (pattern: string) => conn.readUntil(pattern, { signal: AbortSignal.timeout(8000) });

    // No hang: telnetd got every answer it waits for and started the program.
    const text = `${await read("PROJECT=")}${await read("\n")}`;
    expect(text).toContain("TERM=xterm");
    expect(text).toContain("DISPLAY=ws1.example:0.0");
    expect(text).toContain("USER=alice");
    expect(text).toContain("PROJECT=telnetkit");
    // The NUL telnetd sends after some of its subnegotiations (peers' finding 7) is an NVT no-op, not text.
    expect(text).not.toContain("\0");
    // telnetd sets the terminal's speed and size from its own loop, which may run after the
    // program started: asked again, the program sees them.
    await conn.write("report\nsize\n");
    const again = await read("size=");
    expect(again).toContain("speed=19200");
    expect(await read("\n")).toContain("30 100");

    // Every request of telnetd answered, and ours.
    expect(requestsOf(log.lines, "S>C")).toEqual(
      expect.arrayContaining(["DO TTYPE", "DO TSPEED", "DO XDISPLOC", "DO NEW_ENVIRON", "DO ENVIRON", "WILL STATUS", "DO LFLOW", "DO LINEMODE"]),
    );
    expect(unanswered(log.lines, "S>C", "C>S"), why()).toEqual([]);
    expect(unanswered(log.lines, "C>S", "S>C"), why()).toEqual([]);
    expect(unansweredSends(log.lines, "S>C", "C>S"), why()).toEqual([]);
    expect(conn.isSettled()).toBe(true);
    // ENVIRON refused: telnetd would wait for an ENVIRON IS it never asks for (peers' finding 4).
    expect(log.lines).toContain("C>S IAC WONT ENVIRON");

    // LFLOW: on, restarting on XON only, as telnetd said (RFC 1372).
    expect(lflowState(conn.session)).toEqual({ negotiated: true, enabled: true, restart: "xon" });

    // STATUS: telnetd's own view of what we agreed to (RFC 859).
    const statusReply = conn.next("status", { signal: AbortSignal.timeout(5000) });
    await conn.send({ type: "status" });
    const status = await statusReply;
    expect(status.kind).toBe("is");
    if (status.kind !== "is") return;
    const theyDo = status.do.map(optionName);
    expect(theyDo).toEqual(expect.arrayContaining(["TTYPE", "NAWS", "TSPEED", "LFLOW", "XDISPLOC", "NEW_ENVIRON"]));
    expect(theyDo).not.toContain("ENVIRON");
    expect(status.will.map(optionName)).toContain("STATUS");

    const info = linemodeInfo(conn.session);
    if (!linemode) {
      expect(log.lines).toContain("C>S IAC WONT LINEMODE");
    } else {
      // MODE EDIT|TRAPSIG acknowledged with MODE_ACK, our special characters exported (RFC 1184 §2.2, §5.5).
      expect(log.lines).toContain('C>S IAC SB LINEMODE {"message":{"kind":"mode","mask":7}} IAC SE');
      expect(seen.linemode.some((e) => e.kind === "mode" && e.edit && e.trapsig), why()).toBe(true);
      if (telnetdArgs.includes("-l")) {
        expect(info).toMatchObject({ side: "client", edit: true, trapsig: true });
        expect(theyDo).toContain("LINEMODE");
        // telnetd answered our SLC list: where it said otherwise, its setting is now ours (§5.5).
        const answers = seen.linemode.flatMap((e) => (e.kind === "slc" ? e.received : []));
        expect(answers.length, why()).toBeGreaterThan(0);
        for (const a of answers) {
          const ours = info.slc[SLC_NAMES[a.func] as SlcName];
          expect(ours.level).toBe(a.level);
          if (a.level !== "nosupport") expect(ours.value).toBe(a.value);
        }
      } else {
        // telnetd turns LINEMODE off again for character mode; its SLC answer comes after (§5.7: ignored).
        expect(log.lines).toContain("S>C IAC DONT LINEMODE");
        expect(info.side).toBe(null);
        expect(conn.isEnabled(OPT.ECHO, "remote")).toBe(true);
      }
    }

    await conn.write("hello telnetd\n");
    expect(await read("echo: hello telnetd")).toContain("echo: hello telnetd");
    // inetutils telnetd may drop the last output of a program that exits (its own race).
    await conn.write("quit\n");
    while ((await conn.read(undefined, { signal: AbortSignal.timeout(5000) })) !== null);
    expect((await conn.closed).reason).toBe("remote");
    console.log(
      summary(`our client -> inetutils telnetd (${label})`, conn, {
        telnetd: requestsOf(log.lines, "S>C"),
        client: requestsOf(log.lines, "C>S"),
      }) + `\n  telnetd's STATUS: WILL ${status.will.map(optionName).join(" ")}; DO ${theyDo.join(" ")}`,
    );
    expect(seen.warnings, why()).toEqual([]);
  }, 15_000);
});
