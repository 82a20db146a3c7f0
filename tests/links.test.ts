/**
 * The repository stands alone: every relative link in a Markdown file or a
 * notebook's Markdown cell points to a file that is in the repository, and
 * no text points into the shared background folder that is not part of it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect, test } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const SKIP = new Set(["node_modules", "out", "dist", ".git"]);

function files(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (/\.(md|ipynb)$/.test(e.name)) out.push(p);
  }
  return out;
}

function markdownOf(file: string): string {
  if (!file.endsWith(".ipynb")) return fs.readFileSync(file, "utf8");
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Array<{ cell_type: string; source: string | string[] }> };
  return nb.cells.map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source)).join("\n");
}

/** Relative link targets of Markdown links and images, and of HTML href/src attributes. */
export function relativeLinks(md: string): string[] {
  const out: string[] = [];
  for (const m of md.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push(m[1] as string);
  for (const m of md.matchAll(/\b(?:href|src)="([^"]+)"/g)) out.push(m[1] as string);
  return out.filter((t) => !/^(?:[a-z][a-z0-9+.-]*:|#|\/\/)/i.test(t));
}

test("the link finder sees Markdown, image and HTML links and skips addresses and anchors", () => {
  expect(relativeLinks('[a](docs/x.md) ![i](fig.png "t") <a href="../y.csv">y</a> [w](https://x.org) [s](#top) [m](mailto:a@b)')).toEqual(["docs/x.md", "fig.png", "../y.csv"]);
});

const all = files(ROOT);

test("there are Markdown files and notebooks to check", () => {
  expect(all.some((f) => f.endsWith("README.md"))).toBe(true);
  expect(all.filter((f) => f.endsWith(".ipynb")).length).toBeGreaterThanOrEqual(6);
});

test("every relative link resolves to a file in the repository", () => {
  const broken: string[] = [];
  for (const f of all) {
    for (const target of relativeLinks(markdownOf(f))) {
      const clean = decodeURIComponent(target.split("#")[0] as string);
      if (clean === "") continue;
      const resolved = path.resolve(path.dirname(f), clean);
      if (!resolved.startsWith(ROOT + path.sep) || !fs.existsSync(resolved)) broken.push(`${path.relative(ROOT, f)} → ${target}`);
    }
  }
  expect(broken).toEqual([]);
});

test("nothing points into the shared background folder, which is not part of the repository", () => {
  const hits = all.filter((f) => /(?:^|[\s`("'[/])shared\/(?:research|MODEL|STYLE|README)/.test(markdownOf(f))).map((f) => path.relative(ROOT, f));
  expect(hits).toEqual([]);
});
