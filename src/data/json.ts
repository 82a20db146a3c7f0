/**
 * Reading a JSON input file, with a missing or malformed file reported as a
 * user error that names the file.
 */
import * as fs from "node:fs";
import { UserError } from "../errors";

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
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
    const hint = missing ? m.missingHint : m.invalidHint;
    throw new UserError(missing ? m.missing : `${m.invalid} (${(e as Error).message}).`, {
      location: { file },
      ...(hint === undefined ? {} : { hint }),
      cause: e,
    });
  }
}
