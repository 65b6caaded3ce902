import { describe, expect, it } from "vitest";
import {
  COM_PORT_LINESTATE,
  COM_PORT_MODEMSTATE,
  DO,
  DONT,
  IAC,
  OPT,
  SB,
  SE,
  TelnetSession,
  WILL,
  comPortFlags,
  comPortState,
  decodeComPort,
  encodeComPort,
  type ComPortMessage,
} from "@telnetkit/core";
import { bytes, ofType, pair, transmitted } from "./helpers.js";

const sb = (...payload: number[]) => bytes(IAC, SB, OPT.COM_PORT, ...payload, IAC, SE);
// peers/oracle comport-set-baud: SET-BAUDRATE 9600 from a client.
const SET_BAUD_9600 = bytes(0xff, 0xfa, 0x2c, 0x01, 0x00, 0x00, 0x25, 0x80, 0xff, 0xf0);

function accessServer(signature?: string) {
  const s = new TelnetSession({ role: "server", comPort: signature === undefined ? {} : { signature } });
  expect(transmitted(s.receive(bytes(IAC, WILL, OPT.COM_PORT)))).toEqual([IAC, DO, OPT.COM_PORT]);
  return s;
}

describe("RFC 2217 — COM-PORT-OPTION codec", () => {
  const all: ComPortMessage[] = [
    { command: "signature", text: "" },
    { command: "signature", text: "ACME terminal server 1.0" },
    { command: "set-baudrate", baudRate: 115200 },
    { command: "set-datasize", dataSize: 8 },
    { command: "set-parity", parity: "even" },
    { command: "set-stopsize", stopSize: "1.5" },
    { command: "set-control", control: "dtr-on" },
    { command: "notify-linestate", lineState: 0x61 },
    { command: "notify-modemstate", modemState: 0xb0 },
    { command: "flowcontrol-suspend" },
    { command: "flowcontrol-resume" },
    { command: "set-linestate-mask", mask: 0x0e },
    { command: "set-modemstate-mask", mask: 0xff },
    { command: "purge-data", purge: "both" },
  ];

  it("every subcommand, client codes 0-12 and server codes 100-112, round trips", () => {
    all.forEach((m, i) => {
      const client = encodeComPort(m);
      const server = encodeComPort(m, true);
      expect(client[0]).toBe(i === 0 ? 0 : i - 1);
      expect(server[0]).toBe(client[0] + 100);
      expect(decodeComPort(client)).toEqual({ type: "com-port", from: "client", ...m });
      expect(decodeComPort(server)).toEqual({ type: "com-port", from: "server", ...m });
    });
  });

  it("section 2: the baud rate is four octets, network order; 0 asks for the current one", () => {
    expect([...encodeComPort({ command: "set-baudrate", baudRate: 9600 })]).toEqual([1, 0, 0, 0x25, 0x80]);
    expect(decodeComPort(bytes(101, 0, 0x01, 0xc2, 0x00))).toMatchObject({ from: "server", baudRate: 115200 });
    expect(decodeComPort(bytes(1, 0xff, 0xff, 0xff, 0xff))).toMatchObject({ baudRate: 4294967295 });
  });

  it("value tables: parity, stop size, control and purge by name; unnamed values stay numbers", () => {
    expect(["request", "none", "odd", "even", "mark", "space"].map((p) => encodeComPort({ command: "set-parity", parity: p as "odd" })[1])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(decodeComPort(bytes(4, 3))).toMatchObject({ stopSize: "1.5" });
    expect(decodeComPort(bytes(5, 19))).toMatchObject({ control: "flow-dsr" });
    expect(decodeComPort(bytes(5, 13))).toMatchObject({ control: "request-inbound-flow" });
    expect(decodeComPort(bytes(5, 20))).toMatchObject({ control: 20 });
    expect(decodeComPort(bytes(12, 1))).toMatchObject({ purge: "receive" });
    expect(decodeComPort(bytes(12, 0))).toMatchObject({ purge: 0 });
    expect(comPortFlags(COM_PORT_MODEMSTATE, 0x90)).toMatchObject({ carrierDetect: true, clearToSend: true, ringIndicator: false });
    expect(comPortFlags(COM_PORT_LINESTATE, 1).dataReady).toBe(true);
  });

  it("rejects wrong lengths and undefined codes", () => {
    for (const bad of [bytes(), bytes(1, 0, 0, 0x25), bytes(2), bytes(2, 8, 8), bytes(8, 0), bytes(13, 0), bytes(99), bytes(113, 1)]) {
      expect(typeof decodeComPort(bad)).toBe("string");
    }
    expect(() => encodeComPort({ command: "set-parity", parity: "weird" as "odd" })).toThrow(TypeError);
    expect(() => encodeComPort({ command: "set-datasize", dataSize: 256 })).toThrow(TypeError);
  });
});

describe("RFC 2217 — COM-PORT-OPTION as an access server", () => {
  it("is refused unless configured: C-Kermit's WILL COM_PORT gets DONT, as from real servers", () => {
    const s = new TelnetSession({ role: "server" });
    expect(transmitted(s.receive(bytes(IAC, WILL, OPT.COM_PORT)))).toEqual([IAC, DONT, OPT.COM_PORT]);
  });

  it("a client's SET-BAUDRATE is an event; the application acknowledges with the value in use (+100)", () => {
    const s = accessServer();
    const ev = s.receive(SET_BAUD_9600);
    expect(ofType(ev, "com-port")).toEqual([{ type: "com-port", from: "client", command: "set-baudrate", baudRate: 9600 }]);
    expect(transmitted(ev)).toEqual([]);
    expect([...s.send({ type: "com-port", command: "set-baudrate", baudRate: 9600 })]).toEqual([...sb(101, 0, 0, 0x25, 0x80)]);
    expect(comPortState(s).baudRate).toBe(9600);
  });

  it("answers SIGNATURE requests from settings, keeps and acknowledges the masks (section 3)", () => {
    const s = accessServer("telnetkit port 1");
    expect(transmitted(s.receive(sb(0)))).toEqual([...sb(100, ..."telnetkit port 1".split("").map((c) => c.charCodeAt(0)))]);
    expect(comPortState(s)).toMatchObject({ lineStateMask: 0, modemStateMask: 255 });
    expect(transmitted(s.receive(sb(10, 0x0e)))).toEqual([...sb(110, 0x0e)]);
    expect(transmitted(s.receive(sb(11, 0x80)))).toEqual([...sb(111, 0x80)]);
    expect(comPortState(s)).toMatchObject({ lineStateMask: 0x0e, modemStateMask: 0x80 });
  });

  it("notifications go out ANDed with the client's mask, and not at all when that is zero", () => {
    const s = accessServer();
    // Initial line-state mask 0: nothing is sent.
    expect(s.send({ type: "com-port", command: "notify-linestate", lineState: 0x61 })).toEqual(new Uint8Array(0));
    s.receive(sb(10, 0x60));
    expect([...s.send({ type: "com-port", command: "notify-linestate", lineState: 0x61 })]).toEqual([...sb(106, 0x60)]);
    // Initial modem-state mask 255: everything goes.
    expect([...s.send({ type: "com-port", command: "notify-modemstate", modemState: 0x88 })]).toEqual([...sb(107, 0x88)]);
  });

  it("FLOWCONTROL-SUSPEND / RESUME set the suspended state (section 5); repeated suspends are one", () => {
    const s = accessServer();
    s.receive(sb(8));
    s.receive(sb(8));
    expect(comPortState(s).suspended).toBe(true);
    s.receive(sb(9));
    expect(comPortState(s).suspended).toBe(false);
  });

  it("a server code from the client is the wrong direction; malformed values are warned", () => {
    const s = accessServer();
    expect(ofType(s.receive(sb(101, 0, 0, 0, 1)), "warning").map((w) => w.code)).toEqual(["wrong-direction"]);
    const ev = s.receive(sb(3));
    expect(ofType(ev, "warning").map((w) => w.code)).toEqual(["malformed-subnegotiation"]);
    expect(ofType(ev, "com-port")).toEqual([]);
  });
});

describe("RFC 2217 — COM-PORT-OPTION as a client", () => {
  it("offers WILL when configured and requests its settings in section 2's order once agreed", () => {
    const c = new TelnetSession({
      role: "client",
      comPort: { configure: { baudRate: 9600, dataSize: 8, parity: "none", stopSize: "1" } },
    });
    expect([...c.start()]).toEqual([IAC, WILL, OPT.COM_PORT]);
    expect(transmitted(c.receive(bytes(IAC, DO, OPT.COM_PORT)))).toEqual([
      ...SET_BAUD_9600,
      ...sb(2, 8),
      ...sb(3, 1),
      ...sb(4, 1),
    ]);
  });

  it("keeps what the server acknowledged and notified", () => {
    const p = pair({ role: "server", comPort: {} }, { role: "client", comPort: {} });
    p.open();
    p.fromClient(p.client.send({ type: "com-port", command: "set-control", control: "flow-hardware" }));
    const req = ofType(p.seen.server, "com-port");
    expect(req).toEqual([{ type: "com-port", from: "client", command: "set-control", control: "flow-hardware" }]);
    p.fromServer(p.server.send({ type: "com-port", command: "set-control", control: "flow-hardware" }));
    p.fromServer(p.server.send({ type: "com-port", command: "set-control", control: "dtr-off" }));
    p.fromServer(p.server.send({ type: "com-port", command: "set-parity", parity: "odd" }));
    p.fromServer(p.server.send({ type: "com-port", command: "notify-modemstate", modemState: 0x80 }));
    p.fromServer(p.server.send({ type: "com-port", command: "flowcontrol-suspend" }));
    expect(comPortState(p.client)).toMatchObject({
      flowControl: "hardware",
      dtr: false,
      parity: "odd",
      modemState: 0x80,
      suspended: true,
    });
    expect([...p.seen.client, ...p.seen.server].filter((e) => e.type === "warning")).toEqual([]);
  });

  it("a client code from the server is the wrong direction", () => {
    const c = new TelnetSession({ role: "client", comPort: {} });
    c.receive(bytes(IAC, DO, OPT.COM_PORT));
    expect(ofType(c.receive(SET_BAUD_9600), "warning").map((w) => w.code)).toEqual(["wrong-direction"]);
  });
});
