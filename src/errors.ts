/**
 * Errors that a user can fix: bad input files, wrong options, missing tools.
 *
 * The CLI prints a `UserError` as its message alone (no stack trace) and exits
 * with status 2; notebooks show the message. Every message says, in a sentence,
 * what went wrong and what to do, and names the file, row, column or field
 * when there is one.
 */

/** Where in an input the problem is; every part is optional. */
export interface ErrorLocation {
  /** File path as the user gave it. */
  file?: string;
  /** Row as a spreadsheet numbers it: the header is row 1, the first data row is row 2. */
  row?: number;
  /** Column or field name. */
  column?: string;
}

export class UserError extends Error {
  readonly location: ErrorLocation;
  /** What the user should do about it; appended to the message. */
  readonly hint: string | undefined;

  constructor(problem: string, options: { hint?: string; location?: ErrorLocation; cause?: unknown } = {}) {
    const where = formatLocation(options.location ?? {});
    const message = `${where}${problem}${options.hint ? ` ${options.hint}` : ""}`;
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "UserError";
    this.location = options.location ?? {};
    this.hint = options.hint;
  }

  /**
   * In a notebook (tslab prints a failing cell's error with Node's inspect)
   * the reader sees the one-sentence message, not a stack of dist/ paths.
   * Everywhere else the error inspects as usual, stack included.
   */
  [Symbol.for("nodejs.util.inspect.custom")](): string | this {
    return (globalThis as { __tslab__?: unknown }).__tslab__ !== undefined ? this.message : this;
  }
}

/** `data/x.csv, row 3, column "sales": ` — the prefix of a located message. */
export function formatLocation(loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(loc.file);
  if (loc.row !== undefined) parts.push(`row ${loc.row}`);
  if (loc.column !== undefined) parts.push(`column "${loc.column}"`);
  return parts.length > 0 ? `${parts.join(", ")}: ` : "";
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** A validation issue as zod reports it (the parts we use). */
export interface SchemaIssue {
  code: string;
  message: string;
  path: ReadonlyArray<PropertyKey>;
  values?: readonly unknown[];
  expected?: string;
}

/** The issue's location as a dotted path: `pillars[0].indicators[1].direction`. */
export function issuePath(issue: SchemaIssue): string {
  return issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "") || "(top)";
}

/** What is wrong, in words: "is missing", "must be one of a, b", "must be a number", … */
export function describeIssue(issue: SchemaIssue): string {
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) return `is missing${issue.expected ? ` (it must be ${article(issue.expected)})` : ""}`;
  if (issue.code === "invalid_type" && issue.expected) return `must be ${article(issue.expected)}`;
  if (issue.code === "invalid_value" && issue.values) return `must be one of ${issue.values.map(String).join(", ")}`;
  return issue.message.replace(/^Invalid input:\s*/i, "").replace(/\.$/, "");
}

function article(t: string): string {
  return /^[aeiou]/i.test(t) ? `an ${t}` : `a ${t}`;
}
