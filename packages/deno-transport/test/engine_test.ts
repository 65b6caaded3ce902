// The engine under Deno: it picks the portable byte search (Deno's global Buffer is slower)
// and parses the same as under Node.
import { byteSearch, TelnetSession } from "@telnetkit/core";

const Deno = (globalThis as unknown as { Deno: { test(name: string, fn: () => void): void } }).Deno;

function assertEqual(actual: unknown, expected: unknown): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`expected ${e}, got ${a}`);
}

Deno.test("the engine uses Uint8Array#indexOf under Deno", () => {
  assertEqual(byteSearch, "typed-array");
});

Deno.test("the engine parses data, IAC IAC and negotiation under Deno", () => {
  const s = new TelnetSession({ role: "server" });
  const events = s.receive(new Uint8Array([104, 105, 255, 255, 13, 0, 255, 251, 31]));
  assertEqual(
    events.map((e) => (e.type === "data" || e.type === "transmit" ? { type: e.type, bytes: [...e.bytes] } : e)),
    [
      { type: "data", bytes: [104, 105, 255, 13] },
      { type: "transmit", bytes: [255, 253, 31] },
      { type: "option", option: 31, side: "remote", enabled: true },
    ],
  );
});
