/**
 * ECHO, option 1 — RFC 857.
 *
 * The side with ECHO on echoes the characters it receives. By default a server offers to
 * echo (WILL ECHO when asked) and a client lets the server echo; neither echoes for the
 * other the wrong way round. The connection layer does the echoing itself.
 */
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";

export const echo: OptionModule = {
  code: OPT.ECHO,
  name: "echo",
  defaults: {
    client: { local: "refuse", remote: "accept" },
    server: { local: "accept", remote: "refuse" },
  },
};
