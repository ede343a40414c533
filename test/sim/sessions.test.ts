import { describe, expect, it } from 'vitest';
import type { ScenarioDocument } from '../../src/config/schema/scenario.js';
import { HOUR, MINUTE, policyYaml, runScenario, scenarioYaml } from '../support/build.js';
import { cluster, many, START, scenario, T0 } from '../support/fixtures.js';

/** Sessions: holding times, idle sessions, the per-user count, and which sessions an outage or a state ends. */

type Load = NonNullable<ScenarioDocument['spec']['load']>[number];

/** A day of one load stream on a pool too large to refuse anyone. */
function loadDay(load: Partial<Load>, seed = 7) {
  return scenarioYaml({
    start: START,
    duration: 'P1D',
    seed,
    load: [
      {
        id: 'admins',
        users: 1000,
        arrivals: { perHour: 400 },
        holding: { mean: 'PT10M' },
        ...load,
      },
    ],
  });
}

/** Durations of the sessions that ended on their own, in ms. */
function durations(r: Awaited<ReturnType<typeof runScenario>>): number[] {
  const started = new Map(r.of('admit').map((a) => [a.session, a.at]));
  return r
    .of('release')
    .filter((x) => x.cause === 'completed')
    .map((x) => x.at - started.get(x.session)!);
}

function meanAndCv(xs: readonly number[]): { mean: number; cv: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
  return { mean, cv: sd / mean };
}

describe('holding times of a load stream', () => {
  it('fixed: every session lasts exactly the mean', async () => {
    const r = await runScenario(
      cluster(10_000),
      loadDay({ holding: { mean: 'PT10M', distribution: 'fixed' } }),
    );
    const ds = durations(r);
    expect(ds.length).toBeGreaterThan(5000);
    expect(new Set(ds)).toEqual(new Set([10 * MINUTE]));
  });

  it('exponential (the default): the mean as given, as spread as it is long (coefficient of variation 1)', async () => {
    const { mean, cv } = meanAndCv(durations(await runScenario(cluster(10_000), loadDay({}))));
    expect(mean / (10 * MINUTE)).toBeCloseTo(1, 1);
    expect(cv).toBeGreaterThan(0.9);
    expect(cv).toBeLessThan(1.1);
  });

  it('lognormal: the mean as given, spread by sigma (σ = 0.5: coefficient of variation ≈ 0.53)', async () => {
    const r = await runScenario(
      cluster(10_000),
      loadDay({ holding: { mean: 'PT10M', distribution: 'lognormal', sigma: 0.5 } }),
    );
    const { mean, cv } = meanAndCv(durations(r));
    expect(mean / (10 * MINUTE)).toBeCloseTo(1, 1);
    expect(cv).toBeGreaterThan(0.45);
    expect(cv).toBeLessThan(0.62);
  });

  it('a session lasts at least a millisecond, however short the mean', async () => {
    const ds = durations(await runScenario(cluster(10_000), loadDay({ holding: { mean: 'PT0.001S' } })));
    expect(Math.min(...ds)).toBe(1);
  });
});

describe('idle sessions (W10)', () => {
  const withTimeout = cluster(10_000, { limits: { idleTimeout: 'PT30M' } });

  it('the stream’s idle share of sessions is left idle, and the idle timeout ends those', async () => {
    const r = await runScenario(withTimeout, loadDay({ idle: { share: 0.3, duration: 'PT2H' } }));
    const releases = r.of('release');
    const idle = releases.filter((x) => x.cause === 'idle-timeout').length;
    expect(idle / releases.length).toBeGreaterThan(0.27);
    expect(idle / releases.length).toBeLessThan(0.33);
    // An idle session ends 30 minutes after it went idle, that is after its holding time.
    const ended = r.of('session-ended');
    expect(ended).toHaveLength(idle);
    expect(ended[0]).toMatchObject({ rule: 'idle-timeout', ruleIds: 'W10' });
  });

  it('a stream without idle sessions leaves none idle', async () => {
    const r = await runScenario(withTimeout, loadDay({}));
    expect(r.of('release').filter((x) => x.cause === 'idle-timeout')).toEqual([]);
  });

  it('a session idle for exactly the timeout ends on its own, not by the timeout', async () => {
    const r = await runScenario(
      withTimeout,
      scenario([
        { user: 'a', at: 'PT1H', duration: 'PT1H', idleAfter: 'PT30M' },
        { user: 'b', at: 'PT1H', duration: 'PT1H', idleAfter: 'PT29M' },
      ]),
    );
    expect(r.of('release').map((x) => [x.at - T0, x.cause])).toEqual([
      [HOUR + 59 * MINUTE, 'idle-timeout'],
      [2 * HOUR, 'completed'],
    ]);
  });

  it('the rules engine runs for condition outcomes not seen before, not for every session', async () => {
    const r = await runScenario(withTimeout, loadDay({ idle: { share: 0.3, duration: 'PT2H' } }));
    expect(r.stats.sessionsOffered).toBeGreaterThan(9000);
    expect(r.stats.engineRuns).toBeLessThan(20);
  });
});

describe('counts sessions end', () => {
  it('W10: a user’s sessions that ended no longer count against the per-user limit', async () => {
    const r = await runScenario(
      cluster(10, { limits: { perUserSessions: 2 } }),
      scenario([
        { user: 'alice', at: 'PT1H', duration: 'PT1H', count: 2 },
        { user: 'alice', at: 'PT3H', duration: 'PT1H', count: 2 },
      ]),
    );
    expect(r.of('deny')).toEqual([]);
    expect(r.of('admit')).toHaveLength(4);
  });

  it('a state that ends running sessions ends only its own pool’s sessions', async () => {
    const policy = policyYaml({
      timeZone: 'UTC',
      sites: [{ id: 'site-a' }, { id: 'site-b' }],
      licenses: [
        { id: 'key-a', count: 10, term: 'perpetual' },
        { id: 'key-b', count: 10, term: 'perpetual' },
      ],
      pools: [
        { id: 'pool-a', licenses: ['key-a'], sites: ['site-a'] },
        { id: 'pool-b', licenses: ['key-b'], sites: ['site-b'] },
      ],
      lifecycle: { states: { expired: { newSessions: 'deny', existingSessions: 'end' } } },
    });
    const r = await runScenario(
      policy,
      scenario(
        [
          many('a', 2, { site: 'site-a', at: 'PT1H', duration: 'PT3H' }),
          many('b', 2, { site: 'site-b', at: 'PT1H', duration: 'PT3H' }),
        ],
        [{ at: 'PT2H', expire: { license: 'key-a' } }],
      ),
    );
    expect(r.of('release').map((x) => [x.at - T0, x.pool, x.cause])).toEqual([
      [2 * HOUR, 0, 'lifecycle'],
      [2 * HOUR, 0, 'lifecycle'],
      [4 * HOUR, 1, 'completed'],
      [4 * HOUR, 1, 'completed'],
    ]);
  });

  it('W2: a node down with no other node in its site ends that node’s sessions only', async () => {
    const policy = policyYaml({
      timeZone: 'UTC',
      sites: [
        { id: 'site-a', nodes: ['a1'] },
        { id: 'site-b', nodes: ['b1'] },
      ],
      licenses: [{ id: 'key', count: 10, term: 'perpetual' }],
      pools: [{ id: 'pool', licenses: ['key'] }],
    });
    const r = await runScenario(
      policy,
      scenario(
        [
          many('a', 2, { site: 'site-a', at: 'PT1H', duration: 'PT3H' }),
          many('b', 2, { site: 'site-b', at: 'PT1H', duration: 'PT3H' }),
        ],
        [{ at: 'PT2H', outage: { node: 'a1', duration: 'PT1H' } }],
      ),
    );
    expect(r.of('release').map((x) => [x.at - T0, x.cause])).toEqual([
      [2 * HOUR, 'outage'],
      [2 * HOUR, 'outage'],
      [4 * HOUR, 'completed'],
      [4 * HOUR, 'completed'],
    ]);
  });

  it('fixed ignores a sigma given with it', async () => {
    const r = await runScenario(
      cluster(10_000),
      loadDay({ holding: { mean: 'PT10M', distribution: 'fixed', sigma: 0.8 } }),
    );
    expect(new Set(durations(r))).toEqual(new Set([10 * MINUTE]));
  });
});
