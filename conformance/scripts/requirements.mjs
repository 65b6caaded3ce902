#!/usr/bin/env node
/**
 * The requirements matrix: every MUST / SHOULD / MAY of the Telnet RFCs the suite covers,
 * kept as data in conformance/requirements/rfc<N>.json, each with the tests that check
 * it or the reason it cannot be tested.
 *
 *   node conformance/scripts/requirements.mjs          write conformance/REQUIREMENTS.md
 *   node conformance/scripts/requirements.mjs --check  only report problems (exit 1 if any)
 *
 * The same functions back conformance/test/requirements-matrix.test.ts, which fails when
 * a reference names no test, a requirement has neither tests nor a reason, or the
 * Markdown is not what this script would write.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseRef, refMatches, testNames } from "./test-names.mjs";

/** The repository root (two levels above this file). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DATA_DIR = path.join(ROOT, "conformance", "requirements");
export const MARKDOWN = path.join(ROOT, "conformance", "REQUIREMENTS.md");
export const REGENERATE = "npx -y pnpm@10 run requirements";

/** The RFCs of the matrix, in the order of the Markdown. */
export const RFCS = [854, 855, 856, 857, 858, 859, 860, 1073, 1091, 1123, 1143, 1184, 1372, 1572, 2066];

export const KEYWORDS = ["MUST", "MUST NOT", "REQUIRED", "SHALL", "SHALL NOT", "SHOULD", "SHOULD NOT", "MAY", "MAY NOT"];

/** Every data file, parsed: `{ rfc, title, summaryTable?, requirements: [...] }`, in RFC order. */
export function loadRequirements(dir = DATA_DIR) {
  const files = fs.readdirSync(dir).filter((f) => /^rfc\d+\.json$/.test(f));
  const docs = files.map((f) => ({ file: f, ...JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) }));
  const order = (d) => (RFCS.includes(d.rfc) ? RFCS.indexOf(d.rfc) : RFCS.length + d.rfc);
  return docs.sort((a, b) => order(a) - order(b));
}

const testCache = new Map();

/** The tests of a file (relative to the root), or null when there is no such file. */
export function testsOf(file, root = ROOT) {
  const full = path.join(root, file);
  if (!testCache.has(full)) {
    testCache.set(full, fs.existsSync(full) ? testNames(file, fs.readFileSync(full, "utf8")) : null);
  }
  return testCache.get(full);
}

/** Why a test reference does not resolve, or null when it names a test. */
export function refProblem(ref, root = ROOT) {
  if (typeof ref !== "string") return "a test reference must be a string";
  const { file, names } = parseRef(ref);
  if (!/\.test\.ts$/.test(file)) return `"${ref}": starts with "${file}", not a path to a .test.ts file`;
  if (names.length === 0) return `"${ref}": no test name after the file (write "file > describe > test")`;
  const tests = testsOf(file, root);
  if (tests === null) return `"${ref}": no file ${file}`;
  if (tests.some((t) => refMatches(names, t))) return null;
  const near = tests.filter((t) => t.path.length === names.length && t.path[0].text === names[0]).map((t) => t.path.map((p) => p.text).join(" > "));
  return `"${ref}": no such test in ${file}${near.length ? ` (in that describe: ${near.slice(0, 3).join(" | ")})` : ""}`;
}

/** Every problem of the data, as messages; an empty list when the matrix is sound. */
export function checkRequirements(docs, root = ROOT) {
  const problems = [];
  const ids = new Set();
  const present = new Set(docs.map((d) => d.rfc));
  for (const rfc of RFCS) if (!present.has(rfc)) problems.push(`no requirements file for RFC ${rfc}`);
  for (const doc of docs) {
    if (!Array.isArray(doc.requirements) || doc.requirements.length === 0) {
      problems.push(`${doc.file}: no requirements`);
      continue;
    }
    for (const r of doc.requirements) {
      const where = `${doc.file} ${r.id ?? "(no id)"}`;
      if (typeof r.id !== "string" || !r.id.startsWith(`RFC${doc.rfc}-`)) problems.push(`${where}: id must start with RFC${doc.rfc}-`);
      if (ids.has(r.id)) problems.push(`${where}: duplicate id`);
      ids.add(r.id);
      if (r.rfc !== doc.rfc) problems.push(`${where}: rfc is ${r.rfc}, the file is for ${doc.rfc}`);
      if (typeof r.section !== "string" || r.section === "") problems.push(`${where}: no section`);
      if (!KEYWORDS.includes(r.keyword)) problems.push(`${where}: keyword ${JSON.stringify(r.keyword)} is not one of ${KEYWORDS.join(", ")}`);
      if (typeof r.text !== "string" || r.text.trim() === "") problems.push(`${where}: no quoted text`);
      const hasTests = Array.isArray(r.tests) && r.tests.length > 0;
      const hasReason = typeof r.untestable === "string" && r.untestable.trim().length >= 10;
      if (!hasTests && !hasReason) problems.push(`${where}: neither tests nor an untestable reason`);
      if (hasTests && r.untestable !== undefined) problems.push(`${where}: both tests and an untestable reason`);
      if (r.tests !== undefined && !Array.isArray(r.tests)) problems.push(`${where}: tests must be an array`);
      if (hasTests) for (const ref of r.tests) {
        const p = refProblem(ref, root);
        if (p) problems.push(`${where}: ${p}`);
      }
    }
    if (Array.isArray(doc.summaryTable)) {
      const covered = new Set(doc.requirements.map((r) => r.summary).filter(Boolean));
      for (const row of doc.summaryTable) {
        if (!covered.has(row.feature)) problems.push(`${doc.file}: summary table row "${row.feature}" (${row.section}) has no requirement`);
      }
      const rows = new Map(doc.summaryTable.map((row) => [row.feature, row]));
      for (const r of doc.requirements) {
        if (r.summary === undefined) continue;
        const row = rows.get(r.summary);
        if (!row) problems.push(`${doc.file} ${r.id}: summary "${r.summary}" is no row of the summary table`);
        else if (row.keyword !== r.keyword || row.section !== r.section) {
          problems.push(`${doc.file} ${r.id}: ${r.keyword} in ${r.section}, but its summary row says ${row.keyword} in ${row.section}`);
        }
      }
    }
  }
  return problems;
}

const cell = (s) => String(s).replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

/** How a test reference reads in the table: the file, then the names. */
function refCell(ref) {
  const { file, names } = parseRef(ref);
  return `\`${cell(file)}\` › ${cell(names.join(" › "))}`;
}

/** The Markdown of the whole matrix. Deterministic: same data, same text. */
export function renderMarkdown(docs) {
  const out = [];
  out.push("# Requirements matrix");
  out.push("");
  out.push("Every requirement (MUST, MUST NOT, SHOULD, SHOULD NOT, REQUIRED, SHALL, MAY) that binds an");
  out.push("implementation in the Telnet RFCs below, quoted from the RFC, with the tests that check it or");
  out.push("the reason no test can. The older RFCs (854-860) write their rules in lower case (\"must\",");
  out.push("\"should not\", \"is required\", \"may not\"); those are listed with the keyword they amount to.");
  out.push("");
  out.push(`Generated from \`conformance/requirements/*.json\` by \`conformance/scripts/requirements.mjs\`:`);
  out.push(`edit the JSON, then run \`${REGENERATE}\`. CI fails when this file is out of date, when a`);
  out.push("test named here does not exist, or when a requirement has neither a test nor a reason.");
  out.push("");
  out.push("| RFC | Title | Requirements | Tested | Untestable |");
  out.push("| --- | --- | ---: | ---: | ---: |");
  let total = 0;
  let tested = 0;
  for (const d of docs) {
    const t = d.requirements.filter((r) => r.tests?.length).length;
    total += d.requirements.length;
    tested += t;
    out.push(`| [${d.rfc}](#rfc-${d.rfc}) | ${cell(d.title)} | ${d.requirements.length} | ${t} | ${d.requirements.length - t} |`);
  }
  out.push(`| | **All** | **${total}** | **${tested}** | **${total - tested}** |`);
  for (const d of docs) {
    out.push("");
    out.push(`## RFC ${d.rfc}`);
    out.push("");
    out.push(`${cell(d.title)}${d.scope ? `. ${cell(d.scope)}` : ""}`);
    out.push("");
    out.push("| ID | Section | Keyword | Requirement | Test(s) or reason |");
    out.push("| --- | --- | --- | --- | --- |");
    for (const r of d.requirements) {
      const text = `${cell(r.text)}${r.summary ? ` *(§3.5: ${cell(r.summary)})*` : ""}`;
      const how = r.tests?.length ? r.tests.map(refCell).join("<br>") : `*Untestable:* ${cell(r.untestable)}`;
      const note = r.note ? `<br>*Note:* ${cell(r.note)}` : "";
      out.push(`| ${r.id} | ${cell(r.section)} | ${r.keyword} | ${text} | ${how}${note} |`);
    }
  }
  out.push("");
  return out.join("\n");
}

function main(argv) {
  const docs = loadRequirements();
  const problems = checkRequirements(docs);
  for (const p of problems) console.error(`requirements: ${p}`);
  if (!argv.includes("--check")) {
    fs.writeFileSync(MARKDOWN, renderMarkdown(docs));
    const n = docs.reduce((a, d) => a + d.requirements.length, 0);
    console.log(`wrote ${path.relative(ROOT, MARKDOWN)}: ${n} requirements from ${docs.length} RFCs`);
  }
  if (problems.length > 0) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
