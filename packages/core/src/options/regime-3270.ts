/**
 * 3270-REGIME, option 29 — RFC 1041.
 *
 * After DO and WILL both ways, the client lists the terminal types it supports,
 * `IAC SB 3270-REGIME ARE <list> IAC SE` (1), names separated by spaces, a space or a
 * backslash inside a name escaped with a backslash; the server picks one,
 * `IAC SB 3270-REGIME IS <regime> IAC SE` (0). An empty list or regime means NVT ASCII.
 * Decoded into events; refused by default.
 */
import { latin1, latin1Bytes } from "../engine/bytes.js";
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

/** An ARE list (client) or the chosen regime (server). */
export type Regime3270Message = { kind: "are"; regimes: string[] } | { kind: "is"; regime: string };

/** A 3270-REGIME subnegotiation from the peer. */
export type Regime3270Event = Regime3270Message & { type: "regime-3270" };
/** Send ARE (client) or IS (server), while the option is on. */
export type Regime3270Command = Regime3270Message & { type: "regime-3270" };

const IS = 0;
const ARE = 1;

function escapeName(name: string): string {
  return name.replace(/[\\ ]/g, (c) => "\\" + c);
}

/** Split a REGIME-LIST on unescaped spaces, removing the escapes. */
export function parseRegimeList(text: string): string[] | undefined {
  const out: string[] = [];
  let cur = "";
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      if (i + 1 >= text.length) return undefined; // a lone trailing backslash
      cur += text[++i];
      started = true;
    } else if (c === " ") {
      if (started) out.push(cur);
      cur = "";
      started = false;
    } else {
      cur += c;
      started = true;
    }
  }
  if (started) out.push(cur);
  return out;
}

/** 3270-REGIME payload for a message. */
export function encodeRegime3270(m: Regime3270Message): Uint8Array {
  if (m.kind === "are") {
    if (!Array.isArray(m.regimes) || m.regimes.some((r) => typeof r !== "string" || r === "")) {
      throw new TypeError("regime-3270 are: regimes must be non-empty strings");
    }
    return Uint8Array.from([ARE, ...latin1Bytes(m.regimes.map(escapeName).join(" "))]);
  }
  if (m.kind !== "is" || typeof m.regime !== "string") throw new TypeError("regime-3270: expected { kind: 'is', regime: string }");
  return Uint8Array.from([IS, ...latin1Bytes(m.regime)]);
}

/** Decode a 3270-REGIME payload; a string says what is wrong with it. */
export function decodeRegime3270(payload: Uint8Array): Regime3270Event | string {
  if (payload.length === 0) return "empty 3270-REGIME subnegotiation";
  const text = latin1(payload, 1);
  if (payload[0] === IS) return { type: "regime-3270", kind: "is", regime: text };
  if (payload[0] !== ARE) return `3270-REGIME subcommand ${payload[0]} is neither IS (0) nor ARE (1)`;
  const regimes = parseRegimeList(text);
  if (!regimes) return "3270-REGIME ARE list ends with a lone backslash";
  return { type: "regime-3270", kind: "are", regimes };
}

/** The 3270-REGIME option module (RFC 1041). */
export const regime3270: OptionModule = {
  code: OPT.REGIME_3270,
  name: "regime-3270",
  commands: ["regime-3270"],
  receive(payload, host) {
    const ev = decodeRegime3270(payload);
    if (typeof ev === "string") host.warn("malformed-subnegotiation", `${ev}: ignored`, OPT.REGIME_3270);
    else host.emit(ev);
  },
  send(command, host) {
    const payload = encodeRegime3270(command as Regime3270Command);
    if (host.isEnabled(OPT.REGIME_3270, "local") && host.isEnabled(OPT.REGIME_3270, "remote")) {
      host.subnegotiate(OPT.REGIME_3270, payload);
    }
  },
};
