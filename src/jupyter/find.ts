/**
 * Finding a working Jupyter and saying clearly when there is none.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";

export type JupyterApp = "lab" | "notebook" | "nbconvert" | "kernelspec";

/** The `jupyter` commands to try: BIOCLUSTERS_JUPYTER if set, else the one on PATH and the usual places. */
function candidates(): string[] {
  const forced = process.env["BIOCLUSTERS_JUPYTER"];
  return forced ? [forced] : ["jupyter", "/usr/bin/jupyter", "/usr/local/bin/jupyter"];
}

function works(cmd: string, args: string[]): boolean {
  if (cmd.startsWith("/") && !fs.existsSync(cmd)) return false;
  const r = spawnSync(cmd, args, { stdio: "ignore", timeout: 60_000 });
  return r.status === 0;
}

/** The first `jupyter` command whose `app` subcommand runs, or null. */
export function findJupyter(app: JupyterApp): string | null {
  for (const cmd of candidates()) if (works(cmd, [app, "--version"])) return cmd;
  return null;
}

export const JUPYTER_MISSING = [
  "Jupyter was not found, so the notebooks cannot be opened or run.",
  "Install it, then run this command again:",
  "  pip install jupyterlab                 (any system with Python 3)",
  "  sudo apt-get install jupyter-notebook  (Debian or Ubuntu; add jupyter-nbconvert python3-nbclient for the notebook tests)",
  "Nothing else is needed: the TypeScript kernel comes with this project (`npm install` sets it up).",
].join("\n");

/** The first `jupyter` command that runs at all (`jupyter --version`), whatever apps it has; or null. */
export function findJupyterCore(): string | null {
  for (const cmd of candidates()) if (works(cmd, ["--version"])) return cmd;
  return null;
}

export const NOTEBOOK_SERVER_MISSING = [
  "Jupyter is installed, but without a notebook server (JupyterLab or the classic Notebook), so the notebooks cannot be opened.",
  "Install one, then run this command again:",
  "  pip install jupyterlab                 (any system with Python 3)",
  "  sudo apt-get install jupyter-notebook  (Debian or Ubuntu)",
].join("\n");
