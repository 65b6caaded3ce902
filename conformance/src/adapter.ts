/**
 * What the suite needs from a Telnet implementation to run its properties against it.
 * Any implementation (another library, a binding to a C parser, a mock with a known bug)
 * can implement `TelnetAdapter`; `telnetkitAdapter` is ours. See conformance/README.md,
 * "Running the properties against another implementation".
 */
import { TelnetSession, type SidePolicy, type TelnetEvent } from "@telnetkit/core";

export type Role = "client" | "server";
export type Side = "local" | "remote";

/** How an endpoint is set up: its role and, per option code, what it does with each side. */
export interface EndpointConfig {
  role: Role;
  /**
   * Per option code: `refuse` (answer a request to enable with WONT / DONT), `accept`
   * (agree when asked) or `initiate` (agree, and ask at `start()`). Codes not listed are refused.
   */
  policy: Readonly<Record<number, { local: SidePolicy; remote: SidePolicy }>>;
}

/**
 * An event, normalised: the kinds every Telnet implementation has, plus `other` for
 * whatever else it reports (a decoded option message, a warning) as a comparable value.
 */
export type NormalEvent =
  /** In-band data for the application, unescaped (and CR NUL read as CR in NVT mode). */
  | { type: "data"; bytes: Uint8Array }
  /**
   * Bytes the implementation owes its peer (negotiation answers, subnegotiation replies).
   * They may come early (replies to a run of negotiation in one event), never late: the
   * properties compare them in canonical place, gathered up to the next data or command event.
   */
  | { type: "transmit"; bytes: Uint8Array }
  /** A single-byte Telnet command (NOP, DM, IP, ..., RFC 885 EOR, RFC 1184 EOF/SUSP/ABORT). */
  | { type: "command"; code: number }
  /** A side of an option turned on or off. */
  | { type: "option"; option: number; side: Side; enabled: boolean }
  /** A subnegotiation the implementation hands over raw: `IAC SB option payload IAC SE`, unescaped. */
  | { type: "subnegotiation"; option: number; payload: Uint8Array }
  /** A protocol violation by the peer, survived. */
  | { type: "warning"; code: string }
  /** Anything else, as a plain comparable value. */
  | { type: "other"; kind: string; value: unknown };

/** What the suite asks an endpoint to put on the wire. */
export type NormalCommand =
  | { type: "data"; bytes: Uint8Array }
  | { type: "command"; code: number }
  | { type: "enable" | "disable"; option: number; side: Side }
  | { type: "subnegotiation"; option: number; payload: Uint8Array };

/** One end of a Telnet connection, with no I/O: bytes in, events out; commands in, bytes out. */
export interface TelnetEndpoint {
  /** The opening negotiation the configuration asks for. */
  start(): Uint8Array;
  /** Feed bytes from the peer, in any pieces. Must never throw. */
  receive(bytes: Uint8Array): NormalEvent[];
  /** The bytes that say `command` to the peer (empty when there is nothing to say, as for a request that changes nothing). */
  encode(command: NormalCommand): Uint8Array;
  /** Whether a side of an option is on (RFC 1143 YES). */
  isEnabled(option: number, side: Side): boolean;
  /**
   * Whether a request of ours about this side is still unanswered (RFC 1143 WANTYES /
   * WANTNO). Optional: without it, properties judge settlement from the wire alone.
   */
  isPending?(option: number, side: Side): boolean;
}

/** An implementation under test. */
export interface TelnetAdapter {
  /** A name for test titles and failure messages. */
  readonly name: string;
  /** A fresh endpoint. */
  create(config: EndpointConfig): TelnetEndpoint;
}

/** telnetkit's events as normal events. */
export function normalizeTelnetkitEvent(ev: TelnetEvent): NormalEvent {
  switch (ev.type) {
    case "data":
    case "transmit":
      return { type: ev.type, bytes: ev.bytes };
    case "command":
      return { type: "command", code: ev.code };
    case "option":
      return { type: "option", option: ev.option, side: ev.side, enabled: ev.enabled };
    case "subnegotiation":
      return { type: "subnegotiation", option: ev.option, payload: ev.payload };
    case "warning":
      return { type: "warning", code: ev.code };
    default: {
      const { type, ...value } = ev as { type: string };
      return { type: "other", kind: type, value };
    }
  }
}

/** The adapter of @telnetkit/core's `TelnetSession`. */
export const telnetkitAdapter: TelnetAdapter = {
  name: "telnetkit",
  create(config) {
    const session = new TelnetSession({ role: config.role, options: config.policy });
    return {
      start: () => session.start(),
      receive: (bytes) => session.receive(bytes).map(normalizeTelnetkitEvent),
      encode(command) {
        const bytes = session.send(command.type === "command" ? { type: "command", command: commandName(command.code) } : command);
        session.takeEvents(); // option events of our own requests: state is read with isEnabled
        return bytes;
      },
      isEnabled: (option, side) => session.isEnabled(option, side),
      isPending(option, side) {
        const s = session.optionState(option)[side];
        return s === "wantyes" || s === "wantno";
      },
    };
  },
};

const COMMAND_BY_CODE: Record<number, "NOP" | "DM" | "BRK" | "IP" | "AO" | "AYT" | "EC" | "EL" | "GA" | "EOR" | "ABORT" | "SUSP" | "EOF"> = {
  241: "NOP",
  242: "DM",
  243: "BRK",
  244: "IP",
  245: "AO",
  246: "AYT",
  247: "EC",
  248: "EL",
  249: "GA",
  239: "EOR",
  238: "ABORT",
  237: "SUSP",
  236: "EOF",
};

function commandName(code: number) {
  const name = COMMAND_BY_CODE[code];
  if (name === undefined) throw new TypeError(`no single-byte Telnet command has the code ${code}`);
  return name;
}
