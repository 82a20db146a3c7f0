/** Helpers shared by the calibration tests. */
import * as fs from "node:fs";
import * as path from "node:path";
import { dataFile } from "../src/paths";

/** A copy of the national series with the hold-out rows removed (or their values changed). */
export function seriesWithoutHoldout(dir: string, mode: "delete" | "scramble"): { national: string; nationalSources: string } {
  const national = path.join(dir, "national.csv");
  const nationalSources = path.join(dir, "national_sources.csv");
  const keep = (file: string, out: string) => {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const kept = lines.map((l, i) => {
      if (i === 0 || !/^20(19|20|21),/.test(l)) return l;
      if (mode === "delete") return null;
      // Scramble: every number after the year and the hold-out flag, times 3.
      return l.replace(/^(\d{4},[01],)(.*)$/, (_, head: string, rest: string) => head + rest.replace(/(^|,)(\d+(?:\.\d+)?)(?=,|$)/g, (_m, sep: string, num: string) => `${sep}${Number(num) * 3}`));
    });
    fs.writeFileSync(out, kept.filter((l) => l !== null).join("\n"));
  };
  keep(dataFile("national_bio_industry.csv"), national);
  keep(dataFile("national_bio_industry_sources.csv"), nationalSources);
  return { national, nationalSources };
}
