import { describe, expect, it } from 'vitest';
import { HOUR } from '../support/build.js';
import {
  DAY,
  leaseRun,
  leasePolicy as policy,
  START,
  leaseScenario as scenario,
} from '../support/lease-run.js';

/** 230 users log on to hq one every minute from 01:00, each for a day. */
const hqPeak =
  '    - { user: u, site: hq, distinctUsers: true, at: PT1H, count: 230, spread: evenly, over: PT230M, duration: P1D }';

describe('leasing from a license server', () => {
  it('P5: the lease leader asks for the cluster: Σ reserved 100, then steps of Σ ILQ 20, up to Σ maximum 200', async () => {
    const { leases, results } = await leaseRun(policy(1000), scenario(hqPeak, 'P1D'));
    const hq = leases.filter(
      (r) => r.client === 'gw-1' && (r.action === 'granted' || r.action === 'refused'),
    );
    expect(hq.map((r) => [r.action, r.count, r.leased, r.cluster])).toEqual([
      ['granted', 100, 100, 'hq'],
      ...[120, 140, 160, 180, 200].map((leased) => ['granted', 20, leased, 'hq']),
      ['refused', 0, 200, 'hq'],
    ]);
    // Each step is asked for by the session denied at the full lease: the 101st, 122nd… log-on.
    const minute = 60_000;
    const steps = hq.filter((r) => r.action === 'granted').slice(1);
    expect(steps.map((r) => (r.at - START - HOUR) / minute)).toEqual([100, 121, 142, 163, 184]);
    expect(hq.at(-1)!.rule).toBe('at-maximum');
    expect(hq[1]!.facts).toEqual({
      requested: 20,
      allocatedRemaining: 100,
      serverFree: 890,
      clientExpired: 0,
    });
    const pool = results.usage.pools[0]!;
    // One session denied per step, then the 30 beyond the maximum.
    expect([pool.admitted, pool.denied, pool.peak]).toEqual([200, 30, 200]);
  });

  it('P3: the server grants only what is free: a step is cut to what is left, then refused', async () => {
    // 130 on the server: hq leases 100 and the branch 10, so 20 are free for hq's steps.
    const { leases } = await leaseRun(policy(130), scenario(hqPeak, 'PT12H'));
    const hq = leases.filter((r) => r.client === 'gw-1' && r.action !== 'renewed');
    expect(hq.slice(0, 3).map((r) => [r.action, r.count, r.leased, r.rule])).toEqual([
      ['granted', 100, 100, null],
      ['granted', 20, 120, null],
      ['refused', 20, 120, 'server-exhausted'],
    ]);
    // Refused, hq asks again only at its next contact, each renewal while its pool stays full.
    const asked = hq.slice(3).filter((r) => r.action === 'refused');
    expect(asked.map((r) => (r.at - START) / HOUR)).toEqual([4, 8, 12]);
    // The branch's 10 leave 20 free; a policy of 125 would leave 15: granted in part.
    const partial = await leaseRun(policy(125), scenario(hqPeak, 'PT12H'));
    const step = partial.leases.find((r) => r.client === 'gw-1' && r.count !== 100)!;
    expect([step.action, step.count, step.leased, step.rule]).toEqual([
      'granted',
      15,
      115,
      'partly-available',
    ]);
  });

  it('P3: leases renew every 4 hours; a step unused after its 24-hour hold goes back at the next renewal', async () => {
    // 120 sessions from 01:00 to 03:00, then nothing: the step of 20 granted at 02:40 is held to 02:40 next
    // day, so it goes back at the 04:00 renewal of day 2, not at 04:00 of day 1 when it is already unused.
    const load =
      '    - { user: u, site: hq, distinctUsers: true, at: PT1H, count: 121, spread: evenly, over: PT121M, duration: PT2H }';
    const { leases } = await leaseRun(policy(1000), scenario(load, 'P2D'));
    const hq = leases.filter((r) => r.client === 'gw-1');
    const renewals = hq.filter((r) => r.action === 'renewed').map((r) => (r.at - START) / HOUR);
    expect(renewals).toEqual([4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48]);
    const step = hq.find((r) => r.action === 'granted' && r.count === 20)!;
    expect((step.at - START) / 60_000).toEqual(60 + 100);
    const released = hq.filter((r) => r.action === 'released');
    expect(released.map((r) => [(r.at - START) / HOUR, r.count, r.leased])).toEqual([[28, 20, 100]]);
    expect(released[0]!.facts).toMatchObject({ minimumHoldMs: DAY, inUse: 0, capacity: 120, step: 20 });
  });

  it('P2, P3: a lease is renewed only to the client expiry, and reclaimed at it; the pool then expires', async () => {
    const { leases, results } = await leaseRun(policy(1000, '2026-03-02'), scenario('    []', 'P2D'));
    const branch = leases.filter((r) => r.client === 'gw-b');
    const reclaimed = branch.filter((r) => r.action === 'reclaimed');
    // 24:00 of the expiry date, the first instant the server rejects the client.
    expect(reclaimed.map((r) => [r.at - START, r.count, r.leased])).toEqual([[DAY, 10, 0]]);
    // Renewals before it succeed; none is asked for after it.
    expect(branch.filter((r) => r.action === 'renewed').map((r) => (r.at - START) / HOUR)).toEqual([
      4, 8, 12, 16, 20,
    ]);
    expect(branch.filter((r) => r.at > START + DAY)).toEqual([]);
    const expiry = results.lifecycle.items.find((t) => t.pool === 'branch' && t.to === 'expired');
    expect(expiry?.at).toBe(START + DAY);
  });

  it('P2: a request from a client whose allocation has expired is refused on the client-expired rule', async () => {
    // The branch expires at 24:00 on 2 March: its lease is reclaimed then, and its renewal at that instant
    // asks for its reserved lease again, refused. Refused, it asks nothing more for the log-on at 01:00.
    const load = '    - { user: b, site: branch, at: PT25H, duration: PT1H }';
    const { leases, results } = await leaseRun(policy(1000, '2026-03-02'), scenario(load, 'P2D'));
    const refused = leases.filter((r) => r.client === 'gw-b' && r.action === 'refused');
    expect(refused.map((r) => [(r.at - START) / HOUR, r.rule, r.ruleIds, r.facts])).toEqual([
      [
        24,
        'client-expired',
        'P2',
        { requested: 10, allocatedRemaining: 60, serverFree: 900, clientExpired: 1 },
      ],
    ]);
    expect(results.usage.pools[1]!.denied).toBe(1);
  });

  it('P3: a renewal keeps only what the server still has: when a subscription ends, the next renewal cuts the lease', async () => {
    // 60 perpetual + 100 until 24:00 on 2 March; hq leases 100 and the branch 10. From that instant the
    // server has 60: hq's renewal then keeps 60 − the branch's 10 = 50, the branch's keeps its 10.
    const subscription =
      '{ id: sub, feature: concurrent-users, count: 100, term: subscription, start: 2026-01-01, end: 2026-03-02 }';
    const text = policy(60).replace('licenses: [{ id: users,', `licenses: [${subscription}, { id: users,`);
    const { leases, results } = await leaseRun(text, scenario('    []', 'PT30H'));
    const renewed = leases.filter((r) => r.action === 'renewed' && r.at === START + 24 * HOUR);
    expect(renewed.map((r) => [r.client, r.count, r.leased, r.rule, r.facts.serverFree])).toEqual([
      ['gw-1', 50, 50, 'partly-available', 50],
      ['gw-b', 10, 10, null, 10],
    ]);
    const hq = results.capacity[0]!.overTime.items.map((c) => [(c.at - START) / HOUR, c.capacity]);
    expect(hq).toEqual([
      [0, 100],
      [24, 50],
    ]);
  });
});
