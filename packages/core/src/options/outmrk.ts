/**
 * OUTPUT MARKING (OUTMRK), option 27 — RFC 933.
 *
 * The server sends a banner for the user's Telnet to keep on screen:
 * `IAC SB OUTMRK <CNTL> <data> [GS <CNTL> <data>]... IAC SE`, CNTL being D(efault), T(op),
 * B(ottom), L(eft) or R(ight) and GS (29) separating banners (section 5); the user's
 * Telnet answers `ACK` (6) or `NAK` (21). Decoded into events; refused by default.
 */
import { latin1, latin1Bytes } from "../engine/bytes.js";
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

/** Where a banner goes. */
export type OutmrkPosition = "default" | "top" | "bottom" | "left" | "right";

/** One banner; CR LF separates its lines. */
export interface OutmrkBanner {
  position: OutmrkPosition;
  text: string;
}

/** An OUTMRK subnegotiation: the banners, or the answer to them. */
export type OutmrkMessage = { kind: "marking"; banners: OutmrkBanner[] } | { kind: "ack" } | { kind: "nak" };

/** An OUTMRK subnegotiation from the peer. */
export type OutmrkEvent = OutmrkMessage & { type: "outmrk" };
/** Send an OUTMRK subnegotiation (while the option is on). */
export type OutmrkCommand = OutmrkMessage & { type: "outmrk" };

const ACK = 6;
const NAK = 21;
const GS = 29;
const CNTL: Record<OutmrkPosition, string> = { default: "D", top: "T", bottom: "B", left: "L", right: "R" };
const POSITIONS: Record<string, OutmrkPosition> = { D: "default", T: "top", B: "bottom", L: "left", R: "right" };

/** OUTMRK payload for a message. */
export function encodeOutmrk(m: OutmrkMessage): Uint8Array {
  if (m.kind === "ack") return new Uint8Array([ACK]);
  if (m.kind === "nak") return new Uint8Array([NAK]);
  if (m.kind !== "marking" || !Array.isArray(m.banners) || m.banners.length === 0) throw new TypeError("outmrk: a marking needs at least one banner");
  const parts = m.banners.map((b) => {
    const c = CNTL[b?.position];
    if (!c || typeof b.text !== "string" || b.text.includes("\x1d")) throw new TypeError("outmrk: each banner needs a position and a text without GS");
    return c + b.text;
  });
  return latin1Bytes(parts.join("\x1d"));
}

/** Decode an OUTMRK payload; a string says what is wrong with it. */
export function decodeOutmrk(payload: Uint8Array): OutmrkEvent | string {
  if (payload.length === 0) return "empty OUTMRK subnegotiation";
  if (payload.length === 1 && payload[0] === ACK) return { type: "outmrk", kind: "ack" };
  if (payload.length === 1 && payload[0] === NAK) return { type: "outmrk", kind: "nak" };
  const banners: OutmrkBanner[] = [];
  for (const part of latin1(payload).split(String.fromCharCode(GS))) {
    const position = POSITIONS[part[0]];
    if (!position) return `OUTMRK control flag ${JSON.stringify(part[0] ?? "")} is none of D, T, B, L, R`;
    banners.push({ position, text: part.slice(1) });
  }
  return { type: "outmrk", kind: "marking", banners };
}

/** The OUTPUT MARKING option module (RFC 933). */
export const outmrk: OptionModule = {
  code: OPT.OUTMRK,
  name: "outmrk",
  commands: ["outmrk"],
  receive(payload, host) {
    const ev = decodeOutmrk(payload);
    if (typeof ev === "string") host.warn("malformed-subnegotiation", `${ev}: ignored`, OPT.OUTMRK);
    else host.emit(ev);
  },
  send(command, host) {
    const payload = encodeOutmrk(command as OutmrkCommand);
    if (host.isEnabled(OPT.OUTMRK, "local") || host.isEnabled(OPT.OUTMRK, "remote")) host.subnegotiate(OPT.OUTMRK, payload);
  },
};
