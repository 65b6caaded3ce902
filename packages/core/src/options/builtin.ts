import type { OptionModule } from "../engine/option.js";
import { binary } from "./binary.js";
import { charset } from "./charset.js";
import { environ } from "./environ.js";
import { newEnviron } from "./new-environ.js";
import { echo } from "./echo.js";
import { eor } from "./eor.js";
import { naws } from "./naws.js";
import { sga } from "./sga.js";
import { status } from "./status.js";
import { timingMark } from "./timing-mark.js";
import { ttype } from "./ttype.js";
import { gmcp } from "./gmcp.js";
import { msdp } from "./msdp.js";
import { mssp } from "./mssp.js";
import { linemode } from "./linemode/index.js";
import { tspeed } from "./tspeed.js";
import { xdisploc } from "./xdisploc.js";
import { sndloc } from "./sndloc.js";
import { lflow } from "./lflow.js";
import { logout } from "./logout.js";
import { exopl } from "./exopl.js";
import { comPort } from "./com-port.js";
import { authentication } from "./authentication.js";
import { encrypt } from "./encrypt.js";
import { FAMILY as OUTPUT_DISPOSITIONS } from "./output-disposition.js";
import { xascii } from "./xascii.js";
import { rcte } from "./rcte.js";
import { det } from "./det.js";
import { bm } from "./bm.js";
import { supdup } from "./supdup.js";
import { supdupOutput } from "./supdup-output.js";
import { regime3270 } from "./regime-3270.js";
import { x3pad } from "./x3pad.js";
import { tn3270e } from "./tn3270e.js";

/** The option modules every session has. */
export const BUILTIN_MODULES: readonly OptionModule[] = [binary, echo, sga, status, timingMark, ttype, eor, naws, gmcp, msdp, mssp, environ, newEnviron, charset, linemode,
  tspeed, xdisploc, sndloc, lflow, logout, exopl, comPort, authentication, encrypt, ...OUTPUT_DISPOSITIONS, xascii, rcte, det, bm, supdup, supdupOutput, regime3270, x3pad, tn3270e];
