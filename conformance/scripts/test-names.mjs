/**
 * The names of the tests in a test file, read from its syntax tree (TypeScript's parser):
 * every `it` / `test` call with the `describe` calls around it, as the list of names
 * vitest prints ("describe > test"). A name written as a template literal with
 * substitutions becomes a pattern in which each substitution matches any text.
 */
import ts from "typescript";

const SUITE = new Set(["describe", "suite"]);
const TEST = new Set(["it", "test"]);

/** `describe`, `it.each(...)`, `test.concurrent`, ...: the base name of a call's callee, or undefined. */
function calleeName(expr) {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return calleeName(expr.expression);
  if (ts.isCallExpression(expr)) return calleeName(expr.expression); // it.each(table)("name", ...)
  return undefined;
}

/** A name part: exact text, or a template whose `${...}` parts match anything. */
function nameOf(arg) {
  if (!arg) return undefined;
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return { text: arg.text, pattern: null };
  if (ts.isTemplateExpression(arg)) {
    const parts = [arg.head.text, ...arg.templateSpans.map((s) => s.literal.text)];
    const escaped = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return { text: parts.join("${...}"), pattern: new RegExp(`^${escaped.join("[\\s\\S]*")}$`) };
  }
  return { text: "<dynamic>", pattern: /^[\s\S]*$/ }; // a variable: any name
}

/**
 * Every test of a file: `{ path: [suite names..., test name], line }`, each name
 * `{ text, pattern }` (pattern null for exact text).
 * @param {string} fileName used for the parser's diagnostics only
 * @param {string} source the file's text
 */
export function testNames(fileName, source) {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = [];
  const visit = (node, stack) => {
    if (ts.isCallExpression(node)) {
      const base = calleeName(node.expression);
      const isSuite = base !== undefined && SUITE.has(base);
      const isTest = base !== undefined && TEST.has(base);
      if ((isSuite || isTest) && node.arguments.length >= 1) {
        const name = nameOf(node.arguments[0]);
        if (name) {
          const path = [...stack, name];
          if (isTest) found.push({ path, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
          for (const a of node.arguments.slice(1)) visit(a, isSuite ? path : stack);
          return;
        }
      }
    }
    ts.forEachChild(node, (child) => visit(child, stack));
  };
  visit(sf, []);
  return found;
}

/** Whether one name part of a reference matches one of a test. */
const partMatches = (ref, part) => (part.pattern ? part.pattern.test(ref) : part.text === ref);

/** Whether a reference's names (after the file) designate this test: the same number of parts, each matching. */
export function refMatches(names, test) {
  return names.length === test.path.length && names.every((n, i) => partMatches(n, test.path[i]));
}

/** Separator between a test's file and its names, and between names, in a reference. */
export const SEPARATOR = " > ";

/** `"path/to/file.test.ts > describe > test"` as `{ file, names }`. */
export function parseRef(ref) {
  const parts = ref.split(SEPARATOR).map((p) => p.trim());
  return { file: parts[0], names: parts.slice(1) };
}
