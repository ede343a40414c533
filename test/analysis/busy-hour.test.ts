import { describe, expect, it } from 'vitest';
import { busyHourLoad, busyHourOf } from '../../src/analysis/busy-hour.js';
import { checkExpectation } from '../../src/expectations/check.js';
import { executeRun } from '../../src/run/execute.js';
import { runReport } from '../../src/run/report.js';
import { runFrom } from '../support/build.js';
import { cluster, many, scenario, T0 } from '../support/fixtures.js';

const HOUR = 3_600_000;

/**
 * A 10-session pool: 6 sessions from 01:00 to 03:00, then at 05:00 a rush of 14 half-hour sessions
 * (10 admitted, 4 denied), then 3 sessions at 09:30 lasting 2 hours.
 */
function rushRun(expect: NonNullable<Parameters<typeof scenario>[2]>['expect'] = []) {
  return runFrom(
    cluster(10),
    scenario(
      [
        many('early', 6, { at: 'PT1H', duration: 'PT2H' }),
        many('rush', 14, { at: 'PT5H', duration: 'PT30M' }),
        many('late', 3, { at: 'PT9H30M', duration: 'PT2H' }),
      ],
      [],
      { expect },
    ),
  );
}

describe('busy hour', () => {
  it('is the hour offering the most sessions: its denial rate, carried traffic and peak, beside the whole run', async () => {
    const run = rushRun();
    const output = await executeRun(run);
    const pool = runReport(run, output, []).pools[0]!;
    expect(pool.denialRate).toBeCloseTo(4 / 23, 3);
    expect(pool.busyHour).toEqual({
      at: new Date(T0 + 5 * HOUR).toISOString(),
      offered: 14,
      denied: 4,
      denialRate: 0.286,
      // 10 sessions for half of the hour.
      concurrency: 5,
      peak: 10,
    });
  });

  it('counts the sessions held across hour boundaries in each hour they span', async () => {
    const run = rushRun();
    const { results } = await executeRun(run);
    const hours = results.busyHour.pools[0]!;
    // 6 sessions over 01:00–03:00, 3 over 09:30–11:30.
    expect([...hours.carriedMs.slice(0, 4)]).toEqual([0, 6 * HOUR, 6 * HOUR, 0]);
    expect([...hours.carriedMs.slice(9, 12)]).toEqual([1.5 * HOUR, 3 * HOUR, 1.5 * HOUR]);
    expect([...hours.peak.slice(0, 4)]).toEqual([0, 6, 6, 0]);
    expect(hours.offered[1]).toBe(6);
  });

  it('merges runs hour by hour: the busy hour of two runs is the hour busiest over both', () => {
    const hours = (offered: number[], denied: number[], carriedMs: number[], peak: number[]) => ({
      id: 'p',
      offered: Float64Array.from(offered),
      denied: Float64Array.from(denied),
      carriedMs: Float64Array.from(carriedMs),
      peak: Float64Array.from(peak),
    });
    const a = { startMs: 0, pools: [hours([5, 1], [1, 0], [HOUR, 0], [3, 1])] };
    const b = { startMs: 0, pools: [hours([0, 6], [0, 3], [0, 2 * HOUR], [0, 4])] };
    const merged = busyHourLoad.merge!(a, b);
    expect(merged.pools[0]).toEqual(hours([5, 7], [1, 3], [HOUR, 2 * HOUR], [3, 4]));
    expect(busyHourOf(merged, merged.pools)).toMatchObject({
      at: HOUR,
      offered: 7,
      denied: 3,
      concurrency: 2,
      peak: 4,
    });
    expect(busyHourOf(a, [])).toBeNull();
    expect(busyHourOf({ startMs: 0, pools: [hours([0], [0], [0], [0])] }, [])).toBeNull();
  });

  it('busyHourDenialRateAtMost holds a sizing target to the busy hour, not the whole run', async () => {
    const run = rushRun([{ busyHourDenialRateAtMost: '20%' }, { denialRateAtMost: '20%' }]);
    const { results } = await executeRun(run);
    const [busy, whole] = run.scenario.expectations.map((x) => checkExpectation(x, run, results, 'here'));
    expect(whole).toMatchObject({ passed: true });
    expect(busy).toMatchObject({
      passed: false,
      expected: 'busy-hour denial rate at most 20%',
      actual: 0.285714,
    });
  });
});
