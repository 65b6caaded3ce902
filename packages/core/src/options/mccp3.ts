/**
 * MCCP3 (MUD Client Compression Protocol v3), option 87 — mud-mccp.md "The MCCP3 Protocol".
 *
 * The client compresses what it sends. The server offers (WILL MCCP3); a client that agrees
 * answers DO MCCP3, sends `IAC SB MCCP3 IAC SE` and compresses everything after it until it
 * ends the zlib stream (Z_FINISH). WONT MCCP3 from the server (before a copyover, say) ends
 * the client's compression.
 *
 * Default policy: a client accepts WILL MCCP3 only when `settings.compression` can deflate;
 * a server accepts a client's DO MCCP3 when it can inflate, and offers it only when
 * configured: `options: { mccp3: "offer" }`. See ./mccp.ts for the events.
 */
import { OPT } from "../engine/constants.js";
import { mccpModule } from "./mccp.js";

export const mccp3 = mccpModule({ code: OPT.MCCP3, name: "mccp3", compressor: "client", compressorSide: "remote" });
