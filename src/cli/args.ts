/**
 * Command-line parsing for the subcommands, on Node's built-in `util.parseArgs`,
 * with mistakes reported as one-sentence user errors.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ResourceError, UserError } from "../errors";
import { MAX_SEED_LENGTH } from "../limits";

export type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses `args` for a command. `--help` is always accepted: it prints `help`
 * and returns null, so the command returns 0 without doing anything else.
 */
export function parseCommand<T>(command: string, args: string[], options: Options, help: string): T | null {
  let values: Record<string, unknown>;
  args = joinNegativeValues(args, options);
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

/**
 * `--years -5` → `--years=-5`: a value that starts with a dash would otherwise
 * be read as an option ("argument is ambiguous"); joined, it reaches the range
 * check and gets a message about the value.
 */
function joinNegativeValues(args: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const name = a.startsWith("--") ? a.slice(2) : null;
    const next = args[i + 1];
    if (name !== null && options[name]?.type === "string" && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * A whole-number option, written in plain digits (no `0x10`, no `1e9`), in
 * [min, max]. Below `min` or above `max` is a user error; above `resourceMax`
 * (a documented resource cap) is a resource error (exit 3).
 */
export function intOption(command: string, name: string, text: string, r: { min: number; max?: number; resourceMax?: number; what?: string; allowLarge?: boolean }): number {
  const t = text.trim();
  const range = `${r.min}${r.max !== undefined ? ` to ${r.max}` : r.resourceMax !== undefined ? ` to ${r.resourceMax}` : " or more"}`;
  if (!INTEGER.test(t)) {
    throw new UserError(`--${name} must be a whole number written in digits (${range}), not "${text}".`, { hint: `Run "bioclusters ${command} --help" for the options.` });
  }
  const n = Number(t);
  if (n < r.min || (r.max !== undefined && n > r.max)) {
    throw new UserError(`--${name} is ${t}, outside the allowed range ${range}.`, { hint: `Run "bioclusters ${command} --help" for the options.` });
  }
  if (r.resourceMax !== undefined && n > r.resourceMax && r.allowLarge !== true) {
    throw new ResourceError(`--${name} ${t} exceeds the limit of ${r.resourceMax.toLocaleString("en")}${r.what ? ` ${r.what}` : ""}.`, {
      hint: "Use a smaller value (see \"Limits\" in README.md).",
    });
  }
  return n;
}

/** A decimal option (plain notation, no exponent), in [min, max]. */
export function decimalOption(command: string, name: string, text: string, r: { min: number; max: number }): number {
  const t = text.trim();
  if (!DECIMAL.test(t)) throw new UserError(`--${name} must be a decimal number from ${r.min} to ${r.max}, not "${text}".`, { hint: `Run "bioclusters ${command} --help" for the options.` });
  const n = Number(t);
  if (!(n >= r.min && n <= r.max)) throw new UserError(`--${name} is ${t}, outside the allowed range ${r.min} to ${r.max}.`, { hint: `Run "bioclusters ${command} --help" for the options.` });
  return n;
}

/** A seed is any text up to MAX_SEED_LENGTH characters, without control characters (it is written into every output row). */
export function checkSeed(command: string, seed: string): string {
  if (seed.length > MAX_SEED_LENGTH) throw new UserError(`--seed is ${seed.length} characters long; a seed may have at most ${MAX_SEED_LENGTH}.`, { hint: `Run "bioclusters ${command} --help" for the options.` });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(seed)) throw new UserError("--seed contains a control character (a newline or tab, for instance).", { hint: "Use letters, digits and punctuation." });
  return seed;
}
