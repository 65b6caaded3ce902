/**
 * What the interop matrix records of each pair of programs: what each end asked for, the
 * subnegotiations on the wire in both directions (decoded into short text), and the row
 * written to the results file that conformance/scripts/interop-table.mjs renders.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  OPT,
  decodeAuthentication,
  decodeCharset,
  decodeEnviron,
  decodeLflow,
  decodeLinemode,
  decodeNaws,
  decodeStatus,
  decodeTspeed,
  decodeTtype,
  decodeXdisploc,
  describeAuthPair,
  optionName,
} from "@telnetkit/core";

/** Where the matrix writes its results (not kept in git: timings vary from run to run). */
export const RESULTS_FILE = fileURLToPath(new URL("../../../conformance/interop-results.json", import.meta.url));

/** One pair of the matrix, as the table shows it. */
export interface PairRecord {
  /** The real program, e.g. `inetutils telnet`. */
  peer: string;
  /** Its Debian package. */
  package: string;
  /** Its version, as it reports it. */
  version: string;
  /** `client`: the peer is a client of our server; `server`: our client connects to the peer. */
  peerRole: "client" | "server";
  /** How the peer was started, when not as usual. */
  variant?: string;
  /** Our end: which of our programs, configured how. */
  ours: string;
  /** Whether the scripted session worked from start to end. */
  worked: boolean;
  /** Why not. */
  error?: string;
  /** Whether our end's negotiation had settled when the session ran (our server: when the shell started). */
  settled: boolean;
  /** Options on at our end while the session ran (when the typed line came back): ours (`local`) and the peer's (`remote`). */
  options: { local: string[]; remote: string[] };
  /** Every WILL / DO each end sent (requests and agreements), in order, each once. */
  sent: { ours: string[]; peer: string[] };
  /** WILL / DO of one end the other end only ever answered with DONT / WONT: what we refused, what the peer refused. */
  refused: { byUs: string[]; byPeer: string[] };
  /** WILL / DO of one end the other end never answered: the peer's (must be none), ours. */
  unanswered: { ours: string[]; peer: string[] };
  /** Subnegotiations seen, decoded, `we ...` / `peer ...`, each once. */
  values: string[];
  /** `warning` events of our connection (code: message). */
  warnings: string[];
  /** What else the session showed that a user would notice. */
  notes: string[];
  /** How long the pair took, start of the peer to its end, in seconds (varies from run to run). */
  seconds: number;
}

const IAC = 255;
const SB = 250;
const VERBS: Record<number, string> = { 251: "WILL", 252: "WONT", 253: "DO", 254: "DONT" };

type WireItem = { kind: "negotiation"; verb: string; option: string } | { kind: "sb"; option: number; payload: Uint8Array };

/** Reads one direction of a Telnet stream (any chunking) into negotiations and subnegotiations. */
function wireReader(onItem: (item: WireItem) => void): (bytes: Uint8Array) => void {
  let state: "data" | "iac" | "verb" | "sbopt" | "sb" | "sbiac" = "data";
  let verb = 0;
  let option = 0;
  let sb: number[] = [];
  return (bytes) => {
    for (const b of bytes) {
      if (state === "data") state = b === IAC ? "iac" : "data";
      else if (state === "iac") {
        if (VERBS[b]) {
          verb = b;
          state = "verb";
        } else state = b === SB ? "sbopt" : "data";
      } else if (state === "verb") {
        onItem({ kind: "negotiation", verb: VERBS[verb], option: optionName(b) });
        state = "data";
      } else if (state === "sbopt") {
        option = b;
        sb = [];
        state = "sb";
      } else if (state === "sb") {
        if (b === IAC) state = "sbiac";
        else if (sb.length < 4096) sb.push(b);
      } else if (b === IAC) {
        sb.push(IAC);
        state = "sb";
      } else {
        onItem({ kind: "sb", option, payload: Uint8Array.from(sb) });
        state = "data";
      }
    }
  };
}

const text = (s: string) => JSON.stringify(s);

/** A subnegotiation in a few words: `TTYPE IS "xterm"`, `NAWS 80x24`, `NEW_ENVIRON SEND VAR USERVAR`. */
export function describeSubnegotiation(option: number, payload: Uint8Array): string {
  const name = optionName(option);
  const raw = () => `${name} ${Array.from(payload, (b) => b.toString(16).padStart(2, "0")).join(" ")}`;
  switch (option) {
    case OPT.TTYPE: {
      const m = decodeTtype(payload);
      return m ? (m.kind === "send" ? "TTYPE SEND" : `TTYPE IS ${text(m.name)}`) : raw();
    }
    case OPT.NAWS: {
      const m = decodeNaws(payload);
      return m ? `NAWS ${m.width}x${m.height}` : raw();
    }
    case OPT.TSPEED: {
      const m = decodeTspeed(payload);
      if (typeof m === "string") return raw();
      return m.event.kind === "send" ? "TSPEED SEND" : `TSPEED IS ${m.event.transmit},${m.event.receive}`;
    }
    case OPT.XDISPLOC: {
      const m = decodeXdisploc(payload);
      if (typeof m === "string") return raw();
      return m.kind === "send" ? "XDISPLOC SEND" : `XDISPLOC IS ${text(m.location)}`;
    }
    case OPT.NEW_ENVIRON:
    case OPT.ENVIRON: {
      const m = decodeEnviron(payload);
      if (typeof m === "string") return raw();
      const msg = m.message;
      if (msg.command === "send") {
        const asked = msg.requests.map((r) => `${r.kind.toUpperCase()}${r.name ? ` ${r.name}` : ""}`);
        return `${name} SEND${asked.length ? ` ${asked.join(" ")}` : ""}`;
      }
      // An empty name is shown as "" (TinTin++ sends an empty VAR between its variables).
      const vars = msg.variables.map((v) => `${v.kind === "uservar" ? "USERVAR " : ""}${v.name || '""'}${v.value === undefined ? "" : `=${text(v.value)}`}`);
      return `${name} ${msg.command.toUpperCase()}${vars.length ? ` ${vars.join(" ")}` : " (empty)"}`;
    }
    case OPT.CHARSET: {
      const m = decodeCharset(payload);
      if (typeof m === "string") return raw();
      const msg = m.message;
      if (msg.kind === "request") return `CHARSET REQUEST ${msg.charsets.join(" ")}`;
      if (msg.kind === "accepted") return `CHARSET ACCEPTED ${msg.charset}`;
      return `CHARSET ${msg.kind.toUpperCase()}`;
    }
    case OPT.LINEMODE: {
      const m = decodeLinemode(payload).message;
      if (!m) return raw();
      if (m.kind === "mode") {
        const bits = ["EDIT", "TRAPSIG", "MODE_ACK", "SOFT_TAB", "LIT_ECHO"].filter((_, i) => m.mask & (1 << i));
        return `LINEMODE MODE ${bits.join("|") || "0"}`;
      }
      if (m.kind === "slc") return `LINEMODE SLC (${m.triplets.length} characters)`;
      return `LINEMODE ${m.action.toUpperCase()} FORWARDMASK`;
    }
    case OPT.LFLOW: {
      const m = decodeLflow(payload);
      return m.startsWith("LFLOW") ? raw() : `LFLOW ${m.toUpperCase()}`;
    }
    case OPT.STATUS: {
      const m = decodeStatus(payload);
      if (typeof m === "string") return raw();
      return m.kind === "send" ? "STATUS SEND" : `STATUS IS (${m.will.length} WILL, ${m.do.length} DO)`;
    }
    case OPT.AUTHENTICATION: {
      const m = decodeAuthentication(payload);
      if (typeof m === "string") return raw();
      if (m.kind === "send") return `AUTHENTICATION SEND ${m.pairs.map((p) => describeAuthPair(p).type).join(" ")}`;
      if (m.kind === "name") return `AUTHENTICATION NAME ${text(m.name)}`;
      return `AUTHENTICATION ${m.kind.toUpperCase()} ${describeAuthPair(m.pair).type}`;
    }
    default:
      return raw();
  }
}

/**
 * Both directions of one connection, fed from the connection's `tap`: the WILL / DO
 * requests of each end and the subnegotiations, decoded. `us` and `peer` label the lines.
 */
export function wireRecord() {
  const negotiations: { who: "we" | "peer"; verb: string; option: string }[] = [];
  const values: string[] = [];
  const reader = (who: "we" | "peer") =>
    wireReader((item) => {
      if (item.kind === "negotiation") negotiations.push({ who, ...item });
      else {
        const line = `${who} ${describeSubnegotiation(item.option, item.payload)}`;
        if (!values.includes(line)) values.push(line);
      }
    });
  const fromUs = reader("we");
  const fromPeer = reader("peer");
  const sent = (who: "we" | "peer") => {
    const out: string[] = [];
    for (const n of negotiations) {
      const r = `${n.verb} ${n.option}`;
      if (n.who === who && (n.verb === "WILL" || n.verb === "DO") && !out.includes(r)) out.push(r);
    }
    return out;
  };
  // The other end's messages about the same side of the option as `message` (WILL X is answered by DO / DONT X).
  const answersTo = (who: "we" | "peer", message: string, verbs: "any" | "yes" | "no") => {
    const [verb, option] = message.split(" ");
    const wanted = { any: ["DO", "DONT"], yes: ["DO"], no: ["DONT"] }[verbs].map((v) => (verb === "WILL" ? v : v === "DO" ? "WILL" : "WONT"));
    return negotiations.filter((n) => n.who !== who && n.option === option && wanted.includes(n.verb));
  };
  /** WILL / DO of `who` never answered by the other end (before or after: crossing requests get no reply, RFC 1143). */
  const unanswered = (who: "we" | "peer") => sent(who).filter((m) => answersTo(who, m, "any").length === 0);
  /** WILL / DO of `who` the other end refused and never agreed to. */
  const refused = (who: "we" | "peer") =>
    sent(who).filter((m) => answersTo(who, m, "no").length > 0 && answersTo(who, m, "yes").length === 0);
  return {
    tap: (direction: "in" | "out", bytes: Uint8Array) => (direction === "out" ? fromUs : fromPeer)(bytes),
    values,
    sent,
    refused,
    unanswered,
  };
}

/** Write the results file: the rows in matrix order. */
export function writeResults(records: readonly PairRecord[]): void {
  const results = { generated: new Date().toISOString(), platform: `${process.platform} ${process.arch}, Node ${process.version}`, pairs: records };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
}
