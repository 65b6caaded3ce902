// The built engine (packages/core/dist/index.js) in headless Chromium: a client session over
// the recorded opening of a real server (inetutils telnetd, with its login banner), with no
// Node globals in sight; and a client connection reading an MCCP2 server with inflateCodec(),
// the zlib decoder of core. Chromium is Debian's (/usr/bin/chromium, .ci/install-browser.sh),
// driven by playwright-core, which downloads nothing; the page comes from a loopback server.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as zlib from "node:zlib";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const DIST = fileURLToPath(new URL("../../packages/core/dist/", import.meta.url));
const RUNNER = fileURLToPath(new URL("./run-session.mjs", import.meta.url));
const MCCP_RUNNER = fileURLToPath(new URL("./run-mccp.mjs", import.meta.url));

// What inetutils telnetd 2.4 sent a client that accepted its options, up to its first
// prompt: WILL AUTHENTICATION/ENCRYPT, DO TTYPE/TSPEED/XDISPLOC/NEW-ENVIRON/ENVIRON, their
// SEND subnegotiations, WILL SGA, DO ECHO/LINEMODE/NAWS/LFLOW, WILL STATUS, LINEMODE MODE,
// LFLOW, BINARY, then the banner and "login-app> ".
const OPENING = [
  "fffb25fffb26fffd18fffd20fffd23fffd27fffd24fffa2001fff0fffa2301fff0fffa2701fff0fffa1801fff0fffb03",
  "fffd01fffd22fffd1ffffb05fffd21fffa220103fff000fffa2103fff000fffe01fffb01fffd00fffe220d0a4c696e75",
  "7820362e31382e34342d66632d7636353720286c6f63616c686f73742920287074732f30290d0a0d0a6c6f67696e2d61",
  "70703a2068656c6c6f2066726f6d2074656c6e65746420617267733d5b5d0d0a5445524d3d787465726d2d323536636f",
  "6c6f722073697a653d302030207474793d2f6465762f7074732f300d0a555345523d204c4f474e414d453d2044495350",
  "4c41593d6c6f63616c686f73743a302e30204c414e473d2052454d4f5445484f53543d0d0a737474793a206963726e6c",
  "2069786f6e206f706f7374206f6e6c63722069736967206963616e6f6e206563686f200d0a6c6f67696e2d6170703e20",
].join("");
const CHUNKS = [1, 7, OPENING.length / 2];

// A MUD server with MCCP2 (made here with node:zlib): WILL MCCP2 and MCCP3, a compressed
// stream (text, a prompt ended by IAC GA), its end, plain text, a second stream (fixed
// Huffman codes), plain text again, all in one flow. The page reads it with inflateCodec().
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const MCCP_TEXT = [
  Array.from({ length: 600 }, (_, i) => `\x1b[1;3${i % 8}mLine ${i}: the orc hits you.\x1b[0m\r\n`).join("") + "<100hp> ",
  "plain between the streams\r\n",
  Array.from({ length: 300 }, (_, i) => `You see ${i} gold coins.\r\n`).join(""),
  "plain after the streams\r\n",
];
const MCCP_START = "\xff\xfa\x56\xff\xf0";
const MCCP_WIRE = Buffer.concat([
  latin1("\xff\xfb\x56\xff\xfb\x57" + MCCP_START),
  zlib.deflateSync(latin1(MCCP_TEXT[0] + "\xff\xf9"), { level: 9 }),
  latin1(MCCP_TEXT[1] + MCCP_START),
  zlib.deflateSync(latin1(MCCP_TEXT[2]), { strategy: zlib.constants.Z_FIXED }),
  latin1(MCCP_TEXT[3]),
]).toString("hex");
const MCCP_CHUNKS = [1, 7, MCCP_WIRE.length / 2];

// The page runs the session on load and leaves the results in window.telnetkitResults (or an error in telnetkitError),
// and the MCCP2 connections' in window.telnetkitMccp (or telnetkitMccpError).
const PAGE = `<!doctype html>
<title>telnetkit core in a browser</title>
<script type="module">
import * as core from "/core/index.js";
import { runSession } from "/run-session.mjs";
import { runMccp } from "/run-mccp.mjs";
try {
  const bytes = Uint8Array.from("${OPENING}".match(/../g), (h) => parseInt(h, 16));
  window.telnetkitResults = ${JSON.stringify(CHUNKS)}.map((chunk) => runSession(core, bytes, chunk));
} catch (err) {
  window.telnetkitError = String((err && err.stack) || err);
}
const mccpBytes = Uint8Array.from("${MCCP_WIRE}".match(/../g), (h) => parseInt(h, 16));
Promise.all(${JSON.stringify(MCCP_CHUNKS)}.map((chunk) => runMccp(core, mccpBytes, chunk))).then(
  (results) => (window.telnetkitMccp = results),
  (err) => (window.telnetkitMccpError = String((err && err.stack) || err)),
);
</script>`;

const bytesOf = (hex: string) => Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
const hexOf = (s: string) => Array.from(s, (c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");

type Result = {
  byteSearch: string;
  globals: Record<string, string>;
  events: unknown[];
  text: string;
  sent: string;
  local: string[];
  remote: string[];
};

let server: Server;
let origin = "";
let context: BrowserContext;
let profile = "";

beforeAll(async () => {
  if (!existsSync(join(DIST, "index.js"))) throw new Error("packages/core/dist/index.js is missing: build first (pnpm test does)");
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (bash .ci/install-browser.sh)`);
  // The page, the built engine and the runner; nothing else is served.
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    let file: string | null = null;
    if (path === "/run-session.mjs") file = RUNNER;
    else if (path === "/run-mccp.mjs") file = MCCP_RUNNER;
    else if (/^\/core\/[\w.-]+\.js$/.test(path)) file = join(DIST, path.slice("/core/".length));
    if (path === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(PAGE);
    } else if (file && existsSync(file)) {
      res.writeHead(200, { "content-type": extname(file) === ".mjs" || extname(file) === ".js" ? "text/javascript" : "application/octet-stream" });
      res.end(readFileSync(file));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  profile = mkdtempSync(join(tmpdir(), "telnetkit-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
    timeout: 30_000,
  });
  // Loopback only: anything else the page asks for is refused.
  await context.route("**/*", (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
}, 60_000);

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe("the built engine in headless Chromium", () => {
  it("runs a client session over a real server's opening, with the same events as under Node", async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    const problems: string[] = [];
    page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
    page.on("console", (msg) => msg.type() === "error" && problems.push(`console: ${msg.text()}`));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => "telnetkitResults" in window || "telnetkitError" in window, null, { timeout: 20_000 }).catch((err: Error) => {
      throw new Error(`${err.message}; ${problems.join("; ")}`);
    });
    const { results, error } = await page.evaluate(() => {
      const w = window as unknown as { telnetkitResults?: unknown; telnetkitError?: string };
      return { results: w.telnetkitResults, error: w.telnetkitError };
    });
    expect(error).toBeUndefined();
    const inBrowser = results as Result[];
    expect(problems).toEqual([]);

    // The same build and the same runner under Node.
    const core = await import(pathToFileURL(join(DIST, "index.js")).href);
    const { runSession } = (await import(pathToFileURL(RUNNER).href)) as { runSession: (core: unknown, bytes: Uint8Array, chunk: number) => Result };
    const inNode = CHUNKS.map((chunk) => runSession(core, bytesOf(OPENING), chunk));

    const output = ({ byteSearch: _s, globals: _g, ...rest }: Result) => rest;
    for (const [k, b] of inBrowser.entries()) {
      // Nothing of Node in the page: the engine took its portable byte search.
      expect(b.globals).toEqual({ Buffer: "undefined", process: "undefined", require: "undefined" });
      expect(b.byteSearch).toBe("typed-array");
      expect(output(b), `chunks of ${CHUNKS[k]} bytes, browser against Node`).toEqual(output(inNode[k]));
      // Chunking changes nothing.
      expect(output(b), `chunks of ${CHUNKS[k]} bytes against 1-byte chunks`).toEqual(output(inBrowser[0]));
    }

    const b = inBrowser[0];
    expect(b.text).toContain("login-app: hello from telnetd args=[]\r\n");
    expect(b.text.endsWith("login-app> ")).toBe(true);
    // Our answers: TTYPE IS our terminal, NAWS with our window, AUTHENTICATION and ENCRYPT refused.
    expect(b.sent).toContain(`fffa1800${hexOf("XTERM-256COLOR")}fff0`);
    expect(b.sent).toContain("fffa1f00500018fff0");
    expect(b.sent.startsWith("fffe25fffe26")).toBe(true);
    expect(b.local).toEqual(expect.arrayContaining(["TTYPE", "NAWS", "NEW_ENVIRON", "BINARY"]));
    expect(b.remote).toEqual(expect.arrayContaining(["ECHO", "SGA"]));
    expect(b.events).toContainEqual({ type: "ttype", kind: "send" });
  }, 60_000);

  it("reads an MCCP2 server through inflateCodec(): two streams, each end followed by plain text, in any chunks, as under Node", async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    const problems: string[] = [];
    page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => "telnetkitMccp" in window || "telnetkitMccpError" in window, null, { timeout: 20_000 }).catch((err: Error) => {
      throw new Error(`${err.message}; ${problems.join("; ")}`);
    });
    const { results, error } = await page.evaluate(() => {
      const w = window as unknown as { telnetkitMccp?: unknown; telnetkitMccpError?: string };
      return { results: w.telnetkitMccp, error: w.telnetkitMccpError };
    });
    expect(error).toBeUndefined();
    expect(problems).toEqual([]);
    type Mccp = { globals: Record<string, string>; text: string; warnings: string[]; compression: string[]; decompressing: number; sent: string };
    const inBrowser = results as Mccp[];

    const core = await import(pathToFileURL(join(DIST, "index.js")).href);
    const { runMccp } = (await import(pathToFileURL(MCCP_RUNNER).href)) as { runMccp: (core: unknown, bytes: Uint8Array, chunk: number) => Promise<Mccp> };
    const inNode = await Promise.all(MCCP_CHUNKS.map((chunk) => runMccp(core, bytesOf(MCCP_WIRE), chunk)));

    for (const [k, b] of inBrowser.entries()) {
      expect(b.globals).toEqual({ Buffer: "undefined", process: "undefined", require: "undefined" });
      expect(b.text, `chunks of ${MCCP_CHUNKS[k]} bytes`).toBe(MCCP_TEXT.join(""));
      expect(b.warnings).toEqual([]);
      // Two streams in, each ended; the connection is plain at the end.
      expect(b.compression).toEqual(["in on", "in off", "in on", "in off"]);
      expect(b.decompressing).toBe(0);
      // DO MCCP2; DONT MCCP3, having no deflater.
      expect(b.sent).toBe("fffd56fffe57");
      const { globals: _g, ...rest } = b;
      const { globals: _n, ...node } = inNode[k];
      expect(rest, `chunks of ${MCCP_CHUNKS[k]} bytes, browser against Node`).toEqual(node);
    }
  }, 60_000);
});
