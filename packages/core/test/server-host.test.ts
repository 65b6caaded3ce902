import { describe, expect, it } from "vitest";
import {
  clientSetup,
  connectWithin,
  createChannelPair,
  createServerHost,
  TelnetConnection,
  type ServerOptionsBase,
  type Shell,
} from "../src/index.js";

// A server host fed in-memory channels, and clients on their other ends.
function harness(options: ServerOptionsBase, shell: Shell) {
  const errors: Error[] = [];
  const host = createServerHost({ onError: (e) => errors.push(e), ...options }, shell);
  const dial = (clientOptions: Partial<ConstructorParameters<typeof TelnetConnection>[1]> = {}) => {
    const [server, client] = createChannelPair();
    const conn = host.accept(server, { remote: { address: "127.0.0.1", port: 4000 } });
    const peer = new TelnetConnection(client, { role: "client", terminalTypes: ["VT100"], windowSize: { width: 80, height: 24 }, ...clientOptions });
    return { conn, peer };
  };
  return { host, dial, errors };
}

describe("createServerHost", () => {
  it("runs the shell once negotiation settled, then closes the connection and forgets it", async () => {
    let seen: { type?: string; size?: string; remote?: string } = {};
    const { host, dial } = harness({}, async (conn) => {
      seen = { type: conn.terminalType, size: `${conn.windowSize?.width}x${conn.windowSize?.height}`, remote: conn.remote?.address };
      await conn.write("hi\n");
    });
    const { conn, peer } = dial();
    expect(host.connections.has(conn!)).toBe(true);
    expect(await peer.readline()).toBe("hi");
    expect(await peer.readline()).toBeNull();
    expect((await conn!.closed).reason).toBe("local");
    expect(seen).toEqual({ type: "VT100", size: "80x24", remote: "127.0.0.1" });
    expect(host.connections.size).toBe(0);
  });

  it("asks for terminal type, window size, environment and binary input by default", async () => {
    const { dial } = harness({}, async (conn) => void (await conn.readline()));
    const { conn, peer } = dial();
    expect(await peer.waitForNegotiation()).toBe(true);
    expect(conn!.enabledOptions().remote.sort()).toEqual(["BINARY", "NAWS", "NEW_ENVIRON", "TTYPE"]);
    peer.destroy();
  });

  it("turns away connections above maxConnections with the busy message", async () => {
    const { host, dial } = harness({ maxConnections: 1, settle: false }, async (conn) => {
      await conn.write("welcome\n");
      await conn.readline();
    });
    const first = dial();
    expect(await first.peer.readline()).toBe("welcome");
    const second = dial();
    expect(second.conn).toBeNull();
    expect(await second.peer.readline()).toBe("Too many connections, try again later.");
    expect((await second.peer.closed).reason).toBe("remote");
    expect(host.connections.size).toBe(1);
    first.peer.destroy();
  });

  it("reports a shell's error and still closes its connection", async () => {
    const { dial, errors } = harness({ settle: false }, async () => {
      throw new Error("shell broke");
    });
    const { conn, peer } = dial();
    expect(await peer.readline()).toBeNull();
    await conn!.closed;
    expect(errors.map((e) => e.message)).toEqual(["shell broke"]);
  });

  it("closes gracefully: shells get `timeout` ms to finish, then their connections close; nothing new is accepted", async () => {
    const order: string[] = [];
    const { host, dial } = harness({ settle: false }, async (conn) => {
      const line = await conn.readline(); // null once the host closes the connection
      order.push(`shell read ${line}`);
    });
    const { peer } = dial();
    const closing = host.close(50).then(() => order.push("closed"));
    expect(host.closing).toBe(true);
    const late = dial();
    expect(late.conn).toBeNull();
    expect(await late.peer.readline()).toBeNull();
    await closing;
    expect(order).toEqual(["shell read null", "closed"]);
    expect(await peer.readline()).toBeNull();
    expect(host.connections.size).toBe(0);
  });
});

describe("clientSetup", () => {
  it("fills in the defaults and the terminal the client reports", () => {
    const plain = clientSetup({}, false);
    expect([plain.host, plain.port, plain.connectTimeout]).toEqual(["127.0.0.1", 23, 10_000]);
    expect(plain.connection.role).toBe("client");
    // No size to report: NAWS is refused rather than agreed and left silent.
    expect(plain.connection.options).toEqual({ naws: "refuse" });
    expect(clientSetup({}, true).port).toBe(992);
    const full = clientSetup({ host: "::1", port: 2323, term: "VT100", cols: 132, rows: 43, tls: true, options: { echo: "accept" } }, true);
    expect([full.host, full.port]).toEqual(["::1", 2323]);
    expect(full.connection.terminalTypes).toEqual(["VT100"]);
    expect(full.connection.windowSize).toEqual({ width: 132, height: 43 });
    expect(full.connection.options).toEqual({ echo: "accept" });
    expect("tls" in full.connection).toBe(false);
  });
});

describe("connectWithin", () => {
  const where = { host: "127.0.0.1", port: 1 };

  it("resolves with what the runtime's connect gives", async () => {
    await expect(connectWithin({ ...where, connectTimeout: 1000 }, async () => "socket", () => {})).resolves.toBe("socket");
  });

  it("gives up after connectTimeout, cancels, and disposes of a socket that comes late", async () => {
    let cancelled = false;
    let arrive!: (s: string) => void;
    const disposed: string[] = [];
    const attempt = connectWithin(
      { ...where, connectTimeout: 20 },
      (cancel) => {
        cancel.addEventListener("abort", () => (cancelled = true));
        return new Promise<string>((resolve) => (arrive = resolve));
      },
      (s) => disposed.push(s),
    );
    await expect(attempt).rejects.toThrow("connect to 127.0.0.1:1 timed out");
    expect(cancelled).toBe(true);
    arrive("late socket");
    await Promise.resolve();
    expect(disposed).toEqual(["late socket"]);
  });

  it("stops at the caller's abort signal, and at a failed connect", async () => {
    const ac = new AbortController();
    const attempt = connectWithin({ ...where, connectTimeout: 1000, signal: ac.signal }, () => new Promise<string>(() => {}), () => {});
    ac.abort(new Error("user gave up"));
    await expect(attempt).rejects.toThrow("user gave up");
    await expect(
      connectWithin({ ...where, connectTimeout: 1000, signal: ac.signal }, async () => "never", () => {}),
    ).rejects.toThrow("user gave up");
    await expect(
      connectWithin({ ...where, connectTimeout: 1000 }, async () => Promise.reject(new Error("ECONNREFUSED")), () => {}),
    ).rejects.toThrow("ECONNREFUSED");
  });
});
