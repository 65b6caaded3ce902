import { describe, expect, it } from "vitest";
import { TelnetConnection, createChannelPair, type ConnectionOptions } from "@telnetkit/core";

type Opts = Omit<ConnectionOptions, "role">;

function pair(server: Opts = {}, client: Opts = {}, highWaterMark?: number) {
  const [a, b] = createChannelPair({ highWaterMark });
  const s = new TelnetConnection(a, { role: "server", ...server });
  const c = new TelnetConnection(b, { role: "client", ...client });
  return { s, c, a, b };
}

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
