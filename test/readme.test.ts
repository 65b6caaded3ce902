import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

// Every ```ts block of a README runs as a module: an example that stops working fails here.
const readmes = ["README.md"];
const tmp = fileURLToPath(new URL("./.readme-blocks/", import.meta.url));

function blocks(file: string): string[] {
  const text = readFileSync(fileURLToPath(new URL(`../${file}`, import.meta.url)), "utf8");
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

describe("README examples run", () => {
  mkdirSync(tmp, { recursive: true });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  for (const file of readmes) {
    const found = blocks(file);
    it(`${file} has examples`, () => {
      expect(found.length).toBeGreaterThan(0);
    });
    found.forEach((code, i) => {
      it(`${file} example ${i + 1}`, async () => {
        const path = `${tmp}${file.replace(/\W/g, "_")}-${i + 1}.ts`;
        writeFileSync(path, code);
        await import(pathToFileURL(path).href);
      });
    });
  }
});
