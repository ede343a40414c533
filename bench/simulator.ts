// The benchmark's only contact with the simulator's API: loading a scenario and running it to the end.
// Everything else in bench/ goes through these two functions, so an API change is a change here only.
import { RunMetrics } from '../src/analysis/run-metrics.js';
import { prepareScenario } from '../src/analysis/run-scenario.js';
import type { Run } from '../src/model/bind.js';
import { Simulation } from '../src/sim/simulation.js';

export type { Run };

/** What the benchmark reads from one simulator run. */
export interface SimulatorResult {
  readonly events: number;
  readonly sessionsOffered: number;
  /** How many times the rules engine itself ran (the rest of the decisions came from its memo). */
  readonly engineRuns: number;
  readonly pools: readonly { readonly admitted: number; readonly denied: number }[];
}

/** The runs of a scenario file: one per policy it names, with names resolved. */
export async function loadRuns(scenarioFile: string): Promise<readonly Run[]> {
  return (await prepareScenario(scenarioFile)).runs;
}

/** Replays one run through the full simulator, with the figures a report needs collected as it goes. */
export async function runSimulator(run: Run): Promise<SimulatorResult> {
  const metrics = new RunMetrics(run.policy, run.scenario.startMs);
  const stats = await new Simulation(run).execute(metrics);
  const pools = metrics.pools.map((p) => ({ admitted: p.admitted, denied: p.denied }));
  return {
    events: stats.events,
    sessionsOffered: stats.sessionsOffered,
    engineRuns: stats.engineRuns,
    pools,
  };
}
