/**
 * `bioclusters kernel install [--user|--sys-prefix|--prefix P]`: registers the
 * project's TypeScript kernel with an existing Jupyter (VS Code, JupyterLab
 * Desktop, a conda environment), through `jupyter kernelspec install`. Opt-in:
 * `npm install` never does this; it keeps the kernel inside the project.
 * `bioclusters kernel uninstall` removes it again.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { UserError } from "../errors";
import { findJupyter, findJupyterCore, JUPYTER_MISSING } from "../jupyter/find";
import { KERNEL_DISPLAY_NAME, KERNEL_NAME, kernelSpec, linkSelf } from "../jupyter/kernelspec";
import { PACKAGE_ROOT } from "../paths";
import { parseCommand } from "./args";

export const KERNEL_HELP = `Usage: bioclusters kernel install [--user | --sys-prefix | --prefix <dir>]
       bioclusters kernel uninstall

Registers the "${KERNEL_DISPLAY_NAME}" kernel with the Jupyter on this machine, so VS Code and
any JupyterLab can run the notebooks (npm run lab needs none of this). The kernel runs this
project's tslab with this Node.js.

Options:
  --user         For your user only (default)
  --sys-prefix   Into the current Python environment (virtualenv or conda)
  --prefix DIR   Into DIR/share/jupyter/kernels`;

export function runKernel(args: string[]): number {
  const action = args[0] !== undefined && !args[0].startsWith("-") ? args[0] : undefined;
  const values = parseCommand<{ user?: boolean; "sys-prefix"?: boolean; prefix?: string }>(
    "kernel",
    action === undefined ? args : args.slice(1),
    { user: { type: "boolean" }, "sys-prefix": { type: "boolean" }, prefix: { type: "string" } },
    KERNEL_HELP,
  );
  if (values === null) return 0;
  if (action !== "install" && action !== "uninstall") throw new UserError(`"bioclusters kernel" needs "install" or "uninstall"${action ? `, not "${action}"` : ""}.`, { hint: "Run bioclusters kernel --help." });
  const modes = [values.user, values["sys-prefix"], values.prefix !== undefined].filter(Boolean).length;
  if (modes > 1) throw new UserError("Give only one of --user, --sys-prefix and --prefix.");
  const jupyter = findJupyter("kernelspec");
  if (jupyter === null) throw new UserError(findJupyterCore() !== null ? "Jupyter is installed but its kernelspec command does not run, so the kernel cannot be registered." : JUPYTER_MISSING);
  if (action === "uninstall") {
    const r = spawnSync(jupyter, ["kernelspec", "remove", "-f", KERNEL_NAME], { encoding: "utf8" });
    if (r.status !== 0) throw new UserError(`Jupyter could not remove the kernel "${KERNEL_NAME}": ${(r.stderr || r.stdout).trim().split("\n").at(-1) ?? ""}`);
    console.log(`Removed the kernel "${KERNEL_DISPLAY_NAME}".`);
    return 0;
  }
  linkSelf(PACKAGE_ROOT);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bioclusters-kernel-"));
  const dir = path.join(tmp, KERNEL_NAME);
  try {
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(kernelSpec(PACKAGE_ROOT), null, 2) + "\n");
    const where = values["sys-prefix"] ? ["--sys-prefix"] : values.prefix !== undefined ? ["--prefix", values.prefix] : ["--user"];
    const r = spawnSync(jupyter, ["kernelspec", "install", dir, "--name", KERNEL_NAME, "--replace", ...where], { encoding: "utf8" });
    if (r.status !== 0) throw new UserError(`Jupyter could not install the kernel: ${(r.stderr || r.stdout).trim().split("\n").at(-1) ?? "no message"}`, { hint: "Try --user, or run it in the Python environment you use for Jupyter." });
    console.log(`Installed the kernel "${KERNEL_DISPLAY_NAME}" (${where.join(" ")}): pick it in VS Code or JupyterLab. ${(r.stderr || r.stdout).trim()}`);
    console.log(`Notebooks import the library as import * as bc from "bioclusters"; open them from ${path.join(PACKAGE_ROOT, "notebooks")}.`);
    return 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
