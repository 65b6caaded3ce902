import { describe, expect, it } from "vitest";
import { InputBuffer, TelnetConnection, createChannelPair, createServerHost, utf8, type ChannelEvents } from "@telnetkit/core";
import { connectionPair as pair } from "./helpers.js";

const enc = (s: string) => new TextEncoder().encode(s);

describe("TelnetConnection under a hostile or broken peer", () => {
  it("readline waits on past a pause that bytes caused when the characters are fewer than maxBuffer", async () => {
    const { s, c, a } = pair({ forceBinary: true, maxBuffer: 1024 }, { forceBinary: true });
    // 3 bytes per character: 1800 bytes paused the peer, but they are 600 characters, no line yet.
    void c.write(enc("€".repeat(600)));
    await new Promise((r) => setTimeout(r, 20));
    const line = s.readline({ signal: AbortSignal.timeout(2000) });
    await c.write("\r\n");
    expect(await line).toBe("€".repeat(600));
    expect(a.paused).toBe(false);
    await c.close();
  });

  it("readUntil waits on past a pause that bytes caused when the characters are fewer than maxBuffer", async () => {
    const { s, c } = pair({ forceBinary: true, maxBuffer: 1024 }, { forceBinary: true });
    void c.write(enc("é".repeat(600)));
    await new Promise((r) => setTimeout(r, 20));
    const found = s.readUntil("$ ", { signal: AbortSignal.timeout(2000) });
    await c.write("$ ");
    expect(await found).toBe("é".repeat(600) + "$ ");
    await c.close();
  });
});

describe("TelnetConnection waits on a closed connection", () => {
  it("next() rejects at once once the connection is closed (the close event it listens for has passed)", async () => {
    const { s, c } = pair();
    await c.close();
    await s.closed;
    const outcome = await Promise.race([
      s.next("command").then(
        () => "resolved",
        () => "rejected",
      ),
      new Promise((r) => setTimeout(() => r("still waiting"), 200)),
    ]);
    expect(outcome).toBe("rejected");
    expect(await s.next("close")).toEqual({ type: "close", reason: "remote" });
  });
});

describe("TelnetConnection aborted waits", () => {
  it("a read queued behind another that waits is given up when its signal aborts", async () => {
    const { s, c } = pair();
    const first = s.readline();
    const second = s.readline({ signal: AbortSignal.timeout(20) });
    const outcome = await Promise.race([
      second.then(
        () => "resolved",
        (err: Error) => err.name,
      ),
      new Promise((r) => setTimeout(() => r("still waiting"), 1000)),
    ]);
    expect(outcome).toBe("TimeoutError");
    // The aborted read took nothing: the next line goes to the first read, the one after to a new read.
    await c.write("one\ntwo\n");
    expect(await first).toBe("one");
    expect(await s.readline()).toBe("two");
    await c.close();
  });
});

describe("TelnetConnection aborted drain waits", () => {
  it("a drain() given up holds nothing: a thousand abandoned waits leave only the blocked write's", async () => {
    let events!: ChannelEvents;
    const s = new TelnetConnection(
      { start: (e) => (events = e), write: () => false, pause() {}, resume() {}, end() {}, destroy() {} },
      { role: "server", options: {} },
    );
    const written = s.write("to a full channel\n");
    for (let i = 0; i < 1000; i++) {
      const ac = new AbortController();
      const wait = s.drain({ signal: ac.signal });
      ac.abort();
      await expect(wait).rejects.toBeDefined();
    }
    const waiters = (s as unknown as { drainWaiters: unknown[] | null }).drainWaiters;
    expect(waiters?.length).toBe(1);
    events.drain();
    expect(await written).toBe(true);
    s.destroy();
  });
});

describe("server host close", () => {
  it("resolves within its bounds when a shell never returns; the connection is closed", async () => {
    const errors: Error[] = [];
    const host = createServerHost({ onError: (e) => errors.push(e), settle: false, closeTimeout: 100 }, async () => {
      await new Promise(() => {}); // a shell stuck on something of its own
    });
    const [server, client] = createChannelPair();
    const conn = host.accept(server)!;
    const peer = new TelnetConnection(client, { role: "client" });
    const outcome = await Promise.race([
      host.close(50).then(() => "closed"),
      new Promise((r) => setTimeout(() => r("still closing"), 2000)),
    ]);
    expect(outcome).toBe("closed");
    expect(conn.readyState).toBe("closed");
    expect(host.connections.size).toBe(0);
    expect((await peer.closed).reason).toBe("remote");
  });
});

describe("TelnetConnection read sizes", () => {
  it("read and readBytes reject a max below 1 or not a number, and take a fraction down", async () => {
    const { s, c } = pair();
    await c.write("abcdef");
    for (let i = 0; i < 100 && s.bufferedInput < 6; i++) await new Promise((r) => setTimeout(r, 0));
    for (const max of [0, -1, Number.NaN]) {
      await expect(s.readBytes(max)).rejects.toThrow(RangeError);
      await expect(s.read(max)).rejects.toThrow(RangeError);
    }
    expect(s.bufferedInput).toBe(6);
    expect(new TextDecoder().decode((await s.readBytes(2.5))!)).toBe("ab");
    expect(await s.read(1.9)).toBe("c");
    expect(await s.read()).toBe("def");
    expect(s.bufferedInput).toBe(0);
    await c.close();
  });
});

describe("TelnetConnection writable stream", () => {
  it("a chunk that waited for a drain when the connection closed fails the stream; it was reported written", async () => {
    let events!: ChannelEvents;
    const s = new TelnetConnection(
      { start: (e) => (events = e), write: () => false, pause() {}, resume() {}, end() {}, destroy() {} },
      { role: "server", options: {} },
    );
    const writer = s.writable.getWriter();
    const last = writer.write("the last chunk, never sent\n");
    await new Promise((r) => setTimeout(r, 0)); // the chunk is with the connection, waiting for a drain
    expect(s.readyState).toBe("open");
    events.close(Object.assign(new Error("connection reset by peer"), { code: "ECONNRESET" }));
    await expect(last).rejects.toThrow(/closed/);
  });
});

describe("TelnetConnection readable stream", () => {
  it("a read the stream had waiting when it was cancelled takes nothing: the next read gets the text", async () => {
    const { s, c } = pair();
    const reader = s.readable.getReader();
    const pending = reader.read();
    await new Promise((r) => setTimeout(r, 0));
    await reader.cancel();
    expect((await pending).done).toBe(true);
    await c.write("hello");
    expect(await s.read(undefined, { signal: AbortSignal.timeout(2000) })).toBe("hello");
    await c.close();
  });
});

describe("InputBuffer: CR NUL is a whole line end (RFC 854)", () => {
  it("an LF after CR NUL ends another line, in one chunk or cut anywhere, read as it comes or at the end", () => {
    const stream = new TextEncoder().encode("a\r\0\nb\r\0\0\n\r\0c\r\0");
    const expected = ["a", "", "b", "", "", "c"];
    for (let cut = 0; cut <= stream.length; cut++) {
      for (const early of [true, false]) {
        const buf = new InputBuffer(utf8);
        const got: string[] = [];
        const take = () => {
          for (let l = buf.line(100); l !== null; l = buf.line(100)) got.push(l);
        };
        buf.push(stream.slice(0, cut));
        if (early) take();
        buf.push(stream.slice(cut));
        take();
        buf.push(new TextEncoder().encode("\nd\n"));
        take();
        expect({ cut, early, got }).toEqual({ cut, early, got: [...expected, "", "d"] });
      }
    }
  });
});

describe("InputBuffer: a line longer than the limit", () => {
  it("comes in pieces that split no character (a surrogate pair stays whole)", () => {
    const buf = new InputBuffer(utf8);
    buf.push(new TextEncoder().encode("a" + "😀".repeat(5) + "\n"));
    const pieces: string[] = [];
    for (let l = buf.line(4); l !== null; l = buf.line(4)) pieces.push(l);
    expect(pieces.join("")).toBe("a" + "😀".repeat(5));
    // No piece ends with the first half of a pair or starts with the second.
    for (const p of pieces) expect(/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(p)).toBe(false);
  });
});

describe("TelnetConnection idle timeout", () => {
  it("a peer we hold back (our reader is slow) is not idle: the connection stays open until it is read", async () => {
    const { s, c } = pair({ idleTimeout: 40, maxBuffer: 256 }, {}, 256);
    const sent = (async () => {
      for (let i = 0; i < 20; i++) await c.write(new Uint8Array(256).fill(0x41));
    })();
    await new Promise((r) => setTimeout(r, 150)); // the shell is busy; the peer waits on us
    expect(s.readyState).toBe("open");
    let got = 0;
    while (got < 20 * 256) got += (await s.readBytes(undefined, { signal: AbortSignal.timeout(2000) }))!.length;
    await sent;
    expect((await s.closed).reason).toBe("idle-timeout"); // and once it is quiet, it is idle
  });
});
