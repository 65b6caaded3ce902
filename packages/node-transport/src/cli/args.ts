import { readFileSync } from "node:fs";

/** A small command-line parser: `--name value`, `--name=value`, `-n value`, flags, and `--` for the rest. */
export interface ArgSpec {
  /** Options that take a value, by long name; `short` maps one-letter aliases to long names. */
  values: readonly string[];
  flags: readonly string[];
  short?: Readonly<Record<string, string>>;
}

export interface ParsedArgs {
  options: Record<string, string | true>;
  positional: string[];
  /** Everything after `--`. */
  rest: string[];
}

export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const options: Record<string, string | true> = {};
  const positional: string[] = [];
  let rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      rest = argv.slice(i + 1);
      break;
    }
    let name: string | undefined;
    let value: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (eq !== -1) value = arg.slice(eq + 1);
    } else if (arg.length === 2 && arg[0] === "-" && arg !== "-") {
      name = spec.short?.[arg[1]];
      if (!name) throw new UsageError(`unknown option ${arg}`);
    } else {
      positional.push(arg);
      continue;
    }
    if (spec.flags.includes(name)) {
      if (value !== undefined) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
    } else if (spec.values.includes(name)) {
      if (value === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
        value = argv[++i];
      }
      options[name] = value;
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { options, positional, rest };
}

/** A mistake in the command line: print it with the usage, exit 2. */
export class UsageError extends Error {}

/**
 * The escape character of an interactive session from its command-line form: caret
 * notation (`^]`, `^X`, `^?` for DEL), one character as it is, or `none` (no escape: every
 * key goes to the server). Returns null for none; a UsageError for anything else.
 */
export function parseEscape(text: string): string | null {
  if (text === "none") return null;
  if (text.length === 2 && text[0] === "^") {
    const c = text[1].toUpperCase();
    if (c === "?") return "\x7f";
    const code = c.charCodeAt(0);
    if (code >= 0x40 && code <= 0x5f) return String.fromCharCode(code - 0x40);
  }
  if ([...text].length === 1) return text;
  throw new UsageError(`--escape needs ^X, one character or none, not ${JSON.stringify(text)}`);
}

/** How an escape character is shown: caret notation for control characters. */
export function showEscape(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code === 0x7f) return "^?";
  return code < 0x20 ? `^${String.fromCharCode(code + 0x40)}` : ch;
}

/** The contents of a file named on the command line, or a UsageError that names the option. */
export function readOptionFile(file: string, option: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UsageError(`--${option}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** A port number from text, or a UsageError. */
export function parsePort(text: string, what = "port"): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 0 || n > 65535) throw new UsageError(`${what} must be a number 0-65535, not ${JSON.stringify(text)}`);
  return n;
}
