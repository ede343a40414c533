import { describe, expect, it } from 'vitest';
import { AvailableAverage } from '../../src/leasing/available-average.js';
import { autoLeaseRun, gatewayPolicy, usersOnEach } from '../support/auto-lease-run.js';
import { HOUR } from '../support/build.js';
import { leaseScenario, START } from '../support/lease-run.js';

const guideFleet = { gateways: 10, reserved: 50, incremental: 10, serverCount: 1000 };

describe('P4: the auto-leasing threshold', () => {
  it('P4: the available count is averaged over the window, weighted by time', () => {
    const average = new AvailableAverage(24 * HOUR);
    average.note(0, 500);
    expect(average.average(0)).toBe(500);
    average.note(6 * HOUR, 400);
    // 6 h at 500 and 6 h at 400.
    expect(average.average(12 * HOUR)).toBe(450);
    // From 30 h the window [6 h, 30 h] holds 400 only.
    average.note(30 * HOUR, 100);
    expect(average.average(30 * HOUR)).toBe(400);
    expect(average.average(42 * HOUR)).toBe(250);
  });

  it("P4: the guide's first example: 400 available > 30 % of 10 × (100 − 60) = 120, enabled", async () => {
    const { autoLeases, leases } = await autoLeaseRun(
      gatewayPolicy({ ...guideFleet, maximum: 100 }),
      leaseScenario(usersOnEach(10, 51), 'PT5H'),
    );
    expect(leases.filter((r) => r.action === 'granted' && r.leased === 60)).toHaveLength(10);
    expect(autoLeases).toHaveLength(1);
    const [on] = autoLeases;
    expect([on!.at - START, on!.enabled, on!.client, on!.rule, on!.ruleIds]).toEqual([
      4 * HOUR,
      true,
      null,
      'above-threshold',
      'P4',
    ]);
    expect(on!.facts).toEqual({
      averageAvailable: 400,
      unallocated: 400,
      penalty: 0,
      threshold: 0.3,
      thresholdCount: 120,
    });
  });

  it("P4: the guide's second example: maximum 200, 400 < 30 % of 10 × (200 − 60) = 420, disabled", async () => {
    const { autoLeases } = await autoLeaseRun(
      gatewayPolicy({ ...guideFleet, maximum: 200 }),
      leaseScenario(usersOnEach(10, 51), 'PT5H'),
    );
    expect(autoLeases.map((r) => [r.enabled, r.facts.unallocated, r.facts.thresholdCount])).toEqual([
      [false, 1400, 420],
    ]);
  });

  it('P4: the threshold share is policy data', async () => {
    const run = (threshold: string) =>
      autoLeaseRun(
        gatewayPolicy({ ...guideFleet, maximum: 100, leasing: `{ autoLease: { threshold: ${threshold} } }` }),
        leaseScenario(usersOnEach(10, 51), 'PT5H'),
      );
    // 400 available against 400 unallocated: on below a 100 % share, off at it (the rule is "exceeds").
    expect((await run('99%')).autoLeases.map((r) => r.enabled)).toEqual([true]);
    expect((await run('100%')).autoLeases.map((r) => [r.enabled, r.facts.thresholdCount])).toEqual([
      [false, 400],
    ]);
  });

  it('P4: a switch is recorded only when it changes, at each renewal interval', async () => {
    const { autoLeases } = await autoLeaseRun(
      gatewayPolicy({ ...guideFleet, maximum: 100, leasing: '{ renewEvery: PT2H }' }),
      leaseScenario(usersOnEach(10, 51), 'P2D'),
    );
    expect(autoLeases.map((r) => [r.at - START, r.enabled])).toEqual([[2 * HOUR, true]]);
  });
});
