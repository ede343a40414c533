import { describe, expect, it } from 'vitest';
import { autoLeaseRun, gatewayPolicy, usersOnEach } from '../support/auto-lease-run.js';
import { DAY, HOUR, runFrom } from '../support/build.js';
import { leaseScenario, START } from '../support/lease-run.js';

/** Two gateways on a 1000-user subscription (auto-leasing on), with two more licenses held uninstalled. */
const policy = gatewayPolicy({
  gateways: 2,
  reserved: 50,
  incremental: 10,
  maximum: 100,
  serverCount: 1000,
  moreServerLicenses: [
    '{ id: perpetual-100u, feature: concurrent-users, count: 100, term: perpetual, installed: false }',
    '{ id: new-sub, feature: concurrent-users, count: 200, term: subscription, start: 2026-01-01, end: 2026-12-31, installed: false }',
  ],
});

const timeline = (...events: string[]) => `  timeline:\n${events.map((e) => `    - ${e}`).join('\n')}\n`;
const unreconciled = '{ at: PT5H, outage: { clientLink: gw-1, duration: PT10H, reconciled: false } }';
const peak =
  '    - { user: peak, site: s-1, distinctUsers: true, at: PT6H, count: 20, spread: evenly, over: PT20M, duration: P1D }';

describe('P4: reconciliation at reconnection', () => {
  it('P4: a failed reconciliation ends the auto-leased steps and turns auto-leasing off for 5 days', async () => {
    const { autoLeases, leases } = await autoLeaseRun(
      policy,
      leaseScenario(`${usersOnEach(2, 40)}\n${peak}`, 'P7D', timeline(unreconciled)),
    );
    const ended = leases.find((r) => r.client === 'gw-1' && r.action === 'released' && r.ruleIds === 'P4')!;
    expect([ended.at - START, ended.count, ended.reason]).toEqual([
      15 * HOUR,
      10,
      'the server could not reconcile the auto-leased steps',
    ]);
    const server = autoLeases.filter((r) => r.client === null);
    expect(server.map((r) => [r.at - START, r.enabled, r.rule, r.facts.penalty])).toEqual([
      [4 * HOUR, true, 'above-threshold', 0],
      [15 * HOUR, false, 'reconciliation-penalty', 1],
      [5 * DAY + 15 * HOUR, true, 'above-threshold', 0],
    ]);
    expect(server[2]!.reason).toMatch(/\(the penalty ended\)$/);
  });

  it('P4: auto-leased steps the server has meanwhile leased to others cannot be reconciled: they end, and the penalty starts', async () => {
    // 10 users beyond the reserved 100, all a threshold of 0 % needs to leave auto-leasing on.
    const tight = gatewayPolicy({
      gateways: 2,
      reserved: 50,
      incremental: 10,
      maximum: 100,
      serverCount: 110,
    }).replace('leasing: {}', 'leasing: { autoLease: { threshold: 0% } }');
    const peakOn = (site: number, at: string) =>
      `    - { user: peak-${site}, site: s-${site}, distinctUsers: true, at: ${at}, count: 20, spread: evenly, over: PT20M, duration: P1D }`;
    const { autoLeases, leases } = await autoLeaseRun(
      tight,
      leaseScenario(
        `${usersOnEach(2, 40)}\n${peakOn(1, 'PT6H')}\n${peakOn(2, 'PT7H')}`,
        'P2D',
        timeline('{ at: PT5H, outage: { clientLink: gw-1, duration: PT10H } }'),
      ),
    );
    const gw2Step = leases.find((r) => r.client === 'gw-2' && r.action === 'granted' && r.at > START)!;
    expect([gw2Step.count, gw2Step.leased]).toEqual([10, 60]);
    const ended = leases.find((r) => r.client === 'gw-1' && r.action === 'released' && r.ruleIds === 'P4')!;
    expect([ended.at - START, ended.count, ended.reason]).toEqual([
      15 * HOUR,
      10,
      'the server could not reconcile the auto-leased steps: 10 auto-leased, 0 free at the server',
    ]);
    expect(leases.some((r) => r.reason.startsWith('auto-leased steps reconciled'))).toBe(false);
    const penalty = autoLeases.find((r) => r.client === null && !r.enabled)!;
    expect([penalty.at - START, penalty.rule]).toEqual([15 * HOUR, 'reconciliation-penalty']);
  });

  it('P4: the penalty period is policy data', async () => {
    const { autoLeases } = await autoLeaseRun(
      policy.replace('leasing: {}', 'leasing: { autoLease: { penalty: P2D } }'),
      leaseScenario(`${usersOnEach(2, 40)}\n${peak}`, 'P3D', timeline(unreconciled)),
    );
    const back = autoLeases.filter((r) => r.client === null && r.enabled).at(-1)!;
    expect(back.at - START).toBe(2 * DAY + 15 * HOUR);
  });

  it('P4: a new user-count subscription installed on the server ends the penalty at once; a perpetual one does not', async () => {
    const { autoLeases, results } = await autoLeaseRun(
      policy,
      leaseScenario(
        `${usersOnEach(2, 40)}\n${peak}`,
        'P3D',
        timeline(
          unreconciled,
          '{ at: P1D, activate: { license: perpetual-100u } }',
          '{ at: P1DT6H, activate: { license: new-sub } }',
        ),
      ),
    );
    const server = autoLeases.filter((r) => r.client === null).map((r) => [r.at - START, r.enabled]);
    expect(server).toEqual([
      [4 * HOUR, true],
      [15 * HOUR, false],
      [DAY + 6 * HOUR, true],
    ]);
    expect(autoLeases.at(-1)!.reason).toMatch(
      /penalty ended early: user-count subscription new-sub installed/,
    );
    expect(results.licenseEvents.items.map((e) => [e.license, e.detail])).toEqual([
      ['perpetual-100u', 'on license server ls'],
      ['new-sub', 'on license server ls'],
    ]);
  });

  it('P4: a client disconnected during the penalty may not auto-lease', async () => {
    const { autoLeases } = await autoLeaseRun(
      policy,
      leaseScenario(
        usersOnEach(2, 40),
        'P2D',
        timeline(unreconciled, '{ at: P1D, outage: { clientLink: gw-2, duration: PT5H } }'),
      ),
    );
    expect(autoLeases.find((r) => r.client === 'gw-2')).toMatchObject({
      at: START + DAY,
      enabled: false,
      rule: 'penalty-at-last-contact',
    });
  });

  it('P4: reconciled belongs to a client link; a link names a client of the policy', () => {
    const run = (outage: string) => () =>
      runFrom(policy, leaseScenario(usersOnEach(1, 1), 'P1D', timeline(`{ at: PT1H, outage: ${outage} }`)));
    expect(run('{ site: s-1, duration: PT1H, reconciled: false }')).toThrow(
      /mem\/scenario.yaml:\d+:\d+: .*reconciled applies to a clientLink outage only \(P4\)/,
    );
    expect(run('{ clientLink: gw-9, duration: PT1H }')).toThrow(/mem\/scenario.yaml:\d+:\d+: .*gw-9/);
  });
});
