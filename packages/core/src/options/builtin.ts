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

/** The option modules every session has. */
export const BUILTIN_MODULES: readonly OptionModule[] = [binary, echo, sga, status, timingMark, ttype, eor, naws, environ, newEnviron, charset];
