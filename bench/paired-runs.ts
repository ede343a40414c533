import { bareFleetLoadOf, bareLoadOf } from './bare-load.js';
import { type BareResult, bareLoop } from './bare-loop.js';
import type { BenchLoad } from './loads.js';
import { erlangB, loadRuns, runSimulator, type SimulatorResult } from './simulator.js';
import { type Spread, spread, timed, timedAsync } from './spread.js';

/** Targets the benchmark reports against; it reports misses, it does not fail on them. */
export const TARGETS = {
  /** Simulator events/s over bare-loop events/s, median of the pairs, for every load. */
  ratio: 0.5,
  /** Share of arrivals for which the rules engine itself runs (the rest hit its memo). */
  engineRunsPerArrival: 0.001,
  /** Simulated blocking within this share of Erlang B. */
  erlangTolerance: 0.1,
} as const;

export interface Pair {
  readonly bareSeconds: number;
  readonly simulatorSeconds: number;
  /** Simulator events/s ÷ bare events/s in this pair. */
  readonly ratio: number;
}

export interface LoadFigures {
  readonly name: string;
  readonly description: string;
  readonly horizonDays: number;
  readonly arrivals: number;
  readonly simulatorEvents: number;
  readonly bareEvents: number;
  readonly ratio: Spread;
  readonly simulatorEventsPerSec: number;
  readonly bareEventsPerSec: number;
  readonly engineRuns: number;
  readonly engineRunsPerArrival: number;
  /** How the bare loop stands for this load: a twin of its admissions, or the same sessions (fleet). */
  readonly bare: BenchLoad['bare'];
  /** Whether the bare loop admitted and denied exactly what the simulator did, pool by pool. */
  readonly bareMatchesSimulator: boolean;
  /** Sessions admitted by each side over every pool. */
  readonly admitted: { readonly simulator: number; readonly bare: number };
  readonly pools: SimulatorResult['pools'];
  readonly pairs: readonly Pair[];
  readonly met: { readonly ratio: boolean; readonly engineRunsPerArrival: boolean };
}

export interface ErlangCheck {
  readonly c: number;
  readonly offeredLoad: number;
  readonly arrivals: number;
  readonly simulatedBlocking: number;
  readonly erlangB: number;
  readonly met: boolean;
}

/**
 * Runs a load through the bare loop and the simulator alternately, `repeats` times each, and compares
 * each pair: noise that slows one run of a pair shows in that pair's ratio only, and the median of the
 * ratios sets it aside. Which side goes first alternates too, so neither always runs on a warmer heap.
 */
export async function measureLoad(load: BenchLoad, repeats: number): Promise<LoadFigures> {
  const runs = await loadRuns(load.scenarioFile);
  if (runs.length !== 1) throw new Error(`${load.name}: expected one policy, got ${runs.length}`);
  const run = runs[0]!;
  const bareLoad = load.bare === 'fleet' ? bareFleetLoadOf(run) : bareLoadOf(run);
  const pairs: Pair[] = [];
  let sim: SimulatorResult | undefined;
  let bare: BareResult | undefined;
  for (let i = 0; i < repeats; i++) {
    const runBare = () => timed(() => bareLoop(bareLoad));
    const runSim = () => timedAsync(() => runSimulator(run));
    let b: Awaited<ReturnType<typeof runBare>>;
    let s: Awaited<ReturnType<typeof runSim>>;
    if (i % 2 === 0) {
      b = runBare();
      s = await runSim();
    } else {
      s = await runSim();
      b = runBare();
    }
    sameEveryTime(load.name, 'simulator', sim, s.result);
    sameEveryTime(load.name, 'bare loop', bare, b.result);
    sim = s.result;
    bare = b.result;
    const ratio = sim.events / s.seconds / (bare.events / b.seconds);
    pairs.push({ bareSeconds: b.seconds, simulatorSeconds: s.seconds, ratio });
  }
  if (sim === undefined || bare === undefined)
    throw new RangeError('measureLoad: repeats must be at least 1');
  const ratio = spread(pairs.map((p) => p.ratio));
  const engineRunsPerArrival = sim.engineRuns / Math.max(1, sim.sessionsOffered);
  return {
    name: load.name,
    description: load.description,
    horizonDays: load.horizonDays,
    arrivals: sim.sessionsOffered,
    simulatorEvents: sim.events,
    bareEvents: bare.events,
    ratio,
    simulatorEventsPerSec: spread(pairs.map((p) => sim.events / p.simulatorSeconds)).median,
    bareEventsPerSec: spread(pairs.map((p) => bare.events / p.bareSeconds)).median,
    engineRuns: sim.engineRuns,
    engineRunsPerArrival,
    bare: load.bare,
    bareMatchesSimulator:
      bare.arrivals === sim.sessionsOffered &&
      bare.pools.length === sim.pools.length &&
      bare.pools.every((p, i) => p.admitted === sim.pools[i]!.admitted && p.denied === sim.pools[i]!.denied),
    admitted: { simulator: admittedOf(sim.pools), bare: admittedOf(bare.pools) },
    pools: sim.pools,
    pairs,
    met: {
      ratio: ratio.median >= TARGETS.ratio,
      engineRunsPerArrival: engineRunsPerArrival < TARGETS.engineRunsPerArrival,
    },
  };
}

/** The Erlang B check of an M/M/c/c load: simulated blocking against the formula. */
export function erlangCheck(load: BenchLoad, figures: LoadFigures): ErlangCheck | null {
  if (load.erlang === null) return null;
  const { c, offeredLoad } = load.erlang;
  const pool = figures.pools[0]!;
  const offered = pool.admitted + pool.denied;
  const simulatedBlocking = pool.denied / offered;
  const expected = erlangB(c, offeredLoad);
  return {
    c,
    offeredLoad,
    arrivals: offered,
    simulatedBlocking,
    erlangB: expected,
    met: Math.abs(simulatedBlocking / expected - 1) <= TARGETS.erlangTolerance,
  };
}

/** A deterministic run that changes between repeats is a bug, and would make the timings incomparable. */
function sameEveryTime<T extends { events: number }>(
  load: string,
  side: string,
  before: T | undefined,
  now: T,
) {
  if (before !== undefined && JSON.stringify(before) !== JSON.stringify(now)) {
    throw new Error(`${load}: the ${side} gave different results on the same seed`);
  }
}

function admittedOf(pools: readonly { readonly admitted: number }[]): number {
  return pools.reduce((n, p) => n + p.admitted, 0);
}
