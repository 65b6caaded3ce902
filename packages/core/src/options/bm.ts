/**
 * BYTE MACRO (BM), option 19 — RFC 735.
 *
 * The data sender (WILL BM) defines single bytes that stand for strings:
 * `DEFINE <macro byte> <count> <replacement>` (1), answered `ACCEPT <macro byte>` (2) or
 * `REFUSE <macro byte> <reason>` (3); `LITERAL <macro byte>` (4) sends the byte as data;
 * the receiver may ask `PLEASE-CANCEL <macro byte> <reason>`. The RFC gives no code for
 * PLEASE CANCEL; it is the fifth subcommand, so 5 here. IAC may not be a macro byte.
 * The replacement is Telnet stream bytes (an IAC in it is a command). Decoded into
 * events; no expansion is done, and the option is refused by default.
 */
import { IAC, OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

/** REFUSE / PLEASE-CANCEL reasons. */
export type BmReason = "other" | "bad-choice" | "too-long" | "wrong-length";
const REASONS: readonly BmReason[] = ["other", "bad-choice", "too-long", "wrong-length"];

/** One BM subcommand. */
export type BmMessage =
  | { command: "define"; macro: number; replacement: Uint8Array }
  | { command: "accept" | "literal"; macro: number }
  | { command: "refuse" | "please-cancel"; macro: number; reason: BmReason | number };

/** A BM subcommand from the peer. */
export type BmEvent = BmMessage & { type: "bm" };
/** Send a BM subcommand (while BM is on). */
export type BmCommand = BmMessage & { type: "bm" };

const CODES = { define: 1, accept: 2, refuse: 3, literal: 4, "please-cancel": 5 } as const;
const NAMES = ["", "define", "accept", "refuse", "literal", "please-cancel"] as const;

function macroByte(v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 254) throw new TypeError("bm: macro must be an integer 0-254 (IAC cannot be one)");
  return v;
}

/** BM payload for a subcommand. */
export function encodeBm(m: BmMessage): Uint8Array {
  const code = CODES[m.command];
  if (code === undefined) throw new TypeError(`bm: unknown command ${JSON.stringify((m as { command: unknown }).command)}`);
  const macro = macroByte(m.macro);
  if (m.command === "define") {
    if (!(m.replacement instanceof Uint8Array) || m.replacement.length > 255) {
      throw new TypeError("bm define: replacement must be a Uint8Array of at most 255 bytes");
    }
    const out = new Uint8Array(3 + m.replacement.length);
    out.set([code, macro, m.replacement.length]);
    out.set(m.replacement, 3);
    return out;
  }
  if (m.command === "refuse" || m.command === "please-cancel") {
    const r = typeof m.reason === "number" ? m.reason : REASONS.indexOf(m.reason);
    if (!Number.isInteger(r) || r < 0 || r > 255) throw new TypeError(`bm: unknown reason ${JSON.stringify(m.reason)}`);
    return new Uint8Array([code, macro, r]);
  }
  return new Uint8Array([code, macro]);
}

/** Decode a BM payload; a string says what is wrong with it. */
export function decodeBm(payload: Uint8Array): BmEvent | string {
  if (payload.length < 2) return "BM subnegotiation without a macro byte";
  const command = NAMES[payload[0]];
  if (!command) return `BM subcommand ${payload[0]} is not defined by RFC 735`;
  const macro = payload[1];
  if (macro === IAC) return "BM macro byte IAC (255) is not allowed";
  switch (command) {
    case "define": {
      if (payload.length < 3) return "BM DEFINE without a count";
      const replacement = payload.slice(3);
      // <count> counts the replacement's characters (the REFUSE reason WRONG-LENGTH).
      if (payload[2] !== replacement.length) return `BM DEFINE count ${payload[2]} but ${replacement.length} bytes follow`;
      return { type: "bm", command, macro, replacement };
    }
    case "refuse":
    case "please-cancel":
      if (payload.length !== 3) return `BM ${command.toUpperCase()} needs a macro byte and a reason`;
      return { type: "bm", command, macro, reason: REASONS[payload[2]] ?? payload[2] };
    default:
      if (payload.length !== 2) return `BM ${command.toUpperCase()} with extra bytes`;
      return { type: "bm", command, macro };
  }
}

/** The BYTE MACRO option module (RFC 735). */
export const bm: OptionModule = {
  code: OPT.BM,
  name: "bm",
  commands: ["bm"],
  receive(payload, host) {
    const ev = decodeBm(payload);
    if (typeof ev === "string") host.warn("malformed-subnegotiation", `${ev}: ignored`, OPT.BM);
    else host.emit(ev);
  },
  send(command, host) {
    const payload = encodeBm(command as BmCommand);
    if (host.isEnabled(OPT.BM, "local") || host.isEnabled(OPT.BM, "remote")) host.subnegotiate(OPT.BM, payload);
  },
};
