import { describe, expect, it } from 'vitest';
import {
  growthMonths,
  parseTarget,
  searchCapacity,
  unsearchable,
  withCapacities,
} from '../../src/run/capacity-search.js';
import { prepareScenario } from '../../src/run/simulate.js';
import { erlangBServersFor } from '../../src/sim/erlang.js';
import { policyYaml, runFrom, scenarioYaml, writeFixture } from '../support/build.js';
import { licensim } from '../support/cli.js';

/** One pool under a flat Poisson load of 20 erlangs (40 sessions an hour of 30 minutes), for 20 days. */
async function flatLoad(): Promise<string> {
  const dir = await writeFixture({
    'policy.yaml': policyYaml({
      timeZone: 'UTC',
      licenses: [
        { id: 'old', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-03-31' },
        { id: 'new', count: 15, term: 'subscription', start: '2026-04-01', end: '2026-12-31' },
      ],
      pools: [{ id: 'main', licenses: ['old', 'new'] }],
      tiers: [
        { sessions: 25, name: 'Small' },
        { sessions: 50, name: 'Medium' },
      ],
    }),
    'scenario.yaml': scenarioYaml({
      start: '2026-03-02T00:00:00Z',
      duration: 'P20D',
      seed: 7,
      load: [{ users: 500, arrivals: { perHour: 40 }, holding: { mean: 'PT30M' } }],
    }),
  });
  return `${dir}/scenario.yaml`;
}

describe('capacity search', () => {
  it('reads a target as a metric and a share, and says what is wrong with one it cannot read', () => {
    expect(parseTarget('denial-rate<=1%')).toEqual({ metric: 'denial-rate', atMost: 0.01 });
    expect(parseTarget(' busy-hour-denial-rate <= 0.005 ')).toEqual({
      metric: 'busy-hour-denial-rate',
      atMost: 0.005,
    });
    expect(parseTarget('denial-rate<1%')).toMatch(/^a target reads METRIC<=SHARE/);
    expect(parseTarget('peak<=1%')).toBe(
      "no metric 'peak': the metrics are denial-rate, busy-hour-denial-rate",
    );
    expect(parseTarget('denial-rate<=100%')).toBe('the share must be above 0 and below 100% (got 100%)');
  });

  it('finds the fewest sessions whose 95% upper bound meets the target; one fewer does not; Erlang B is close below', async () => {
    const prepared = await prepareScenario(await flatLoad());
    const run = prepared.runs[0]!;
    const report = await searchCapacity(prepared, run, { metric: 'denial-rate', atMost: 0.01 }, 6);
    const [pool] = report.search.pools;
    // The license valid at the start counts, not the one that starts later.
    expect(pool!.licensed).toBe(10);
    expect(pool!.offeredLoad).toBeCloseTo(20, 10);
    expect(pool!.erlangB).toBe(erlangBServersFor(20, 0.01));
    const needed = pool!.needed!;
    expect(pool!.atNeeded!.ci95[1]).toBeLessThanOrEqual(0.01);
    expect(pool!.belowNeeded!.ci95[1]).toBeGreaterThan(0.01);
    // A steady M/M/c/c load: the simulation needs what Erlang B says, or a little more for its confidence.
    expect(needed).toBeGreaterThanOrEqual(pool!.erlangB! - 1);
    expect(needed).toBeLessThanOrEqual(pool!.erlangB! + 4);
    expect(pool!.tier).toEqual({ sessions: 50, name: 'Medium' });
    // Doubling from 10 to past the answer, then bisecting: a handful of capacities, each tried once.
    expect(report.search.evaluations).toBeLessThanOrEqual(10);
    // The same seeds give the same answer.
    const again = await searchCapacity(prepared, run, { metric: 'denial-rate', atMost: 0.01 }, 6);
    expect(again).toEqual(report);
  });

  it('growth headroom: the months of load growth the licensed count still meets the target through', async () => {
    expect(growthMonths(0.03)).toBe(46); // 1.03^46 = 3.89, 1.03^47 = 4.01: up to 4× the load
    expect(growthMonths(0.5)).toBe(3);
    expect(growthMonths(0.001)).toBe(120);
    const prepared = await prepareScenario(await flatLoad());
    // Licensed 10 sessions for 20 erlangs: it fails today.
    const short = await searchCapacity(
      prepared,
      prepared.runs[0]!,
      { metric: 'denial-rate', atMost: 0.01 },
      4,
      {
        growth: 0.1,
      },
    );
    expect(short.search.growth).toEqual({ monthly: 0.1, months: 14 });
    expect(short.search.pools[0]!.headroomMonths).toBe(-1);
    // Licensed 40: Erlang B holds 1 % up to about 29 erlangs, 20 × 1.1^3.9; the simulation, asking its
    // 95 % bound to hold too, a little less.
    const roomy = withCapacities(prepared.runs[0]!, [40]);
    const report = await searchCapacity(
      { ...prepared, runs: [roomy] },
      roomy,
      { metric: 'denial-rate', atMost: 0.01 },
      4,
      {
        growth: 0.1,
      },
    );
    const months = report.search.pools[0]!.headroomMonths!;
    expect(months).toBeGreaterThanOrEqual(1);
    expect(months).toBeLessThanOrEqual(4);
    expect(erlangBServersFor(20 * 1.1 ** months, 0.01)).toBeLessThanOrEqual(40);
  });

  it('says when no count meets the target, and what the metric still is at the most a pool may hold', async () => {
    const dir = await writeFixture({
      'policy.yaml': policyYaml({
        timeZone: 'UTC',
        licenses: [{ id: 'k', count: 5, term: 'perpetual' }],
        pools: [{ id: 'main', licenses: ['k'] }],
        limits: { perUserSessions: 1 },
      }),
      // Three users at 30 sessions an hour of an hour each: the per-user limit refuses most, whatever the count.
      'scenario.yaml': scenarioYaml({
        start: '2026-03-02T00:00:00Z',
        duration: 'P2D',
        seed: 3,
        load: [{ users: 3, arrivals: { perHour: 30 }, holding: { mean: 'PT1H' } }],
      }),
    });
    const prepared = await prepareScenario(`${dir}/scenario.yaml`);
    const report = await searchCapacity(
      prepared,
      prepared.runs[0]!,
      { metric: 'denial-rate', atMost: 0.01 },
      3,
    );
    const [pool] = report.search.pools;
    expect(pool!.needed).toBeNull();
    expect(pool!.tier).toBeNull();
    // At the 5 licensed, the three users never fill the pool: no larger count can help, so the search
    // stops there instead of doubling to the most a pool may hold.
    expect(pool!.largestTried!.sessions).toBe(5);
    expect(report.search.evaluations).toBe(1);
    expect(pool!.largestTried!.metric.mean).toBeGreaterThan(0.5);
  });

  it('licenses each pool for exactly the count tried, for the whole run, and refuses what it cannot size', async () => {
    const run = runFrom(
      policyYaml({
        timeZone: 'UTC',
        licenses: [
          { id: 'a', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-03-05' },
          { id: 'b', count: 5, term: 'perpetual' },
        ],
        pools: [{ id: 'main', licenses: ['a', 'b'] }],
      }),
      scenarioYaml({ start: '2026-03-02T00:00:00Z', duration: 'P1D', sessions: [] }),
    );
    const searched = withCapacities(run, [42]);
    expect(searched.policy.licenses).toHaveLength(1);
    expect(searched.policy.licenses[0]).toMatchObject({
      count: 42,
      term: 'perpetual',
      pool: 0,
      installed: true,
    });
    expect(searched.policy.pools[0]!.licenses).toEqual([0]);
    expect(unsearchable(run)).toBeNull();
    const upgraded = runFrom(
      policyYaml({
        timeZone: 'UTC',
        licenses: [{ id: 'a', count: 10, term: 'perpetual' }],
        pools: [{ id: 'main', licenses: ['a'] }],
      }),
      scenarioYaml({
        start: '2026-03-02T00:00:00Z',
        duration: 'P1D',
        sessions: [],
        timeline: [{ at: 'PT1H', upgrade: { license: 'a', count: 20 } }],
      }),
    );
    expect(unsearchable(upgraded)).toMatch(
      /^the scenario's timeline changes license keys \(upgrade at 2026-03-02T01:00:00.000Z\)/,
    );
  });

  it("licensim size --scenario --target prints each policy's pools, and its mistakes are usage errors", async () => {
    const file = await flatLoad();
    const json = await licensim(
      'size',
      '--scenario',
      file,
      '--target',
      'denial-rate<=2%',
      '--replications',
      '4',
      '--format',
      'json',
    );
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.searches[0]).toMatchObject({
      policy: 'test-policy',
      replications: 4,
      target: { metric: 'denial-rate', atMost: 0.02 },
    });
    expect(out.searches[0].pools[0].needed).toBeGreaterThan(20);
    const text = await licensim(
      'size',
      '--scenario',
      file,
      '--target',
      'denial-rate<=2%',
      '--replications',
      '4',
    );
    expect(text.stdout).toContain('Capacity search: scenario test-scenario');
    expect(text.stdout).toMatch(/main +10 +\d+ +[\d.]+% \([\d.]+%–[\d.]+%\)/);
    for (const [args, message] of [
      [['--target', 'denial-rate<=1%'], '--target needs --scenario FILE'],
      [['--scenario', file], '--scenario needs --target METRIC<=SHARE'],
      [['--scenario', file, '--target', 'speed<=1%'], "--target: no metric 'speed'"],
      [
        ['--scenario', file, '--target', 'denial-rate<=1%', '--users', '10'],
        '--users is not an input of a search',
      ],
      [
        ['--users', '10', '--concurrency', '0.2', '--replications', '5'],
        '--replications belongs to a search',
      ],
      [['--users', '10', '--concurrency', '0.2', '--growth', '2%'], '--growth belongs to a search'],
      [
        ['--scenario', file, '--target', 'denial-rate<=1%', '--growth', '0'],
        '--growth must be a share above 0',
      ],
    ] as const) {
      const bad = await licensim('size', ...args);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(message);
    }
  });
});
