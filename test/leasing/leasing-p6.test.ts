import { describe, expect, it } from 'vitest';
import { HOUR } from '../support/build.js';
import { leasePolicy, leaseRun, leaseScenario, START } from '../support/lease-run.js';

/** 230 users log on to hq one a minute from 01:00, each for a day. */
const hqPeak =
  '    - { user: u, site: hq, distinctUsers: true, at: PT1H, count: 230, spread: evenly, over: PT230M, duration: P1D }';

const timeline = (...events: string[]) => `  timeline:\n${events.map((e) => `    - ${e}`).join('\n')}\n`;

describe('changing a client allocation mid-run', () => {
  it('P6: a lower maximum cuts the lease at once; a raise waits for the next contact', async () => {
    const { leases, recorder } = await leaseRun(
      leasePolicy(1000),
      leaseScenario(
        hqPeak,
        'PT6H',
        timeline(
          '{ at: PT3H, allocate: { client: gw-2, feature: concurrent-users, maximum: 50 } }',
          '{ at: PT3H30M, allocate: { client: gw-2, feature: concurrent-users, maximum: 100 } }',
        ),
      ),
    );
    const hq = leases.filter((r) => r.client === 'gw-1' && r.action !== 'renewed');
    const cut = hq.find((r) => r.action === 'cut')!;
    // At 03:00 the cluster leases 120 (one step: 60 + 60); gw-2 is cut to 50 at once.
    // The cut is the cluster's lease leader's, leasing for gw-2 too (P5).
    expect([cut.at - START, cut.count, cut.leased, cut.ruleIds]).toEqual([3 * HOUR, 10, 110, 'P5 P6']);
    const capacity = recorder.records.find((r) => r.type === 'capacity' && r.at === cut.at);
    expect(capacity).toMatchObject({ pool: 0, capacity: 110 });
    // Until the 04:00 renewal a step is gw-1's ILQ alone (gw-2 is held at 50), up to 100 + 50 = 150, where
    // the next request is refused; at the renewal the raise applies and the full pool gets gw-2's step.
    const steps = hq.filter((r) => r.at > cut.at && r.at < START + 4 * HOUR);
    expect(new Set(steps.filter((r) => r.action === 'granted').map((r) => r.count))).toEqual(new Set([10]));
    const refused = steps.find((r) => r.action === 'refused')!;
    expect([refused.leased, refused.rule]).toEqual([150, 'at-maximum']);
    const raised = hq.find((r) => r.action === 'granted' && r.at >= START + 4 * HOUR)!;
    expect([raised.at - START, raised.count, raised.leased]).toEqual([4 * HOUR, 10, 160]);
  });

  it('P6: deleting an allocation frees what the client leased at once', async () => {
    const { leases, results } = await leaseRun(
      leasePolicy(1000),
      leaseScenario(
        '    []',
        'PT2H',
        timeline('{ at: PT1H, deallocate: { client: gw-b, feature: concurrent-users } }'),
      ),
    );
    const branch = leases.filter((r) => r.client === 'gw-b' && r.action !== 'renewed');
    expect(branch.map((r) => [r.at - START, r.action, r.count, r.leased])).toEqual([
      [0, 'granted', 10, 10],
      [HOUR, 'cut', 10, 0],
    ]);
    // The branch holds no license of its own: with its lease gone its pool has none left.
    const expiry = results.lifecycle.items.find((t) => t.pool === 'branch' && t.to === 'expired');
    expect(expiry?.at).toBe(START + HOUR);
  });
});
