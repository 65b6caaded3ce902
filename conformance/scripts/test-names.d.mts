/** A name in a test's path: exact text, or a pattern for a template literal with substitutions. */
export interface NamePart {
  text: string;
  pattern: RegExp | null;
}
/** One test of a file: its describe names then its own name, and its line. */
export interface TestName {
  path: NamePart[];
  line: number;
}
export function testNames(fileName: string, source: string): TestName[];
export function refMatches(names: readonly string[], test: TestName): boolean;
export const SEPARATOR: string;
export function parseRef(ref: string): { file: string; names: string[] };
