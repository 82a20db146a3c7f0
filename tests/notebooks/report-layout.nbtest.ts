/**
 * The report as a reader sees it, in headless Chromium at 1024 and 1440 px:
 * full-page screenshots (out/screenshots/), no chart label outside its chart
 * or on top of another tick label, no horizontal scroll bar, and no code
 * identifier (snake_case or camelCase) in the rendered text — in English and
 * in Korean. The reports use a calibration made here with `calibrate --small`,
 * so the calibration section's tables and figures are checked too.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { checkLayout, launchChromium, ROOT } from "./harness";

const bin = path.join(ROOT, "dist", "cli", "main.js");
const shots = path.join(ROOT, "out", "screenshots");
let browser: Browser;
const outs: Record<string, string> = {};

beforeAll(async () => {
  browser = await launchChromium();
  const calDir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-layout-cal-"));
  const c = spawnSync(process.execPath, [bin, "calibrate", "--small", "--out", calDir], { encoding: "utf8", timeout: 300_000 });
  expect(c.status, `${c.stdout}\n${c.stderr}`).toBe(0);
  for (const lang of ["en", "ko"]) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), `bc-layout-${lang}-`));
    const r = spawnSync(process.execPath, [bin, "report", "--out", out, "--quick", "--no-images", "--lang", lang], { encoding: "utf8", timeout: 600_000, env: { ...process.env, BIOCLUSTERS_CALIBRATION: path.join(calDir, "calibrated.json") } });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    outs[lang] = path.join(out, "report.html");
  }
}, 600_000);
afterAll(async () => {
  await browser?.close();
});

for (const lang of ["en", "ko"])
  for (const width of [1024, 1440])
    test(`report (${lang}) at ${width} px: labels inside their charts, no overlaps, no identifiers`, async () => {
      const html = fs.readFileSync(outs[lang]!, "utf8");
      const expected = (html.match(/class="bioclusters-figure"/g) ?? []).length;
      const r = await checkLayout(browser, outs[lang]!, width, expected, path.join(shots, `report-${lang}-${width}.png`));
      expect(r.figures).toBe(expected);
      expect(r.problems).toEqual([]);
      expect(r.identifiers).toEqual([]);
      expect(r.horizontalOverflow).toBe(false);
      expect(fs.statSync(path.join(shots, `report-${lang}-${width}.png`)).size).toBeGreaterThan(10_000);
    }, 180_000);
