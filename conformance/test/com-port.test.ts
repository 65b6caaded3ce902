import { describe, it } from "vitest";
import fc from "fast-check";
import { OPT, decodeComPort, encodeComPort, type ComPortEvent, type ComPortMessage } from "@telnetkit/core";
import { byte, checkDecodeNeverThrows, checkRoundTrips, checkSessionTakesAnyPayload, latin1String, payloadsFor } from "../src/option-codec.js";

const PARITY = ["request", "none", "odd", "even", "mark", "space"] as const;
const STOP = ["request", "1", "2", "1.5"] as const;
const PURGE = [undefined, "receive", "transmit", "both"] as const;
const CONTROL = [
  "request-flow", "flow-none", "flow-xon-xoff", "flow-hardware", "request-break", "break-on", "break-off",
  "request-dtr", "dtr-on", "dtr-off", "request-rts", "rts-on", "rts-off", "request-inbound-flow",
  "inbound-flow-none", "inbound-flow-xon-xoff", "inbound-flow-hardware", "flow-dcd", "inbound-flow-dtr", "flow-dsr",
] as const;
// The decoded form names a value when the RFC does, as a byte otherwise.
const named = <T>(names: readonly (T | undefined)[]) => byte.map((b) => names[b] ?? b);

const message: fc.Arbitrary<ComPortMessage> = fc.oneof(
  latin1String().map((text) => ({ command: "signature" as const, text })),
  fc.integer({ min: 0, max: 0xffffffff }).map((baudRate) => ({ command: "set-baudrate" as const, baudRate })),
  byte.map((dataSize) => ({ command: "set-datasize" as const, dataSize })),
  named(PARITY).map((parity) => ({ command: "set-parity" as const, parity })),
  named(STOP).map((stopSize) => ({ command: "set-stopsize" as const, stopSize })),
  named(CONTROL).map((control) => ({ command: "set-control" as const, control })),
  byte.map((lineState) => ({ command: "notify-linestate" as const, lineState })),
  byte.map((modemState) => ({ command: "notify-modemstate" as const, modemState })),
  fc.constant({ command: "flowcontrol-suspend" as const }),
  fc.constant({ command: "flowcontrol-resume" as const }),
  byte.map((mask) => ({ command: "set-linestate-mask" as const, mask })),
  byte.map((mask) => ({ command: "set-modemstate-mask" as const, mask })),
  named(PURGE).map((purge) => ({ command: "purge-data" as const, purge })),
);
const firstBytes = [...Array(13).keys(), ...Array.from({ length: 13 }, (_, i) => i + 100)];

describe("RFC 2217 — COM-PORT-OPTION codec", () => {
  it("encode then decode is the identity for every subcommand, client and server codes, both ways", () => {
    for (const server of [false, true]) {
      checkRoundTrips(
        {
          decode: (p: Uint8Array) => decodeComPort(p),
          encode: (m: ComPortMessage | ComPortEvent) => encodeComPort(m, "from" in m ? m.from === "server" : server),
        },
        message as fc.Arbitrary<ComPortMessage | ComPortEvent>,
        { expected: (m) => ({ type: "com-port", from: server ? "server" : "client", ...m }), payloads: payloadsFor(firstBytes, 6) },
      );
    }
  });

  it("never throws, and a session of either role takes any payload", () => {
    checkDecodeNeverThrows(decodeComPort, payloadsFor(firstBytes, 300));
    checkSessionTakesAnyPayload(OPT.COM_PORT, payloadsFor(firstBytes, 6), { comPort: { signature: "x" } });
  });
});
