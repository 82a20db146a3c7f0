import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect, test } from "vitest";
import { installKernelSpec, jupyterDirs, jupyterEnv, kernelSpec, linkSelf, KERNEL_DISPLAY_NAME } from "../src/jupyter/kernelspec";
import { JUPYTER_MISSING, NOTEBOOK_SERVER_MISSING } from "../src/jupyter/find";

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

/** A stand-in `jupyter` that logs its arguments: `--version` works; `kernelspec` works when `withKernelspec`. */
function fakeJupyter(withKernelspec: boolean): { cmd: string; log: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-fakejup-"));
  const log = path.join(dir, "log");
  const cmd = path.join(dir, "jupyter");
  fs.writeFileSync(
    cmd,
    `#!/bin/sh\necho "$@" >> "${log}"\ncase "$1" in\n  --version) exit 0;;\n  kernelspec) ${withKernelspec ? `if [ "$2" = install ]; then cp "$3/kernel.json" "${log}.kernel.json"; fi; exit 0` : "exit 1"};;\nesac\nexit 1\n`,
  );
  fs.chmodSync(cmd, 0o755);
  return { cmd, log };
}

test("npm run lab tells a Jupyter without a notebook server from no Jupyter at all", () => {
  const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
  const lab = path.join(__dirname, "..", "dist", "jupyter", "lab.js");
  const f = fakeJupyter(false);
  const r = spawnSync(process.execPath, [lab], { env: { ...process.env, BIOCLUSTERS_JUPYTER: f.cmd }, encoding: "utf8" });
  expect(r.status).toBe(1);
  expect(r.stderr.trim()).toBe(NOTEBOOK_SERVER_MISSING);
  expect(NOTEBOOK_SERVER_MISSING).not.toBe(JUPYTER_MISSING);
});

test("bioclusters kernel install registers this project's kernel through jupyter kernelspec, only when asked", () => {
  const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
  const bin = path.join(__dirname, "..", "dist", "cli", "main.js");
  const f = fakeJupyter(true);
  const env = { ...process.env, BIOCLUSTERS_JUPYTER: f.cmd };
  const user = spawnSync(process.execPath, [bin, "kernel", "install"], { env, encoding: "utf8" });
  expect(user.status, user.stderr).toBe(0);
  expect(fs.readFileSync(f.log, "utf8")).toMatch(/^kernelspec install \S+\/bioclusters --name bioclusters --replace --user$/m);
  const spec = JSON.parse(fs.readFileSync(`${f.log}.kernel.json`, "utf8"));
  expect(spec).toEqual(kernelSpec(path.resolve(__dirname, ".."), process.execPath));
  const sys = spawnSync(process.execPath, [bin, "kernel", "install", "--sys-prefix"], { env, encoding: "utf8" });
  expect(sys.status).toBe(0);
  expect(fs.readFileSync(f.log, "utf8")).toMatch(/--replace --sys-prefix$/m);
  const both = spawnSync(process.execPath, [bin, "kernel", "install", "--user", "--sys-prefix"], { env, encoding: "utf8" });
  expect(both.status).toBe(2);
  expect(both.stderr).toMatch(/only one of --user, --sys-prefix and --prefix/);
  const none = spawnSync(process.execPath, [bin, "kernel", "install"], { env: { ...process.env, BIOCLUSTERS_JUPYTER: "/nonexistent/jupyter" }, encoding: "utf8" });
  expect(none.status).toBe(2);
  expect(none.stderr).toContain("Jupyter was not found");
  expect(none.stderr).not.toMatch(/\n\s+at /);
});
