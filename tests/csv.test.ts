import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { parseCsv, parseNumber, readTable, toRecords } from "../src/data";
import { dataFile } from "../src/paths";
import { UserError } from "../src/errors";

function tmpFile(name: string, content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bioclusters-csv-"));
  const f = path.join(dir, name);
  fs.writeFileSync(f, content);
  return f;
}

describe("parseNumber", () => {
  test("accepts plain and exponent notation only", () => {
    expect(parseNumber("47047")).toBe(47047);
    expect(parseNumber("-1.5e3")).toBe(-1500);
    expect(parseNumber(" .5 ")).toBe(0.5);
    for (const bad of ["", "1,000", "NaN", "Infinity", "0x10", "12abc", "1e999"]) expect(parseNumber(bad)).toBeNull();
  });
});

describe("reading CSV", () => {
  test("empty cells are null, numeric columns are numbers, text stays text", () => {
    const recs = toRecords(parseCsv("id,n,label\na,1,\nb,,x y\n", "t.csv"));
    expect(recs).toEqual([
      { id: "a", n: 1, label: null },
      { id: "b", n: null, label: "x y" },
    ]);
  });

  test("a BOM, CRLF line endings and quoted commas load correctly", () => {
    const f = tmpFile("unusual.csv", "\uFEFFid,name,value\r\nosong,\"Osong, Chungbuk\",63\r\n\"daegu\",\"Daegu \"\"DGMIF\"\"\",112\r\n");
    expect(readTable(f)).toEqual([
      { id: "osong", name: "Osong, Chungbuk", value: 63 },
      { id: "daegu", name: 'Daegu "DGMIF"', value: 112 },
    ]);
  });

  test("each row knows its line in the file, quoted newlines included", () => {
    const t = parseCsv('id,note\na,"two\nlines"\nb,x\n', "t.csv");
    expect(t.lines).toEqual([3, 4]);
  });

  test("a column with one non-number stays text rather than becoming NaN", () => {
    const recs = toRecords(parseCsv("x\n1\n2\nthree\n", "t.csv"));
    expect(recs.map((r) => r["x"])).toEqual(["1", "2", "three"]);
  });

  test.each([
    ["missing file", null, /missing\.csv: The file does not exist\. Check the path/],
    ["empty file", "", /empty file\.csv: The file is empty; expected a header row/],
    ["header only", "a,b\n", /header only\.csv: The file has a header but no data rows/],
    ["ragged row", "a,b\n1,2\n3\n", /ragged row\.csv: A row has a different number of cells from the header \(line 3 of the file\)/],
    ["unclosed quote", 'a,b\n1,"2\n', /unclosed quote\.csv: A quoted cell is never closed/],
    ["duplicate header", "a,a\n1,2\n", /duplicate header\.csv, line 1: The header names column "a" twice/],
    ["blank header", "a,,c\n1,2,3\n", /blank header\.csv, line 1: Column 2 of the header has no name/],
  ])("%s gives a clear error", (name, content, message) => {
    const f = content === null ? path.join(os.tmpdir(), "no-such-dir-bioclusters", "missing.csv") : tmpFile(`${name}.csv`, content);
    let err: unknown;
    try {
      readTable(f);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(message);
  });

  test("the bundled national series reads with its gaps as null", () => {
    const recs = readTable(dataFile("national_bio_industry.csv"));
    const y2021 = recs.find((r) => r["year"] === 2021);
    expect(y2021?.["employment"]).toBeNull();
    expect(recs.find((r) => r["year"] === 2018)?.["employment"]).toBe(47047);
    for (const r of recs) {
      expect(r["status"]).toBe("observed");
      expect(String(r["source"])).toMatch(/^https?:\/\//);
    }
  });
});
