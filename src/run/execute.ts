import type { Reducer } from '../analysis/analysis.js';
import { fanOut } from '../analysis/analysis.js';
import { type AnalysisName, analyses, type RunResults } from '../analysis/registry.js';
import { entitlementsModel } from '../entitlements/entitlements-model.js';
import { leasingModel } from '../leasing/leasing-model.js';
import type { Run } from '../model/bind.js';
import type { LicensingModel } from '../sim/licensing-model.js';
import { type RunProgress, type RunStats, Simulation } from '../sim/simulation.js';
import type { TraceSink } from '../trace/records.js';

/** Names of a run's users, nodes, sites and pools by index, for trace writers. */
export type RunNames = Simulation['names'];

export interface ExecuteOptions {
  /** Overrides the scenario's seed (a replication, or `--seed`). */
  readonly seed?: number;
  /** Extra trace sinks, e.g. a JSON Lines writer; given the run's names. */
  readonly sinks?: (names: RunNames) => TraceSink[];
  /** Licensing models tried before the built-in ones. */
  readonly models?: readonly LicensingModel[];
  /**
   * Told how far the run has gone every 65,536 events, e.g. for a progress line; a run shorter than that
   * never calls it. It costs nothing per event.
   */
  readonly onProgress?: (progress: RunProgress) => void;
  /** Paces the replay slice by slice (see SimulationOptions.pace), for a live view. */
  readonly pace?: (reached: number) => Promise<number>;
}

/** What one run produces: plain data, structured-cloneable, the same for the same inputs and seed. */
export interface RunOutput {
  readonly stats: RunStats;
  readonly results: RunResults;
}

/**
 * Runs one scenario against one policy in memory with every registered analysis, and returns their
 * results. No files are read or written here (trace sinks may write).
 */
export async function executeRun(run: Run, options: ExecuteOptions = {}): Promise<RunOutput> {
  const seeded =
    options.seed === undefined ? run : { ...run, scenario: { ...run.scenario, seed: options.seed } };
  // Leasing serves only policies with license servers, entitlements those with renewal, emergency or
  // evaluation keys; the license book built into the simulation serves the rest.
  const models = [...(options.models ?? []), leasingModel, entitlementsModel];
  const simulation = new Simulation(seeded, { models, onProgress: options.onProgress, pace: options.pace });
  const names = Object.keys(analyses) as AnalysisName[];
  const reducers = names.map((name) => analyses[name].start(seeded) as Reducer<unknown>);
  const extra = options.sinks?.(simulation.names) ?? [];
  const stats = await simulation.execute(fanOut([...reducers, ...extra]));
  const results = Object.fromEntries(names.map((name, i) => [name, reducers[i]!.result()]));
  return { stats, results: results as unknown as RunResults };
}
