/**
 * Ctrl-C and SIGTERM: cancel the run through the runner's abort signal (worker
 * threads stop), remove the unfinished output set and its lock, print one
 * line and exit 130 (SIGINT) or 143 (SIGTERM). The output folder keeps its
 * previous complete run.
 */
import { abortOpenOutputs } from "../data/output-folder";
import { EXIT } from "../errors";

/** Aborted when the process receives SIGINT or SIGTERM; commands pass it to the runner. */
export const cancelController = new AbortController();

let installed = false;

export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  const on = (sig: "SIGINT" | "SIGTERM", code: number) =>
    process.once(sig, () => {
      cancelController.abort(sig);
      const removed = abortOpenOutputs();
      process.stderr.write(`\nbioclusters: stopped by ${sig === "SIGINT" ? "Ctrl-C (SIGINT)" : "SIGTERM"}${removed > 0 ? "; the unfinished output was removed and the output folder keeps its previous run" : ""}.\n`);
      process.exit(code);
    });
  on("SIGINT", EXIT.sigint);
  on("SIGTERM", EXIT.sigterm);
}
