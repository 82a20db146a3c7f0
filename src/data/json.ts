/**
 * Reading a JSON input file, with a missing or malformed file reported as a
 * user error that names the file.
 */
import { UserError } from "../errors";
import { MAX_JSON_BYTES } from "../limits";
import { readTextCapped } from "./files";

export interface JsonFileMessages {
  /** The sentence when the file does not exist, e.g. "The recipe file does not exist." */
  missing: string;
  /** The start of the sentence when the file is not JSON, e.g. "The recipe is not valid JSON"; the parser's message follows in brackets. */
  invalid: string;
  missingHint?: string;
  invalidHint?: string;
}

/** Parses `file` as JSON; shape checks are the caller's. */
export function readJsonFile(file: string, m: JsonFileMessages): unknown {
  const text = readTextCapped(file, { maxBytes: MAX_JSON_BYTES, kind: "JSON file", missing: m.missing, ...(m.missingHint !== undefined ? { missingHint: m.missingHint } : {}) });
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    const hint = m.invalidHint;
    throw new UserError(`${m.invalid} (${jsonWhere(text, (e as Error).message)}).`, {
      location: { file },
      ...(hint === undefined ? {} : { hint }),
      cause: e,
    });
  }
}

/** The parser's message with the position turned into a line and column. */
function jsonWhere(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  const base = message.replace(/ in JSON at position \d+.*$/s, "").replace(/\s*\(line \d+ column \d+\)$/, "");
  if (!m) return base;
  const pos = Number(m[1]);
  const before = text.slice(0, pos).split("\n");
  return `${base} at line ${before.length}, column ${(before[before.length - 1] as string).length + 1}`;
}
