#!/usr/bin/env node
// Merges Stryker incremental reports (mutation-testing-report-schema JSON): the union of their `files` and
// `testFiles` maps, a later file's entry replacing an earlier one's for the same path. Used to keep the results
// of parts of a module run one at a time (`--mutate <file>:<lines>`), since such a run's report may hold only
// the files it mutated.
//   node tests/mutation/merge-reports.mjs <out.json> <in1.json> [<in2.json> ...]
import { readFileSync, writeFileSync, renameSync } from "node:fs";

const [out, ...inputs] = process.argv.slice(2);
if (!out || inputs.length === 0) {
  console.error("Usage: node tests/mutation/merge-reports.mjs <out.json> <in1.json> [<in2.json> ...]");
  process.exit(2);
}
let merged;
for (const path of inputs) {
  let report;
  try {
    report = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    console.error(`Could not read the Stryker report ${path} (${e.message}); check the path.`);
    process.exit(2);
  }
  if (!report.files || typeof report.files !== "object") {
    console.error(`${path} has no "files" map, so it is not a Stryker report; check the path.`);
    process.exit(2);
  }
  if (!merged) merged = { ...report, files: {}, testFiles: {} };
  Object.assign(merged.files, report.files);
  Object.assign(merged.testFiles, report.testFiles ?? {});
}
const tmp = `${out}.tmp`;
writeFileSync(tmp, JSON.stringify(merged));
renameSync(tmp, out);
for (const [f, v] of Object.entries(merged.files)) {
  const c = {};
  for (const m of v.mutants) c[m.status] = (c[m.status] ?? 0) + 1;
  console.log(`${f}: ${v.mutants.length} mutants ${JSON.stringify(c)}`);
}
