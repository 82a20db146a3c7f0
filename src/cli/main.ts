#!/usr/bin/env node
/**
 * The `bioclusters` command: the notebooks' jobs without Jupyter.
 *
 * Each command is a module with `run(args)`. Exit statuses: 0 success, 2 a
 * user error (one message, no stack trace), 3 a resource limit, 70 an
 * internal error (a short message; the stack with --debug), 130/143 when
 * stopped by SIGINT/SIGTERM.
 */
import { EXIT, isResourceError, isUserError, UserError } from "../errors";
import { installSignalHandlers } from "./signals";
import { packageVersion } from "../paths";

export interface Command {
  name: string;
  summary: string;
  /** Runs the command; resolves to the exit status. */
  run?: (args: string[]) => Promise<number> | number;
}

/** Every command, in the order `--help` lists them. Each module is loaded only when its command runs (a fast start). */
export const COMMANDS: Command[] = [
  { name: "index", summary: "Build the cluster evaluation index from a data file and a recipe", run: async (a) => (await import("./index-command.js")).runIndex(a) },
  { name: "estimate", summary: "Estimate a regression (OLS, logit, Poisson, negative binomial) on survey data", run: async (a) => (await import("./estimate-command.js")).runEstimate(a) },
  { name: "simulate", summary: "Project every cluster under one or more policy mixes", run: async (a) => (await import("./simulate-command.js")).runSimulate(a) },
  { name: "report", summary: "Run the default analysis and write a self-contained HTML report", run: async (a) => (await import("./report-command.js")).runReport(a) },
  { name: "bench", summary: "Measure the simulator's speed on this machine", run: async (a) => (await import("./bench-command.js")).runBench(a) },
  { name: "calibrate", summary: "Fit the free structural parameters to the 2012–2018 moments (simulated moments)", run: async (a) => (await import("./calibrate-command.js")).runCalibrate(a) },
  { name: "validate", summary: "Back-test the model on the held-out years 2019–2021 and check the calibration moments", run: async (a) => (await import("./validate-command.js")).runValidate(a) },
  { name: "sweep", summary: "Split a big experiment into shards, run them here or on SLURM, and merge", run: async (a) => (await import("./sweep-command.js")).runSweep(a) },
  { name: "kernel", summary: "Register the notebook kernel with your own Jupyter or VS Code (opt-in)", run: async (a) => (await import("./kernel-command.js")).runKernel(a) },
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
    "  --debug        On an internal error, print the stack trace",
    "",
    "Exit status:",
    "  0    success",
    "  2    user error: a bad input file, option or output folder (the message says what and where)",
    "  3    resource limit: the run would exceed a documented cap (see \"Limits\" in README.md); nothing was run",
    "  70   internal error: a bug in bioclusters; please report it",
    "  130  stopped by Ctrl-C (SIGINT); 143 stopped by SIGTERM (the output folder keeps its previous run)",
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

/** Where internal errors are reported. */
export const REPORT_BUGS = "the bioclusters maintainers (the issue tracker of the repository you got it from)";

/** Runs `main` and turns its outcome into an exit status; `--debug` anywhere adds stack traces to internal errors. */
export async function runCli(argv: string[]): Promise<number> {
  const debug = argv.includes("--debug");
  const args = argv.filter((a) => a !== "--debug");
  try {
    return await main(args);
  } catch (e) {
    if (isUserError(e)) {
      console.error(`bioclusters: ${e.message}`);
      return isResourceError(e) ? EXIT.resource : EXIT.user;
    }
    const what = e instanceof Error ? `${e.name}: ${e.message.split("\n")[0]}` : String(e);
    console.error(
      `bioclusters: internal error (${what}); this is a bug, not your mistake. Please report it to ${REPORT_BUGS} with the command you ran${debug ? " and the details below" : ", re-running it with --debug for the details"}.`,
    );
    if (debug) console.error(e);
    return EXIT.internal;
  }
}

if (require.main === module) {
  // `sweep` computes a shard synchronously and writes it atomically with a checksum: a handler could only run after
  // the shard was done, so a cancelled SLURM task would still deliver its result. It keeps the default (stop at once;
  // an unfinished shard leaves nothing, and the submitter runs it again).
  if (process.argv[2] !== "sweep") installSignalHandlers();
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
