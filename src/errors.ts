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
  /** The physical line in the file (the header is line 1; blank lines and quoted line breaks count), printed as "line N". */
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

/** `data/x.csv, line 3, column "sales": ` — the prefix of a located message. */
export function formatLocation(loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(loc.file);
  if (loc.row !== undefined) parts.push(`line ${loc.row}`);
  if (loc.column !== undefined) parts.push(`column "${loc.column}"`);
  return parts.length > 0 ? `${parts.join(", ")}: ` : "";
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/**
 * A request that would exceed a documented resource cap (src/limits.ts):
 * refused before any work, with the estimate and the limit. The CLI exits
 * with status 3.
 */
export class ResourceError extends UserError {
  constructor(problem: string, options: { hint?: string; location?: ErrorLocation; cause?: unknown } = {}) {
    super(problem, options);
    this.name = "ResourceError";
  }
}

export function isResourceError(e: unknown): e is ResourceError {
  return e instanceof ResourceError;
}

/** The command's exit statuses (README "Exit codes" and `--help` list them). */
export const EXIT = {
  ok: 0,
  /** A user error: bad input, a wrong option, an output folder that cannot be used. */
  user: 2,
  /** A documented resource limit would be exceeded (nothing was run). */
  resource: 3,
  /** A bug: an unexpected internal error. */
  internal: 70,
  /** Interrupted by SIGINT (Ctrl-C): 128 + 2. */
  sigint: 130,
  /** Terminated by SIGTERM: 128 + 15. */
  sigterm: 143,
} as const;

/** A validation issue as zod reports it (the parts we use). */
export interface SchemaIssue {
  code: string;
  message: string;
  path: ReadonlyArray<PropertyKey>;
  values?: readonly unknown[];
  expected?: string;
}

/**
 * For a value that matched no branch of a union, the issue of the branch it
 * was meant for (the one that did not fail on the value's type at its top),
 * with the full path: "shares.rnd_grants must be a number" rather than
 * "shares: Invalid input".
 */
export function specificIssue(issue: SchemaIssue): SchemaIssue {
  const branches = (issue as SchemaIssue & { errors?: SchemaIssue[][] }).errors;
  if (issue.code !== "invalid_union" || !Array.isArray(branches)) return issue;
  const topLevelMismatch = (i: SchemaIssue) => i.path.length === 0 && (i.code === "invalid_type" || i.code === "invalid_value");
  const meant = branches.find((b) => b.length > 0 && !topLevelMismatch(b[0] as SchemaIssue));
  if (meant === undefined) return issue;
  const inner = specificIssue(meant[0] as SchemaIssue);
  return { ...inner, path: [...issue.path, ...inner.path] };
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
