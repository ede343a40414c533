import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autoLeaseRun, gatewayPolicy, usersOnEach } from '../support/auto-lease-run.js';
import { DAY, HOUR } from '../support/build.js';
import { leaseScenario, START } from '../support/lease-run.js';

/** Two gateways (reserved 50, incremental 10, maximum 100) on a 1000-user server: auto-leasing on. */
const fleet = (leasing = '{}', serverCount = 1000) =>
  gatewayPolicy({ gateways: 2, reserved: 50, incremental: 10, maximum: 100, serverCount, leasing });

const outage = (at: string, duration: string) =>
  `  timeline:\n    - { at: ${at}, outage: { clientLink: gw-1, duration: ${duration} } }\n`;

/** `count` more users on gw-1's site from `at`, one every minute. */
const peak = (at: string, count: number) =>
  `    - { user: peak, site: s-1, distinctUsers: true, at: ${at}, count: ${count}, spread: evenly, over: PT${count}M, duration: P40D }`;

describe('P4: auto-leasing while disconnected', () => {
  it('P4: a disconnected client takes steps of its own, which its server books only when it reconnects', async () => {
    const { leases, autoLeases } = await autoLeaseRun(
      fleet(),
      leaseScenario(`${usersOnEach(2, 40)}\n${peak('PT6H', 30)}`, 'P1D', outage('PT5H', 'PT10H')),
    );
    const gw1 = leases.filter((r) => r.client === 'gw-1' && r.action !== 'renewed');
    const auto = gw1.filter((r) => r.ruleIds === 'P4');
    // 40 + 30 users on a reserved 50: two steps of 10 of its own, then the server reconciles both.
    expect(auto.map((r) => [r.action, r.count, r.leased, r.reason])).toEqual([
      ['granted', 10, 60, 'auto-lease step while disconnected'],
      ['granted', 10, 70, 'auto-lease step while disconnected'],
      ['granted', 20, 70, 'auto-leased steps reconciled at reconnection'],
    ]);
    expect(auto.at(-1)!.at - START).toBe(15 * HOUR);
    // Its auto-leasing is on from the disconnection, and ends with it.
    const client = autoLeases
      .filter((r) => r.client === 'gw-1')
      .map((r) => [r.at - START, r.enabled, r.rule]);
    expect(client).toEqual([
      [5 * HOUR, true, null],
      [15 * HOUR, false, null],
    ]);
  });

  it('P4: the server does not count auto-leased steps as leased out until it reconciles them', async () => {
    const { leases } = await autoLeaseRun(
      fleet(),
      leaseScenario(
        `${usersOnEach(1, 40)}\n${peak('PT6H', 30)}\n    - { user: b, site: s-2, distinctUsers: true, at: PT8H, count: 51, duration: P1D }`,
        'P1D',
        outage('PT5H', 'PT10H'),
      ),
    );
    const step = leases.find((r) => r.client === 'gw-2' && r.reason.startsWith('incremental step'))!;
    // 1000 less gw-1's 50 and gw-2's 50: gw-1's 20 auto-leased are not known to the server yet.
    expect(step.facts.serverFree).toBe(900);
  });

  it('P4: auto-leasing stops after 10 days of one disconnection, with the reserved lease still valid', async () => {
    const { leases, autoLeases } = await autoLeaseRun(
      fleet('{ reservedLease: P14D }'),
      leaseScenario(`${usersOnEach(2, 40)}\n${peak('P1D', 20)}`, 'P13D', outage('PT5H', 'P12D')),
    );
    const off = autoLeases.find((r) => r.client === 'gw-1' && !r.enabled)!;
    expect([off.at - START, off.rule, off.facts.disconnectedMs]).toEqual([
      10 * DAY + 5 * HOUR,
      'disconnected-too-long',
      10 * DAY,
    ]);
    const ended = leases.find((r) => r.client === 'gw-1' && r.action === 'released' && r.ruleIds === 'P4')!;
    // 40 + 20 users on a reserved 50: one step of its own, which ends with auto-leasing.
    expect([ended.at, ended.count, ended.leased]).toEqual([off.at, 10, 50]);
  });

  it('P4: with auto-leasing off at its server, a disconnected client asks in vain', async () => {
    const { leases, autoLeases } = await autoLeaseRun(
      // 110 − 100 leased = 10 available, below 30 % of 2 × (100 − 50) = 30: off.
      fleet('{}', 110),
      leaseScenario(`${usersOnEach(2, 40)}\n${peak('PT6H', 20)}`, 'P1D', outage('PT5H', 'PT10H')),
    );
    expect(autoLeases.find((r) => r.client === 'gw-1')).toMatchObject({
      enabled: false,
      rule: 'server-disabled',
    });
    const refused = leases.find((r) => r.client === 'gw-1' && r.action === 'refused')!;
    expect([refused.leased, refused.ruleIds]).toEqual([50, 'P4']);
    expect(refused.reason).toMatch(/auto-leasing of the feature off/);
  });

  it('P4 property: a disconnected client never auto-leases past its limit, nor past its reserved lease', async () => {
    let steps = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 14 }),
        fc.constantFrom('P5D', 'P10D', 'P14D'),
        async (startHours, days, reservedLease) => {
          const { leases } = await autoLeaseRun(
            fleet(`{ reservedLease: ${reservedLease}, autoLease: { disconnectedFor: P10D } }`),
            leaseScenario(
              `${usersOnEach(2, 40)}\n    - { user: p, site: s-1, distinctUsers: true, at: PT${startHours}H, count: 60, spread: evenly, over: P${days}D, duration: PT12H }`,
              'P16D',
              outage(`PT${startHours}H`, `P${days}D`),
            ),
          );
          const from = START + startHours * HOUR;
          const reservedMs = Number.parseInt(reservedLease.slice(1), 10) * DAY;
          for (const r of leases) {
            if (r.client !== 'gw-1' || r.reason !== 'auto-lease step while disconnected') continue;
            expect(r.at).toBeGreaterThanOrEqual(from);
            expect(r.at).toBeLessThan(from + Math.min(10 * DAY, reservedMs));
            steps++;
          }
        },
      ),
      { numRuns: 12, seed: 4 },
    );
    // The runs did auto-lease: the property is not vacuous.
    expect(steps).toBeGreaterThan(0);
  });
});
