import { describe, expect, it } from 'vitest';
import { DAY, HOUR, runScenario, timedState } from '../support/build.js';
import { cluster, many, scenario, T0 } from '../support/fixtures.js';

/**
 * The license book: how licenses' terms, failures and timeline events (activate, renew, upgrade, expire)
 * become capacity and lifecycle changes, with the reasons the trace gives for each.
 */

const at = (iso: string) => Date.parse(iso);

/** A pool of `big` (8 sessions) and `small` (2 sessions), both perpetual. */
const twoKeys = cluster(10, {
  licenses: [
    { id: 'big', count: 8, term: 'perpetual' },
    { id: 'small', count: 2, term: 'perpetual' },
  ],
  pools: [{ id: 'cluster', licenses: ['big', 'small'] }],
});

describe('license failures (W2)', () => {
  it('a failed license stops counting until it is restored, with the reason in the capacity trace', async () => {
    const r = await runScenario(
      twoKeys,
      scenario([], [{ at: 'PT2H', outage: { license: 'big', duration: 'PT1H' } }]),
    );
    expect(r.of('capacity').map((c) => [c.at - T0, c.capacity, c.reason])).toEqual([
      [0, 10, 'initial licenses'],
      [2 * HOUR, 2, 'license big failed'],
      [3 * HOUR, 10, 'license big restored'],
    ]);
  });

  it('overlapping failures of one license: it counts again only when the last one ends', async () => {
    const r = await runScenario(
      twoKeys,
      scenario(
        [],
        [
          { at: 'PT1H', outage: { license: 'big', duration: 'PT3H' } },
          { at: 'PT2H', outage: { license: 'big', duration: 'PT1H' } },
        ],
      ),
    );
    expect(r.of('capacity').map((c) => [c.at - T0, c.capacity])).toEqual([
      [0, 10],
      [HOUR, 2],
      [4 * HOUR, 10],
    ]);
  });
});

describe('license terms (W9)', () => {
  it('a term that began before the run and ends during it ends the pool’s capacity at 24:00 of its last day', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-03-02' }],
      }),
      scenario([], [], { duration: 'P2D' }),
    );
    expect(r.of('capacity').map((c) => [c.at, c.capacity, c.reason])).toEqual([
      [T0, 10, 'initial licenses'],
      [at('2026-03-03T00:00:00Z'), 0, 'license term boundary'],
    ]);
    expect(r.of('transition').map((t) => [t.at, t.to, t.reason])).toContainEqual([
      at('2026-03-03T00:00:00Z'),
      'expired',
      'every license of the pool has ended (license term boundary)',
    ]);
  });

  it('a term ending exactly at the end of the run still ends within it', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-03-02' }],
      }),
      scenario([], [], { duration: 'P1D' }),
    );
    expect(r.of('transition').map((t) => [t.at - T0, t.from, t.to])).toEqual([
      [0, null, 'active'],
      [DAY, 'active', 'expired'],
    ]);
  });

  it('a term that starts during the run makes the pool licensed then', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-03-03', end: '2026-12-31' }],
      }),
      scenario([], [], { duration: 'P2D' }),
    );
    expect(r.of('transition').map((t) => [t.at - T0, t.to, t.event, t.reason])).toEqual([
      [0, 'active', 'start', 'initial state'],
      [0, 'expired', 'EXPIRE', 'no license valid at the start'],
      [DAY, 'active', 'RENEW', 'a license of the pool became valid (license term boundary)'],
    ]);
  });

  it('P9: in grace, licenses whose term ended still count, but not one uninstalled or not yet begun', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: [
          { id: 'old', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-03-02' },
          { id: 'held', count: 5, term: 'perpetual', installed: false },
          { id: 'later', count: 7, term: 'subscription', start: '2026-03-10', end: '2026-12-31' },
        ],
        pools: [{ id: 'cluster', licenses: ['old', 'held', 'later'] }],
        lifecycle: { states: { grace: timedState('P30D', 'expired') } },
      }),
      scenario([], [], { duration: 'P3D' }),
    );
    expect(r.of('transition').map((t) => [t.at - T0, t.to])).toEqual([
      [0, 'active'],
      [DAY, 'grace'],
    ]);
    // Entering grace keeps the ended license's 10 sessions.
    expect(r.of('capacity').map((c) => [c.at - T0, c.capacity])).toEqual([[0, 10]]);
  });
});

describe('timeline events on licenses (W12)', () => {
  it('each event is traced with what it changed, and the capacity record gives it as the reason', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: [
          { id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-03-31' },
          { id: 'spare', count: 5, term: 'perpetual', installed: false },
        ],
        pools: [{ id: 'cluster', licenses: ['key', 'spare'] }],
      }),
      scenario(
        [],
        [
          { at: 'PT1H', upgrade: { license: 'key', count: 20 } },
          { at: 'PT2H', renew: { license: 'key', end: '2026-12-31' } },
          { at: 'PT3H', activate: { license: 'spare' } },
          { at: 'PT4H', expire: { license: 'spare' } },
        ],
      ),
    );
    expect(r.of('timeline').map((t) => [t.at - T0, t.action, t.license, t.detail])).toEqual([
      [HOUR, 'upgrade', 'key', '10 → 20 sessions'],
      [2 * HOUR, 'renew', 'key', 'until 2026-12-31'],
      [3 * HOUR, 'activate', 'spare', ''],
      [4 * HOUR, 'expire', 'spare', ''],
    ]);
    expect(r.of('capacity').map((c) => [c.at - T0, c.capacity, c.reason])).toEqual([
      [0, 10, 'initial licenses'],
      [HOUR, 20, 'license key upgraded, 10 → 20 sessions, without downtime'],
      [3 * HOUR, 25, 'license spare activated'],
      [4 * HOUR, 20, 'license spare expired'],
    ]);
  });

  it('an upgrade or renewal of a valid license changes capacity, not state, without downtime', async () => {
    const r = await runScenario(
      cluster(10),
      scenario(
        [],
        [
          { at: 'PT1H', upgrade: { license: 'key', count: 20 } },
          { at: 'PT2H', renew: { license: 'key', end: '2027-03-01' } },
        ],
      ),
    );
    expect(r.of('transition').map((t) => [t.at - T0, t.from, t.to, t.event])).toEqual([
      [0, null, 'active', 'start'],
    ]);
    // The renewal leaves the count as it was: the upgrade is the only capacity change.
    expect(r.of('capacity').map((c) => [c.at - T0, c.capacity, c.reason])).toEqual([
      [0, 10, 'initial licenses'],
      [HOUR, 20, 'license key upgraded, 10 → 20 sessions, without downtime'],
    ]);
    expect(r.of('timeline').map((t) => [t.at - T0, t.action, t.detail])).toEqual([
      [HOUR, 'upgrade', '10 → 20 sessions'],
      [2 * HOUR, 'renew', 'until 2027-03-01'],
    ]);
  });

  it('activating a license that adds to a valid one is no transition, and no renewal', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: [
          { id: 'key', count: 10, term: 'perpetual' },
          { id: 'spare', count: 5, term: 'perpetual', installed: false },
        ],
        pools: [{ id: 'cluster', licenses: ['key', 'spare'] }],
      }),
      scenario([], [{ at: 'PT1H', activate: { license: 'spare' } }]),
    );
    expect(r.of('transition').map((t) => [t.from, t.to, t.event])).toEqual([[null, 'active', 'start']]);
  });

  it('W8: a key activated during the trial ends it as an activation', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: [{ id: 'key', count: 10, term: 'perpetual', installed: false }],
        lifecycle: { states: { trial: timedState('P30D', 'expired', { sessionLimit: 3 }) } },
      }),
      scenario([], [{ at: 'P1D', activate: { license: 'key' } }], { duration: 'P2D' }),
    );
    expect(r.of('transition').map((t) => [t.at - T0, t.from, t.to, t.event, t.reason])).toEqual([
      [0, null, 'trial', 'start', 'initial state'],
      [DAY, 'trial', 'active', 'ACTIVATE', 'license key activated'],
    ]);
  });

  it('W9: a renewal to a date within the run ends the license at 24:00 of that date', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-03-02' }],
      }),
      scenario(
        [many('u', 2, { at: 'P1DT1H', duration: 'PT1H' })],
        [{ at: 'PT1H', renew: { license: 'key', end: '2026-03-03' } }],
        { duration: 'P3D' },
      ),
    );
    expect(r.results.usage.pools[0]!.admitted).toBe(2);
    expect(r.of('transition').map((t) => [t.at, t.to])).toEqual([
      [T0, 'active'],
      [at('2026-03-04T00:00:00Z'), 'expired'],
    ]);
  });

  it('W9: a renewal to the last day of the run ends the license at the run’s end', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-03-02' }],
      }),
      scenario([], [{ at: 'PT1H', renew: { license: 'key', end: '2026-03-03' } }], { duration: 'P2D' }),
    );
    expect(
      r
        .of('transition')
        .map((t) => [t.at, t.to])
        .at(-1),
    ).toEqual([at('2026-03-04T00:00:00Z'), 'expired']);
  });

  it('W9: a renewal to a date already past ends the license at once', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-03-10' }],
      }),
      scenario([], [{ at: 'P1D', renew: { license: 'key', end: '2026-03-01' } }], { duration: 'P2D' }),
    );
    expect(r.of('transition').map((t) => [t.at - T0, t.to])).toEqual([
      [0, 'active'],
      [DAY, 'expired'],
    ]);
  });
});

describe('what the expiry warning reads (W11)', () => {
  it('the end of the pool’s valid licenses: a key held but not installed does not postpone it', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: [
          { id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-03-31' },
          {
            id: 'held',
            count: 10,
            term: 'subscription',
            start: '2026-01-01',
            end: '2027-12-31',
            installed: false,
          },
        ],
        pools: [{ id: 'cluster', licenses: ['key', 'held'] }],
        alerts: { expiry: { warnBefore: 'P90D' } },
      }),
      scenario([], [], { duration: 'P1D' }),
    );
    expect(r.of('alert').map((a) => [a.kind, a.message])).toEqual([
      ['expiry-warning', 'License expires soon: 30 days left'],
    ]);
  });

  it('is raised at the very instant its period begins, not at a daily check', async () => {
    // The license ends at 2026-06-01 00:00; 90 days before is 2026-03-03 00:00, a day into the run.
    const r = await runScenario(
      cluster(10, {
        licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-05-31' }],
        alerts: { expiry: { warnBefore: 'P90D' } },
      }),
      scenario([], [], { duration: 'P2D' }),
    );
    expect(r.of('alert').map((a) => [a.at - T0, a.message])).toEqual([
      [DAY, 'License expires soon: 90 days left'],
    ]);
  });
});
