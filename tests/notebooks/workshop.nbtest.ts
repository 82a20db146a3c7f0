/**
 * The workshop page in a real browser: it builds, runs from file:// with no
 * network, moving a slider changes the outcome, and the same seed gives the
 * same numbers as the library (the code path behind `bioclusters simulate`).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { workshopHtml } from "../../src/workshop/build";
import { runExperiment, cubeValue } from "../../src/experiments/runner";
import { loadInputs, resolveMixes } from "../../src/experiments/simulate";
import { validateMix, type PolicyMix } from "../../src/model/policy";
import { METRICS } from "../../src/model/collect";
import { launchChromium, ROOT } from "./harness";

let browser: Browser;
let page: Page;
const errors: string[] = [];
const network: string[] = [];

beforeAll(async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bc-ws-")), "workshop.html");
  fs.writeFileSync(file, workshopHtml());
  browser = await launchChromium();
  page = await browser.newPage();
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (r) => !/^(file|data|blob):/.test(r.url()) && network.push(r.url()));
  await page.goto(`file://${file}`);
  await page.waitForFunction(() => document.querySelector("#status")?.textContent?.includes("replicates"), null, { timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
});

const cell = (metric: string) => page.textContent(`tr[data-metric="${metric}"] td.mine`);

test("moving a slider changes the displayed outcome, within about a second", async () => {
  const before = await cell("unfilled_vacancies");
  await page.locator("#share-talent").fill("90");
  await page.waitForFunction((b) => document.querySelector('tr[data-metric="unfilled_vacancies"] td.mine')?.textContent !== b, before, { timeout: 30_000 });
  const status = (await page.textContent("#status")) ?? "";
  const seconds = Number(/in ([\d.]+) s/.exec(status)?.[1]);
  expect(seconds).toBeLessThan(2);
  expect(Number(await cell("unfilled_vacancies"))).toBeLessThan(Number(before));
});

test("the same seed gives the same numbers as the library's simulate path", async () => {
  await page.locator("#reps").fill("4");
  await page.locator("#years").selectOption("5");
  await page.locator("#seed").fill("workshop-check");
  await page.waitForFunction(() => document.querySelector("#status")?.textContent?.includes("seed workshop-check") && document.querySelector("#status")?.textContent?.startsWith("4 replicates × 5 years"), null, { timeout: 30_000 });
  const { res, mix } = (await page.evaluate(() => ({ res: window.workshop.lastResult, mix: window.workshop.lastMix }))) as {
    res: { mean: number[][][] };
    mix: PolicyMix;
  };
  const inputs = loadInputs();
  const ids = inputs.clusters.map((c) => c.id);
  const mixes = [validateMix(mix, "page mix", ids), ...resolveMixes(["status_quo"], ids)];
  const lib = await runExperiment(inputs, mixes, { years: 5, replicates: 4, seed: "workshop-check" });
  const mean = (k: number, metric: string) => lib.cubes[k]!.reduce((a, c) => a + cubeValue(lib, c, 5, "all", metric), 0) / 4;
  for (const metric of ["firms", "employment", "innovators", "patents", "unfilled_vacancies"]) {
    const m = (METRICS as readonly string[]).indexOf(metric);
    expect(res.mean[0]![5]![m], `your mix ${metric}`).toBeCloseTo(mean(0, metric), 9);
    expect(res.mean[1]![5]![m], `status quo ${metric}`).toBeCloseTo(mean(1, metric), 9);
  }
});

test("the same seed gives the same numbers as the bioclusters simulate command", async () => {
  const { res, mix } = (await page.evaluate(() => ({ res: window.workshop.lastResult, mix: window.workshop.lastMix }))) as {
    res: { mean: number[][][] };
    mix: PolicyMix;
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-ws-cli-"));
  const mixFile = path.join(dir, "page-mix.json");
  fs.writeFileSync(mixFile, JSON.stringify(mix));
  const { spawnSync } = await import("node:child_process");
  const cli = spawnSync(process.execPath, [path.join(ROOT, "dist", "cli", "main.js"), "simulate", "--mix", mixFile, "--mix", "status_quo", "--years", "5", "--reps", "4", "--seed", "workshop-check", "--workers", "2", "--out", path.join(dir, "out")], { encoding: "utf8" });
  expect(cli.status, cli.stderr).toBe(0);
  const rows = fs.readFileSync(path.join(dir, "out", "summary.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  const cliMean = (scenario: string, metric: string) => Number(rows.find((r) => r[0] === scenario && r[1] === "all" && r[2] === "5" && r[3] === metric)?.[4]);
  for (const metric of ["firms", "employment", "innovators", "patents", "unfilled_vacancies"]) {
    const m = (METRICS as readonly string[]).indexOf(metric);
    expect(res.mean[0]![5]![m], `your mix ${metric}`).toBeCloseTo(cliMean("custom", metric), 6);
    expect(res.mean[1]![5]![m], `status quo ${metric}`).toBeCloseTo(cliMean("status_quo", metric), 6);
  }
});

test("the page made no network request and logged no error", () => {
  expect(network).toEqual([]);
  expect(errors).toEqual([]);
});
