/**
 * The codebook (`data/codebook.json`): every variable of every table, with its
 * labels in English and Korean, type, unit and allowed values. The loaders
 * validate files against it, and the estimation module maps model variables
 * to it, so a user can substitute their own survey with the same codebook and
 * run everything without touching code.
 */
import { z } from "zod";
import { describeIssue, issuePath, UserError, type SchemaIssue } from "../errors";
import { dataFile } from "../paths";
import { readJsonFile } from "./json";
import { registerLabels } from "../format/labels";

export const VARIABLE_TYPES = ["id", "string", "category", "integer", "number", "binary"] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

const variableSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, "a lower-case name of letters, digits and underscores"),
  label_en: z.string().min(1),
  label_ko: z.string().min(1),
  type: z.enum(VARIABLE_TYPES),
  unit: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** Allowed values: a list, or a reference such as "clusters.id" or "clusters.id|none". */
  values: z.union([z.array(z.string()).min(1), z.string()]).optional(),
  nullable: z.boolean().optional(),
  description: z.string().optional(),
});
export type Variable = z.infer<typeof variableSchema>;

const tableSchema = z.object({
  file: z.string(),
  key: z.union([z.string(), z.array(z.string())]),
  variables: z.array(variableSchema).min(1),
});
export type TableSpec = z.infer<typeof tableSchema>;

export const TABLE_NAMES = ["clusters", "sources", "indicators", "survey"] as const;
export type TableName = (typeof TABLE_NAMES)[number];

const codebookSchema = z.object({
  title: z.string(),
  description: z.string(),
  tables: z.object({ clusters: tableSchema, sources: tableSchema, indicators: tableSchema, survey: tableSchema }),
});
export type Codebook = z.infer<typeof codebookSchema>;

const cache = new Map<string, Codebook>();

/** Reads and checks a codebook (default: the bundled `data/codebook.json`). */
export function loadCodebook(file: string = dataFile("codebook.json")): Codebook {
  const hit = cache.get(file);
  if (hit) return hit;
  const json = readJsonFile(file, { missing: "The codebook file does not exist.", invalid: "The codebook is not valid JSON" });
  const r = codebookSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0] as unknown as SchemaIssue;
    throw new UserError(`The codebook does not have the expected shape at ${issuePath(issue)}: it ${describeIssue(issue)}.`, {
      location: { file },
      hint: "Compare it with the bundled data/codebook.json.",
    });
  }
  for (const name of TABLE_NAMES) {
    const seen = new Set<string>();
    for (const v of r.data.tables[name].variables) {
      if (seen.has(v.name)) throw new UserError(`Table "${name}" defines variable "${v.name}" twice.`, { location: { file } });
      seen.add(v.name);
    }
  }
  cache.set(file, r.data);
  // The codebook's labels become the labels tables show for its variables.
  for (const t of Object.values(r.data.tables)) registerLabels(Object.fromEntries(t.variables.map((v) => [v.name, { en: v.label_en, ko: v.label_ko, ...(v.unit ? { unit: v.unit } : {}) }])));
  return r.data;
}

/** A variable of a table, or a clear error naming the table's variables. */
export function variable(codebook: Codebook, table: TableName, name: string): Variable {
  const v = codebook.tables[table].variables.find((x) => x.name === name);
  if (!v) {
    throw new UserError(`The codebook's "${table}" table has no variable "${name}".`, {
      hint: `Known variables: ${codebook.tables[table].variables.map((x) => x.name).join(", ")}.`,
    });
  }
  return v;
}

/** What a cell of this variable must hold, in words: "a whole number from 0 to 100". */
export function expectation(v: Variable, allowed?: readonly string[]): string {
  const range = (what: string) =>
    v.min !== undefined && v.max !== undefined
      ? `${what} from ${v.min} to ${v.max}`
      : v.min !== undefined
        ? `${what} ≥ ${v.min}`
        : v.max !== undefined
          ? `${what} ≤ ${v.max}`
          : what;
  switch (v.type) {
    case "integer":
      return range("a whole number");
    case "number":
      return range("a number");
    case "binary":
      return "0 or 1";
    case "category": {
      const vals = allowed ?? (Array.isArray(v.values) ? v.values : []);
      return vals.length <= 12 ? `one of ${vals.join(", ")}` : `one of ${vals.length} known values (e.g. ${vals.slice(0, 5).join(", ")}, …)`;
    }
    case "id":
      return "a non-empty identifier";
    case "string":
      return "text";
  }
}
