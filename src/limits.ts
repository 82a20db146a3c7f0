/**
 * Every documented cap on what a run may ask for, in one place.
 *
 * A ground-floor module: it imports nothing from the project, so the CLI, the
 * loaders, the simulator, the workshop page and the tests can all read the
 * same numbers. README.md ("Limits") lists them; a run that would exceed one
 * is refused before any work, with the numbers and the limit (exit status 3),
 * and the caps a user may truly want to pass say which flag lifts them.
 */

/**
 * The engine keeps each cluster's firm count at or below this multiple of its
 * base-year count (a hard ceiling: no policy mix can grow a cluster beyond
 * 20× its 2018 size). The pre-run resource estimate assumes it as the worst case.
 */
export const POPULATION_CEILING_MULTIPLE = 20;

/** Years a simulation may project (the study's horizon is 10). */
export const MAX_YEARS = 100;

/** Replicates per mix. 10,000 already gives Monte Carlo error far below any policy difference of interest. */
export const MAX_REPLICATES = 10_000;

/** Characters in a seed (it is written into every row of runs.csv). */
export const MAX_SEED_LENGTH = 200;

/** Policy mixes in one run. */
export const MAX_MIXES = 50;

/** Worker threads; each holds a copy of the model, and more than the cores only adds overhead. */
export const MAX_WORKERS = 16;

/**
 * A mix's yearly budget, KRW bn. 10,000 bn (10 trillion won) a year is about a third of Korea's whole
 * government R&D budget and some thirty times the bio-cluster support the presets model; beyond it the
 * simulated economy is meaningless, and at 1e300 the population would grow without limit.
 */
export const MAX_BUDGET_KRW_BN = 10_000;

/** A targeting weight (a multiplier on a firm type's or cluster's share): 1,000 already means "all of it". */
export const MAX_TARGET_WEIGHT = 1_000;

/**
 * Worst-case firm-years in one run (mixes × replicates × years × firms at the population ceiling).
 * About a quarter of an hour on two cores at the measured speed. `--allow-large` lifts it.
 */
export const MAX_FIRM_YEARS = 5e9;

/** Memory a run may plan to hold (result cubes and the firm panel), bytes. `--allow-large` lifts it. */
export const MAX_MEMORY_BYTES = 2 * 1024 ** 3;

/** Bytes a run may plan to write. `--allow-large` lifts it. */
export const MAX_OUTPUT_BYTES = 10 * 1024 ** 3;

/** Firms in a `bench` population. */
export const MAX_BENCH_FIRMS = 2_000_000;

/** Years in a `bench` run. */
export const MAX_BENCH_YEARS = 50;

/** A CSV input file, bytes (read whole into memory; larger files are refused with this number). */
export const MAX_CSV_BYTES = 256 * 1024 ** 2;

/** A JSON input file (a mix, a recipe, an estimates artefact), bytes. */
export const MAX_JSON_BYTES = 16 * 1024 ** 2;

/** Units (rows) in index data; the index is O(n log n), so this bounds memory, not time. */
export const MAX_INDEX_UNITS = 1_000_000;

/**
 * The largest magnitude a number in estimation data may have. Sums of squares of larger values
 * overflow double precision; rescale the variable (e.g. to KRW bn or logs) instead.
 */
export const MAX_ABS_DATA_VALUE = 1e15;

/** A recipe weight (pillar or indicator), before normalisation. */
export const MAX_RECIPE_WEIGHT = 1e6;

/** Above this scaled condition number (Belsley: columns scaled to unit length) the design is reported as nearly collinear. */
export const COLLINEARITY_WARNING_CONDITION = 30;

/** Disk space kept free beyond the estimated output, bytes. */
export const DISK_HEADROOM_BYTES = 64 * 1024 ** 2;
