import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect, test } from "vitest";
import { installKernelSpec, jupyterDirs, jupyterEnv, kernelSpec, linkSelf, KERNEL_DISPLAY_NAME } from "../src/jupyter/kernelspec";
import { JUPYTER_MISSING } from "../src/jupyter/find";

test("the kernelspec starts this project's tslab with this node", () => {
  const spec = kernelSpec("/proj", "/usr/bin/node");
  expect(spec).toEqual({
    argv: ["/usr/bin/node", "/proj/node_modules/tslab/bin/tslab", "kernel", "--config-path", "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
  });
});

test("installing writes only inside the project, and is idempotent", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bioclusters-ks-"));
  const dir = installKernelSpec(root);
  installKernelSpec(root);
  expect(dir).toBe(path.join(root, "out", "jupyter", "kernels", "bioclusters"));
  const spec = JSON.parse(fs.readFileSync(path.join(dir, "kernel.json"), "utf8"));
  expect(spec.display_name).toBe("TypeScript (bioclusters)");
  expect(fs.readdirSync(dir)).toEqual(["kernel.json"]);
});

test("the self link lets notebooks import the package by name", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bioclusters-link-"));
  fs.writeFileSync(path.join(root, "package.json"), '{"name":"bioclusters"}');
  linkSelf(root);
  linkSelf(root);
  const link = path.join(root, "node_modules", "bioclusters");
  expect(fs.readlinkSync(link)).toBe("..");
  expect(JSON.parse(fs.readFileSync(path.join(link, "package.json"), "utf8")).name).toBe("bioclusters");
});

test("Jupyter is pointed at the project's kernel folder, keeping the user's own path", () => {
  const env = jupyterEnv("/proj", { JUPYTER_PATH: "/home/u/jp", PATH: "/bin" });
  expect(env["JUPYTER_PATH"]).toBe(`${jupyterDirs("/proj").dataDir}${path.delimiter}/home/u/jp`);
  expect(env["JUPYTER_RUNTIME_DIR"]).toBe("/proj/out/jupyter/runtime");
  expect(env["PATH"]).toBe("/bin");
});

test("the missing-Jupyter message says how to install it", () => {
  expect(JUPYTER_MISSING).toContain("pip install jupyterlab");
  expect(JUPYTER_MISSING).toContain("apt-get install jupyter-notebook");
});

test("npm run lab without Jupyter says how to install it, in one paragraph, and exits non-zero", () => {
  const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
  const lab = path.join(__dirname, "..", "dist", "jupyter", "lab.js");
  const r = spawnSync(process.execPath, [lab], { env: { ...process.env, BIOCLUSTERS_JUPYTER: "/nonexistent/jupyter" }, encoding: "utf8" });
  expect(r.status).toBe(1);
  expect(r.stderr.trim()).toBe(JUPYTER_MISSING);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});
