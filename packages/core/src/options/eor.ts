/**
 * END-OF-RECORD, option 25 — RFC 885.
 *
 * With our side's EOR on, `prompt` marks the end of a record with IAC EOR (used by MUDs
 * to mark prompts); IAC EOR from the peer arrives as a `command` event.
 */
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

export const eor: OptionModule = {
  code: OPT.EOR,
  name: "eor",
  defaults: {
    client: { local: "accept", remote: "accept" },
    server: { local: "accept", remote: "accept" },
  },
};
