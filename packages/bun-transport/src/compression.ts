// @ts-ignore: node:zlib is the runtime's own; this package builds without Node's type declarations.
import * as zlib from "node:zlib";
import { nodeZlibCodec, type CompressionCodec, type ZlibCodecOptions, type ZlibModule } from "@telnetkit/core";

/**
 * MCCP2 / MCCP3 compression on the runtime's node:zlib, for the `compression` option.
 * `createServer` and `connect` use it by default.
 */
export function zlibCodec(options: ZlibCodecOptions = {}): CompressionCodec {
  return nodeZlibCodec(zlib as unknown as ZlibModule, options);
}

/** The codec `createServer` and `connect` use when given no `compression` option. */
export const DEFAULT_COMPRESSION: CompressionCodec = zlibCodec();
