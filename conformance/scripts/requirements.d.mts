import type { TestName } from "./test-names.mjs";

export type Keyword = "MUST" | "MUST NOT" | "REQUIRED" | "SHALL" | "SHALL NOT" | "SHOULD" | "SHOULD NOT" | "MAY" | "MAY NOT";

/** One requirement of an RFC. */
export interface Requirement {
  id: string;
  rfc: number;
  section: string;
  keyword: Keyword;
  text: string;
  tests?: string[];
  untestable?: string;
  summary?: string;
  note?: string;
}

/** One data file: the requirements of one RFC. */
export interface RequirementsDoc {
  file: string;
  rfc: number;
  title: string;
  scope?: string;
  summaryTable?: { feature: string; section: string; keyword: Keyword }[];
  requirements: Requirement[];
}

export const ROOT: string;
export const DATA_DIR: string;
export const MARKDOWN: string;
export const REGENERATE: string;
export const RFCS: number[];
export const KEYWORDS: Keyword[];
export function loadRequirements(dir?: string): RequirementsDoc[];
export function testsOf(file: string, root?: string): TestName[] | null;
export function refProblem(ref: string, root?: string): string | null;
export function checkRequirements(docs: RequirementsDoc[], root?: string): string[];
export function renderMarkdown(docs: RequirementsDoc[]): string;
