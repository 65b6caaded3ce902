/**
 * Independent decode check: what our sessions send, read by Wireshark's Telnet dissector
 * (tshark), field by field against what we meant to send.
 *
 * Each case makes the bytes through a real session (a `send()` command, or the answer a
 * session makes to a request), and says what it meant: the command, the option, the
 * values. The expected dissector fields are written from that meaning and the RFCs, never
 * from the bytes. Where the dissector shows a subnegotiation only as raw "Option data"
 * (LINEMODE, STATUS, NEW-ENVIRON, ENVIRON, CHARSET, TSPEED, GMCP, MSDP, MSSP in
 * Wireshark 4.0), the check is the framing: the option code and the payload between
 * IAC SB and IAC SE, unescaped, equal to the RFC's layout of the message.
 *
 * Two limits of the dissector (Wireshark 4.0) keep some bytes out of these cases: it
 * misreads a subnegotiation whose last parameter byte is a doubled 255 (IAC IAC IAC SE),
 * and it shows a doubled 255 inside raw option data as a separate data item. Payloads
 * with 255 are checked here only where the dissector decodes the option (NAWS) and the
 * 255 is not last; conformance/test/codecs.test.ts checks the rest against RFC 855.
 *
 * tshark must be installed (Debian package `tshark`; .ci/install-peers.sh installs it):
 * without it these tests fail, they are not skipped.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  COMMAND_CODES,
  OPT,
  TelnetSession,
  type CommandName,
  type Role,
  type SessionOptions,
  type TelnetCommand,
} from "@telnetkit/core";
import { dissect, fieldLines, tsharkVersion, type DissectedField } from "../src/tshark.js";
import { ascii, cat, transmitBytes } from "../src/stream.js";
import { DO, DONT, IAC, SB, SE, WILL, WONT } from "../src/telnet.js";

type Side = "local" | "remote";

/** A session of `role` with both sides (or the given sides) of `option` agreed, whatever it answered to get there. */
function withOption(role: Role, option: number, settings: Partial<SessionOptions> = {}, sides: Side[] = ["local", "remote"]): TelnetSession {
  const s = new TelnetSession({ role, ...settings, options: { [option]: "accept", ...settings.options } });
  s.start();
  const asks: number[] = [];
  if (sides.includes("local")) asks.push(IAC, DO, option);
  if (sides.includes("remote")) asks.push(IAC, WILL, option);
  s.receive(Uint8Array.from(asks));
  for (const side of sides) expect(s.isEnabled(option, side), `${role} ${side} ${option}`).toBe(true);
  return s;
}

/** The bytes a session answers to a subnegotiation from its peer. */
function answer(s: TelnetSession, option: number, payload: readonly number[]): Uint8Array {
  return Uint8Array.from(transmitBytes(s.receive(Uint8Array.from([IAC, SB, option, ...payload, IAC, SE]))));
}

/** `send()` that must produce bytes. */
function sent(s: TelnetSession, command: TelnetCommand): Uint8Array {
  const bytes = s.send(command);
  expect(bytes.length, JSON.stringify(command)).toBeGreaterThan(0);
  return bytes;
}

const hexColons = (bytes: readonly number[]) => bytes.map((b) => b.toString(16).padStart(2, "0")).join(":");

/** Expected lines of a subnegotiation: IAC SB <option> ... IAC SE around the option's own fields. */
const sub = (option: number, inner: string[]): string[] => ["telnet.cmd=250", `telnet.subcmd=${option}`, ...inner, "telnet.cmd=240"];
/** A subnegotiation the dissector shows as raw option data: the payload, unescaped. */
const raw = (option: number, payload: readonly number[]): string[] => sub(option, [`telnet.option_data=${hexColons(payload)}`]);

interface Case {
  name: string;
  /** Who sends these bytes: a client's go to port 23, a server's come from it. */
  from: Role;
  bytes: () => Uint8Array;
  expected: string[];
}

const cases: Case[] = [];
const add = (name: string, from: Role, bytes: () => Uint8Array, expected: string[]) => cases.push({ name, from, bytes, expected });

// ---------------------------------------------------------------- RFC 854, 885, 1184: single-byte commands
const COMMANDS: CommandName[] = ["NOP", "DM", "BRK", "IP", "AO", "AYT", "EC", "EL", "GA", "EOR", "ABORT", "SUSP", "EOF"];
for (const command of COMMANDS) {
  add(`command ${command}`, "server", () => sent(new TelnetSession({ role: "server" }), { type: "command", command }), [
    `telnet.cmd=${COMMAND_CODES[command]}`,
  ]);
}

// ---------------------------------------------------------------- RFC 854 / 1143: WILL, WONT, DO, DONT for every option code
add("WILL and DO asked, DONT and WONT answered, for every option code 0-255", "client", () => {
  const all: Uint8Array[] = [];
  for (let code = 0; code < 256; code++) {
    const asking = new TelnetSession({ role: "client", options: { [code]: "accept" } });
    all.push(sent(asking, { type: "enable", option: code, side: "local" }), sent(asking, { type: "enable", option: code, side: "remote" }));
    const refusing = new TelnetSession({ role: "client", options: { [code]: "refuse" } });
    all.push(Uint8Array.from(transmitBytes(refusing.receive(Uint8Array.from([IAC, WILL, code, IAC, DO, code])))));
  }
  return cat(...all);
}, Array.from({ length: 256 }, (_, code) => [WILL, DO, DONT, WONT].flatMap((verb) => [`telnet.cmd=${verb}`, `telnet.subcmd=${code}`])).flat());

// ---------------------------------------------------------------- data
add("data with IAC doubled, and NVT text", "server", () => {
  const s = new TelnetSession({ role: "server" });
  return cat(sent(s, { type: "data", bytes: Uint8Array.from(ascii("ab")) }), sent(s, { type: "text", text: "hi\n" }));
}, ["telnet.data=abhi\r\n"]);

// ---------------------------------------------------------------- RFC 1073 NAWS
for (const [width, height] of [[80, 24], [255, 24], [65535, 65280], [0, 0], [256, 1]] as const) {
  add(`NAWS ${width}x${height}`, "client", () => sent(withOption("client", OPT.NAWS), { type: "naws", width, height }), sub(OPT.NAWS, [
    `telnet.naws_subopt.width=${width}`,
    `telnet.naws_subopt.height=${height}`,
  ]));
}

// ---------------------------------------------------------------- RFC 1091 TTYPE, RFC 1096 XDISPLOC (IS 0, SEND 1)
add("TTYPE SEND", "server", () => sent(withOption("server", OPT.TTYPE, { ttypeCycle: false }), { type: "ttype", kind: "send" }), sub(OPT.TTYPE, ["telnet.subcmd=1"]));
for (const name of ["XTERM-256COLOR", "VT100", "MTTS 2825"]) {
  add(`TTYPE IS ${name}`, "client", () => answer(withOption("client", OPT.TTYPE, { terminalTypes: [name] }), OPT.TTYPE, [1]), sub(OPT.TTYPE, [
    "telnet.subcmd=0",
    `telnet.string_subopt.value=${name}`,
  ]));
}
add("XDISPLOC SEND", "server", () => sent(withOption("server", OPT.XDISPLOC), { type: "xdisploc" }), sub(OPT.XDISPLOC, ["telnet.subcmd=1"]));
add("XDISPLOC IS", "client", () => answer(withOption("client", OPT.XDISPLOC, { xDisplayLocation: "host.example:0.0" }), OPT.XDISPLOC, [1]), sub(OPT.XDISPLOC, [
  "telnet.subcmd=0",
  "telnet.string_subopt.value=host.example:0.0",
]));

// ---------------------------------------------------------------- RFC 1079 TSPEED (not decoded: IS 0 "transmit,receive", SEND 1)
add("TSPEED SEND", "server", () => sent(withOption("server", OPT.TSPEED), { type: "tspeed" }), raw(OPT.TSPEED, [1]));
add("TSPEED IS", "client", () => answer(withOption("client", OPT.TSPEED, { terminalSpeed: { transmit: 38400, receive: 9600 } }), OPT.TSPEED, [1]), raw(OPT.TSPEED, [
  0,
  ...ascii("38400,9600"),
]));

// ---------------------------------------------------------------- RFC 1372 LFLOW (OFF 0, ON 1, RESTART-ANY 2, RESTART-XON 3)
for (const [command, code] of [["off", 0], ["on", 1], ["restart-any", 2], ["restart-xon", 3]] as const) {
  add(`LFLOW ${command.toUpperCase()}`, "server", () => sent(withOption("server", OPT.LFLOW, { lflowRestart: "none" }), { type: "lflow", command }), sub(OPT.LFLOW, [
    `telnet.rfc_subopt.cmd=${code}`,
  ]));
}

// ---------------------------------------------------------------- RFC 2217 COM-PORT-OPTION
const comClient = () => withOption("client", OPT.COM_PORT, { comPort: {} }, ["local"]);
const comServer = () => withOption("server", OPT.COM_PORT, { comPort: {} }, ["remote"]);
add("COM-PORT SIGNATURE (client)", "client", () => sent(comClient(), { type: "com-port", command: "signature", text: "telnetkit" }), sub(OPT.COM_PORT, [
  "telnet.comport_subopt.signature=telnetkit",
]));
add("COM-PORT SET-BAUDRATE 115200 (client)", "client", () => sent(comClient(), { type: "com-port", command: "set-baudrate", baudRate: 115200 }), sub(OPT.COM_PORT, [
  "telnet.comport_subopt.baud_rate=115200",
]));
add("COM-PORT SET-BAUDRATE 9600 (server's answer, 101)", "server", () => sent(comServer(), { type: "com-port", command: "set-baudrate", baudRate: 9600 }), sub(OPT.COM_PORT, [
  "telnet.comport_subopt.baud_rate=9600",
]));
add("COM-PORT SET-DATASIZE 8", "client", () => sent(comClient(), { type: "com-port", command: "set-datasize", dataSize: 8 }), sub(OPT.COM_PORT, [
  "telnet.comport_subopt.data_size=8",
]));
for (const [parity, code] of [["none", 1], ["odd", 2], ["even", 3], ["mark", 4], ["space", 5]] as const) {
  add(`COM-PORT SET-PARITY ${parity}`, "client", () => sent(comClient(), { type: "com-port", command: "set-parity", parity }), sub(OPT.COM_PORT, [
    `telnet.comport_subopt.parity=${code}`,
  ]));
}
for (const [stopSize, code] of [["1", 1], ["2", 2], ["1.5", 3]] as const) {
  add(`COM-PORT SET-STOPSIZE ${stopSize}`, "client", () => sent(comClient(), { type: "com-port", command: "set-stopsize", stopSize }), sub(OPT.COM_PORT, [
    `telnet.comport_subopt.stop=${code}`,
  ]));
}
add("COM-PORT SET-CONTROL 2 (XON/XOFF flow control)", "client", () => sent(comClient(), { type: "com-port", command: "set-control", control: "flow-xon-xoff" }), sub(OPT.COM_PORT, [
  "telnet.comport_subopt.control=2",
]));
add("COM-PORT FLOWCONTROL-SUSPEND", "client", () => sent(comClient(), { type: "com-port", command: "flowcontrol-suspend" }), sub(OPT.COM_PORT, [
  "telnet.comport_subopt.flow_control_suspend=",
]));
add("COM-PORT FLOWCONTROL-RESUME", "client", () => sent(comClient(), { type: "com-port", command: "flowcontrol-resume" }), sub(OPT.COM_PORT, [
  "telnet.comport_subopt.flow_control_resume=",
]));
add("COM-PORT PURGE-DATA both", "client", () => sent(comClient(), { type: "com-port", command: "purge-data", purge: "both" }), sub(OPT.COM_PORT, [
  "telnet.comport_subopt.purge=3",
]));

// ---------------------------------------------------------------- RFC 2941 AUTHENTICATION (IS 0, SEND 1, REPLY 2, NAME 3)
const authServer = () => withOption("server", OPT.AUTHENTICATION, {}, ["remote"]);
const authClient = () => withOption("client", OPT.AUTHENTICATION, {}, ["local"]);
/** The dissector's fields for a type pair: type, then the modifier's bits ENCRYPT (2 bits at 4), INI_CRED_FWD (8), HOW (2), WHO (1). */
const pair = (type: number, modifier: number) => [
  `telnet.auth.type=${type}`,
  `telnet.auth.mod.enc=${(modifier >> 2) & 0x05}`,
  `telnet.auth.mod.cred_fwd=${(modifier >> 3) & 1}`,
  `telnet.auth.mod.how=${(modifier >> 1) & 1}`,
  `telnet.auth.mod.who=${modifier & 1}`,
];
add("AUTHENTICATION SEND KERBEROS_V5 mutual, SRP one-way, NULL", "server", () => sent(authServer(), {
  type: "authentication",
  kind: "send",
  pairs: [{ type: 2, modifier: 2 }, { type: 5, modifier: 0 }, { type: 0, modifier: 0 }],
}), sub(OPT.AUTHENTICATION, ["telnet.auth.cmd=1", ...pair(2, 2), ...pair(5, 0), ...pair(0, 0)]));
add("AUTHENTICATION IS KERBEROS_V5 AUTH <data>", "client", () => sent(authClient(), {
  type: "authentication",
  kind: "is",
  pair: { type: 2, modifier: 2 },
  data: Uint8Array.from([0, 1, 2, 3]),
}), sub(OPT.AUTHENTICATION, ["telnet.auth.cmd=0", ...pair(2, 2), "telnet.auth.krb5.cmd=0"]));
add("AUTHENTICATION REPLY KERBEROS_V5 ACCEPT", "server", () => sent(authServer(), {
  type: "authentication",
  kind: "reply",
  pair: { type: 2, modifier: 2 },
  data: Uint8Array.from([2]),
}), sub(OPT.AUTHENTICATION, ["telnet.auth.cmd=2", ...pair(2, 2), "telnet.auth.krb5.cmd=2"]));
add("AUTHENTICATION NAME", "client", () => sent(authClient(), { type: "authentication", kind: "name", name: "guest" }), sub(OPT.AUTHENTICATION, [
  "telnet.auth.cmd=3",
  "telnet.auth.name=guest",
]));

// ---------------------------------------------------------------- RFC 2946 ENCRYPT
const encrypt = () => withOption("client", OPT.ENCRYPT, { encrypt: { types: [1, 2] } }, ["local", "remote"]);
add("ENCRYPT SUPPORT DES_CFB64 DES_OFB64", "client", () => sent(encrypt(), { type: "encrypt", kind: "support", types: [1, 2] }), sub(OPT.ENCRYPT, [
  "telnet.enc.cmd=1",
  "telnet.enc.type=1",
  "telnet.enc.type=2",
]));
add("ENCRYPT IS DES_CFB64 <data>", "client", () => sent(encrypt(), { type: "encrypt", kind: "is", encType: 1, data: Uint8Array.from([0x10, 0x20]) }), sub(OPT.ENCRYPT, [
  "telnet.enc.cmd=0",
  "telnet.enc.type=1",
  "telnet.enc.type_data=10:20",
]));
add("ENCRYPT REPLY DES_OFB64 <data>", "client", () => sent(encrypt(), { type: "encrypt", kind: "reply", encType: 2, data: Uint8Array.from([0x30]) }), sub(OPT.ENCRYPT, [
  "telnet.enc.cmd=2",
  "telnet.enc.type=2",
  "telnet.enc.type_data=30",
]));
for (const [kind, code] of [["start", 3], ["request-start", 5], ["enc-keyid", 7], ["dec-keyid", 8]] as const) {
  add(`ENCRYPT ${kind.toUpperCase()} key id 1`, "client", () => sent(encrypt(), { type: "encrypt", kind, keyId: Uint8Array.from([1]) }), sub(OPT.ENCRYPT, [
    `telnet.enc.cmd=${code}`,
    "telnet.enc.key_id=01",
  ]));
}
for (const [kind, code] of [["end", 4], ["request-end", 6]] as const) {
  add(`ENCRYPT ${kind.toUpperCase()}`, "client", () => sent(encrypt(), { type: "encrypt", kind }), sub(OPT.ENCRYPT, [`telnet.enc.cmd=${code}`]));
}

// ---------------------------------------------------------------- RFC 1184 LINEMODE (not decoded)
add("LINEMODE MODE EDIT|TRAPSIG", "server", () => sent(withOption("server", OPT.LINEMODE, {}, ["remote"]), { type: "linemode", kind: "mode", mode: { edit: false, trapsig: true } }), raw(OPT.LINEMODE, [
  1, // MODE
  2, // TRAPSIG
]));
add("LINEMODE MODE ACK of the server's mode", "client", () => answer(withOption("client", OPT.LINEMODE, {}, ["local"]), OPT.LINEMODE, [1, 3]), raw(OPT.LINEMODE, [
  1,
  3 | 4, // EDIT|TRAPSIG|MODE_ACK
]));
add("LINEMODE DO FORWARDMASK", "server", () => sent(withOption("server", OPT.LINEMODE, {}, ["remote"]), { type: "linemode", kind: "forwardmask", mask: [0x01, 0x80] }), raw(OPT.LINEMODE, [
  DO,
  2, // FORWARDMASK
  0x01,
  0x80,
]));
add("LINEMODE SLC IP SLC_VALUE|SLC_FLUSHIN|SLC_FLUSHOUT ^C", "client", () => sent(withOption("client", OPT.LINEMODE, {}, ["local"]), {
  type: "linemode",
  kind: "slc",
  set: { IP: { level: "value", value: 0x03, flushin: true, flushout: true } },
}), raw(OPT.LINEMODE, [
  3, // SLC
  3, // SLC_IP
  2 | 0x40 | 0x20, // SLC_VALUE | SLC_FLUSHIN | SLC_FLUSHOUT
  0x03,
]));
add("LINEMODE SLC 0 SLC_DEFAULT 0 (import the server's defaults)", "client", () => sent(withOption("client", OPT.LINEMODE, {}, ["local"]), {
  type: "linemode",
  kind: "slc-import",
  from: "default",
}), raw(OPT.LINEMODE, [3, 0, 3, 0]));

// ---------------------------------------------------------------- RFC 859 STATUS (not decoded: IS 0, SEND 1)
add("STATUS SEND", "client", () => sent(withOption("client", OPT.STATUS, {}, ["remote"]), { type: "status" }), raw(OPT.STATUS, [1]));
add("STATUS IS of a session with STATUS both ways", "server", () => answer(withOption("server", OPT.STATUS), OPT.STATUS, [1]), raw(OPT.STATUS, [
  0, // IS
  WILL, OPT.STATUS, // our WILLs
  DO, OPT.STATUS, // our DOs
]));

// ---------------------------------------------------------------- RFC 1572 NEW-ENVIRON, RFC 1408 ENVIRON (not decoded)
add("NEW-ENVIRON SEND VAR USER, all USERVARs", "server", () => sent(withOption("server", OPT.NEW_ENVIRON, { environRequest: false }, ["remote"]), {
  type: "environ",
  kind: "send",
  requests: [{ kind: "var", name: "USER" }, { kind: "uservar" }],
}), raw(OPT.NEW_ENVIRON, [1, 0, ...ascii("USER"), 3]));
add("NEW-ENVIRON IS VAR USER VALUE joe", "client", () => answer(withOption("client", OPT.NEW_ENVIRON, { environment: { USER: "joe" } }, ["local"]), OPT.NEW_ENVIRON, [1, 0, ...ascii("USER")]), raw(OPT.NEW_ENVIRON, [
  0, 0, ...ascii("USER"), 1, ...ascii("joe"),
]));
add("ENVIRON IS VAR USER VALUE joe (RFC 1408 codes)", "client", () => answer(withOption("client", OPT.ENVIRON, { environment: { USER: "joe" } }, ["local"]), OPT.ENVIRON, [1, 0, ...ascii("USER")]), raw(OPT.ENVIRON, [
  0, 0, ...ascii("USER"), 1, ...ascii("joe"),
]));

// ---------------------------------------------------------------- RFC 2066 CHARSET (not decoded)
add("CHARSET REQUEST UTF-8 ISO-8859-1", "client", () => sent(withOption("client", OPT.CHARSET, { charsetRequest: false }), { type: "charset", kind: "request", charsets: ["UTF-8", "ISO-8859-1"] }), raw(OPT.CHARSET, [
  1, 0x3b, ...ascii("UTF-8"), 0x3b, ...ascii("ISO-8859-1"),
]));
add("CHARSET ACCEPTED UTF-8", "client", () => answer(withOption("client", OPT.CHARSET, { charsets: ["UTF-8"], charsetRequest: false }), OPT.CHARSET, [1, 0x20, ...ascii("UTF-8")]), raw(OPT.CHARSET, [
  2, ...ascii("UTF-8"),
]));
add("CHARSET REJECTED", "client", () => answer(withOption("client", OPT.CHARSET, { charsets: ["UTF-8"], charsetRequest: false }), OPT.CHARSET, [1, 0x20, ...ascii("KOI8-R")]), raw(OPT.CHARSET, [3]));

// ---------------------------------------------------------------- MUD options (not decoded: shown as an unknown option)
add("GMCP Core.Ping", "client", () => sent(withOption("client", OPT.GMCP), { type: "gmcp", message: "Core.Ping" }), raw(OPT.GMCP, ascii("Core.Ping")));
add("MSDP VAR HEALTH VAL 10", "server", () => sent(withOption("server", OPT.MSDP), { type: "msdp", kind: "variables", variables: { HEALTH: "10" } }), raw(OPT.MSDP, [
  1, ...ascii("HEALTH"), 2, ...ascii("10"),
]));
add("MSSP VAR NAME VAL Example", "server", () => sent(withOption("server", OPT.MSSP, {}, ["local"]), { type: "mssp", variables: { NAME: "Example" } }), raw(OPT.MSSP, [
  1, ...ascii("NAME"), 2, ...ascii("Example"),
]));

// ---------------------------------------------------------------- options the dissector decodes beyond the list: TN3270E, 3270-REGIME, NAOHTS
add("TN3270E DEVICE-TYPE REQUEST IBM-3278-2-E", "client", () => sent(withOption("client", OPT.TN3270E), { type: "tn3270e", kind: "device-type-request", deviceType: "IBM-3278-2-E" }), sub(OPT.TN3270E, [
  "telnet.tn3270.subopt=2", // DEVICE-TYPE
  "telnet.tn3270.subopt=7", // REQUEST
  "telnet.tn3270.request_string=IBM-3278-2-E",
]));
add("3270-REGIME IS 3270", "client", () => sent(withOption("client", OPT.REGIME_3270), { type: "regime-3270", kind: "is", regime: "3270" }), sub(OPT.REGIME_3270, [
  "telnet.regime_cmd=0", // IS
  "telnet.tn3270.regime_subopt.value=3270",
]));
add("NAOHTS DS 8 16 (sender's tab stops)", "client", () => sent(withOption("client", OPT.NAOHTS), {
  type: "output-tabstops",
  option: OPT.NAOHTS,
  party: "sender",
  stops: [8, 16],
}), sub(OPT.NAOHTS, [
  "telnet.subcmd=1", // DS: the sender's stops (RFC 653)
  "telnet.tabstop=8",
  "telnet.tabstop=16",
]));

let decoded: Map<Case, { bytes: Uint8Array; fields: DissectedField[] } | { error: unknown }>;

describe("Wireshark's Telnet dissector reads what we send", () => {
  const version = tsharkVersion();

  beforeAll(() => {
    decoded = new Map();
    if (version === null) return;
    for (const from of ["client", "server"] as const) {
      const made: { c: Case; bytes: Uint8Array }[] = [];
      for (const c of cases.filter((x) => x.from === from)) {
        try {
          made.push({ c, bytes: c.bytes() });
        } catch (error) {
          decoded.set(c, { error });
        }
      }
      const fields = dissect(made.map((m) => m.bytes), { toClient: from === "server" });
      made.forEach((m, i) => decoded.set(m.c, { bytes: m.bytes, fields: fields[i] }));
    }
  });

  it("tshark and text2pcap are installed (Debian package tshark; CI installs it)", () => {
    expect(version, "tshark is missing: apt-get install tshark (see .ci/install-peers.sh)").not.toBeNull();
  });

  for (const c of cases) {
    it(c.name, () => {
      const d = decoded.get(c);
      if (!d) expect.fail("tshark is missing: apt-get install tshark (see .ci/install-peers.sh)");
      if ("error" in d) throw d.error;
      expect(fieldLines(d.fields), `bytes ${hexColons(Array.from(d.bytes))}`).toEqual(c.expected);
    });
  }
});
