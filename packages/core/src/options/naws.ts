/**
 * NAWS (Negotiate About Window Size), option 31 — RFC 1073.
 *
 * The client (WILL NAWS) sends `IAC SB NAWS w1 w0 h1 h0 IAC SE`, 16-bit big-endian, with
 * a 255 byte doubled like any IAC; again whenever the size changes. 0 means "unknown".
 */
import { OPT } from "../engine/constants.js";
import type { OptionHost, OptionModule } from "../engine/option.js";

/** The peer's window size. */
export interface NawsEvent {
  type: "naws";
  width: number;
  height: number;
}

/** Report our window size: sent now if NAWS is on for our side, else kept and sent once it is. */
export interface NawsCommand {
  type: "naws";
  width: number;
  height: number;
}

interface NawsState {
  // Our size, once known: from `settings.windowSize` or the last `naws` command.
  size: { width: number; height: number } | null;
}

/** NAWS payload for a size. */
export function encodeNaws(width: number, height: number): Uint8Array {
  return new Uint8Array([(width >> 8) & 0xff, width & 0xff, (height >> 8) & 0xff, height & 0xff]);
}

/** Size from a NAWS payload, or undefined when it is not 4 bytes. */
export function decodeNaws(payload: Uint8Array): { width: number; height: number } | undefined {
  if (payload.length !== 4) return undefined;
  return { width: (payload[0] << 8) | payload[1], height: (payload[2] << 8) | payload[3] };
}

function ours(host: OptionHost): NawsState {
  return host.state<NawsState>(OPT.NAWS, () => {
    const w = host.settings.windowSize;
    return { size: w ? { width: w.width, height: w.height } : null };
  });
}

function checkDim(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffff) {
    throw new TypeError(`naws: ${what} must be an integer 0-65535`);
  }
  return v;
}

export const naws: OptionModule = {
  code: OPT.NAWS,
  name: "naws",
  defaults: {
    client: { local: "accept", remote: "refuse" },
    server: { local: "refuse", remote: "accept" },
  },
  commands: ["naws"],
  receive(payload, host) {
    const s = decodeNaws(payload);
    if (!s) {
      host.warn("malformed-subnegotiation", `NAWS payload of ${payload.length} bytes, expected 4: ignored`, OPT.NAWS);
      return;
    }
    host.emit({ type: "naws", width: s.width, height: s.height });
  },
  send(command, host) {
    const c = command as NawsCommand;
    const width = checkDim(c.width, "width");
    const height = checkDim(c.height, "height");
    ours(host).size = { width, height };
    if (host.isEnabled(OPT.NAWS, "local")) host.subnegotiate(OPT.NAWS, encodeNaws(width, height));
  },
  changed(side, enabled, host) {
    if (side !== "local" || !enabled) return;
    const size = ours(host).size;
    if (size) host.subnegotiate(OPT.NAWS, encodeNaws(size.width, size.height));
  },
};
