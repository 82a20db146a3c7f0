#!/usr/bin/env node
// CI step: Stryker, incrementally, on every core module that has a committed baseline
// (tests/mutation/incremental/<module>.json). Unchanged code and tests reuse their results, so only what a
// change touched is mutated again; the run fails if a module's score falls below the threshold.
import * as fs from "node:fs";
import { spawnSync } from "node:child_process";
import { MODULES } from "./modules.mjs";

const baselined = Object.keys(MODULES).filter((m) => fs.existsSync(`tests/mutation/incremental/${m}.json`));
if (baselined.length === 0) {
  console.log("mutation: no module has a baseline yet (tests/mutation/incremental/)");
  process.exit(0);
}
console.log(`mutation: ${baselined.join(", ")} (incremental)`);
const r = spawnSync(process.execPath, ["tests/mutation/run.mjs", ...baselined], { stdio: "inherit" });
process.exit(r.status ?? 1);
