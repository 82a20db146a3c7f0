/**
 * Data uncertainty, the fourth source of variation: with `--data-uncertainty`
 * each replicate runs on its own draw of the cluster baseline, every imputed
 * or synthetic cell drawn from its range in data/sources.csv (`drawBaseline`;
 * observed and derived cells stay as they are). All mixes of a replicate share
 * its draw, so paired comparisons stay paired; the draw depends only on
 * (scenario seed, replicate), never on the mix, worker or order.
 *
 * A drawn baseline can change firm counts, so the replicate's model (base
 * stocks and the synthesised population) is rebuilt from it; a worker keeps
 * the models of the replicates it runs.
 */
import type { SourceRow } from "../data/loaders";
import { drawBaseline } from "../data/ranges";
import { UserError } from "../errors";
import { buildSetup, type ModelSetup, type SetupInput } from "../model/setup";
import { replicateSeed } from "../model/run";
import { deriveSeed } from "../random";

/** The seed of replicate r's baseline draw. */
export function dataSeed(seed: string | number, r: number): string {
  return deriveSeed(replicateSeed(seed, r), "data");
}

/** The model of replicate r under data uncertainty: the baseline drawn from the ranges, then the usual setup. */
export function dataSetup(input: SetupInput, sources: readonly SourceRow[], seed: string | number, r: number): ModelSetup {
  if (sources.length === 0) throw new UserError("Data uncertainty needs the provenance table with ranges (data/sources.csv), and none was given.");
  const clusters = drawBaseline(input.clusters, sources, dataSeed(seed, r));
  return buildSetup({ ...input, clusters, seed: deriveSeed(dataSeed(seed, r), "population") });
}

/** Models per replicate, built on first use and kept (all mixes of a replicate share one). */
export function dataSetups(input: SetupInput, sources: readonly SourceRow[], seed: string | number): (r: number) => ModelSetup {
  const cache = new Map<number, ModelSetup>();
  return (r: number) => {
    let s = cache.get(r);
    if (s === undefined) {
      s = dataSetup(input, sources, seed, r);
      cache.set(r, s);
    }
    return s;
  };
}
