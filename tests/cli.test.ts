import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import { COMMANDS, runCli } from "../src/cli/main";
import { PACKAGE_ROOT, packageVersion } from "../src/paths";
import { captured } from "./helpers";

afterEach(() => vi.restoreAllMocks());


test("--help lists every command", async () => {
  const { out } = captured();
  expect(await runCli(["--help"])).toBe(0);
  for (const c of ["index", "estimate", "simulate", "report", "bench", "calibrate", "validate", "sweep", "kernel"]) expect(out.join("\n")).toMatch(new RegExp(`^  ${c} `, "m"));
  expect(COMMANDS.map((c) => c.name)).toEqual(["index", "estimate", "simulate", "report", "bench", "calibrate", "validate", "sweep", "kernel"]);
});

test("--version prints the package version", async () => {
  const { out } = captured();
  expect(await runCli(["--version"])).toBe(0);
  expect(out).toEqual([packageVersion()]);
});

test("an unknown command is a one-line user error with exit status 2", async () => {
  const { err } = captured();
  expect(await runCli(["simulat"])).toBe(2);
  expect(err).toEqual(['bioclusters: Unknown command "simulat". Run "bioclusters --help" to see the commands: index, estimate, simulate, report, bench, calibrate, validate, sweep, kernel.']);
});

test("the installed binary runs", () => {
  const bin = path.join(PACKAGE_ROOT, "dist", "cli", "main.js");
  expect(fs.existsSync(bin), "dist/ is built by npm install (the prepare script)").toBe(true);
  expect(fs.readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node")).toBe(true);
  const r = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
  expect(r.status).toBe(0);
  expect(r.stdout).toContain("Usage: bioclusters <command>");
  const bad = spawnSync(process.execPath, [bin, "nope"], { encoding: "utf8" });
  expect(bad.status).toBe(2);
  expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace for a user mistake
});
