/**
 * SEND-LOCATION, option 23 — RFC 779.
 *
 * The user's Telnet, when it knows the user's location, offers WILL SEND-LOCATION; once
 * the server says DO, it sends `IAC SB SEND-LOCATION <location> IAC SE` "at any time"
 * (section 5). There is no request: the location is the whole payload. Client: offers
 * at `start()` when `settings.sendLocation` is set, sends it once agreed and again on
 * each `sndloc` command. Server: agrees when offered, and reports each location.
 */
import { latin1, latin1Bytes } from "../engine/bytes.js";
import { OPT } from "../engine/constants.js";
import type { OptionHost, OptionModule } from "../engine/option.js";

/** The user's location, from the client. */
export interface SndlocEvent {
  type: "sndloc";
  location: string;
}

/** Client: set our location; sent now if the server agreed, else once it does. */
export interface SndlocCommand {
  type: "sndloc";
  location: string;
}

interface SndlocState {
  location: string | undefined;
}

/** SEND-LOCATION payload: the location itself. */
export function encodeSndloc(location: string): Uint8Array {
  return latin1Bytes(location);
}

/** Decode a SEND-LOCATION payload; a string says what is wrong (RFC 779: printable ASCII only). */
export function decodeSndloc(payload: Uint8Array): SndlocEvent | string {
  for (let i = 0; i < payload.length; i++) {
    const b = payload[i];
    if (b < 0x20 || b > 0x7e) return `SEND-LOCATION holds byte ${b}, which is not printable ASCII`;
  }
  return { type: "sndloc", location: latin1(payload) };
}

function state(host: OptionHost): SndlocState {
  return host.state<SndlocState>(OPT.SNDLOC, () => ({ location: host.settings.sendLocation }));
}

/** The SEND-LOCATION option module (RFC 779). */
export const sndloc: OptionModule = {
  code: OPT.SNDLOC,
  name: "sndloc",
  defaults: {
    client: { local: "refuse", remote: "refuse" },
    server: { local: "refuse", remote: "accept" },
  },
  defaultPolicy(role, settings) {
    return role === "client" && settings.sendLocation !== undefined ? { local: "initiate", remote: "refuse" } : undefined;
  },
  commands: ["sndloc"],
  receive(payload, host) {
    if (!host.isEnabled(OPT.SNDLOC, "remote")) {
      if (host.isEnabled(OPT.SNDLOC, "local")) {
        host.warn("wrong-direction", "SEND-LOCATION from the peer, but only we agreed to send it", OPT.SNDLOC);
      }
      return;
    }
    const ev = decodeSndloc(payload);
    if (typeof ev === "string") {
      host.warn("malformed-subnegotiation", `${ev}: read anyway`, OPT.SNDLOC);
      host.emit({ type: "sndloc", location: latin1(payload) });
      return;
    }
    host.emit(ev);
  },
  send(command, host) {
    const c = command as SndlocCommand;
    if (typeof c.location !== "string") throw new TypeError("sndloc: location must be a string");
    state(host).location = c.location;
    if (host.isEnabled(OPT.SNDLOC, "local")) host.subnegotiate(OPT.SNDLOC, encodeSndloc(c.location));
  },
  changed(side, enabled, host) {
    if (side !== "local" || !enabled) return;
    const location = state(host).location;
    if (location !== undefined) host.subnegotiate(OPT.SNDLOC, encodeSndloc(location));
  },
};
