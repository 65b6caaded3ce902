/**
 * X-DISPLAY-LOCATION, option 35 — RFC 1096.
 *
 * The DO side asks (`SEND`), the WILL side answers `IS "<host>:<dispnum>[.<screennum>]"`,
 * never unasked (section 4). Client: agrees when `settings.xDisplayLocation` is set, and
 * refuses otherwise (as BSD clients do without a DISPLAY). Server: agrees when the
 * client offers, and asks at once.
 */
import { OPT } from "../engine/constants.js";
import type { OptionHost, OptionModule } from "../engine/option.js";
import { SEND, checkDirection, decodeIsSend, encodeIs, type IsSendState } from "./is-send.js";

/** An XDISPLOC subnegotiation from the peer: its request, or its display location. */
export type XdisplocEvent = { type: "xdisploc"; kind: "send" } | { type: "xdisploc"; kind: "is"; location: string };

/** `send` (server): ask again. `location` (client): change the display we answer with. */
export type XdisplocCommand = { type: "xdisploc"; kind?: "send" } | { type: "xdisploc"; kind: "location"; location: string };

interface XdisplocState extends IsSendState {
  location: string | undefined;
}

/** XDISPLOC payload for `IS location`. */
export function encodeXdisplocIs(location: string): Uint8Array {
  return encodeIs(location);
}

/** Decode an XDISPLOC payload; a string says what is wrong with it. */
export function decodeXdisploc(payload: Uint8Array): XdisplocEvent | string {
  const m = decodeIsSend(payload, "XDISPLOC");
  if (typeof m === "string") return m;
  return m.kind === "send" ? { type: "xdisploc", kind: "send" } : { type: "xdisploc", kind: "is", location: m.text };
}

function state(host: OptionHost): XdisplocState {
  return host.state<XdisplocState>(OPT.XDISPLOC, () => ({ pending: 0, location: host.settings.xDisplayLocation }));
}

function ask(host: OptionHost): void {
  state(host).pending++;
  host.subnegotiate(OPT.XDISPLOC, [SEND]);
}

/** The X-DISPLAY-LOCATION option module (RFC 1096). */
export const xdisploc: OptionModule = {
  code: OPT.XDISPLOC,
  name: "xdisploc",
  defaults: {
    client: { local: "refuse", remote: "refuse" },
    server: { local: "refuse", remote: "accept" },
  },
  defaultPolicy(role, settings) {
    return role === "client" && settings.xDisplayLocation ? { local: "accept", remote: "refuse" } : undefined;
  },
  commands: ["xdisploc"],
  receive(payload, host) {
    const ev = decodeXdisploc(payload);
    if (typeof ev === "string") {
      host.warn("malformed-subnegotiation", `${ev}: ignored`, OPT.XDISPLOC);
      return;
    }
    const st = state(host);
    if (!checkDirection(host, OPT.XDISPLOC, "XDISPLOC", ev.kind, st)) return;
    if (ev.kind === "is" && /\s/.test(ev.location)) {
      host.warn("malformed-subnegotiation", "XDISPLOC IS holds spaces (RFC 1096 section 4): read anyway", OPT.XDISPLOC);
    }
    host.emit(ev);
    if (ev.kind === "send") host.subnegotiate(OPT.XDISPLOC, encodeXdisplocIs(st.location ?? ""));
  },
  send(command, host) {
    const c = command as XdisplocCommand;
    if (c.kind === "location") {
      if (typeof c.location !== "string") throw new TypeError("xdisploc: location must be a string");
      state(host).location = c.location;
      return;
    }
    if (c.kind !== undefined && c.kind !== "send") throw new TypeError(`xdisploc: unknown kind ${JSON.stringify(c.kind)}`);
    if (host.isEnabled(OPT.XDISPLOC, "remote")) ask(host);
  },
  changed(side, enabled, host) {
    if (side === "remote" && enabled) ask(host);
    if (side === "remote" && !enabled) state(host).pending = 0;
  },
};
