#!/usr/bin/env node
/**
 * The `bioclusters` command: the notebooks' jobs without Jupyter.
 *
 * Each command is a module with `run(args)`; a `UserError` prints as one
 * message (no stack trace) and exits with status 2.
 */
import { isUserError, UserError } from "../errors";
import { packageVersion } from "../paths";
import { runIndex } from "./index-command";
import { runEstimate } from "./estimate-command";
import { runSimulate } from "./simulate-command";
import { runBench } from "./bench-command";
import { runReport } from "./report-command";
import { runKernel } from "./kernel-command";

export interface Command {
  name: string;
  summary: string;
  /** Runs the command; resolves to the exit status. */
  run?: (args: string[]) => Promise<number> | number;
}

/** Every command, in the order `--help` lists them. Later stages fill in `run`. */
export const COMMANDS: Command[] = [
  { name: "index", summary: "Build the cluster evaluation index from a data file and a recipe", run: runIndex },
  { name: "estimate", summary: "Estimate a regression (OLS, logit, Poisson, negative binomial) on survey data", run: runEstimate },
  { name: "simulate", summary: "Project every cluster under one or more policy mixes", run: runSimulate },
  { name: "report", summary: "Run the default analysis and write a self-contained HTML report", run: runReport },
  { name: "bench", summary: "Measure the simulator's speed on this machine", run: runBench },
  { name: "kernel", summary: "Register the notebook kernel with your own Jupyter or VS Code (opt-in)", run: runKernel },
];

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `bioclusters ${packageVersion()} — a policy lab for Korean bio-clusters`,
    "",
    "Usage: bioclusters <command> [options]",
    "       bioclusters <command> --help",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}${c.run ? "" : " (not available yet)"}`),
    "",
    "Options:",
    "  -h, --help     Show this help",
    "  -v, --version  Show the version",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    console.log(helpText());
    return 0;
  }
  if (first === "-v" || first === "--version") {
    console.log(packageVersion());
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === first);
  if (cmd === undefined) {
    throw new UserError(`Unknown command "${first}".`, {
      hint: `Run "bioclusters --help" to see the commands: ${COMMANDS.map((c) => c.name).join(", ")}.`,
    });
  }
  if (cmd.run === undefined) {
    throw new UserError(`The "${cmd.name}" command is not available in this version (${packageVersion()}).`, {
      hint: "Use the notebooks for now, or update bioclusters.",
    });
  }
  return cmd.run(rest);
}

/** Runs `main` and turns its outcome into an exit status. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (e) {
    if (isUserError(e)) {
      console.error(`bioclusters: ${e.message}`);
      return 2;
    }
    console.error("bioclusters: an unexpected internal error occurred. Please report it with the details below.");
    console.error(e);
    return 70;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
