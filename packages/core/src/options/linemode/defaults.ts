/**
 * Default special-character tables (RFC 1184 §5.5: "the system default special
 * character settings"), one for each role. Values are the usual Unix ones (^C, ^O, ^\,
 * ^D, ^Z, DEL, ^U, ^W, ^R, ^V, ^Q, ^S).
 *
 * - Client: the table of RFC 1184 §5.10's example client. SYNCH and AYT are DEFAULT
 *   ("use the server's"): a keyboard has no usual key for them.
 * - Server: the same characters at VALUE, so that it agrees with a client that changes
 *   them; the functions a server has no character for are DEFAULT, as §2.4 asks ("they
 *   should be sent as XXX SLC_DEFAULT 0 ... so that the client may choose to use its own
 *   values"), and §5.5: a server "just acks whatever value the client requests" for them.
 */
import { NSLC, SLC_NAMES, type SlcSetting, type SlcTable } from "./slc.js";

const val = (value: number, flushin = false, flushout = false): SlcSetting => ({ level: "value", value, flushin, flushout });
const none = (): SlcSetting => ({ level: "nosupport", value: 0, flushin: false, flushout: false });
const dflt = (): SlcSetting => ({ level: "default", value: 0, flushin: false, flushout: false });

// In function order; the functions not listed get `rest`.
function table(entries: Partial<SlcTable>, rest: () => SlcSetting): Readonly<SlcTable> {
  const t = {} as SlcTable;
  for (let f = 1; f <= NSLC; f++) {
    const name = SLC_NAMES[f]!;
    t[name] = Object.freeze(entries[name] ?? rest());
  }
  return Object.freeze(t);
}

/** What a client supports and starts with, before `settings.linemode.slc` overrides. */
export const CLIENT_SLC_DEFAULTS: Readonly<SlcTable> = table(
  {
    SYNCH: dflt(),
    IP: val(3, true, true),
    AO: val(15),
    AYT: dflt(),
    ABORT: val(28, true, true),
    EOF: val(4),
    SUSP: val(26, true),
    EC: val(127),
    EL: val(21),
    EW: val(23),
    RP: val(18),
    LNEXT: val(22),
    XON: val(17),
    XOFF: val(19),
  },
  none,
);

/** What a server supports and answers `SLC 0 DEFAULT 0` with, before `settings.linemode.slc` overrides. */
export const SERVER_SLC_DEFAULTS: Readonly<SlcTable> = table(
  {
    IP: val(3, true, true),
    AO: val(15),
    AYT: dflt(),
    ABORT: val(28, true, true),
    EOF: val(4),
    SUSP: val(26, true),
    EC: val(127),
    EL: val(21),
    EW: val(23),
    RP: val(18),
    LNEXT: val(22),
    XON: val(17),
    XOFF: val(19),
  },
  dflt,
);
