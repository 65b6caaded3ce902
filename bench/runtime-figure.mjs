// figure.mjs under any runtime (Node, Deno, Bun): node|deno run|bun runtime-figure.mjs '<json spec>'.
// With "portable": true in the spec, the engine is loaded while the global Buffer is hidden, so
// that it takes its portable byte search (Uint8Array#indexOf), as in a browser; the ceiling
// scan of figure.mjs still uses Buffer#indexOf.
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const spec = JSON.parse(process.argv[2]);
if (spec.portable) {
  const saved = Object.getOwnPropertyDescriptor(globalThis, "Buffer");
  delete globalThis.Buffer;
  try {
    const core = await import(pathToFileURL(resolve(spec.core)).href);
    if (core.byteSearch !== "typed-array") throw new Error(`runtime-figure: the engine still found Buffer (${core.byteSearch})`);
  } finally {
    Object.defineProperty(globalThis, "Buffer", saved);
  }
}
// figure.mjs reads the same spec from argv and loads the same (cached) engine module.
await import("./figure.mjs");
