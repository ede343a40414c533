import { describe, expect, it } from 'vitest';
import { concurrency, type PoolUsage, poolUsage } from '../../src/analysis/pool-usage.js';
import type { Run } from '../../src/model/bind.js';
import type { FactVector, RuleOutcome } from '../../src/trace/facts.js';
import { ReleaseCause, type TraceRecord } from '../../src/trace/records.js';
import type { AlertKind } from '../../src/vocabulary.js';
import { policyYaml, runFrom } from '../support/build.js';
import { scenario, T0 } from '../support/fixtures.js';

/** Two sites, each with its own pool: pool-a (index 0) serves paris, pool-b (index 1) serves lyon. */
function twoPoolRun(): Run {
  const policy = policyYaml({
    timeZone: 'UTC',
    sites: [{ id: 'paris' }, { id: 'lyon' }],
    licenses: [
      { id: 'key-a', count: 10, term: 'perpetual' },
      { id: 'key-b', count: 10, term: 'perpetual' },
    ],
    pools: [
      { id: 'pool-a', licenses: ['key-a'], sites: ['paris'] },
      { id: 'pool-b', licenses: ['key-b'], sites: ['lyon'] },
    ],
  });
  return runFrom(policy, scenario([{ user: 'u', site: 'paris', at: 'PT1H', duration: 'PT1H' }]));
}

const outcome: RuleOutcome = { rule: null, type: 'none', ruleIds: '', message: '' };
const noFacts = { names: [], values: new Float64Array(0), toObject: () => ({}) } as unknown as FactVector;

/** A usage reducer fed by hand: instants are ms after the scenario's start. */
function usage() {
  const run = twoPoolRun();
  const reducer = poolUsage.start(run);
  return {
    admit: (ms: number, pool: number, inUse: number) => reducer.admit(T0 + ms, 0, 0, 0, pool, inUse),
    release: (ms: number, pool: number, inUse: number, cause: number = ReleaseCause.completed) =>
      reducer.release(T0 + ms, 0, pool, inUse, cause),
    alert: (ms: number, kind: AlertKind, raised: boolean) =>
      reducer.alert(T0 + ms, 0, kind, raised, outcome, noFacts, ''),
    deny: (pool: number) => reducer.deny(T0, 0, 0, 0, pool, outcome, noFacts),
    unavailable: (site: number) => reducer.record({ type: 'unavailable', at: T0, session: 0, site }),
    record: (r: TraceRecord) => reducer.record(r),
    end: (ms: number) => {
      reducer.record({ type: 'run-end', at: T0 + ms });
      return reducer.result().pools;
    },
  };
}

describe('pool usage over a run', () => {
  it('credits the time spent at each concurrency level, up to the end of the run, and keeps the peak', () => {
    const u = usage();
    u.admit(10, 0, 1);
    u.admit(20, 0, 2);
    u.release(50, 0, 1);
    const [a, b] = u.end(100);
    expect(a).toMatchObject({ id: 'pool-a', admitted: 2, peak: 2, timeAt: [10, 60, 30] });
    // A pool nobody used spent the whole run at level 0.
    expect(b).toMatchObject({ id: 'pool-b', admitted: 0, peak: 0, timeAt: [100] });
  });

  it('records other than the run’s end close no stretch of time', () => {
    const u = usage();
    u.admit(10, 0, 1);
    u.alert(20, 'usage-warning', true);
    u.record({ type: 'capacity', at: T0 + 50, pool: 0, capacity: 4, reason: 'test' });
    u.record({ type: 'run-start', at: T0 + 50, scenario: 's', policy: 'p', seed: 1 });
    const [a] = u.end(100);
    expect(a!.timeAt).toEqual([10, 90]);
    expect(a!.timeAbove['usage-warning']).toBe(80);
  });

  it('a level reached only at the very end spent no time there and is left out of the histogram', () => {
    const u = usage();
    u.admit(40, 0, 1);
    u.admit(100, 0, 2);
    const [a] = u.end(100);
    expect(a!.timeAt).toEqual([40, 60]);
    expect(a!.peak).toBe(2);
  });

  it('a peak is the highest level reached, not the last one', () => {
    const u = usage();
    u.admit(10, 0, 1);
    u.admit(10, 0, 2);
    u.release(20, 0, 1);
    u.admit(30, 0, 2);
    const [a] = u.end(40);
    expect(a!.peak).toBe(2);
  });

  it('keeps levels beyond 64 concurrent sessions (the histogram grows)', () => {
    const u = usage();
    for (let level = 1; level <= 130; level++) u.admit(level, 0, level);
    const [a] = u.end(200);
    expect(a!.timeAt).toHaveLength(131);
    expect(a!.timeAt[64]).toBe(1);
    expect(a!.timeAt[65]).toBe(1);
    expect(a!.timeAt[130]).toBe(70);
    expect(a!.timeAt.reduce((s, x) => s + x, 0)).toBe(200);
  });

  it('counts sessions ended early by cause, in name order; completed sessions are not early', () => {
    const u = usage();
    for (let i = 1; i <= 4; i++) u.admit(i, 0, i);
    u.release(10, 0, 3, ReleaseCause.outage);
    u.release(11, 0, 2, ReleaseCause.idleTimeout);
    u.release(12, 0, 1, ReleaseCause.outage);
    u.release(13, 0, 0, ReleaseCause.completed);
    const [a] = u.end(20);
    expect(a!.endedBy).toEqual({ 'idle-timeout': 1, outage: 2 });
    expect(Object.keys(a!.endedBy)).toEqual(['idle-timeout', 'outage']);
  });

  it('counts denials per pool, and sessions refused for want of a node against the pool of their site', () => {
    const u = usage();
    u.deny(1);
    u.deny(1);
    u.unavailable(0);
    const [a, b] = u.end(10);
    expect([a!.denied, a!.unavailable]).toEqual([0, 1]);
    expect([b!.denied, b!.unavailable]).toEqual([2, 0]);
  });

  it('measures how long each usage alert stood, including one still raised at the end', () => {
    const u = usage();
    u.alert(10, 'usage-warning', true);
    u.alert(40, 'usage-warning', false);
    u.alert(50, 'usage-warning', true);
    u.alert(60, 'usage-critical', true);
    u.alert(70, 'usage-critical', false);
    u.alert(80, 'over-limit', true);
    // Not a usage alert: never timed.
    u.alert(5, 'expiry-warning', true);
    // Cleared without having been raised: no time.
    u.alert(90, 'usage-critical', false);
    const [a, b] = u.end(100);
    expect(a!.timeAbove).toEqual({ 'usage-warning': 30 + 50, 'usage-critical': 10, 'over-limit': 20 });
    expect(b!.timeAbove).toEqual({ 'usage-warning': 0, 'usage-critical': 0, 'over-limit': 0 });
  });
});

describe('mean and 95th percentile of concurrency', () => {
  const pool = (timeAt: number[]): PoolUsage => ({
    id: 'p',
    admitted: 0,
    denied: 0,
    unavailable: 0,
    peak: timeAt.length - 1,
    timeAt,
    timeAbove: { 'usage-warning': 0, 'usage-critical': 0, 'over-limit': 0 },
    endedBy: {},
  });

  it('the mean weights each level by the time spent at it', () => {
    expect(concurrency(pool([10, 60, 30])).mean).toBeCloseTo(1.2, 12);
    expect(concurrency(pool([0, 0, 50])).mean).toBe(2);
  });

  it('the 95th percentile is the lowest level that 95 % of the time stays at or below', () => {
    expect(concurrency(pool([10, 60, 30])).p95).toBe(2);
    expect(concurrency(pool([95, 5])).p95).toBe(0);
    expect(concurrency(pool([94, 6])).p95).toBe(1);
    expect(concurrency(pool([50, 0, 0, 50])).p95).toBe(3);
  });

  it('a pool with no time at all has mean and percentile 0', () => {
    expect(concurrency(pool([]))).toEqual({ mean: 0, p95: 0 });
  });
});

describe('merging the usage of two runs', () => {
  it('adds counts, histograms of any lengths, early ends and alert times, and keeps the larger peak', () => {
    const first = usage();
    first.admit(10, 0, 1);
    first.release(20, 0, 0, ReleaseCause.outage);
    first.unavailable(0);
    first.alert(0, 'usage-warning', true);
    first.alert(0, 'over-limit', true);
    const second = usage();
    for (let level = 1; level <= 3; level++) second.admit(level, 0, level);
    second.release(4, 0, 2, ReleaseCause.outage);
    second.release(5, 0, 1, ReleaseCause.idleTimeout);
    second.deny(0);
    second.unavailable(0);
    second.unavailable(0);
    second.alert(0, 'usage-critical', true);
    second.alert(0, 'over-limit', true);
    second.alert(60, 'usage-warning', true);
    const a = first.end(100)[0]!;
    const b = second.end(100)[0]!;
    const merged = poolUsage.merge!({ pools: [a] }, { pools: [b] }).pools[0]!;
    expect(merged).toEqual({
      id: 'pool-a',
      admitted: 4,
      denied: 1,
      unavailable: 3,
      peak: 3,
      timeAt: [90 + 1, 10 + 96, 2, 1],
      timeAbove: { 'usage-warning': 100 + 40, 'usage-critical': 100, 'over-limit': 200 },
      endedBy: { 'idle-timeout': 1, outage: 2 },
    });
    expect(Object.keys(merged.endedBy)).toEqual(['idle-timeout', 'outage']);
    // Merging is symmetric in what it adds up.
    expect(poolUsage.merge!({ pools: [b] }, { pools: [a] }).pools[0]!.timeAt).toEqual(merged.timeAt);
  });
});
