// The engine under measurement: the built @telnetkit/core, or another build given by path
// (to compare two versions of the engine on the same machine, in the same conditions).
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

/** The module namespace of @telnetkit/core, or of the ESM build at `path`. */
export async function loadCore(path) {
  if (!path) return import("@telnetkit/core");
  return import(pathToFileURL(resolve(path)).href);
}
