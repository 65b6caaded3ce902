// The runtime examples of the docs run on their runtimes: every ```ts node block under
// vitest, every ```ts deno block under Deno, every ```ts bun block under Bun, with the
// package names pointing at this repository's sources.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./support.js";

// Files with runtime examples; those marked true must have some.
const FILES: [string, boolean][] = [
  ["README.md", false],
  ["docs/runtimes.md", true],
  ["packages/node-transport/README.md", false],
  ["packages/deno-transport/README.md", true],
  ["packages/bun-transport/README.md", true],
];

const SOURCES: Record<string, string> = {
  "@telnetkit/core": "packages/core/src/index.ts",
  "@telnetkit/node": "packages/node-transport/src/index.ts",
  "@telnetkit/deno": "packages/deno-transport/src/index.ts",
  "@telnetkit/bun": "packages/bun-transport/src/index.ts",
};

type Runtime = "node" | "deno" | "bun";

function examples(file: string): { runtime: Runtime; code: string }[] {
  const path = join(ROOT, file);
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8");
  return [...text.matchAll(/^```ts (node|deno|bun)\n([\s\S]*?)^```$/gm)].map((m) => ({ runtime: m[1] as Runtime, code: m[2] }));
}

const localized = (code: string) =>
  code.replace(/(["'])(@telnetkit\/(?:core|node|deno|bun))\1/g, (_all, _q, name: string) => JSON.stringify(join(ROOT, SOURCES[name])));

const dir = mkdtempSync(join(tmpdir(), "telnetkit-examples-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Run a file under Deno or Bun; resolves with its exit code and output (at most 30 s).
function runUnder(runtime: "deno" | "bun", file: string): Promise<{ code: number | null; output: string }> {
  const argv =
    runtime === "deno"
      ? ["run", "--quiet", "--config", join(ROOT, "packages/deno-transport/deno.json"), "--allow-net=127.0.0.1", file]
      : [file];
  const child = spawn(join(ROOT, `node_modules/.bin/${runtime}`), argv, {
    cwd: ROOT,
    env: { ...process.env, DENO_NO_PACKAGE_JSON: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr.on("data", (b: Buffer) => (output += b.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

describe("runtime examples in the docs", () => {
  for (const [file, required] of FILES) {
    const found = examples(file);
    if (required) {
      it(`${file} has examples`, () => {
        expect(found.length).toBeGreaterThan(0);
      });
    }
    found.forEach(({ runtime, code }, i) => {
      it(`${file} example ${i + 1} (${runtime})`, async () => {
        const path = join(dir, `${file.replace(/\W/g, "_")}-${i + 1}.ts`);
        writeFileSync(path, localized(code));
        if (runtime === "node") {
          await import(pathToFileURL(path).href);
        } else {
          const { code: exit, output } = await runUnder(runtime, path);
          expect(output).toBe("");
          expect(exit).toBe(0);
        }
      }, 40_000);
    });
  }
});
