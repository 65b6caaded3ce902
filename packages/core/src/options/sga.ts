/**
 * SUPPRESS-GO-AHEAD, option 3 — RFC 858.
 *
 * Once our side's SGA is on, the session stops sending GA (`command GA` and `prompt`
 * send nothing).
 */
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

export const sga: OptionModule = {
  code: OPT.SGA,
  name: "sga",
  defaults: {
    client: { local: "accept", remote: "accept" },
    server: { local: "accept", remote: "accept" },
  },
};
