/**
 * NEW-ENVIRON, option 39 — RFC 1572 (and the MUD New Environment Standard, mud-mnes.md).
 *
 * The side that said DO asks with `SEND [type name ...]`; the side that said WILL answers
 * with `IS type name [VALUE value] ...` and may later send changes with `INFO` (§2, §6).
 * VAR = 0, VALUE = 1, ESC = 2, USERVAR = 3; the type bytes and ESC inside names and values
 * are escaped with ESC. The exchange itself (answers, the peer's map, INFO on change,
 * requests split under 240 bytes) lives in environ-exchange.ts, shared with ENVIRON.
 *
 * Default policy: a client agrees to send its environment when asked (the BSD servers ask
 * first and wait for it); a server asks for nothing unless told to (`new_environ: "request"`).
 */
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";
import { environChanged, receiveEnviron, sendEnviron, type EnvironCommand } from "./environ-exchange.js";

export const newEnviron: OptionModule = {
  code: OPT.NEW_ENVIRON,
  name: "new_environ",
  defaults: {
    client: { local: "accept", remote: "refuse" },
    server: { local: "refuse", remote: "refuse" },
  },
  // One command type for both environment options: `option` picks 39 or 36.
  commands: ["environ"],
  receive(payload, host) {
    receiveEnviron(OPT.NEW_ENVIRON, payload, host);
  },
  send(command, host) {
    sendEnviron(command as EnvironCommand, host);
  },
  changed(side, enabled, host) {
    environChanged(OPT.NEW_ENVIRON, side, enabled, host);
  },
};
