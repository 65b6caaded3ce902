/**
 * ENVIRON, option 36 — RFC 1408, read with RFC 1571's interoperability rules.
 *
 * The same exchange as NEW-ENVIRON (environ-exchange.ts), but RFC 1408 and the BSD
 * implementation disagree on which byte is VAR and which is VALUE (RFC 1571 §1). So:
 * - as the side that answers, a SEND holding a VALUE byte means the asker uses reversed
 *   codes, and our IS and INFO use them too (RFC 1571 §2, §4);
 * - as the side that asks, the codes of the peer's IS/INFO are guessed by the rules of
 *   RFC 1571 §3 in the order of §5, and kept once a rule decides.
 * We write RFC 1408's codes (VAR 0, VALUE 1) until the peer shows otherwise.
 *
 * Default policy: refused on both sides in both roles. inetutils telnetd asks for both
 * ENVIRON and NEW-ENVIRON, sends SEND only for NEW-ENVIRON, then waits for an ENVIRON IS
 * that never comes: a client that agrees to both never gets a session from it.
 */
import { OPT } from "../engine/constants.js";
import type { OptionModule } from "../engine/option.js";
import { environChanged, receiveEnviron } from "./environ-exchange.js";

export const environ: OptionModule = {
  code: OPT.ENVIRON,
  name: "environ",
  defaults: {
    client: { local: "refuse", remote: "refuse" },
    server: { local: "refuse", remote: "refuse" },
  },
  // Commands come through NEW-ENVIRON's `environ` type with `option: 36`.
  receive(payload, host) {
    receiveEnviron(OPT.ENVIRON, payload, host);
  },
  changed(side, enabled, host) {
    environChanged(OPT.ENVIRON, side, enabled, host);
  },
};
