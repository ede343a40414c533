import type { ClosureCheck } from './closure-check.js';
import type { ErlangCheck, LoadFigures } from './paired-runs.js';
import type { RssFigures } from './peak-rss.js';
import type { StartupFigures } from './start-up.js';

/** Everything one benchmark run measured; `--json` prints it as is. */
export interface BenchResult {
  readonly measuredAt: string;
  readonly node: string;
  readonly cpus: number;
  readonly repeats: number;
  /** The worst load's median simulator/bare ratio: the figure the target applies to. */
  readonly ratio: number;
  readonly worstLoad: string;
  /** Median events/s of the worst load's simulator runs. */
  readonly simulatorEventsPerSec: number;
  /** Median events/s of the worst load's bare-loop runs. */
  readonly bareEventsPerSec: number;
  readonly loads: readonly LoadFigures[];
  readonly erlang: readonly ErlangCheck[];
  readonly closureCheck: readonly ClosureCheck[];
  readonly rss: RssFigures;
  readonly startup: StartupFigures;
  /** Peak RSS of this process, which ran every load in turn. */
  readonly peakRssBytes: number;
}
