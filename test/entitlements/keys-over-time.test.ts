import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/config/schema/policy.js';
import { DAY, policyYaml, runFrom, runScenario, timedState } from '../support/build.js';
import { scenario, type TimelineEvent } from '../support/fixtures.js';

/**
 * Entitlements over time, simulated: what each key gives, and when, read from the capacity and entitlement
 * records of the trace a run writes. The policies are in New York, where the clocks go back on
 * 2026-11-01 at 02:00 (UTC-4 → UTC-5).
 */

type License = PolicyDocument['spec']['licenses'][number];

function keys(licenses: License[], entitlements: PolicyDocument['spec']['entitlements'] = {}): string {
  return policyYaml({
    timeZone: 'America/New_York',
    licenses,
    pools: [{ id: 'main', licenses: licenses.map((l) => l.id) }],
    entitlements,
  });
}

/** Runs `days` days from `start` with no sessions: only the licenses change. */
async function over(policy: string, start: string, days: number, timeline: TimelineEvent[] = []) {
  const result = await runScenario(policy, scenario([], timeline, { start, duration: `P${days}D` }));
  const capacity = result.of('capacity').map((c) => [new Date(c.at).toISOString(), c.capacity]);
  const entitlements = result
    .of('entitlement')
    .map((e) => `${new Date(e.at).toISOString()} ${e.license} ${e.action}`);
  return { ...result, capacity, entitlements };
}

describe('P11: terms and renewals', () => {
  it('P11: a renewal installed early takes over at local midnight across the end of daylight-saving time, with no gap', async () => {
    const run = await over(
      keys([
        { id: 'sub', count: 100, term: 'subscription', start: '2025-11-01', end: '2026-10-31' },
        {
          id: 'sub-r',
          kind: 'renewal',
          count: 100,
          term: 'subscription',
          start: '2026-11-01',
          end: '2027-10-31',
        },
      ]),
      '2026-10-30T00:00:00-04:00',
      5,
    );
    // 24:00 of 2026-10-31 under EDT is 04:00Z; a day later, 24:00 is 05:00Z under EST.
    expect(run.entitlements).toEqual([
      '2026-10-30T04:00:00.000Z sub-r waiting',
      '2026-11-01T04:00:00.000Z sub ended',
      '2026-11-01T04:00:00.000Z sub-r valid',
    ]);
    expect(run.capacity).toEqual([['2026-10-30T04:00:00.000Z', 100]]);
    expect(run.of('transition').filter((t) => t.from !== null)).toEqual([]);
  });

  it('P11: a future start date means not yet active: the pool has no license until 00:00 of that date', async () => {
    const run = await over(
      keys([{ id: 'later', count: 10, term: 'subscription', start: '2026-03-04', end: '2026-12-31' }]),
      '2026-03-02T00:00:00-05:00',
      4,
    );
    expect(run.capacity).toEqual([
      ['2026-03-02T05:00:00.000Z', 0],
      ['2026-03-04T05:00:00.000Z', 10],
    ]);
    expect(run.entitlements).toEqual(['2026-03-04T05:00:00.000Z later valid']);
  });

  it('P11: a renewal counts from the instant the license it renews expires, even when that is early', async () => {
    const run = await over(
      keys([
        { id: 'sub', count: 50, term: 'subscription', start: '2026-01-01', end: '2026-12-31' },
        {
          id: 'sub-r',
          kind: 'renewal',
          renews: 'sub',
          count: 50,
          term: 'subscription',
          start: '2026-03-01',
          end: '2027-02-28',
        },
      ]),
      '2026-03-02T00:00:00-05:00',
      4,
      [{ at: 'PT36H', expire: { license: 'sub' } }],
    );
    // The renewal's own dates are not the same length as sub's: 12 months each, so it matches.
    expect(run.entitlements).toEqual([
      '2026-03-02T05:00:00.000Z sub-r waiting',
      '2026-03-03T17:00:00.000Z sub ended',
      '2026-03-03T17:00:00.000Z sub-r valid',
    ]);
    expect(run.capacity).toEqual([['2026-03-02T05:00:00.000Z', 50]]);
  });

  it('P11: a renewal that does not match never activates, and the pool expires when what it would renew ends', async () => {
    const run = await over(
      keys([
        { id: 'sub', count: 50, term: 'subscription', start: '2025-03-04', end: '2026-03-03' },
        {
          id: 'sub-r',
          kind: 'renewal',
          count: 40,
          term: 'subscription',
          start: '2026-03-04',
          end: '2027-03-03',
        },
      ]),
      '2026-03-02T00:00:00-05:00',
      4,
    );
    expect(run.entitlements).toEqual([
      '2026-03-02T05:00:00.000Z sub-r never',
      '2026-03-04T05:00:00.000Z sub ended',
    ]);
    expect(run.capacity).toEqual([
      ['2026-03-02T05:00:00.000Z', 50],
      ['2026-03-04T05:00:00.000Z', 0],
    ]);
    expect(run.of('transition').map((t) => t.to)).toEqual(['active', 'expired']);
  });
});

describe('P10: keys', () => {
  it('P10: user-count keys are additive: 100 + 100 = 200', async () => {
    const run = await over(
      keys([
        { id: 'a', count: 100, term: 'perpetual' },
        { id: 'b', count: 100, term: 'perpetual' },
      ]),
      '2026-03-02T00:00:00-05:00',
      1,
    );
    expect(run.capacity).toEqual([['2026-03-02T05:00:00.000Z', 200]]);
  });

  it('P10: an emergency key is dormant until enabled, then counts for 8 weeks of use, kept while disabled', async () => {
    const run = await over(
      keys([
        { id: 'base', count: 100, term: 'perpetual' },
        { id: 'ice', kind: 'emergency', count: 400, term: 'perpetual' },
      ]),
      '2026-01-01T00:00:00Z',
      90,
      [
        { at: 'P10D', enable: { license: 'ice' } },
        { at: 'P24D', disable: { license: 'ice' } },
        { at: 'P30D', enable: { license: 'ice' } },
        { at: 'P80D', enable: { license: 'ice' } },
      ],
    );
    const t = (days: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + days * DAY).toISOString();
    // 14 days used from day 10 to 24; the other 42 run from day 30 to day 72.
    expect(run.capacity).toEqual([
      [t(0), 100],
      [t(10), 500],
      [t(24), 100],
      [t(30), 500],
      [t(72), 100],
    ]);
    expect(run.entitlements).toEqual([
      `${t(0)} ice dormant`,
      `${t(10)} ice enabled`,
      `${t(10)} ice valid`,
      `${t(24)} ice disabled`,
      `${t(24)} ice ended`,
      `${t(30)} ice enabled`,
      `${t(30)} ice valid`,
      `${t(72)} ice ended`,
    ]);
    const events = run.of('timeline').map((e) => `${e.action}: ${e.detail}`);
    expect(events).toEqual([
      'enable: 56 days of emergency time left',
      'disable: 42 days of emergency time kept',
      'enable: 42 days of emergency time left',
      'enable: its P8W of emergency time are used up',
    ]);
  });

  it('P10: the emergency time is policy data', async () => {
    const run = await over(
      keys([{ id: 'ice', kind: 'emergency', count: 10, term: 'perpetual' }], { emergencyFor: 'P2D' }),
      '2026-01-01T00:00:00Z',
      5,
      [{ at: 'P1D', enable: { license: 'ice' } }],
    );
    expect(run.capacity.map(([, c]) => c)).toEqual([0, 10, 0]);
    expect(run.capacity[2]![0]).toBe('2026-01-04T00:00:00.000Z');
  });

  it('P10: an enabled emergency key does not carry a pool through grace: all it added is gone with its time', async () => {
    const policy = policyYaml({
      timeZone: 'UTC',
      licenses: [{ id: 'ice', kind: 'emergency', count: 10, term: 'perpetual' }],
      pools: [{ id: 'main', licenses: ['ice'] }],
      lifecycle: { states: { grace: timedState('P30D', 'expired') } },
      entitlements: { emergencyFor: 'P1D' },
    });
    const run = await runScenario(
      policy,
      scenario([], [{ at: 'PT1H', enable: { license: 'ice' } }], {
        start: '2026-01-01T00:00:00Z',
        duration: 'P3D',
      }),
    );
    expect(run.of('capacity').map((c) => c.capacity)).toEqual([0, 10, 0]);
    expect(run.of('transition').map((t) => t.to)).toContain('grace');
  });

  it('P10: an evaluation key installed by the timeline runs 8 calendar weeks from then, to the local hour across a DST change', async () => {
    const run = await over(
      keys([{ id: 'eval', kind: 'evaluation', count: 25, term: 'perpetual', installed: false }]),
      '2026-10-01T00:00:00-04:00',
      60,
      [{ at: 'PT10H', activate: { license: 'eval' } }],
    );
    // Installed 10:00 EDT on 2026-10-01; ends 10:00 EST on 2026-11-26, 57 elapsed days minus 23 hours later.
    expect(run.capacity).toEqual([
      ['2026-10-01T04:00:00.000Z', 0],
      ['2026-10-01T14:00:00.000Z', 25],
      ['2026-11-26T15:00:00.000Z', 0],
    ]);
  });

  it('P10: only an emergency key is enabled: enabling another is a located error', () => {
    const policy = keys([{ id: 'a', count: 1, term: 'perpetual' }]);
    expect(() => runFrom(policy, scenario([], [{ at: 'PT1H', enable: { license: 'a' } }]))).toThrow(
      "license 'a' is a standard key; only an emergency key is enabled or disabled (P10)",
    );
  });
});
