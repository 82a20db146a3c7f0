#!/usr/bin/env node
// npm run test:mutation [module ...]: Stryker on each named core module (default: all), incremental.
import { spawnSync } from "node:child_process";
import { MODULES } from "./modules.mjs";

const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(MODULES);
for (const n of names) {
  if (!MODULES[n]) {
    console.error(`Unknown module "${n}". Modules: ${Object.keys(MODULES).join(", ")}.`);
    process.exit(2);
  }
}
let failed = 0;
for (const n of names) {
  console.log(`\n== mutation testing: ${n} ==`);
  const r = spawnSync(process.execPath, ["node_modules/@stryker-mutator/core/bin/stryker.js", "run", "tests/mutation/stryker.config.mjs"], {
    stdio: "inherit",
    env: { ...process.env, MUTATION_MODULE: n },
  });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
