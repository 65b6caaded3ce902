/**
 * TRANSMIT-BINARY, option 0 — RFC 856.
 *
 * While a side's BINARY is on, the bytes it sends are not NVT text: no CR NUL / CR LF
 * handling in that direction (the session applies this), IAC is still doubled.
 */
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

export const binary: OptionModule = {
  code: OPT.BINARY,
  name: "binary",
  defaults: {
    client: { local: "accept", remote: "accept" },
    server: { local: "accept", remote: "accept" },
  },
};
