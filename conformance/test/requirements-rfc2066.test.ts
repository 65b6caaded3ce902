/**
 * RFC 2066 (CHARSET) requirements that no other test checked.
 */
import { describe, expect, it } from "vitest";
import { TelnetConnection, createChannelPair } from "@telnetkit/core";
import { DO, IAC, SB, SE, WILL } from "../src/telnet.js";

const CHARSET = 42;
const ACCEPTED = 2;
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("RFC 2066 §5 — data while a CHARSET subnegotiation is in progress", () => {
  it("a connection is not settled while its REQUEST is unanswered, so a server that waits for negotiation queues its text until the answer", async () => {
    const [ours, raw] = createChannelPair();
    const received: number[] = [];
    raw.start({ data: (b) => received.push(...b), drain() {}, end() {}, close() {} });
    const server = new TelnetConnection(ours, { role: "server", options: { charset: "request" }, charsets: ["UTF-8"] });
    let settled = false;
    const waiting = server.waitForNegotiation({ maxWait: 5000 }).then((v) => (settled = v));
    await tick();
    expect(received.join(",")).toContain([IAC, DO, CHARSET].join(","));
    received.length = 0;
    raw.write(Uint8Array.from([IAC, WILL, CHARSET, IAC, DO, CHARSET]));
    for (let i = 0; i < 20 && !received.includes(SB); i++) await tick();
    expect(received.slice(0, 4)).toEqual([IAC, SB, CHARSET, 1]); // our REQUEST
    expect(server.isSettled()).toBe(false);
    for (let i = 0; i < 5; i++) await tick();
    expect(settled).toBe(false);
    raw.write(Uint8Array.from([IAC, SB, CHARSET, ACCEPTED, ...new TextEncoder().encode("UTF-8"), IAC, SE]));
    await waiting;
    expect(settled).toBe(true);
    expect(server.isSettled()).toBe(true);
    raw.destroy();
  });
});
