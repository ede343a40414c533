// The benchmark's only contact with src/: loading a scenario, running it to the end, and the random
// streams, arrival process and Erlang B formula the bare loops share with the simulator. Everything else
// in bench/ goes through this module, so a change to the simulator's API is a change here only.
import type { Run } from '../src/model/bind.js';
import { executeRun } from '../src/run/execute.js';
import { prepareScenario } from '../src/run/simulate.js';

export { calendarWeights, PoissonArrivals, zoneCalendarSlot } from '../src/sim/arrival-profile.js';
export { erlangB } from '../src/sim/erlang.js';
export { Rng } from '../src/sim/rng.js';
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

/**
 * Replays one run as `licensim simulate` does: the full simulator with every analysis a report needs
 * reducing the trace as it goes.
 */
export async function runSimulator(run: Run): Promise<SimulatorResult> {
  const { stats, results } = await executeRun(run);
  const pools = results.usage.pools.map((p) => ({ admitted: p.admitted, denied: p.denied }));
  return {
    events: stats.events,
    sessionsOffered: stats.sessionsOffered,
    engineRuns: stats.engineRuns,
    pools,
  };
}
