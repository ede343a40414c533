import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stateAt } from '../../src/expectations/kinds.js';
import { Users } from '../../src/sim/users.js';
import {
  DAY,
  HOUR,
  MINUTE,
  policyYaml,
  type Recorded,
  runScenario,
  scenarioYaml,
  timedState,
} from '../support/build.js';
import {
  cluster,
  many,
  type PolicySpec,
  type Session,
  START,
  scenario,
  T0,
  type TimelineEvent,
} from '../support/fixtures.js';

describe('simulation: HA clusters and sites (W1, W2, W7)', () => {
  it('W1: the session count is cluster-wide: 200 on node 1 and 300 on node 2 fill a 500 pool, the 501st is denied', async () => {
    const r = await runScenario(
      cluster(500),
      scenario([
        many('n1', 200, { node: 'node-1', at: 'PT1H', duration: 'PT8H' }),
        many('n2', 300, { node: 'node-2', at: 'PT1H', duration: 'PT8H' }),
        { user: 'late', node: 'node-1', at: 'PT2H', duration: 'PT1H' },
      ]),
    );
    const admits = r.of('admit');
    expect(admits.filter((a) => a.node === 0)).toHaveLength(200);
    expect(admits.filter((a) => a.node === 1)).toHaveLength(300);
    const denials = r.of('deny');
    expect(denials).toHaveLength(1);
    expect(denials[0]).toMatchObject({
      at: T0 + 2 * HOUR,
      rule: 'pool-session-limit',
      message: 'License session limit reached',
      facts: { poolInUse: 500, poolCapacity: 500 },
    });
    expect(r.results.usage.pools[0]!.peak).toBe(500);
  });

  it('W1: a node failure moves sessions to the surviving node without a new license or an interruption', async () => {
    const r = await runScenario(
      cluster(600),
      scenario(
        [
          many('n1', 200, { node: 'node-1', at: 'PT1H', duration: 'PT8H' }),
          many('n2', 300, { node: 'node-2', at: 'PT1H', duration: 'PT8H' }),
          { user: 'during', node: 'node-1', at: 'PT4H', duration: 'PT1H' },
        ],
        [{ at: 'PT3H', outage: { node: 'node-1', duration: 'PT2H' } }],
      ),
    );
    expect(r.of('failover')).toEqual([
      { type: 'failover', at: T0 + 3 * HOUR, from: 'node-1', to: 'node-2', sessions: 200 },
    ]);
    const releases = r.of('release');
    expect(releases.filter((x) => x.cause === 'outage')).toEqual([]);
    // Every session ran to its natural end; none ended at the failover.
    expect(releases.filter((x) => x.at === T0 + 3 * HOUR)).toEqual([]);
    expect(releases.filter((x) => x.at === T0 + 9 * HOUR && x.cause === 'completed')).toHaveLength(500);
    // A session asking for the failed node is served by the survivor, from the same pool.
    const during = r.of('admit').find((a) => a.at === T0 + 4 * HOUR);
    expect(during).toMatchObject({ node: 1, inUse: 501 });
    expect(r.of('capacity').map((c) => c.capacity)).toEqual([600]);
    expect(r.of('deny')).toEqual([]);
  });

  it('W1: when every node of a cluster is down its sessions end and new ones are unavailable', async () => {
    const r = await runScenario(
      cluster(10),
      scenario(
        [many('u', 4, { at: 'PT1H', duration: 'PT4H' })],
        [
          { at: 'PT2H', outage: { node: 'node-1', duration: 'PT4H' } },
          { at: 'PT2H', outage: { node: 'node-2', duration: 'PT4H' } },
        ],
      ),
    );
    expect(r.of('release').filter((x) => x.cause === 'outage')).toHaveLength(4);
    expect(r.of('release').every((x) => x.inUse >= 0)).toBe(true);
  });

  it('W2: a site outage ends that site’s sessions; later arrivals there are unavailable, not denied', async () => {
    const policy = policyYaml({
      timeZone: 'UTC',
      sites: [
        { id: 'site-a', nodes: ['a-1', 'a-2'] },
        { id: 'site-b', nodes: ['b-1'] },
      ],
      licenses: [{ id: 'key', count: 100, term: 'perpetual' }],
      pools: [{ id: 'shared', licenses: ['key'] }],
    });
    const r = await runScenario(
      policy,
      scenario(
        [
          many('a', 5, { site: 'site-a', at: 'PT1H', duration: 'PT4H' }),
          many('b', 3, { site: 'site-b', at: 'PT1H', duration: 'PT4H' }),
          many('a-late', 2, { site: 'site-a', at: 'PT2H30M', duration: 'PT1H' }),
          { user: 'b-late', site: 'site-b', at: 'PT2H30M', duration: 'PT1H' },
          { user: 'a-back', site: 'site-a', at: 'PT3H30M', duration: 'PT1H' },
        ],
        [{ at: 'PT2H', outage: { site: 'site-a', duration: 'PT1H' } }],
      ),
    );
    const ended = r.of('release').filter((x) => x.cause === 'outage');
    expect(ended).toHaveLength(5);
    expect(ended.every((x) => x.at === T0 + 2 * HOUR)).toBe(true);
    const unavailable = r.of('unavailable');
    expect(unavailable).toHaveLength(2);
    expect(unavailable.every((u) => u.site === 0 && u.at === T0 + 2.5 * HOUR)).toBe(true);
    expect(r.of('deny')).toEqual([]);
    // Site B keeps working during site A's outage; site A serves again once it is back.
    expect(r.of('admit').filter((a) => a.at === T0 + 2.5 * HOUR)).toHaveLength(1);
    expect(r.of('admit').filter((a) => a.at === T0 + 3.5 * HOUR)).toHaveLength(1);
    expect(r.results.usage.pools[0]!.unavailable).toBe(2);
    expect(r.results.usage.pools[0]!.denied).toBe(0);
  });

  it('W2: a node whose own outage ends while its site is still down stays unavailable until the site is back', async () => {
    const policy = policyYaml({
      timeZone: 'UTC',
      sites: [{ id: 'site-a', nodes: ['a-1', 'a-2'] }],
      licenses: [{ id: 'key', count: 100, term: 'perpetual' }],
      pools: [{ id: 'pool', licenses: ['key'] }],
    });
    const r = await runScenario(
      policy,
      scenario(
        [
          { user: 'during-site-outage', at: 'PT3H30M', duration: 'PT1H' },
          { user: 'after-site-outage', at: 'PT6H30M', duration: 'PT1H' },
        ],
        [
          { at: 'PT1H', outage: { node: 'a-1', duration: 'PT2H' } },
          { at: 'PT2H', outage: { site: 'site-a', duration: 'PT4H' } },
        ],
      ),
    );
    expect(r.of('unavailable').map((u) => u.at)).toEqual([T0 + 3.5 * HOUR]);
    expect(r.of('admit').map((a) => a.at)).toEqual([T0 + 6.5 * HOUR]);
  });

  const twoSites = (pools: PolicySpec['pools'], licenses: PolicySpec['licenses']) =>
    policyYaml({
      timeZone: 'UTC',
      sites: [{ id: 'site-a' }, { id: 'site-b' }],
      licenses,
      pools,
    });
  const isolated = twoSites(
    [
      { id: 'pool-a', licenses: ['key-a'], sites: ['site-a'] },
      { id: 'pool-b', licenses: ['key-b'], sites: ['site-b'] },
    ],
    [
      { id: 'key-a', count: 10, term: 'perpetual' },
      { id: 'key-b', count: 10, term: 'perpetual' },
    ],
  );
  const shared = twoSites(
    [{ id: 'enterprise', licenses: ['key'] }],
    [{ id: 'key', count: 20, term: 'perpetual' }],
  );
  const load = scenario([
    many('a', 15, { site: 'site-a', at: 'PT1H', duration: 'PT2H' }),
    many('b', 3, { site: 'site-b', at: 'PT1H', duration: 'PT2H' }),
  ]);

  it('W2: with the same load, isolated site pools deny where one shared pool does not', async () => {
    const iso = await runScenario(isolated, load);
    expect(iso.results.usage.pools.map((p) => [p.id, p.admitted, p.denied])).toEqual([
      ['pool-a', 10, 5],
      ['pool-b', 3, 0],
    ]);
    expect(iso.of('deny').every((d) => d.rule === 'pool-session-limit' && d.site === 0)).toBe(true);

    const one = await runScenario(shared, load);
    expect(one.results.usage.pools.map((p) => [p.id, p.admitted, p.denied, p.peak])).toEqual([
      ['enterprise', 18, 0, 18],
    ]);
  });

  it('W2: a license failure at one site does not affect the other site’s pool', async () => {
    const r = await runScenario(
      isolated,
      scenario(
        [
          many('a', 2, { site: 'site-a', at: 'PT2H', duration: 'PT1H' }),
          many('b', 2, { site: 'site-b', at: 'PT2H', duration: 'PT1H' }),
        ],
        [{ at: 'PT1H', outage: { license: 'key-a', duration: 'PT3H' } }],
      ),
    );
    expect(r.results.usage.pools.map((p) => [p.id, p.admitted, p.denied])).toEqual([
      ['pool-a', 0, 2],
      ['pool-b', 2, 0],
    ]);
    expect(r.of('deny').every((d) => d.rule === 'no-valid-license' && d.facts.poolCapacity === 0)).toBe(true);
  });

  it('W7: a pool allocated by percentage holds each site to its share while the pool has room', async () => {
    const policy = policyYaml({
      timeZone: 'UTC',
      sites: [{ id: 'site-a' }, { id: 'site-b' }, { id: 'site-c' }, { id: 'site-d' }],
      licenses: [{ id: 'key', count: 2000, term: 'perpetual' }],
      pools: [
        {
          id: 'enterprise',
          licenses: ['key'],
          allocation: { 'site-a': 0.4, 'site-b': 0.3, 'site-c': 0.2, 'site-d': 0.1 },
        },
      ],
    });
    const r = await runScenario(
      policy,
      scenario([
        many('a', 700, { site: 'site-a', at: 'PT0S', duration: 'PT4H' }),
        many('c', 401, { site: 'site-c', at: 'PT0S', duration: 'PT4H' }),
        many('d', 250, { site: 'site-d', at: 'PT0S', duration: 'PT4H' }),
      ]),
    );
    const denials = r.of('deny');
    expect(denials.filter((d) => d.site === 3)).toHaveLength(50);
    expect(denials.filter((d) => d.site === 2)).toHaveLength(1);
    expect(denials.every((d) => d.rule === 'site-allocation-limit')).toBe(true);
    expect(denials.find((d) => d.site === 3)!.facts).toMatchObject({ siteCapacity: 200, siteInUse: 200 });
    expect(denials.find((d) => d.site === 2)!.facts).toMatchObject({ siteCapacity: 400, siteInUse: 400 });
    expect(r.results.usage.pools[0]!.peak).toBe(700 + 400 + 200);
  });
});

describe('simulation: trial, expiry and renewal (W8, W9, W12)', () => {
  const trial = policyYaml({
    timeZone: 'UTC',
    licenses: [
      {
        id: 'key',
        count: 100,
        term: 'subscription',
        start: '2026-01-01',
        end: '2027-12-31',
        installed: false,
      },
    ],
    pools: [{ id: 'bastion', licenses: ['key'] }],
    lifecycle: {
      initial: 'trial',
      states: {
        trial: timedState('P30D', 'expired', { sessionLimit: 10 }),
        expired: { newSessions: 'deny', message: 'License has expired' },
      },
    },
  });
  const trialRun = () =>
    runScenario(
      trial,
      scenario(
        [
          many('pilot', 12, { at: 'P1D', duration: 'PT2H' }),
          { user: 'after-trial', at: 'P32D', duration: 'PT1H' },
          { user: 'after-activation', at: 'P41D', duration: 'PT1H' },
        ],
        [{ at: 'P40D', activate: { license: 'key' } }],
        { duration: 'P45D' },
      ),
    );

  it('W8: an unlicensed system runs a 10-session trial that expires after 30 days', async () => {
    const r = await trialRun();
    expect(r.of('capacity')[0]).toMatchObject({ at: T0, capacity: 10 });
    const day1 = T0 + DAY;
    expect(r.of('admit').filter((a) => a.at === day1)).toHaveLength(10);
    const refused = r.of('deny').filter((d) => d.at === day1);
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatchObject({
      rule: 'trial-session-limit',
      ruleIds: 'W8',
      message: 'Trial session limit reached',
      facts: { state: 'trial', poolInUse: 10, poolCapacity: 10 },
    });
    const transitions = r.of('transition').map((t) => [t.at, t.from, t.to, t.event]);
    expect(transitions).toContainEqual([T0 + 30 * DAY, 'trial', 'expired', 'timeout']);
    expect(stateAt(r.results, 'bastion', T0 + 30 * DAY - 1)).toBe('trial');
    expect(stateAt(r.results, 'bastion', T0 + 30 * DAY)).toBe('expired');
  });

  it('W9: an expired system refuses new sessions with "License has expired", naming the rule and facts', async () => {
    const r = await trialRun();
    const refused = r.of('deny').find((d) => d.at === T0 + 32 * DAY);
    expect(refused).toEqual({
      type: 'deny',
      at: T0 + 32 * DAY,
      session: 13,
      user: expect.any(Number),
      site: 0,
      pool: 0,
      rule: 'expired-refuses-new-sessions',
      ruleIds: 'W9',
      message: 'License has expired',
      facts: {
        state: 'expired',
        poolInUse: 0,
        poolCapacity: 0,
        siteInUse: 0,
        siteCapacity: null,
        userSessions: 0,
      },
    });
    expect(new Users(r.run).name(refused!.user)).toBe('after-trial');
  });

  it('W9: activating a license after the trial returns to active with the licensed capacity', async () => {
    const r = await trialRun();
    const activation = T0 + 40 * DAY;
    expect(r.of('transition').map((t) => [t.at, t.from, t.to])).toContainEqual([
      activation,
      'expired',
      'active',
    ]);
    expect(r.of('capacity').find((c) => c.at === activation)?.capacity).toBe(100);
    expect(r.of('admit').filter((a) => a.at === T0 + 41 * DAY)).toHaveLength(1);
  });

  const subscription = (end: string) =>
    cluster(10, {
      licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end }],
    });

  it('grace after expiry keeps the expired licenses counting until the grace period ends', async () => {
    const policy = cluster(10, {
      licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-03-02' }],
      lifecycle: { states: { grace: timedState('P2D', 'expired') } },
    });
    const r = await runScenario(
      policy,
      scenario(
        [
          { user: 'in-grace', at: 'P1DT12H', duration: 'PT1H' },
          { user: 'after-grace', at: 'P3DT12H', duration: 'PT1H' },
        ],
        [],
        { duration: 'P4D' },
      ),
    );
    const expiry = Date.parse('2026-03-03T00:00:00Z');
    const transitions = r.of('transition').map((t) => [t.at, t.from, t.to]);
    expect(transitions).toContainEqual([expiry, 'active', 'grace']);
    expect(transitions).toContainEqual([expiry + 2 * DAY, 'grace', 'expired']);
    expect(r.of('admit').map((a) => a.at)).toEqual([T0 + 1.5 * DAY]);
    expect(r.of('deny').map((d) => [d.at, d.rule])).toEqual([
      [T0 + 3.5 * DAY, 'expired-refuses-new-sessions'],
    ]);
  });

  it('W9: a subscription expires at 24:00 of its end date; running sessions are kept, new ones refused', async () => {
    const r = await runScenario(
      subscription('2026-03-03'),
      scenario(
        [
          { user: 'across', at: 'P1DT12H', duration: 'PT24H' },
          { user: 'after', at: 'P3D', duration: 'PT1H' },
        ],
        [],
        { duration: 'P4D' },
      ),
    );
    const expiry = Date.parse('2026-03-04T00:00:00Z');
    expect(r.of('transition').map((t) => [t.at, t.from, t.to])).toContainEqual([expiry, 'active', 'expired']);
    expect(r.of('release')).toEqual([
      expect.objectContaining({ at: T0 + 2.5 * DAY, cause: 'completed', inUse: 0 }),
    ]);
    expect(r.of('deny')).toEqual([
      expect.objectContaining({ at: T0 + 3 * DAY, rule: 'expired-refuses-new-sessions' }),
    ]);
  });

  it('W12: a renewal after expiry returns to active and new sessions are admitted again', async () => {
    const r = await runScenario(
      subscription('2026-03-03'),
      scenario(
        [
          { user: 'refused', at: 'P3D', duration: 'PT1H' },
          { user: 'renewed', at: 'P6D', duration: 'PT1H' },
        ],
        [{ at: 'P5D', renew: { license: 'key', end: '2027-03-03' } }],
        { duration: 'P8D' },
      ),
    );
    const renewal = T0 + 5 * DAY;
    expect(r.of('transition').map((t) => [t.at, t.from, t.to, t.event])).toContainEqual([
      renewal,
      'expired',
      'active',
      'RENEW',
    ]);
    expect(r.of('capacity').map((c) => [c.at, c.capacity])).toEqual([
      [T0, 10],
      [Date.parse('2026-03-04T00:00:00Z'), 0],
      [renewal, 10],
    ]);
    expect(r.of('deny').map((d) => d.rule)).toEqual(['expired-refuses-new-sessions']);
    expect(r.of('admit').map((a) => a.at)).toEqual([T0 + 6 * DAY]);
  });

  it('P11: a license whose start date is still ahead is not valid yet; it becomes active at 00:00 of that date', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-03-04', end: '2026-12-31' }],
      }),
      scenario(
        [
          { user: 'too-early', at: 'P1D', duration: 'PT1H' },
          { user: 'on-time', at: 'P2DT1H', duration: 'PT1H' },
        ],
        [],
        { duration: 'P3D' },
      ),
    );
    const validFrom = Date.parse('2026-03-04T00:00:00Z');
    expect(stateAt(r.results, 'cluster', T0 + DAY)).not.toBe('active');
    expect(r.of('deny').map((d) => [d.at, d.facts.poolCapacity])).toEqual([[T0 + DAY, 0]]);
    expect(stateAt(r.results, 'cluster', validFrom)).toBe('active');
    expect(r.of('capacity').find((c) => c.at === validFrom)?.capacity).toBe(10);
    expect(r.of('admit').map((a) => a.at)).toEqual([T0 + 2 * DAY + HOUR]);
  });

  it('W12: sessions arriving at the very instant of an upgrade already see the new capacity', async () => {
    const r = await runScenario(
      cluster(1),
      scenario(
        [many('u', 3, { at: 'PT1H', duration: 'PT1H' })],
        [{ at: 'PT1H', upgrade: { license: 'key', count: 3 } }],
      ),
    );
    expect(r.of('admit')).toHaveLength(3);
    expect(r.of('deny')).toEqual([]);
  });

  it('W9: a policy whose expired state ends existing sessions ends them at expiry', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-03-03' }],
        lifecycle: { states: { expired: { existingSessions: 'end' } } },
      }),
      scenario([{ user: 'u', at: 'P1D', duration: 'P2D', count: 2 }], [], { duration: 'P4D' }),
    );
    const expiry = Date.parse('2026-03-04T00:00:00Z');
    expect(r.of('release').map((x) => [x.at, x.cause])).toEqual([
      [expiry, 'lifecycle'],
      [expiry, 'lifecycle'],
    ]);
  });

  it('P9: a license server unreachable for longer than the grace period expires the pool until contact returns', async () => {
    const r = await runScenario(
      cluster(10, {
        lifecycle: { states: { grace: timedState('P2D', 'expired') }, on: { contactLost: 'grace' } },
      }),
      scenario(
        [
          { user: 'in-grace', at: 'P1D', duration: 'PT1H' },
          { user: 'expired', at: 'P4D', duration: 'PT1H' },
          { user: 'restored', at: 'P6D', duration: 'PT1H' },
        ],
        [{ at: 'PT1H', outage: { licenseServer: true, duration: 'P5D' } }],
        { duration: 'P7D' },
      ),
    );
    expect(r.of('transition').map((t) => [t.at - T0, t.from, t.to, t.event])).toEqual([
      [0, null, 'active', 'start'],
      [HOUR, 'active', 'grace', 'CONTACT_LOST'],
      [2 * DAY + HOUR, 'grace', 'expired', 'timeout'],
      [5 * DAY + HOUR, 'expired', 'active', 'CONTACT_RESTORED'],
    ]);
    expect(r.of('admit').map((a) => a.at - T0)).toEqual([DAY, 6 * DAY]);
    expect(r.of('deny').map((d) => [d.at - T0, d.rule])).toEqual([[4 * DAY, 'expired-refuses-new-sessions']]);
  });

  it('W12: an upgrade raises capacity at once without ending any session', async () => {
    const r = await runScenario(
      cluster(10),
      scenario(
        [
          many('first', 10, { at: 'PT0S', duration: 'PT4H' }),
          many('before', 2, { at: 'PT1H', duration: 'PT1H' }),
          many('after', 5, { at: 'PT3H', duration: 'PT2H' }),
        ],
        [{ at: 'PT2H', upgrade: { license: 'key', count: 20 } }],
      ),
    );
    const upgrade = T0 + 2 * HOUR;
    expect(r.of('capacity').map((c) => [c.at, c.capacity])).toEqual([
      [T0, 10],
      [upgrade, 20],
    ]);
    expect(r.of('deny').map((d) => d.at)).toEqual([T0 + HOUR, T0 + HOUR]);
    expect(r.of('admit').filter((a) => a.at === T0 + 3 * HOUR)).toHaveLength(5);
    expect(r.of('release').filter((x) => x.at < T0 + 4 * HOUR)).toEqual([]);
    expect(r.of('release').every((x) => x.cause === 'completed')).toBe(true);
    // A capacity change, not a state change: the pool stays active with no transition recorded.
    expect(r.of('transition').map((t) => [t.from, t.to])).toEqual([[null, 'active']]);
    expect(r.of('capacity')[1]).toMatchObject({
      reason: 'license key upgraded, 10 → 20 sessions, without downtime',
    });
    expect(r.results.usage.pools[0]!.peak).toBe(15);
  });
});

describe('simulation: session limits and remedies (W10)', () => {
  it('W10: a user beyond the per-user maximum of 3 sessions is refused; other users are not', async () => {
    const r = await runScenario(
      cluster(100, { limits: { perUserSessions: 3 } }),
      scenario([
        { user: 'alice', at: 'PT1H', duration: 'PT1H', count: 4 },
        { user: 'bob', at: 'PT1H', duration: 'PT1H' },
      ]),
    );
    expect(r.of('admit')).toHaveLength(4);
    expect(r.of('deny')).toEqual([
      expect.objectContaining({
        rule: 'per-user-session-limit',
        ruleIds: 'W10',
        message: 'Per-user session limit reached (3)',
        facts: expect.objectContaining({ userSessions: 3, poolInUse: 3 }),
      }),
    ]);
  });

  it('W10: the idle timeout ends a session idle for 60 minutes; a shorter idle spell is left alone', async () => {
    const r = await runScenario(
      cluster(100, { limits: { idleTimeout: 'PT60M' } }),
      scenario([
        { user: 'forgets', at: 'PT0S', duration: 'PT8H', idleAfter: 'PT10M' },
        { user: 'pauses', at: 'PT0S', duration: 'PT2H', idleAfter: 'PT90M' },
      ]),
    );
    const ended = r.of('session-ended');
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({
      at: T0 + 70 * MINUTE,
      session: 1,
      rule: 'idle-timeout',
      ruleIds: 'W10',
    });
    expect(r.of('release').map((x) => [x.session, x.at, x.cause])).toEqual([
      [1, T0 + 70 * MINUTE, 'idle-timeout'],
      [2, T0 + 2 * HOUR, 'completed'],
    ]);
  });

  it('W10: without an idle timeout, idle sessions run to their end', async () => {
    const r = await runScenario(
      cluster(100),
      scenario([{ user: 'forgets', at: 'PT0S', duration: 'PT8H', idleAfter: 'PT10M' }]),
    );
    expect(r.of('session-ended')).toEqual([]);
    expect(r.of('release').map((x) => [x.at, x.cause])).toEqual([[T0 + 8 * HOUR, 'completed']]);
  });

  it('W10: overLimit allow-and-alert admits beyond capacity and raises an over-limit alert', async () => {
    const r = await runScenario(
      cluster(2, { limits: { overLimit: 'allow-and-alert' } }),
      scenario([many('u', 3, { at: 'PT1H', duration: 'PT1H' })]),
    );
    expect(r.of('deny')).toEqual([]);
    expect(r.of('admit').map((a) => a.inUse)).toEqual([1, 2, 3]);
    const overLimit = r.of('alert').filter((a) => a.kind === 'over-limit');
    expect(overLimit).toEqual([
      expect.objectContaining({
        at: T0 + HOUR,
        rule: 'usage-over-limit',
        facts: { inUse: 3, capacity: 2 },
      }),
    ]);
    expect(stateAt(r.results, 'cluster', T0 + 90 * MINUTE)).toBe('active');
  });

  it('W10: overLimit restrict admits, enters restricted-access, refuses new sessions, and returns to active within the limit', async () => {
    const r = await runScenario(
      cluster(2, { limits: { overLimit: 'restrict' } }),
      scenario([
        many('base', 2, { at: 'PT0S', duration: 'PT2H' }),
        { user: 'over', at: 'PT10M', duration: 'PT20M' },
        { user: 'refused', at: 'PT20M', duration: 'PT1H' },
        { user: 'later', at: 'PT2H30M', duration: 'PT1H' },
      ]),
    );
    expect(r.of('admit').map((a) => [a.at, a.inUse])).toEqual([
      [T0, 1],
      [T0, 2],
      [T0 + 10 * MINUTE, 3],
      [T0 + 150 * MINUTE, 1],
    ]);
    expect(r.of('deny')).toEqual([
      expect.objectContaining({ at: T0 + 20 * MINUTE, rule: 'restricted-access-refuses-new-sessions' }),
    ]);
    expect(r.of('transition').map((t) => [t.at, t.from, t.to])).toEqual([
      [T0, null, 'active'],
      [T0 + 10 * MINUTE, 'active', 'restricted-access'],
      [T0 + 30 * MINUTE, 'restricted-access', 'active'],
    ]);
    expect(r.of('alert').filter((a) => a.kind === 'over-limit')).toHaveLength(1);
    // Rule-driven transitions say which rule drove them and what it saw.
    const [, entered, left] = r.of('transition');
    expect(entered).toMatchObject({
      rule: 'pool-session-limit',
      ruleIds: 'W10 L5',
      facts: { poolInUse: 2, poolCapacity: 2 },
    });
    expect(left).toMatchObject({ rule: null, facts: { inUse: 2, capacity: 2 } });
  });
});

describe('simulation: monitoring (W11)', () => {
  it('W11: usage alerts at 80 % and 95 % of capacity, carrying the facts, cleared when usage falls', async () => {
    const r = await runScenario(
      cluster(20, { alerts: { usage: { warning: 0.8, critical: 0.95 } } }),
      scenario([many('u', 19, { at: 'PT1H', duration: 'PT1H' })]),
    );
    const alerts = r.of('alert');
    expect(alerts.map((a) => [a.kind, a.rule, a.facts])).toEqual([
      ['usage-warning', 'usage-warning', { inUse: 16, capacity: 20 }],
      ['usage-critical', 'usage-critical', { inUse: 19, capacity: 20 }],
    ]);
    // Each alert follows the admission that crossed its threshold.
    for (const alert of alerts) {
      const before = r.records[r.records.indexOf(alert) - 1] as Extract<Recorded, { type: 'admit' }>;
      expect(before).toMatchObject({ type: 'admit', inUse: alert.facts.inUse });
    }
    const cleared = r.of('alert-cleared').map((a) => a.kind);
    expect(cleared.sort()).toEqual(['usage-critical', 'usage-warning']);
  });

  it('W11: the expiry warning is raised once, at the instant 90 days remain', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-06-30' }],
        alerts: { expiry: { warnBefore: 'P90D' } },
      }),
      scenario([], [], { start: '2026-03-30T00:00:00Z', duration: 'P5D' }),
    );
    const warnings = r.of('alert').filter((a) => a.kind === 'expiry-warning');
    expect(warnings).toEqual([
      expect.objectContaining({
        // Valid to 24:00 of 2026-06-30: 90 days before is 2026-04-02 00:00.
        at: Date.parse('2026-04-02T00:00:00Z'),
        rule: 'expiry-warning',
        ruleIds: 'W11',
        facts: { daysToExpiry: 90 },
      }),
    ]);
    expect(warnings[0]!.message).toContain('90 days');
  });

  it('W11: no expiry warning while more than 90 days remain', async () => {
    const r = await runScenario(
      cluster(10, {
        licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-12-31' }],
        alerts: { expiry: { warnBefore: 'P90D' } },
      }),
      scenario([], [], { duration: 'P5D' }),
    );
    expect(r.of('alert')).toEqual([]);
  });
});

describe('simulation: determinism and invariants', () => {
  const stochastic = (seed: number) =>
    scenarioYaml({
      start: START,
      duration: 'PT12H',
      seed,
      load: [
        {
          id: 'admins',
          users: 40,
          arrivals: { perHour: 90, profile: 'business-hours' },
          holding: { mean: 'PT20M', distribution: 'lognormal', sigma: 0.8 },
          idle: { share: 0.2, duration: 'PT2H' },
        },
      ],
      timeline: [{ at: 'PT6H', outage: { node: 'node-1', duration: 'PT1H' } }],
    });
  const policy = cluster(25, {
    limits: { perUserSessions: 2, idleTimeout: 'PT30M' },
    alerts: { usage: { warning: 0.8, critical: 0.95 } },
  });

  it('the same scenario and seed give identical trace records; another seed gives others', async () => {
    const a = await runScenario(policy, stochastic(11));
    const b = await runScenario(policy, stochastic(11));
    expect(a.records.length).toBeGreaterThan(500);
    expect(a.of('deny').length).toBeGreaterThan(0);
    expect(b.records).toEqual(a.records);
    expect(b.stats).toEqual(a.stats);
    const c = await runScenario(policy, stochastic(12));
    expect(c.records).not.toEqual(a.records);
  });

  const sessionArb = fc.record({
    user: fc.constantFrom('u1', 'u2', 'u3', 'u4'),
    site: fc.constantFrom('site-a', 'site-b'),
    atMin: fc.integer({ min: 0, max: 600 }),
    durMin: fc.integer({ min: 1, max: 240 }),
    count: fc.integer({ min: 1, max: 4 }),
    idleMin: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
  });
  const setupArb = fc.record({
    capacity: fc.integer({ min: 1, max: 8 }),
    sharedPool: fc.boolean(),
    perUser: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    idleTimeout: fc.boolean(),
    outage: fc.option(
      fc.record({
        target: fc.constantFrom<'site' | 'node'>('site', 'node'),
        atMin: fc.integer({ min: 0, max: 600 }),
        durMin: fc.integer({ min: 1, max: 180 }),
      }),
      { nil: undefined },
    ),
    upgradeTo: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
    sessions: fc.array(sessionArb, { minLength: 1, maxLength: 12 }),
  });

  it('invariants hold on random explicit-session scenarios: in-use within [0, capacity], time never goes back, every offer is accounted for', async () => {
    await fc.assert(
      fc.asyncProperty(setupArb, async (s) => {
        const policy = policyYaml({
          timeZone: 'UTC',
          sites: [
            { id: 'site-a', nodes: ['a-1', 'a-2'] },
            { id: 'site-b', nodes: ['b-1'] },
          ],
          licenses: [
            { id: 'key-a', count: s.capacity, term: 'perpetual' },
            { id: 'key-b', count: s.capacity, term: 'perpetual' },
          ],
          pools: s.sharedPool
            ? [{ id: 'shared', licenses: ['key-a', 'key-b'] }]
            : [
                { id: 'pool-a', licenses: ['key-a'], sites: ['site-a'] },
                { id: 'pool-b', licenses: ['key-b'], sites: ['site-b'] },
              ],
          limits: {
            overLimit: 'deny',
            ...(s.perUser ? { perUserSessions: s.perUser } : {}),
            ...(s.idleTimeout ? { idleTimeout: 'PT30M' } : {}),
          },
        });
        const timeline: TimelineEvent[] = [];
        if (s.outage) {
          const target = s.outage.target === 'site' ? { site: 'site-b' } : { node: 'a-1' };
          timeline.push({
            at: `PT${s.outage.atMin}M`,
            outage: { ...target, duration: `PT${s.outage.durMin}M` },
          });
        }
        // Upgrades only raise capacity here, so that in-use never exceeds it without a breach.
        if (s.upgradeTo !== undefined && s.upgradeTo > s.capacity) {
          timeline.push({ at: 'PT5H', upgrade: { license: 'key-a', count: s.upgradeTo } });
        }
        const sessions: Session[] = s.sessions.map((x) => ({
          user: x.user,
          site: x.site,
          at: `PT${x.atMin}M`,
          duration: `PT${x.durMin}M`,
          count: x.count,
          ...(x.idleMin !== undefined && x.idleMin < x.durMin ? { idleAfter: `PT${x.idleMin}M` } : {}),
        }));
        const r = await runScenario(policy, scenario(sessions, timeline, { duration: 'PT12H' }));

        const offered = s.sessions.reduce((n, x) => n + x.count, 0);
        const admitted = r.of('admit').length;
        const denied = r.of('deny').length;
        const unavailable = r.of('unavailable').length;
        expect(admitted + denied + unavailable).toBe(offered);
        expect(r.stats.sessionsOffered).toBe(offered);

        const inUse = new Map<number, number>();
        const capacity = new Map<number, number>();
        const live = new Set<number>();
        let last = -Infinity;
        for (const rec of r.records) {
          expect(rec.at).toBeGreaterThanOrEqual(last);
          last = rec.at;
          if (rec.type === 'capacity') capacity.set(rec.pool, rec.capacity);
          if (rec.type === 'admit') {
            inUse.set(rec.pool, (inUse.get(rec.pool) ?? 0) + 1);
            expect(rec.inUse).toBe(inUse.get(rec.pool));
            expect(rec.inUse).toBeLessThanOrEqual(capacity.get(rec.pool)!);
            live.add(rec.session);
          }
          if (rec.type === 'release') {
            inUse.set(rec.pool, (inUse.get(rec.pool) ?? 0) - 1);
            expect(rec.inUse).toBe(inUse.get(rec.pool));
            expect(rec.inUse).toBeGreaterThanOrEqual(0);
            expect(live.delete(rec.session)).toBe(true);
          }
        }
        expect(r.results.usage.pools.reduce((n, p) => n + p.admitted, 0)).toBe(admitted);
      }),
      { numRuns: 60 },
    );
  });
});
