#!/usr/bin/env node
// npm run test:mutation [module ...] [-- stryker options]: Stryker on each named core module (default: all), incremental.
// Arguments from the first one starting with "-" on are passed to Stryker, e.g.
//   nice -n 19 npm run test:mutation estimation -- --concurrency 1
import { spawnSync } from "node:child_process";
import { MODULES } from "./modules.mjs";

const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith("-"));
const given = firstOption < 0 ? args : args.slice(0, firstOption);
const options = firstOption < 0 ? [] : args.slice(firstOption);
const names = given.length ? given : Object.keys(MODULES);
for (const n of names) {
  if (!MODULES[n]) {
    console.error(`Unknown module "${n}". Modules: ${Object.keys(MODULES).join(", ")}.`);
    process.exit(2);
  }
}
let failed = 0;
for (const n of names) {
  console.log(`\n== mutation testing: ${n} ==`);
  const r = spawnSync(process.execPath, ["node_modules/@stryker-mutator/core/bin/stryker.js", "run", "tests/mutation/stryker.config.mjs", ...options], {
    stdio: "inherit",
    env: { ...process.env, MUTATION_MODULE: n },
  });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
