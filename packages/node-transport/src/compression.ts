import * as zlib from "node:zlib";
import { nodeZlibCodec, type CompressionCodec, type ZlibCodecOptions } from "@telnetkit/core";

/**
 * MCCP2 / MCCP3 compression on node:zlib (streaming, off the main thread), for the
 * `compression` option. `createServer` and `connect` use it by default.
 *
 * @example
 * ```ts
 * createServer({ compression: zlibCodec({ level: 9 }), options: { ...defaultServerPolicy(), mccp2: "offer" } }, shell);
 * ```
 */
export function zlibCodec(options: ZlibCodecOptions = {}): CompressionCodec {
  return nodeZlibCodec(zlib, options);
}

/** The codec `createServer` and `connect` use when given no `compression` option. */
export const DEFAULT_COMPRESSION: CompressionCodec = zlibCodec();
