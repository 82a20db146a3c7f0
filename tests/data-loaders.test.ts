import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { loadClusters, loadIndicators, loadSources, loadSurvey, loadSurveyFrame, parseCsv, toCsv, withProvenance, PROVENANCED_FIELDS } from "../src/data";
import { UserError } from "../src/errors";
import { dataFile } from "../src/paths";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bioclusters-loaders-"));
let n = 0;
function variant(name: string, content: string | Buffer): string {
  n += 1;
  const f = path.join(dir, `${n}-${name}`);
  fs.writeFileSync(f, content);
  return f;
}
const text = (file: string) => fs.readFileSync(dataFile(file), "utf8");
const lines = (file: string) => text(file).trimEnd().split("\n");

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw new Error(`expected a UserError, got ${String(e)}`);
  }
  throw new Error("expected an error, but the load succeeded");
}

/** A bundled CSV as header + rows of text cells, edited and written back with the project's CSV functions. */
function edit(file: string, change: (columns: string[], rows: Array<Record<string, string | null>>) => string[] | void): string {
  const t = parseCsv(text(file), file);
  const rows = t.rows.map((r) => Object.fromEntries(t.columns.map((c, j) => [c, r[j] ?? null])));
  const columns = change(t.columns, rows) ?? t.columns;
  return toCsv(rows, columns);
}

/** Replaces one cell (row as a spreadsheet numbers it, header = 1) of a bundled CSV. */
function withCell(file: string, row: number, column: string, value: string): string {
  return edit(file, (_c, rows) => {
    (rows[row - 2] as Record<string, string | null>)[column] = value;
  });
}

const LOADERS = [
  ["clusters", "clusters.csv", loadClusters],
  ["sources", "sources.csv", loadSources],
  ["indicators", "indicators.csv", loadIndicators],
  ["survey", "survey_synthetic.csv", loadSurvey],
] as const;

describe.each(LOADERS)("%s loader", (_name, file, load) => {
  test("loads the bundled file", () => {
    expect(load(dataFile(file)).length).toBeGreaterThan(10);
  });

  test("a missing file names the file and says to check the path", () => {
    const e = errorOf(() => load(path.join(dir, "nope", file)));
    expect(e.message).toMatch(new RegExp(`nope/${file.replace(".", "\\.")}: The file does not exist\\. Check the path`));
  });

  test("an empty file is refused", () => {
    expect(errorOf(() => load(variant(file, ""))).message).toMatch(/The file is empty/);
  });

  test("a missing column is named, with the columns expected", () => {
    const dropped = edit(file, (columns) => columns.slice(0, -1));
    const e = errorOf(() => load(variant(file, dropped)));
    expect(e.message).toMatch(/line 1: Missing column "[a-z_0-9]+"\. A \w+ file needs these columns/);
  });

  test("an extra column is named", () => {
    const added = edit(file, (columns, rows) => {
      rows.forEach((r) => (r["my_notes"] = "x"));
      return [...columns, "my_notes"];
    });
    const e = errorOf(() => load(variant(file, added)));
    expect(e.message).toMatch(/line 1: Unexpected column "my_notes"/);
  });

  test("a duplicate key is refused with both rows named", () => {
    const ls = lines(file);
    const e = errorOf(() => load(variant(file, [...ls, ls[1]].join("\n") + "\n")));
    expect(e.message).toMatch(new RegExp(`line ${ls.length + 1}, column "\\w+": Duplicate .* it already appears on line 2\\.`));
  });

  test("a BOM and CRLF line endings load the same", () => {
    const f = variant(file, "\uFEFF" + text(file).replace(/\n/g, "\r\n"));
    expect(load(f)).toEqual(load(dataFile(file)));
  });
});

describe("cell-level errors name file, row, column and what was expected", () => {
  test("wrong type", () => {
    const f = variant("clusters.csv", withCell("clusters.csv", 3, "universities", "five"));
    expect(errorOf(() => loadClusters(f)).message).toBe(`${f}, line 3, column "universities": "five" is not a number; expected a whole number from 0 to 100.`);
  });

  test("out of range", () => {
    const f = variant("clusters.csv", withCell("clusters.csv", 4, "network", "1.7"));
    expect(errorOf(() => loadClusters(f)).message).toBe(`${f}, line 4, column "network": "1.7" is not allowed; expected a number from 0 to 1.`);
  });

  test("not a whole number", () => {
    const f = variant("survey.csv", withCell("survey_synthetic.csv", 10, "patent_apps", "2.5"));
    expect(errorOf(() => loadSurvey(f)).message).toContain(`line 10, column "patent_apps": "2.5" is not allowed; expected a whole number from 0 to 10000.`);
  });

  test("unknown category", () => {
    const f = variant("clusters.csv", withCell("clusters.csv", 2, "kind", "state-led"));
    expect(errorOf(() => loadClusters(f)).message).toBe(
      `${f}, line 2, column "kind": "state-led" is not allowed; expected one of government-led, local-government-led, private-spontaneous.`,
    );
  });

  test("unknown cluster id in the survey", () => {
    const f = variant("survey.csv", withCell("survey_synthetic.csv", 5, "cluster", "atlantis"));
    expect(errorOf(() => loadSurvey(f)).message).toMatch(/line 5, column "cluster": "atlantis" is not allowed; expected one of 20 known values/);
  });

  test("unknown cluster id in the indicators", () => {
    const f = variant("indicators.csv", withCell("indicators.csv", 7, "cluster", "atlantis"));
    expect(errorOf(() => loadIndicators(f)).message).toMatch(/line 7, column "cluster": "atlantis" is not allowed/);
  });

  test("an empty required cell", () => {
    const f = variant("survey.csv", withCell("survey_synthetic.csv", 6, "employees", ""));
    expect(errorOf(() => loadSurvey(f)).message).toMatch(/line 6, column "employees": The cell is empty; expected a whole number from 1 to 100000\./);
  });

  test("an inconsistent row (sector counts do not add up)", () => {
    const f = variant("clusters.csv", withCell("clusters.csv", 2, "firms", "999"));
    expect(errorOf(() => loadClusters(f)).message).toMatch(/line 2, column "firms": firms is 999 but the sector columns firms_bio_\* add up to \d+/);
  });

  test("an inconsistent firm (cluster vs in_cluster)", () => {
    const ls = lines("survey_synthetic.csv");
    const row = ls.findIndex((l) => l.split(",")[2] === "1") + 1;
    const f = variant("survey.csv", withCell("survey_synthetic.csv", row, "in_cluster", "0"));
    expect(errorOf(() => loadSurvey(f)).message).toMatch(new RegExp(`line ${row}, column "in_cluster": in_cluster is 0 but cluster is "\\w+"`));
  });

  test("quoted commas load correctly and a ragged row is refused", () => {
    const good = lines("clusters.csv");
    // Row 3 (daegu) has a quoted region containing a comma.
    expect(good[2]).toContain('"Daegu (Sinseo, Dong-gu)"');
    expect(loadClusters(dataFile("clusters.csv"))[1]?.region).toBe("Daegu (Sinseo, Dong-gu)");
    const ragged = [...good];
    ragged[2] = (ragged[2] as string).replace('"Daegu (Sinseo, Dong-gu)"', "Daegu (Sinseo, Dong-gu)");
    expect(errorOf(() => loadClusters(variant("clusters.csv", ragged.join("\n") + "\n"))).message).toMatch(
      /A row has a different number of cells from the header \(line 3 of the file\)/,
    );
  });
});

describe("provenance", () => {
  test("every numeric cell of every cluster has a provenance row", () => {
    const clusters = loadClusters();
    const sources = loadSources();
    const rows = withProvenance(clusters, sources);
    expect(rows).toHaveLength(clusters.length * PROVENANCED_FIELDS.length);
    for (const r of rows) {
      if (r.status === "observed" || r.status === "derived") expect(r.source, `${r.cluster}.${r.field}`).toMatch(/https?:\/\//);
      if (r.status === "synthetic") expect(r.source).toMatch(/survey_synthetic\.csv/);
      if (r.status === "unknown") expect(r.value).toBeNull();
      if (r.status === "imputed" || r.status === "derived") expect(r.note, `${r.cluster}.${r.field}`).toBeTruthy();
      if (typeof r.value === "number") expect(Number.isFinite(r.value)).toBe(true);
    }
    // Every numeric column of clusters.csv is covered.
    const numeric = Object.entries(clusters[0] as unknown as Record<string, unknown>).filter(([, v]) => typeof v === "number").map(([k]) => k);
    for (const k of numeric) expect(PROVENANCED_FIELDS).toContain(k);
  });

  test("a missing provenance row is an error, not a silent gap", () => {
    const clusters = loadClusters();
    const sources = loadSources().filter((s) => !(s.cluster === "osong" && s.field === "talent"));
    expect(() => withProvenance(clusters, sources)).toThrow(/No provenance for cluster "osong", field "talent"/);
  });
});

test("the survey loads as a DataFrame too", () => {
  const df = loadSurveyFrame();
  expect(df.shape).toEqual([993, 39]); // 37 columns + firm_employees, firm_size_band (whole-firm size, issue 12)
  expect(df.columns).toContain("demand_first");
});
