/**
 * The project's own Jupyter kernel, kept inside the project.
 *
 * `npm install` writes `out/jupyter/kernels/bioclusters/kernel.json`, a
 * kernelspec that starts this project's tslab with this Node.js. Jupyter finds
 * it when `JUPYTER_PATH` includes `out/jupyter`, which `npm run lab` and the
 * notebook tests set; nothing is written to the user's global Jupyter folders.
 *
 * The same step links `node_modules/bioclusters` to the project root, so a
 * notebook in `notebooks/` imports the compiled library (with its `.d.ts`
 * types) as `import * as bc from "bioclusters"`. tslab compiles cells with the
 * notebook folder as `rootDir` and cannot import `../src/*.ts`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../data/write";
import { PACKAGE_ROOT } from "../paths";

export const KERNEL_NAME = "bioclusters";
export const KERNEL_DISPLAY_NAME = "TypeScript (bioclusters)";

export interface JupyterDirs {
  /** Goes on `JUPYTER_PATH`; holds `kernels/bioclusters/`. */
  dataDir: string;
  kernelDir: string;
  /** Connection files and other runtime state. */
  runtimeDir: string;
}

export function jupyterDirs(root: string = PACKAGE_ROOT): JupyterDirs {
  const dataDir = path.join(root, "out", "jupyter");
  return { dataDir, kernelDir: path.join(dataDir, "kernels", KERNEL_NAME), runtimeDir: path.join(dataDir, "runtime") };
}

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  env?: Record<string, string>;
}

/** The kernelspec: this Node.js running this project's tslab. */
export function kernelSpec(root: string = PACKAGE_ROOT, node: string = process.execPath): KernelSpec {
  const tslabBin = path.join(root, "node_modules", "tslab", "bin", "tslab");
  return {
    argv: [node, tslabBin, "kernel", "--config-path", "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
  };
}

/** Writes the kernelspec; returns its folder. Idempotent. */
export function installKernelSpec(root: string = PACKAGE_ROOT): string {
  const { kernelDir, runtimeDir } = jupyterDirs(root);
  fs.mkdirSync(kernelDir, { recursive: true });
  fs.mkdirSync(runtimeDir, { recursive: true });
  writeFileAtomic(path.join(kernelDir, "kernel.json"), JSON.stringify(kernelSpec(root), null, 2) + "\n");
  return kernelDir;
}

/** Links `node_modules/bioclusters` → the project root (relative link). Idempotent. */
export function linkSelf(root: string = PACKAGE_ROOT): string {
  const link = path.join(root, "node_modules", "bioclusters");
  fs.mkdirSync(path.dirname(link), { recursive: true });
  let existing: string | null = null;
  try {
    existing = fs.readlinkSync(link);
  } catch {
    existing = null;
  }
  if (existing !== "..") {
    fs.rmSync(link, { recursive: true, force: true });
    fs.symlinkSync("..", link, "junction");
  }
  return link;
}

/** Environment for running Jupyter against the project's kernel. */
export function jupyterEnv(root: string = PACKAGE_ROOT, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { dataDir, runtimeDir } = jupyterDirs(root);
  const prior = base["JUPYTER_PATH"];
  return {
    ...base,
    JUPYTER_PATH: prior ? `${dataDir}${path.delimiter}${prior}` : dataDir,
    JUPYTER_RUNTIME_DIR: runtimeDir,
    // Keep JupyterLab's workspace state with the project, not in the user's home.
    JUPYTERLAB_WORKSPACES_DIR: path.join(dataDir, "workspaces"),
  };
}
