/**
 * `npm run lab`: opens Jupyter on `notebooks/` with the project's own
 * TypeScript kernel, registered only for this process (see `kernelspec.ts`).
 * Extra arguments go to Jupyter, e.g. `npm run lab -- --no-browser --port 8890`.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { PACKAGE_ROOT } from "../paths";
import { findJupyter, findJupyterCore, JUPYTER_MISSING, NOTEBOOK_SERVER_MISSING } from "./find";
import { installKernelSpec, jupyterEnv, linkSelf, KERNEL_DISPLAY_NAME } from "./kernelspec";

function main(): void {
  installKernelSpec();
  linkSelf();
  const lab = findJupyter("lab");
  const app = lab !== null ? "lab" : "notebook";
  const jupyter = lab ?? findJupyter("notebook");
  if (jupyter === null) {
    // Tell "Jupyter is there but has no notebook server" from "no Jupyter at all".
    console.error(findJupyterCore() !== null ? NOTEBOOK_SERVER_MISSING : JUPYTER_MISSING);
    process.exit(1);
  }
  const notebooks = path.join(PACKAGE_ROOT, "notebooks");
  console.log(`Opening Jupyter ${app} on ${notebooks}; pick the kernel "${KERNEL_DISPLAY_NAME}".`);
  const child = spawn(jupyter, [app, notebooks, ...process.argv.slice(2)], {
    stdio: "inherit",
    env: jupyterEnv(),
    cwd: notebooks,
  });
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (require.main === module) main();
