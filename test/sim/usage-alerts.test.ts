import { describe, expect, it } from 'vitest';
import type { ScenarioDocument } from '../../src/config/schema/scenario.js';
import type { AlertKind } from '../../src/vocabulary.js';
import { DAY, HOUR, type RunResult, runScenario, scenarioYaml, timedState } from '../support/build.js';
import { cluster, many, START, scenario, T0 } from '../support/fixtures.js';

/**
 * W10, W11: usage alerts follow the pool's sessions in use against its capacity. The levels are cached
 * per pool (by capacity, and in a band of counts known to be at one level), so these tests replay runs
 * that move both and check the alerts standing after every instant against the thresholds themselves.
 */

const WARNING = 0.6;
const CRITICAL = 0.8;

/** The alerts that should stand for `inUse` sessions of `capacity`: each level reached raises its own. */
function expected(inUse: number, capacity: number): AlertKind[] {
  const usage = capacity > 0 ? inUse / capacity : 0;
  const kinds: AlertKind[] = [];
  if (capacity > 0 && usage >= WARNING) kinds.push('usage-warning');
  if (capacity > 0 && usage >= CRITICAL) kinds.push('usage-critical');
  if (inUse > capacity) kinds.push('over-limit');
  return kinds;
}

/** Replays the trace of pool 0 and checks the standing alerts at the end of every instant. */
function checkAlertsFollowUsage(r: RunResult): number {
  let inUse = 0;
  let capacity = 0;
  const standing = new Set<AlertKind>();
  let checked = 0;
  const records = r.records.filter((x) => !('pool' in x) || x.pool === 0);
  for (let i = 0; i < records.length; i++) {
    const x = records[i]!;
    if (x.type === 'admit' || x.type === 'release') inUse = x.inUse;
    else if (x.type === 'capacity') capacity = x.capacity;
    else if (x.type === 'alert' && x.kind !== 'expiry-warning') standing.add(x.kind);
    else if (x.type === 'alert-cleared') standing.delete(x.kind);
    const next = records[i + 1];
    if (next !== undefined && next.at === x.at) continue;
    expect([...standing].sort(), `at ${new Date(x.at).toISOString()}: ${inUse} of ${capacity}`).toEqual(
      expected(inUse, capacity).sort(),
    );
    checked++;
  }
  return checked;
}

const policy = cluster(10, {
  licenses: [
    { id: 'base', count: 6, term: 'perpetual' },
    { id: 'extra', count: 4, term: 'perpetual' },
  ],
  pools: [{ id: 'cluster', licenses: ['base', 'extra'] }],
  limits: { overLimit: 'allow-and-alert' },
  alerts: { usage: { warning: WARNING, critical: CRITICAL } },
});

type Timeline = NonNullable<ScenarioDocument['spec']['timeline']>;

/** Busy load on the 10-session pool, while licenses fail and come back and the pool is upgraded. */
function busyDay(seed: number, timeline: Timeline) {
  return scenarioYaml({
    start: START,
    duration: 'P1D',
    seed,
    load: [{ id: 'ops', users: 200, arrivals: { perHour: 30 }, holding: { mean: 'PT20M' } }],
    timeline,
  });
}

describe('usage alerts follow usage (W10, W11)', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: after every instant the alerts standing are those of the sessions in use and the capacity`, async () => {
      const r = await runScenario(
        policy,
        busyDay(seed, [
          { at: 'PT3H', outage: { license: 'extra', duration: 'PT2H' } },
          { at: 'PT8H', outage: { license: 'base', duration: 'PT30M' } },
          { at: 'PT10H', upgrade: { license: 'extra', count: 8 } },
          { at: 'PT14H', upgrade: { license: 'extra', count: 2 } },
          { at: 'PT16H', outage: { license: 'extra', duration: 'PT4H' } },
        ]),
      );
      expect(r.of('alert').length).toBeGreaterThan(10);
      expect(checkAlertsFollowUsage(r)).toBeGreaterThan(100);
    });
  }

  it('alerts are raised at the admission that crosses a threshold and cleared at the release that leaves it', async () => {
    const r = await runScenario(
      policy,
      scenario([
        many('early', 5, { at: 'PT1H', duration: 'PT5H' }),
        { user: 'sixth', at: 'PT2H', duration: 'PT1H' },
      ]),
    );
    expect(r.of('alert').map((a) => [a.at - T0, a.kind])).toEqual([[2 * HOUR, 'usage-warning']]);
    expect(r.of('alert-cleared').map((a) => [a.at - T0, a.kind])).toEqual([[3 * HOUR, 'usage-warning']]);
  });

  it('L5: under overLimit restrict, the pool returns to active when usage is back within the limit, not before', async () => {
    const r = await runScenario(
      cluster(10, {
        limits: { overLimit: 'restrict' },
        licenses: [
          { id: 'base', count: 6, term: 'perpetual' },
          { id: 'extra', count: 4, term: 'perpetual' },
        ],
        pools: [{ id: 'cluster', licenses: ['base', 'extra'] }],
      }),
      scenario(
        [
          many('a', 8, { at: 'PT1H', duration: 'PT10H' }),
          { user: 'short', at: 'PT1H', duration: 'PT3H' },
          { user: 'longer', at: 'PT1H', duration: 'PT5H' },
          // Over the limit after the failure below: admitted and restricted.
          { user: 'over', at: 'PT2H30M', duration: 'PT5H' },
        ],
        [{ at: 'PT2H', outage: { license: 'extra', duration: 'PT10H' } }],
      ),
    );
    expect(r.of('transition').at(-1)?.reason).toBe('usage back within the limit');
    expect(r.of('transition').map((t) => [t.at - T0, t.to, t.event])).toEqual([
      [0, 'active', 'start'],
      [2.5 * HOUR, 'restricted-access', 'VIOLATION_RAISED'],
      // 11 sessions of 6 at 02:30; 10, 9 and 8 after the releases at 04:00, 06:00 and 07:30 are still over
      // the limit: restricted until the last sessions end at 11:00.
      [11 * HOUR, 'active', 'VIOLATION_CLEARED'],
    ]);
  });

  it('L5: going over the limit outside active raises no violation: a renewal in grace returns to active at once', async () => {
    const r = await runScenario(
      cluster(2, {
        limits: { overLimit: 'restrict' },
        licenses: [{ id: 'key', count: 2, term: 'subscription', start: '2026-01-01', end: '2026-03-02' }],
        lifecycle: { states: { grace: timedState('P10D', 'expired') } },
      }),
      scenario(
        [many('u', 3, { at: 'P1DT1H', duration: 'PT5H' })],
        [{ at: 'P1DT2H', renew: { license: 'key', end: '2026-12-31' } }],
        { duration: 'P2D' },
      ),
    );
    expect(r.of('admit')).toHaveLength(3);
    expect(r.of('transition').map((t) => [t.at - T0, t.to, t.event])).toEqual([
      [0, 'active', 'start'],
      [DAY, 'grace', 'EXPIRE'],
      [DAY + 2 * HOUR, 'active', 'RENEW'],
    ]);
  });
});
