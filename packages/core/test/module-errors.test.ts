import { describe, expect, it } from "vitest";
import { IAC, SB, SE, TelnetSession, WILL, WONT, type OptionModule } from "@telnetkit/core";
import { bytes, dataOf, ofType } from "./helpers.js";

const CODE = 190;

function failing(hook: "receive" | "changed" | "negotiate"): OptionModule {
  const boom = () => {
    throw new Error(`${hook} failed`);
  };
  return { code: CODE, name: "vendor", defaults: { server: { remote: "accept" } }, [hook]: boom };
}

describe("an option module that throws: receive() does not, the session goes on", () => {
  for (const hook of ["receive", "changed", "negotiate"] as const) {
    it(`a ${hook} hook that throws is a module-error warning, and the bytes after it are read`, () => {
      const s = new TelnetSession({ role: "server", modules: [failing(hook)] });
      const input = bytes(IAC, WILL, CODE, IAC, SB, CODE, 1, IAC, SE, "after", IAC, WONT, CODE, "end");
      let ev: ReturnType<TelnetSession["receive"]> = [];
      expect(() => {
        ev = s.receive(input);
      }).not.toThrow();
      const errors = ofType(ev, "warning").filter((w) => w.code === "module-error");
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((w) => w.option === CODE && w.message.includes(`${hook} failed`))).toBe(true);
      // A module that failed to negotiate left the option off: its subnegotiation is then a raw one.
      const others = ofType(ev, "warning").filter((w) => w.code !== "module-error").map((w) => w.code);
      expect(others).toEqual(hook === "negotiate" ? ["sb-not-enabled"] : []);
      expect(dataOf(ev)).toEqual([...bytes("afterend")]);
    });
  }
});

describe("a command that throws sends nothing", () => {
  it("output a module's send() queued before it threw is not sent later", () => {
    const half: OptionModule = {
      code: CODE,
      name: "vendor",
      commands: ["vendor-half"],
      send(_command, host) {
        host.subnegotiate(CODE, [1, 2, 3]);
        throw new TypeError("vendor-half: invalid");
      },
    };
    const s = new TelnetSession({ role: "server", modules: [half] });
    expect(() => s.send({ type: "vendor-half" } as never)).toThrow(TypeError);
    // The next output is only what is owed for the next input.
    expect(s.receive(bytes(IAC, WILL, 77))).toEqual([{ type: "transmit", bytes: bytes(IAC, 254, 77) }]);
  });
});
