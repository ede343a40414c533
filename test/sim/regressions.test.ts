import { describe, expect, it } from 'vitest';
import { checkExpectation } from '../../src/expectations/check.js';
import { stateAt } from '../../src/expectations/kinds.js';
import { DAY, HOUR, runScenario, timedState } from '../support/build.js';
import { cluster, many, type PolicySpec, scenario, T0 } from '../support/fixtures.js';

/**
 * Regressions: each test fails on the behaviour a code review found wrong and holds on the fixed one.
 * The numbers in the titles are the review's findings.
 */

const at = (instant: string) => Date.parse(instant);

/** A subscription `key` of `count` sessions, valid from 2026-01-01 to `end` inclusive. */
const subscription = (count: number, end: string): PolicySpec['licenses'] => [
  { id: 'key', count, term: 'subscription', start: '2026-01-01', end },
];

describe('regressions: lifecycle', () => {
  it('1 (W10, W12): a violation cleared while the pool is expired is remembered; a later renewal returns it to active', async () => {
    // Three sessions on a two-session license: restricted-access; the license ends at 24:00 on 1 March
    // (expired); the sessions end while expired (violation cleared there); the renewal must recover.
    const start = '2026-02-28T20:00:00Z';
    const S = at(start);
    const r = await runScenario(
      cluster(2, { licenses: subscription(2, '2026-03-01'), limits: { overLimit: 'restrict' } }),
      scenario(
        [
          many('a', 3, { at: 'PT0S', duration: 'PT30H' }),
          { user: 'after-renewal', at: 'P2DT1H', duration: 'PT1H' },
        ],
        [{ at: 'P2D', renew: { license: 'key', end: '2026-12-31' } }],
        { start, duration: 'P3D' },
      ),
    );
    expect(r.of('transition').map((t) => [t.at - S, t.from, t.to, t.event])).toEqual([
      [0, null, 'active', 'start'],
      [0, 'active', 'restricted-access', 'VIOLATION_RAISED'],
      [at('2026-03-02T00:00:00Z') - S, 'restricted-access', 'expired', 'EXPIRE'],
      [2 * DAY, 'expired', 'active', 'RENEW'],
    ]);
    expect(stateAt(r.results, 'cluster', S + 2 * DAY + 2 * HOUR)).toBe('active');
    expect(r.of('admit').map((a) => a.at - S)).toEqual([0, 0, 0, 2 * DAY + HOUR]);
    expect(r.of('deny')).toEqual([]);
  });

  it('2 (W8): a key activated during the trial whose start date is later ends the trial at that date (RENEW), not in expiry', async () => {
    const r = await runScenario(
      cluster(50, {
        licenses: [
          {
            id: 'key',
            count: 50,
            term: 'subscription',
            start: '2026-02-10',
            end: '2026-12-31',
            installed: false,
          },
        ],
        lifecycle: { states: { trial: timedState('P30D', 'expired', { sessionLimit: 10 }) } },
      }),
      scenario(
        [
          many('early', 20, { at: 'P20D', duration: 'PT1H' }),
          many('late', 20, { at: 'P35D', duration: 'PT1H' }),
        ],
        [{ at: 'P2D', activate: { license: 'key' } }],
        { start: '2026-02-01T00:00:00Z', duration: 'P40D' },
      ),
    );
    const S = at('2026-02-01T00:00:00Z');
    const validFrom = at('2026-02-10T00:00:00Z');
    expect(stateAt(r.results, 'cluster', S + 3 * DAY)).toBe('trial');
    expect(r.of('transition').map((t) => [t.at, t.from, t.to, t.event])).toEqual([
      [S, null, 'trial', 'start'],
      [validFrom, 'trial', 'active', 'RENEW'],
    ]);
    expect(r.of('capacity').map((c) => [c.at, c.capacity])).toEqual([
      [S, 10],
      [validFrom, 50],
    ]);
    expect(stateAt(r.results, 'cluster', S + 20 * DAY)).toBe('active');
    expect(stateAt(r.results, 'cluster', S + 35 * DAY)).toBe('active');
    expect(r.of('admit')).toHaveLength(40);
    expect(r.of('deny')).toEqual([]);
  });

  it('model-based (W8, L6): an activation during a license-server outage ends the trial when the policy ignores contact loss', async () => {
    // The lifecycle model-based tests' counterexample: the trial outlived the activation, at 10 sessions.
    const licenses: PolicySpec['licenses'] = [{ id: 'key', count: 100, term: 'perpetual', installed: false }];
    const r = await runScenario(
      cluster(100, {
        licenses,
        lifecycle: { states: { trial: timedState('P30D', 'expired', { sessionLimit: 10 }) } },
      }),
      scenario(
        [many('after-activation', 12, { at: 'PT2H', duration: 'PT1H' })],
        [
          { at: 'PT1H', outage: { licenseServer: true, duration: 'PT2H' } },
          { at: 'PT2H', activate: { license: 'key' } },
        ],
      ),
    );
    expect(r.of('transition').map((t) => [t.at - T0, t.from, t.to, t.event])).toEqual([
      [0, null, 'trial', 'start'],
      [2 * HOUR, 'trial', 'active', 'ACTIVATE'],
    ]);
    expect(r.of('capacity').map((c) => [c.at - T0, c.capacity])).toEqual([
      [0, 10],
      [2 * HOUR, 100],
    ]);
    expect(r.of('admit')).toHaveLength(12);
  });

  it('model-based (W8, P9): a key activated in the trial while contact is lost ends the trial when contact is back', async () => {
    const licenses: PolicySpec['licenses'] = [{ id: 'key', count: 100, term: 'perpetual', installed: false }];
    const r = await runScenario(
      cluster(100, {
        licenses,
        lifecycle: {
          states: {
            trial: timedState('P30D', 'expired', { sessionLimit: 10 }),
            grace: timedState('P10D', 'expired'),
          },
          on: { contactLost: 'grace' },
        },
      }),
      scenario(
        [],
        [
          { at: 'PT1H', outage: { licenseServer: true, duration: 'PT2H' } },
          { at: 'PT2H', activate: { license: 'key' } },
        ],
      ),
    );
    expect(r.of('transition').map((t) => [t.at - T0, t.from, t.to, t.event])).toEqual([
      [0, null, 'trial', 'start'],
      [3 * HOUR, 'trial', 'active', 'CONTACT_RESTORED'],
    ]);
  });

  it('2 (W8): with no valid license at the start, a pool runs the trial only when the policy declares one; else it starts active and expires at once', async () => {
    const licenses: PolicySpec['licenses'] = [{ id: 'key', count: 10, term: 'perpetual', installed: false }];
    const sessions = [{ user: 'u', at: 'PT1H', duration: 'PT1H' }];

    const withoutTrial = await runScenario(cluster(10, { licenses }), scenario(sessions));
    expect(withoutTrial.of('transition').map((t) => [t.at, t.from, t.to, t.event])).toEqual([
      [T0, null, 'active', 'start'],
      [T0, 'active', 'expired', 'EXPIRE'],
    ]);
    expect(withoutTrial.of('deny').map((d) => [d.at, d.rule])).toEqual([
      [T0 + HOUR, 'expired-refuses-new-sessions'],
    ]);

    const withTrial = await runScenario(
      cluster(10, {
        licenses,
        lifecycle: { states: { trial: timedState('P30D', 'expired', { sessionLimit: 5 }) } },
      }),
      scenario(sessions),
    );
    expect(withTrial.of('transition').map((t) => [t.at, t.from, t.to])).toEqual([[T0, null, 'trial']]);
    expect(withTrial.of('admit').map((a) => a.at)).toEqual([T0 + HOUR]);
  });

  it('3 (W9): a session asking to start at 24:00 of the end date is refused, also when a renewal moved that date mid-run', async () => {
    const atOriginalEnd = { user: 'at-original-end', at: '2026-03-04T00:00:00Z', duration: 'PT1H' };
    const atNewEnd = { user: 'at-new-end', at: '2026-03-06T00:00:00Z', duration: 'PT1H' };

    const plain = await runScenario(
      cluster(10, { licenses: subscription(10, '2026-03-03') }),
      scenario([atOriginalEnd], [], { duration: 'P5D' }),
    );
    expect(plain.of('admit')).toEqual([]);
    expect(plain.of('deny').map((d) => [d.at, d.rule])).toEqual([
      [at('2026-03-04T00:00:00Z'), 'expired-refuses-new-sessions'],
    ]);

    // The renewal pushes the boundary while the run is under way, after the sessions were queued.
    const renewed = await runScenario(
      cluster(10, { licenses: subscription(10, '2026-03-03') }),
      scenario([atOriginalEnd, atNewEnd], [{ at: 'P1D', renew: { license: 'key', end: '2026-03-05' } }], {
        duration: 'P5D',
      }),
    );
    expect(renewed.of('admit').map((a) => a.at)).toEqual([at('2026-03-04T00:00:00Z')]);
    expect(renewed.of('deny').map((d) => [d.at, d.rule])).toEqual([
      [at('2026-03-06T00:00:00Z'), 'expired-refuses-new-sessions'],
    ]);
    expect(renewed.of('transition').map((t) => [t.at, t.from, t.to])).toContainEqual([
      at('2026-03-06T00:00:00Z'),
      'active',
      'expired',
    ]);
  });

  it('3 (W9): a session asking to start at the exact end of the grace period is refused; one at its start is admitted', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: subscription(10, '2026-03-03'),
        lifecycle: { states: { grace: timedState('P1D', 'expired') } },
      }),
      scenario(
        [
          { user: 'at-grace-start', at: '2026-03-04T00:00:00Z', duration: 'PT1H' },
          { user: 'at-grace-end', at: '2026-03-05T00:00:00Z', duration: 'PT1H' },
        ],
        [],
        { duration: 'P5D' },
      ),
    );
    const graceEnd = at('2026-03-05T00:00:00Z');
    expect(r.of('transition').map((t) => [t.at, t.from, t.to])).toEqual([
      [T0, null, 'active'],
      [at('2026-03-04T00:00:00Z'), 'active', 'grace'],
      [graceEnd, 'grace', 'expired'],
    ]);
    expect(r.of('admit').map((a) => a.at)).toEqual([at('2026-03-04T00:00:00Z')]);
    expect(r.of('deny').map((d) => [d.at, d.rule])).toEqual([[graceEnd, 'expired-refuses-new-sessions']]);
  });

  it('14 (W12): an upgrade or renewal of a license that is not installed records no active → active transition', async () => {
    const r = await runScenario(
      cluster(5, {
        licenses: [
          { id: 'a', count: 5, term: 'perpetual' },
          { id: 'b', count: 5, term: 'perpetual', installed: false },
        ],
        pools: [{ id: 'cluster', licenses: ['a', 'b'] }],
      }),
      scenario(
        [],
        [
          { at: 'PT1H', upgrade: { license: 'b', count: 500 } },
          { at: 'PT2H', renew: { license: 'b', end: '2026-06-01' } },
        ],
      ),
    );
    expect(r.of('timeline').map((t) => t.action)).toEqual(['upgrade', 'renew']);
    expect(r.of('transition').map((t) => [t.at, t.from, t.to, t.event])).toEqual([
      [T0, null, 'active', 'start'],
    ]);
    expect(r.of('capacity').map((c) => [c.at, c.capacity])).toEqual([[T0, 5]]);
  });
});

describe('regressions: capacity and alerts', () => {
  it('4 (W11): the expiry warning stands on the last day before expiry and is cleared only by the renewal', async () => {
    const start = '2026-03-04T12:00:00Z';
    const r = await runScenario(
      cluster(10, {
        licenses: subscription(10, '2026-03-05'),
        alerts: { expiry: { warnBefore: 'P90D' } },
      }),
      scenario([], [{ at: 'P3D', renew: { license: 'key', end: '2027-03-05' } }], {
        start,
        duration: 'P4D',
      }),
    );
    const warnings = r.of('alert').filter((a) => a.kind === 'expiry-warning');
    // 1.5 days left: a started day counts as a day.
    expect(warnings.map((w) => [w.at, w.facts])).toEqual([[at(start), { daysToExpiry: 2 }]]);
    const cleared = r.of('alert-cleared').filter((a) => a.kind === 'expiry-warning');
    // Not on the last day (2026-03-05), not when the license ends: only at the renewal.
    expect(cleared.map((c) => c.at)).toEqual([at(start) + 3 * DAY]);
    expect(cleared[0]!.message).toMatch(/^License renewed/);
  });

  it('5 (W10, W11): a policy without usage thresholds raises only the over-limit alert when usage goes over the limit', async () => {
    const r = await runScenario(
      cluster(2, { limits: { overLimit: 'allow-and-alert' } }),
      scenario([many('u', 3, { at: 'PT1H', duration: 'PT2H' })]),
    );
    expect(r.of('admit')).toHaveLength(3);
    expect(r.of('alert').map((a) => [a.at, a.kind, a.message])).toEqual([
      [T0 + HOUR, 'over-limit', 'More sessions in use than licensed'],
    ]);
    expect(r.of('alert-cleared').map((a) => [a.at, a.kind])).toEqual([[T0 + 3 * HOUR, 'over-limit']]);
  });

  it('5 (W10, W11): jumping straight over the limit raises warning, critical and over-limit, each with its own message', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: [
          { id: 'big', count: 8, term: 'perpetual' },
          { id: 'small', count: 2, term: 'perpetual' },
        ],
        pools: [{ id: 'cluster', licenses: ['big', 'small'] }],
        limits: { overLimit: 'allow-and-alert' },
        alerts: { usage: { warning: 0.8, critical: 0.95 } },
      }),
      scenario(
        [many('u', 5, { at: 'PT1H', duration: 'PT4H' })],
        [{ at: 'PT2H', outage: { license: 'big', duration: 'PT1H' } }],
      ),
    );
    // 5 of 10 is below every threshold; losing 8 sessions leaves 5 of 2.
    expect(r.of('alert').map((a) => [a.at, a.kind, a.message])).toEqual([
      [T0 + 2 * HOUR, 'usage-warning', 'Usage at or above 80 % of capacity'],
      [T0 + 2 * HOUR, 'usage-critical', 'Usage at or above 95 % of capacity'],
      [T0 + 2 * HOUR, 'over-limit', 'More sessions in use than licensed'],
    ]);
    // Each alert names the rule of its own level, not the one of the level the count landed on.
    expect(r.of('alert').map((a) => [a.kind, a.rule, a.ruleIds])).toEqual([
      ['usage-warning', 'usage-warning', 'W11'],
      ['usage-critical', 'usage-critical', 'W11'],
      ['over-limit', 'usage-over-limit', 'W10'],
    ]);
  });

  it('6 (W8, P9): a state’s session limit caps the licensed count; with no license at all (the trial) it is the count', async () => {
    const inGrace = (sessionLimit: number) =>
      runScenario(
        cluster(10, {
          lifecycle: {
            states: { grace: timedState('P2D', 'expired', { sessionLimit }) },
            on: { contactLost: 'grace' },
          },
        }),
        scenario(
          [many('u', 12, { at: 'PT2H', duration: 'PT1H' })],
          [{ at: 'PT1H', outage: { licenseServer: true, duration: 'PT5H' } }],
        ),
      );
    const graceCapacity = (r: Awaited<ReturnType<typeof inGrace>>) =>
      r.of('capacity').find((c) => c.at === T0 + HOUR)?.capacity;

    // A limit above the license: the license's 10 sessions, not 20.
    const above = await inGrace(20);
    expect(stateAt(above.results, 'cluster', T0 + 2 * HOUR)).toBe('grace');
    expect(above.of('capacity').map((c) => [c.at, c.capacity])).toEqual([[T0, 10]]);
    expect(above.of('admit')).toHaveLength(10);
    expect(above.of('deny').map((d) => d.facts.poolCapacity)).toEqual([10, 10]);

    // A limit below the license: 3.
    const below = await inGrace(3);
    expect(graceCapacity(below)).toBe(3);
    expect(below.of('admit')).toHaveLength(3);

    // No license at all: the trial's own limit.
    const trial = await runScenario(
      cluster(10, {
        licenses: [{ id: 'key', count: 100, term: 'perpetual', installed: false }],
        lifecycle: { states: { trial: timedState('P30D', 'expired', { sessionLimit: 4 }) } },
      }),
      scenario([many('u', 6, { at: 'PT2H', duration: 'PT1H' })]),
    );
    expect(trial.of('capacity').map((c) => [c.at, c.capacity])).toEqual([[T0, 4]]);
    expect(trial.of('admit')).toHaveLength(4);
  });
});

describe('regressions: expectations', () => {
  it('13: denialRateAtMost with a rule divides that rule’s denials by every session offered', async () => {
    // Ten offered: 5 admitted, 1 refused by the per-user limit, 4 by the pool limit.
    const r = await runScenario(
      cluster(5, { limits: { perUserSessions: 1 } }),
      scenario(
        [
          many('u', 5, { at: 'PT1H', duration: 'PT2H' }),
          { user: 'u-1', at: 'PT90M', duration: 'PT1H' },
          many('v', 4, { at: 'PT100M', duration: 'PT1H' }),
        ],
        [],
        {
          expect: [
            { denialRateAtMost: 0.1, rule: 'per-user-session-limit' },
            { denialRateAtMost: 0.4, rule: 'pool-session-limit' },
          ],
        },
      ),
    );
    expect(r.of('deny').map((d) => d.rule)).toEqual([
      'per-user-session-limit',
      'pool-session-limit',
      'pool-session-limit',
      'pool-session-limit',
      'pool-session-limit',
    ]);
    const [perUser, pool] = r.run.scenario.expectations.map((x) =>
      checkExpectation(x, r.run, r.results, 'here'),
    );
    expect(perUser).toMatchObject({ passed: true, actual: 0.1 });
    expect(perUser!.description).toContain('by rule per-user-session-limit');
    expect(pool).toMatchObject({ passed: true, actual: 0.4 });
  });
});
