/**
 * Where the project's own files are, wherever the library runs from: `src/`
 * under the test runner, `dist/` when compiled. Both sit one level below the
 * package root.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The package root: the folder holding this project's `package.json`. */
export const PACKAGE_ROOT = path.resolve(__dirname, "..");

/** The bundled data folder, `data/` at the package root. */
export const DATA_DIR = path.join(PACKAGE_ROOT, "data");

/** The package's version, from its `package.json`. */
export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

/**
 * Absolute path of a file in the bundled `data/` folder.
 *
 * @example dataFile("national_bio_industry.csv") // ".../data/national_bio_industry.csv"
 */
export function dataFile(name: string): string {
  return path.join(DATA_DIR, name);
}
