/**
 * Policy mixes: plain JSON, validated against a schema before any run.
 *
 * ```json
 * { "name": "talent_first", "label": "Talent first",
 *   "budget": { "krwBn": 300 },                      // a number (every year) or one number per year
 *   "shares": { "infrastructure": 0.2, "rnd_grants": 0.2, "talent": 0.4,
 *               "finance": 0.1, "networking": 0.05, "commercialisation": 0.05 },
 *   "targeting": { "rnd_grants": { "stage": { "startup": 2 }, "clusters": { "osong": 1.5 } } },
 *   "clusterShare": { "rnd_grants": 0.53, "talent": 0.5, "finance": 0.5 },
 *   "structural": { "additionality": 0.8 } }
 * ```
 *
 * Targeting multiplies weights: by cluster, by stage (startup / established),
 * by size (small / medium / large) and by sector; unlisted categories weigh 1,
 * a weight of 0 excludes. `"targeting": { "<instrument>": "survey-demand" }`
 * weights each firm type by the share of surveyed firms of that type that rank
 * the instrument's kind of support first (the study's recommendation as a
 * rule); `"shares": "survey-demand"` splits the budget by the national shares
 * of stated demand. National instruments (R&D grants, talent, finance) also
 * reach firms outside clusters: `clusterShare` gives the share of each one's
 * money that goes to cluster firms (0 to 1; an instrument not listed, and
 * every other instrument, goes to cluster firms only). A firm-level instrument pays each firm at most awardCap × its
 * typical award; money it cannot place is moved, within the year, to the mix's other firm-level and national
 * instruments in proportion to their shares (`"unplacedMoney": "reallocate"`, the default; `"save"` leaves it
 * unspent, a saving). Instruments are named by their id in the instrument table
 * (`rnd_grants`, …); old names (`rndGrants`) are still accepted and rewritten.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { describeIssue, issuePath, specificIssue, UserError, type SchemaIssue } from "../errors";
import { dataFile } from "../paths";
import { readJsonFile } from "../data/json";
import { SECTORS } from "../data/constants";
import { PARAMETERS, STRUCTURAL_KEYS, type ParameterId } from "./params";
import { MAX_BUDGET_KRW_BN, MAX_TARGET_WEIGHT, MAX_YEARS } from "../limits";
import { INSTRUMENTS, INSTRUMENT_DEMAND, INSTRUMENT_TABLE, STAGES, SIZES, budgetFor, instrumentId, type Instrument, type InstrumentSpec } from "./instruments";
import { sum } from "../stats";
export { INSTRUMENTS, INSTRUMENT_DEMAND, STAGES, SIZES, type Instrument };

const weight = () => z.number().min(0).max(MAX_TARGET_WEIGHT);
const weights = (keys: readonly string[]) => z.record(z.string(), weight()).superRefine((rec, ctx) => {
  for (const k of Object.keys(rec)) if (!keys.includes(k)) ctx.addIssue({ code: "custom", message: `unknown category "${k}" (known: ${keys.join(", ")})` });
});

const targetSchema = z.union([
  z.literal("survey-demand"),
  z
    .object({
      clusters: z.record(z.string(), weight()).optional(),
      stage: weights(STAGES).optional(),
      size: weights(SIZES).optional(),
      sector: weights(SECTORS).optional(),
    })
    .strict(),
]);

export const mixSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9_-]+$/, "lower-case letters, digits, _ and -"),
    label: z.string().optional(),
    description: z.string().optional(),
    budget: z.object({ krwBn: z.union([z.number().min(0).max(MAX_BUDGET_KRW_BN), z.array(z.number().min(0).max(MAX_BUDGET_KRW_BN)).min(1).max(MAX_YEARS)]) }).strict(),
    shares: z.union([z.literal("survey-demand"), z.record(z.string(), z.number())]),
    targeting: z.record(z.string(), targetSchema).optional(),
    clusterShare: z.record(z.string(), z.number().min(0).max(1)).optional(),
    structural: z.record(z.string(), z.number()).optional(),
    unplacedMoney: z.enum(["reallocate", "save"]).optional(),
  })
  .strict();

export type PolicyMix = z.infer<typeof mixSchema>;
export type Targeting = z.infer<typeof targetSchema>;

export const PRESET_DIR = dataFile("policy-mixes");
export const PRESETS = ["status_quo", "efficiency_shift", "talent_first", "finance_first", "network_first", "customised"] as const;

/** Rewrites a record keyed by instrument names (ids or old aliases) to ids; unknown or repeated names are errors naming the field. */
function byInstrumentId<T>(rec: Record<string, T>, field: string, source: string, table: readonly InstrumentSpec[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(rec)) {
    const id = instrumentId(k, table);
    if (id === undefined) throw new UserError(`Unknown instrument "${k}" in ${field}.`, { location: { file: source }, hint: `Instruments: ${table.map((t) => t.id).join(", ")}.` });
    if (id in out) throw new UserError(`The instrument "${id}" appears twice in ${field} (once as "${k}").`, { location: { file: source }, hint: "Name each instrument once." });
    out[id] = v;
  }
  return out;
}

/**
 * Checks a mix: the schema, then instruments known (old names rewritten to
 * the table's ids) and shares summing to 1, no negative budget, known
 * clusters, and structural parameters known and inside their documented
 * ranges. Errors name the mix and the field.
 */
export function validateMix(json: unknown, source: string, clusterIds: readonly string[], instruments: readonly InstrumentSpec[] = INSTRUMENT_TABLE): PolicyMix {
  const r = mixSchema.safeParse(json);
  if (!r.success) {
    const issue = specificIssue(r.error.issues[0] as unknown as SchemaIssue);
    const where = issuePath(issue);
    const tooBig = issue.code === "too_big";
    const origin = (issue as SchemaIssue & { origin?: string }).origin;
    const msg =
      where.startsWith("budget") && /greater than or equal to 0|>=0/.test(issue.message)
        ? "the budget cannot be negative"
        : // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent (startsWith → true, or startsWith("")): the schema's only list is the budget path, so a list that is too long is always the budget's
          where.startsWith("budget") && tooBig && origin === "array"
          ? `a budget path can list at most ${MAX_YEARS} years`
          : where.startsWith("budget") && tooBig
            ? `is over the limit of ${MAX_BUDGET_KRW_BN.toLocaleString("en")} KRW bn a year (about a third of Korea's whole government R&D budget)`
            : where.startsWith("targeting") && tooBig
              ? `is over the limit of ${MAX_TARGET_WEIGHT} for a targeting weight (a multiplier; 1 is neutral)`
              : where === "budget.krwBn"
                ? "must be a number (KRW bn a year) or a list of numbers, one per year"
                : // Stryker disable next-line ConditionalExpression: equivalent (the code test → true): a share and a cluster share are numbers, whose only issues are these three codes
                  (where.startsWith("shares.") || where.startsWith("clusterShare.")) && (issue.code === "invalid_type" || issue.code === "too_small" || issue.code === "too_big")
                  ? "must be a number from 0 to 1 (written without quotes)"
                  : describeIssue(issue);
    throw new UserError(`Policy mix field ${where}: ${msg}.`, { location: { file: source }, hint: "See the policy-mix format in docs/model.md." });
  }
  const mix = r.data;
  if (mix.shares !== "survey-demand") {
    mix.shares = byInstrumentId(mix.shares, "shares", source, instruments);
    for (const [k, v] of Object.entries(mix.shares)) {
      if (!(v >= 0)) throw new UserError(`The share of "${k}" is ${v}; shares must be ≥ 0.`, { location: { file: source } });
    }
    const total = sum(Object.values(mix.shares));
    // Stryker disable next-line EqualityOperator: equivalent (≥): a sum exactly 1e-6 from 1 is a coincidence of measure zero
    if (Math.abs(total - 1) > 1e-6) {
      throw new UserError(`The instrument shares add up to ${+total.toFixed(6)}, not 1.`, { location: { file: source }, hint: "Make the shares sum to 1 (they split the budget)." });
    }
  }
  // Messages name the key as the user wrote it (an old name stays recognisable in their file).
  const written = new Map(Object.keys(mix.targeting ?? {}).map((k) => [instrumentId(k, instruments) ?? k, k]));
  if (mix.targeting !== undefined) mix.targeting = byInstrumentId(mix.targeting, "targeting", source, instruments);
  for (const [id, t] of Object.entries(mix.targeting ?? {})) {
    const inst = written.get(id) ?? id;
    if (t !== "survey-demand") {
      for (const [dim, keys] of [["stage", STAGES], ["size", SIZES], ["sector", SECTORS]] as const) {
        const w = t[dim] as Record<string, number> | undefined;
        if (w !== undefined && (keys as readonly string[]).every((k) => w[k] === 0)) {
          throw new UserError(`targeting.${inst}.${dim} gives every ${dim} a weight of 0, so no firm could receive this instrument and its budget would go unspent.`, {
            location: { file: source },
            hint: "Give at least one category a positive weight, or set the instrument's share to 0.",
          });
        }
      }
      const cw = Object.values(t.clusters ?? {});
      if (cw.length > 0 && cw.every((w) => w === 0)) {
        // Listing clusters gives unlisted ones weight 0, and firms outside clusters get no cluster policy.
        throw new UserError(`targeting.${inst}.clusters gives every cluster a weight of 0, so no firm could receive this instrument and its budget would go unspent.`, {
          location: { file: source },
          hint: "Give at least one cluster a positive weight, or set the instrument's share to 0.",
        });
      }
      for (const c of Object.keys(t.clusters ?? {})) {
        if (!clusterIds.includes(c)) throw new UserError(`Unknown cluster "${c}" in targeting.${inst}.clusters.`, { location: { file: source }, hint: `Clusters: ${clusterIds.join(", ")}.` });
      }
    }
  }
  if (mix.clusterShare !== undefined) {
    const writtenShare = new Map(Object.keys(mix.clusterShare).map((k) => [instrumentId(k, instruments) ?? k, k]));
    mix.clusterShare = byInstrumentId(mix.clusterShare, "clusterShare", source, instruments);
    const national = instruments.filter((i) => i.national === true).map((i) => i.id);
    for (const id of Object.keys(mix.clusterShare)) {
      if (!national.includes(id)) {
        throw new UserError(`clusterShare.${writtenShare.get(id) ?? id}: "${id}" is a cluster instrument, so all of its money goes to cluster firms and it cannot have a cluster share.`, {
          location: { file: source },
          hint: `Only national instruments reach firms outside clusters: ${national.join(", ")}. Remove this entry.`,
        });
      }
    }
  }
  for (const [k, v] of Object.entries(mix.structural ?? {})) {
    if (!STRUCTURAL_KEYS.includes(k as ParameterId)) {
      throw new UserError(`Unknown structural parameter "${k}".`, { location: { file: source }, hint: `Parameters: ${STRUCTURAL_KEYS.join(", ")}.` });
    }
    const spec = PARAMETERS[k as ParameterId];
    const [lo, hi] = spec.range;
    if (!(v >= lo && v <= hi)) {
      throw new UserError(`The structural parameter "${k}" is ${v}, outside its documented range ${lo} to ${hi} (${spec.unit}).`, {
        location: { file: source },
        hint: "Use a value inside the range (docs/model.md lists every parameter with its range and source).",
      });
    }
  }
  return mix;
}

/**
 * Reads a mix from a preset name or a file path. A preset name is always the
 * preset (a folder or file of that name in the working directory does not
 * shadow it; write ./status_quo for such a file).
 */
export function readMix(nameOrFile: string, clusterIds: readonly string[]): PolicyMix {
  const isPreset = (PRESETS as readonly string[]).includes(nameOrFile);
  const file = isPreset ? path.join(PRESET_DIR, `${nameOrFile}.json`) : nameOrFile;
  if (!isPreset && fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    throw new UserError("This is a folder, not a policy-mix file.", { location: { file }, hint: `Give a JSON file or a preset: ${PRESETS.join(", ")}.` });
  }
  if (!fs.existsSync(file)) throw new UserError(`"${nameOrFile}" is neither a policy-mix file nor a preset.`, { hint: `Presets: ${PRESETS.join(", ")}.` });
  const json = readJsonFile(file, {
    // Stryker disable next-line StringLiteral: equivalent: the file's existence is checked just above, so only a file deleted in between meets this message
    missing: "The policy mix file does not exist.",
    invalid: "The policy mix is not valid JSON",
  });
  return validateMix(json, file, clusterIds);
}

/** The budget (KRW bn) in simulation year t (1-based); the last value repeats. */
export function budgetIn(mix: PolicyMix, t: number): number {
  return budgetFor(mix.budget.krwBn, t);
}
