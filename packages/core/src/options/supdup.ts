/**
 * SUPDUP, option 21 — RFC 736.
 *
 * Switches the connection to the SUPDUP display protocol (RFC 734): once on, no more
 * Telnet negotiation, and byte 255 is ordinary data. The engine cannot speak SUPDUP, so
 * the option is refused by default; an application that accepts it must stop feeding
 * this session once the `option` event says it is on. The option has no subnegotiation.
 */
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

/** The SUPDUP option module (RFC 736): named and refused. */
export const supdup: OptionModule = {
  code: OPT.SUPDUP,
  name: "supdup",
  receive(payload, host) {
    host.warn("malformed-subnegotiation", `SUPDUP defines no subnegotiation (${payload.length} bytes ignored)`, OPT.SUPDUP);
  },
};
