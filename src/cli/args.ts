/**
 * Command-line parsing for the subcommands, on Node's built-in `util.parseArgs`,
 * with mistakes reported as one-sentence user errors.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "../errors";

export type Options = NonNullable<ParseArgsConfig["options"]>;

export interface Parsed<T> {
  values: T;
  help: boolean;
}

/** Parses `args` for a command; `--help` is always accepted. */
export function parseCommand<T>(command: string, args: string[], options: Options): Parsed<T> {
  try {
    const { values } = parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false });
    const { help, ...rest } = values as Record<string, unknown>;
    return { values: rest as T, help: help === true };
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    throw new UserError(`${msg.replace(/\.$/, "")}.`, { hint: `Run "bioclusters ${command} --help" for the options.` });
  }
}

/** The value of a required option, or an error naming it. */
export function required(command: string, name: string, v: string | undefined): string {
  if (v === undefined || v === "") throw new UserError(`The option --${name} is required.`, { hint: `Run "bioclusters ${command} --help" for the options.` });
  return v;
}
