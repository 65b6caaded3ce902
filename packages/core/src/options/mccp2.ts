/**
 * MCCP2 (MUD Client Compression Protocol v2), option 86 — mud-mccp.md "The MCCP2 Protocol".
 *
 * The server compresses what it sends. It offers (WILL MCCP2); once the client agrees
 * (DO MCCP2) it sends `IAC SB MCCP2 IAC SE` and compresses everything after it, Telnet
 * commands included, until it ends the zlib stream (Z_FINISH), after which the connection
 * is plain Telnet again. DONT MCCP2 from the client ends compression.
 *
 * Default policy: a client accepts WILL MCCP2 only when `settings.compression` can inflate
 * (a `TelnetConnection` with a codec; the bare engine cannot decompress); a server does not
 * offer it unless configured: `options: { mccp2: "offer" }`, with a codec that can deflate.
 * See ./mccp.ts for the events and what the application does with them.
 */
import { OPT } from "../engine/constants.js";
import { mccpModule } from "./mccp.js";

export const mccp2 = mccpModule({ code: OPT.MCCP2, name: "mccp2", compressor: "server", compressorSide: "local" });
