/**
 * The requirements matrix stays true: every requirement has tests that exist or a reason
 * it cannot be tested, and conformance/REQUIREMENTS.md is what the data says.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  MARKDOWN,
  REGENERATE,
  RFCS,
  checkRequirements,
  loadRequirements,
  refProblem,
  renderMarkdown,
} from "../scripts/requirements.mjs";
import { parseRef, refMatches, testNames } from "../scripts/test-names.mjs";

const docs = loadRequirements();

describe("requirements matrix — the data", () => {
  it("has a file for every RFC of the matrix, each with requirements", () => {
    expect(docs.map((d) => d.rfc)).toEqual(RFCS);
    for (const d of docs) expect(d.requirements.length, `RFC ${d.rfc}`).toBeGreaterThan(0);
  });

  it("every requirement is sound: id, section, keyword, quoted text, and existing tests or a reason", () => {
    const problems = checkRequirements(docs);
    expect(problems, `${problems.length} problem(s):\n${problems.join("\n")}`).toEqual([]);
  });

  it("every row of RFC 1123's summary table (§3.5) is in the matrix", () => {
    const rfc1123 = docs.find((d) => d.rfc === 1123)!;
    const rows = rfc1123.summaryTable ?? [];
    expect(rows.length).toBe(47);
    const covered = new Set(rfc1123.requirements.map((r) => r.summary));
    expect(rows.filter((row) => !covered.has(row.feature)).map((row) => row.feature)).toEqual([]);
  });
});

describe("requirements matrix — REQUIREMENTS.md", () => {
  it("is up to date with the data", () => {
    const written = fs.existsSync(MARKDOWN) ? fs.readFileSync(MARKDOWN, "utf8") : "";
    const expected = renderMarkdown(docs);
    if (written !== expected) {
      expect.fail(`conformance/REQUIREMENTS.md is not up to date with conformance/requirements/*.json: run \`${REGENERATE}\` and commit the result`);
    }
  });
});

describe("requirements matrix — test references", () => {
  const source = `
    describe("outer", () => {
      it("plain", () => {});
      describe(\`inner\`, () => {
        test("a test", () => {});
        it(\`option \${code}: round trip\`, () => {});
      });
      it.each([1, 2])("each %s", () => {});
    });
    it("top level", () => {});
  `;
  const tests = testNames("x.test.ts", source);

  it("reads describe / it / test names with their nesting, from the syntax tree", () => {
    expect(tests.map((t) => t.path.map((p) => p.text).join(" > "))).toEqual([
      "outer > plain",
      "outer > inner > a test",
      "outer > inner > option ${...}: round trip",
      "outer > each %s",
      "top level",
    ]);
  });

  it("matches a name part exactly, or a template literal's substitutions with any text", () => {
    const match = (names: string[]) => tests.some((t) => refMatches(names, t));
    expect(match(["outer", "plain"])).toBe(true);
    expect(match(["outer", "plai"])).toBe(false);
    expect(match(["plain"])).toBe(false);
    expect(match(["outer", "inner", "option 42: round trip"])).toBe(true);
    expect(match(["outer", "inner", "option 42: round"])).toBe(false);
    expect(match(["top level"])).toBe(true);
  });

  it("splits a reference into file and names; unknown files and tests are reported", () => {
    expect(parseRef("conformance/test/a.test.ts > d > t")).toEqual({ file: "conformance/test/a.test.ts", names: ["d", "t"] });
    expect(refProblem("conformance/test/no-such-file.test.ts > d > t")).toMatch(/no file/);
    expect(refProblem("conformance/test/requirements-matrix.test.ts > requirements matrix — the data > no such test")).toMatch(/no such test/);
    expect(refProblem("conformance/test/requirements-matrix.test.ts")).toMatch(/no test name/);
    expect(refProblem("conformance/test/requirements-matrix.test.ts > requirements matrix — REQUIREMENTS.md > is up to date with the data")).toBeNull();
  });
});
