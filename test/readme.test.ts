import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// Every ```ts block of these READMEs that imports something runs as a module: an example
// that stops working fails here. (Deno and Bun examples run on their runtimes elsewhere.)
const READMES = ["README.md", "packages/node-transport/README.md", "packages/core/src/connection/README.md"];
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const NODE_SRC = pathToFileURL(join(ROOT, "packages/node-transport/src/index.ts")).href;
const tmp = mkdtempSync(join(tmpdir(), "telnetkit-readme-"));

function blocks(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  // Blocks that only declare an interface (the ByteChannel sketch) are documentation, not programs.
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]).filter((code) => /\bimport\b/.test(code));
}

describe("README examples run", () => {
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  for (const file of READMES) {
    const found = blocks(file);
    it(`${file} has examples`, () => {
      expect(found.length).toBeGreaterThan(1);
    });
    found.forEach((code, i) => {
      it(`${file} example ${i + 1}`, async () => {
        const path = join(tmp, `${file.replace(/\W/g, "_")}-${i + 1}.ts`);
        // @telnetkit/core resolves through the test alias; @telnetkit/node to its source.
        writeFileSync(path, code.replace(/from "@telnetkit\/node"/g, `from ${JSON.stringify(NODE_SRC)}`));
        await import(pathToFileURL(path).href);
      });
    });
  }
});
