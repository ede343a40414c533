import { bareLoadOf } from './bare-load.js';
import { bareLoop } from './bare-loop.js';
import { bareLoop as closureLoop } from './bare-loop-closures.js';
import type { BenchLoad } from './loads.js';
import { loadRuns, Rng } from './simulator.js';
import { type Spread, spread, timed } from './spread.js';

const HOUR = 3_600_000;

export interface ClosureCheck {
  readonly name: string;
  readonly bareEventsPerSec: number;
  readonly closureLoopEventsPerSec: number;
  /** Bare events/s ÷ closure-loop events/s, per pair. */
  readonly speedup: Spread;
  readonly met: boolean;
}

/**
 * Shows that the baseline did not get easier to beat: on an M/M/c/c load, the bare loop against the
 * previous baseline (the same heap kept in closures), paired and alternating like the main comparison.
 * The closure loop draws from one stream and skips the user draw, so it does less work per arrival.
 */
export async function checkAgainstClosureLoop(load: BenchLoad, repeats: number): Promise<ClosureCheck> {
  if (load.erlang === null) throw new Error(`${load.name}: the closure loop runs M/M/c/c loads only`);
  const { c, offeredLoad } = load.erlang;
  const run = (await loadRuns(load.scenarioFile))[0]!;
  const bareLoad = bareLoadOf(run);
  const horizonMs = bareLoad.endMs - bareLoad.startMs;
  const runClosures = () =>
    timed(() => closureLoop(new Rng(bareLoad.seed).fork(0), c, HOUR / offeredLoad, HOUR, horizonMs));
  const runBare = () => timed(() => bareLoop(bareLoad));
  const bare: number[] = [];
  const closures: number[] = [];
  const speedup: number[] = [];
  for (let i = 0; i < repeats; i++) {
    let b: ReturnType<typeof runBare>;
    let o: ReturnType<typeof runClosures>;
    if (i % 2 === 0) {
      b = runBare();
      o = runClosures();
    } else {
      o = runClosures();
      b = runBare();
    }
    const bareRate = b.result.events / b.seconds;
    const closureRate = o.result.events / o.seconds;
    bare.push(bareRate);
    closures.push(closureRate);
    speedup.push(bareRate / closureRate);
  }
  const s = spread(speedup);
  return {
    name: load.name,
    bareEventsPerSec: spread(bare).median,
    closureLoopEventsPerSec: spread(closures).median,
    speedup: s,
    met: s.median >= 1,
  };
}
