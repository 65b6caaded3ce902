import { describe, expect, it } from "vitest";
import {
  OPT,
  TelnetConnection,
  type ByteChannel,
  type ChannelEvents,
} from "@telnetkit/core";
import { connectionPair as pair } from "./helpers.js";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));
const tick = () => new Promise((r) => setTimeout(r, 0));

/** A channel driven by the test: records writes, delivers what the test feeds. */
function scriptedChannel() {
  const written: Uint8Array[] = [];
  let events!: ChannelEvents;
  const calls: string[] = [];
  const ch: ByteChannel = {
    start: (e) => (events = e),
    write: (bytes) => {
      written.push(bytes.slice());
      return true;
    },
    pause: () => calls.push("pause"),
    resume: () => calls.push("resume"),
    end: () => calls.push("end"),
    destroy: () => calls.push("destroy"),
  };
  return {
    ch,
    written,
    calls,
    feed: (bytes: Uint8Array | string) => events.data(typeof bytes === "string" ? enc(bytes) : bytes),
    events: () => events,
    all: () => written.flatMap((w) => [...w]),
  };
}

describe("TelnetConnection negotiation", () => {
  it("settles with the client's terminal types and window size", async () => {
    const { s, c } = pair(
      { options: { naws: "request", ttype: "request" } },
      { terminalTypes: ["XTERM-256COLOR", "VT100"], windowSize: { width: 132, height: 43 } },
    );
    expect(await s.waitForNegotiation({ maxWait: 2000 })).toBe(true);
    expect(s.terminalType).toBe("XTERM-256COLOR");
    expect(s.terminalTypes).toEqual(["XTERM-256COLOR", "VT100"]);
    expect(s.windowSize).toEqual({ width: 132, height: 43 });
    expect(s.enabledOptions().remote).toEqual(expect.arrayContaining(["TTYPE", "NAWS"]));
    expect(s.info()).toMatchObject({ role: "server", settled: true, windowSize: { width: 132, height: 43 } });
    expect(c.terminalType).toBe("XTERM-256COLOR");
    expect(c.isEnabled("naws", "local")).toBe(true);
    await s.close();
    expect(await c.closed).toEqual({ type: "close", reason: "remote" });
  });

  it("reports window size changes as events", async () => {
    const { s, c } = pair({ options: { naws: "request" } }, { windowSize: { width: 80, height: 24 } });
    await s.waitForNegotiation();
    const next = s.next("window-size");
    c.setWindowSize(100, 50);
    expect(await next).toEqual({ type: "window-size", width: 100, height: 50 });
    expect(s.windowSize).toEqual({ width: 100, height: 50 });
    await c.close();
  });

  it("receives the client's environment (NEW-ENVIRON) and waits for it to settle", async () => {
    const { s, c } = pair({ options: { new_environ: "request" } }, { environment: { USER: "alice", LANG: "C.UTF-8" } });
    const changed = s.next("environment");
    expect(await s.waitForNegotiation()).toBe(true);
    expect(s.environment).toEqual({ USER: "alice", LANG: "C.UTF-8" });
    expect((await changed).environment).toEqual({ USER: "alice", LANG: "C.UTF-8" });
    expect(c.environment).toEqual({ USER: "alice", LANG: "C.UTF-8" });
    await c.close();
  });

  it("switches the text charset when CHARSET agrees on one, BINARY or not", async () => {
    const { s, c } = pair({ options: { charset: "request" }, charsets: ["ISO-8859-1"] }, { charsets: ["ISO-8859-1", "UTF-8"] });
    const events: unknown[] = [];
    s.on("charset", (ev) => events.push(ev));
    expect(await s.waitForNegotiation()).toBe(true);
    expect(events).toContainEqual(expect.objectContaining({ kind: "accepted", charset: "ISO-8859-1" }));
    expect(s.encoding).toEqual({ input: "ISO-8859-1", output: "ISO-8859-1" });
    expect(s.charset).toBe("ISO-8859-1");
    await tick();
    expect(c.charset).toBe("ISO-8859-1");
    await s.write("é");
    expect([...(await c.readBytes())!]).toEqual([0xe9]);
    await c.close();
  });

  it("waitFor resolves true when an option comes on, false when it is refused", async () => {
    const { s, c } = pair({ options: { naws: "request", ttype: "request" } }, { options: { ttype: "refuse" } });
    expect(await s.waitFor("NAWS", "remote")).toBe(true);
    expect(await s.waitFor(OPT.TTYPE, "remote")).toBe(false);
    expect(await c.waitFor("naws", "local")).toBe(true);
    await c.close();
  });

  it("waitForNegotiation gives up after maxWait when the peer never answers", async () => {
    const t = scriptedChannel();
    const s = new TelnetConnection(t.ch, { role: "server", options: { naws: "request" } });
    expect(t.all()).toEqual([255, 253, OPT.NAWS]);
    expect(await s.waitForNegotiation({ maxWait: 30 })).toBe(false);
    t.feed(Uint8Array.of(255, 251, OPT.NAWS, 255, 250, OPT.NAWS, 0, 80, 0, 24, 255, 240));
    expect(await s.waitForNegotiation({ maxWait: 30 })).toBe(true);
    expect(s.windowSize).toEqual({ width: 80, height: 24 });
  });

  it("does not wait for an answer to WILL MSSP (TinTin++ never gives one): settled when the rest is", async () => {
    const t = scriptedChannel();
    const s = new TelnetConnection(t.ch, { role: "server", options: { naws: "request" }, mssp: { NAME: "Test MUD" } });
    expect(t.all()).toEqual(expect.arrayContaining([255, 251, OPT.MSSP]));
    expect(await s.waitForNegotiation({ maxWait: 30 })).toBe(false); // NAWS unanswered
    t.feed(Uint8Array.of(255, 252, OPT.NAWS));
    expect(await s.waitForNegotiation({ maxWait: 10_000 })).toBe(true);
    expect(s.isSettled()).toBe(true);
    expect(s.isEnabled(OPT.MSSP, "local")).toBe(false);
  });

  it("does not wait for a request the peer passed by (it answered a later one, as TinTin++ does with WILL BINARY)", async () => {
    const t = scriptedChannel();
    const s = new TelnetConnection(t.ch, { role: "server", options: { binary: { local: "initiate" }, echo: "offer" } });
    expect(t.all()).toEqual(expect.arrayContaining([255, 251, OPT.BINARY, 255, 251, OPT.ECHO]));
    t.feed(Uint8Array.of(255, 253, OPT.ECHO));
    expect(await s.waitForNegotiation({ maxWait: 10_000 })).toBe(true);
    expect(s.isEnabled(OPT.BINARY, "local")).toBe(false);
    expect(s.isEnabled(OPT.ECHO, "local")).toBe(true);
  });

  it("settles at once when the peer refuses everything (no option changes, no event)", async () => {
    const t = scriptedChannel();
    const s = new TelnetConnection(t.ch, { role: "server", options: { naws: "request", ttype: "request" } });
    // Settled, not given up after maxWait.
    const settled = s.waitForNegotiation({ maxWait: 10_000 });
    t.feed(Uint8Array.of(255, 252, OPT.NAWS, 255, 252, OPT.TTYPE));
    expect(await settled).toBe(true);
    expect(await s.waitFor("naws", "remote")).toBe(false);
  });

  it("a client waits at least minWait, so that a server's late requests are seen", async () => {
    const t = scriptedChannel();
    const c = new TelnetConnection(t.ch, { role: "client", terminalTypes: ["ANSI"] });
    setTimeout(() => t.feed(Uint8Array.of(255, 253, OPT.TTYPE)), 5);
    expect(await c.waitForNegotiation({ minWait: 20 })).toBe(true);
    expect(c.isEnabled("ttype", "local")).toBe(true);
    expect(t.all()).toEqual([255, 251, OPT.TTYPE]);
  });

  it("aborts waits with the signal's reason", async () => {
    const { s, c } = pair();
    const ac = new AbortController();
    const line = s.readline({ signal: ac.signal });
    const wait = s.waitFor("echo", "remote", { signal: ac.signal });
    const settle = c.waitForNegotiation({ minWait: 10_000, signal: ac.signal });
    const reason = new Error("stop");
    ac.abort(reason);
    await expect(line).rejects.toBe(reason);
    await expect(wait).rejects.toBe(reason);
    await expect(settle).rejects.toBe(reason);
    await expect(s.read(undefined, { signal: AbortSignal.abort() })).rejects.toThrow();
    await c.close();
  });
});

describe("TelnetConnection reading", () => {
  it("reads lines by the RFC 854 rules, whatever the chunks", async () => {
    const t = scriptedChannel();
    const s = new TelnetConnection(t.ch, { role: "server" });
    // NVT: the engine turns CR NUL into CR; the connection turns every line end into one line.
    for (const chunk of ["one\r", "\ntwo\r\0three\nfour\r", "five\r\n\r\nsix"]) t.feed(chunk);
    t.events().end();
    const got: string[] = [];
    for await (const line of s) got.push(line);
    expect(got).toEqual(["one", "two", "three", "four", "five", "", "six"]);
  });

  it("gives concurrent reads successive lines, in call order", async () => {
    const { s, c } = pair();
    const reads = [s.readline(), s.readline(), s.readline()];
    await c.write("a\nb\n");
    await c.write("c\n");
    expect(await Promise.all(reads)).toEqual(["a", "b", "c"]);
    await c.close();
  });

  it("keeps NUL out of text; bytes reads get every byte", async () => {
    const t = scriptedChannel();
    const s = new TelnetConnection(t.ch, { role: "server" });
    t.feed(Uint8Array.of(0x61, 0, 0x62, 0x0d, 0, 0x63));
    expect(await s.read()).toBe("ab\rc");
    t.feed(Uint8Array.of(0x61, 0, 0x62));
    expect([...(await s.readBytes())!]).toEqual([0x61, 0, 0x62]);
  });

  it("text is US-ASCII until BINARY, then the charset; a character split across packets decodes once", async () => {
    const { s, c } = pair({ options: { binary: "request" } }, {});
    expect(await s.waitFor("binary", "remote")).toBe(true);
    expect(s.encoding).toEqual({ input: "UTF-8", output: "US-ASCII" });
    const bytes = enc("héllo €\n");
    for (let i = 0; i < bytes.length; i++) await c.write(bytes.subarray(i, i + 1));
    expect(await s.readline()).toBe("héllo €");
    await s.write("é\n");
    // Our BINARY is off: US-ASCII, and NVT line ends.
    expect(dec(await c.readBytes())).toBe("?\r\n");
    await c.close();
  });

  it("decodes bytes above 127 as U+FFFD without BINARY, and as the charset with forceBinary", async () => {
    const { s, c } = pair({}, {});
    await c.write(enc("é\n"));
    expect(await s.readline()).toBe("\ufffd\ufffd");
    await c.close();
    const f = pair({ forceBinary: true, charset: "cp437" }, { forceBinary: true, charset: "cp437" });
    await f.c.write("é░\n");
    expect(await f.s.readline()).toBe("é░");
    expect(f.s.encoding).toEqual({ input: "IBM437", output: "IBM437" });
    await f.c.close();
  });

  it("readUntil matches a string or a RegExp, returns null at the end, and rejects past maxBuffer", async () => {
    const { s, c } = pair({ maxBuffer: 64 }, {});
    await c.write("login: ");
    expect(await s.readUntil("login: ")).toBe("login: ");
    await c.write("user\r\nPassword:");
    expect(await s.readUntil(/pass\w+:/i)).toBe("user\r\nPassword:");
    await c.write("x".repeat(100));
    await expect(s.readUntil("never")).rejects.toThrow(RangeError);
    expect((await s.read(10))!.length).toBe(10);
    await c.close();
    expect(await s.readUntil("never")).toBeNull();
    expect((await s.read())!.length).toBe(90);
    expect(await s.read()).toBeNull();
  });

  it("reads through a ReadableStream, and writes through a WritableStream", async () => {
    const { s, c } = pair({ forceBinary: true }, { forceBinary: true });
    const writer = c.writable.getWriter();
    await writer.write("hello ");
    await writer.write(enc("wörld"));
    await writer.close();
    let text = "";
    for await (const chunk of s.readable as unknown as AsyncIterable<string>) text += chunk;
    expect(text).toBe("hello wörld");
  });

  it("byte streams carry IAC unharmed", async () => {
    const { s, c } = pair();
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    await c.write(bytes);
    await c.close();
    const chunks: number[] = [];
    const reader = s.readableBytes.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(...r.value);
    // NVT: CR NUL becomes CR (RFC 854); everything else, IAC included, arrives as sent.
    expect(chunks).toEqual([...bytes].filter((b, i) => !(b === 0 && bytes[i - 1] === 13)));
  });
});

describe("TelnetConnection writing", () => {
  it("writes text with NVT line endings, and in BINARY a server still ends lines with CR LF", async () => {
    const { s, c } = pair({ options: { binary: { local: "initiate" } } }, {});
    await s.write("a\nb\r\n");
    expect(dec(await c.readBytes())).toBe("a\r\nb\r\n");
    expect(await s.waitFor("binary", "local")).toBe(true);
    await s.write("c\nd\re\r\n");
    expect(dec(await c.readBytes())).toBe("c\r\nd\re\r\n");
    await c.close();
  });

  it("a client in BINARY writes its text as it is: LF alone ends a line (the server's terminal would read CR LF as two)", async () => {
    const { s, c } = pair({}, { options: { binary: { local: "initiate" } } });
    await c.write("a\n");
    expect(dec(await s.readBytes())).toBe("a\r\n");
    expect(await c.waitFor("binary", "local")).toBe(true);
    await c.write("ls\nx\r\n");
    expect(dec(await s.readBytes())).toBe("ls\nx\r\n");
    await c.close();
  });

  it("echo() writes only while our ECHO is on", async () => {
    const { s, c } = pair({ options: { echo: "offer" } }, {});
    const before = s.isEnabled("echo", "local") ? "on" : "off";
    expect(before).toBe("off");
    expect(await s.echo("x")).toBe(false);
    expect(await s.waitFor("echo", "local")).toBe(true);
    expect(await s.echo("y")).toBe(true);
    expect(await c.read()).toBe("y");
    await c.close();
  });

  it("sends commands, and the peer sees them as events", async () => {
    const { s, c } = pair();
    const ayt = s.next("command");
    await c.send({ type: "command", command: "AYT" });
    expect(await ayt).toMatchObject({ command: "AYT" });
    await c.close();
  });

  it("a slow reader pauses the channel, the writer waits, memory stays bounded", async () => {
    const { s, c, b } = pair({}, { maxBuffer: 4096 }, 8192);
    const chunk = new Uint8Array(1024).fill(0x41);
    let accepted = 0;
    const writer = (async () => {
      for (let i = 0; i < 200; i++) {
        if (!(await s.write(chunk))) break;
        accepted += chunk.length;
      }
    })();
    for (let i = 0; i < 20; i++) await tick();
    // The client read nothing: it paused its channel, the server's writes wait for a drain.
    expect(b.paused).toBe(true);
    const stalledAt = accepted;
    expect(stalledAt).toBeLessThan(4096 + 8192 + 2 * 1024 + 1);
    // A wait for the drain can be given up, like every wait.
    await expect(s.drain({ signal: AbortSignal.timeout(10) })).rejects.toThrow();
    let total = 0;
    while (total < 200 * 1024) total += (await c.readBytes())!.length;
    await writer;
    expect(accepted).toBe(200 * 1024);
    expect(total).toBe(200 * 1024);
    await c.close();
  });

  it("close() flushes what was written; nothing is written after", async () => {
    const { s, c, a } = pair();
    void s.write("last words\n");
    const closing = s.close();
    expect(s.readyState).toBe("closing");
    expect(await s.write("too late")).toBe(false);
    expect(a.write(enc("x"))).toBe(false);
    expect(await c.readline()).toBe("last words");
    expect(await c.readline()).toBeNull();
    await closing;
    expect(await s.closed).toEqual({ type: "close", reason: "local" });
    expect(await c.closed).toEqual({ type: "close", reason: "remote" });
  });

  it("a reset ends the connection with the error as the reason", async () => {
    const { s, c, b } = pair();
    const line = s.readline();
    b.destroy();
    expect(await line).toBeNull();
    const ev = await s.closed;
    expect(ev.reason).toBe("error");
    expect((ev.error as NodeJS.ErrnoException).code).toBe("ECONNRESET");
    expect(await c.closed).toEqual({ type: "close", reason: "remote" });
  });

  it("closes after the idle timeout, counting only what the peer sends", async () => {
    const { s, c } = pair({ idleTimeout: 40 });
    const started = Date.now();
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 20));
      await c.write("still here\n");
    }
    expect(s.readyState).toBe("open");
    const ev = await s.closed;
    expect(ev.reason).toBe("idle-timeout");
    expect(Date.now() - started).toBeGreaterThanOrEqual(60 + 40 - 5);
    expect((await c.closed).reason).toBe("remote");
  });

  it("nothing reaches the channel after close, even answers to late negotiation", async () => {
    const t = scriptedChannel();
    const s = new TelnetConnection(t.ch, { role: "server" });
    void s.close();
    expect(t.calls).toContain("end");
    t.feed(Uint8Array.of(255, 253, OPT.SGA));
    expect(t.written.length).toBe(0);
    t.events().close();
    expect((await s.closed).reason).toBe("local");
  });

  it("a listener that throws does not break the connection", async () => {
    const t = scriptedChannel();
    const s = new TelnetConnection(t.ch, { role: "server" });
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on("uncaughtException", onError);
    try {
      s.on("command", () => {
        throw new Error("listener bug");
      });
      t.feed(Uint8Array.of(255, 246, 0x41, 0x0a));
      expect(await s.readline()).toBe("A");
      await tick();
    } finally {
      process.off("uncaughtException", onError);
    }
    expect(errors).toHaveLength(1);
  });
});
