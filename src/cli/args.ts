/**
 * Command-line parsing for the subcommands, on Node's built-in `util.parseArgs`,
 * with mistakes reported as one-sentence user errors.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "../errors";

export type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses `args` for a command. `--help` is always accepted: it prints `help`
 * and returns null, so the command returns 0 without doing anything else.
 */
export function parseCommand<T>(command: string, args: string[], options: Options, help: string): T | null {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }).values as Record<string, unknown>;
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    throw new UserError(`${msg.replace(/\.$/, "")}.`, { hint: `Run "bioclusters ${command} --help" for the options.` });
  }
  const { help: wantsHelp, ...rest } = values;
  if (wantsHelp === true) {
    console.log(help);
    return null;
  }
  return rest as T;
}

/** The value of a required option, or an error naming it. */
export function required(command: string, name: string, v: string | undefined): string {
  if (v === undefined || v === "") throw new UserError(`The option --${name} is required.`, { hint: `Run "bioclusters ${command} --help" for the options.` });
  return v;
}
