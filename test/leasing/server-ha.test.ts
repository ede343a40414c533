import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/trace/records.js';
import { HOUR, type Recorded } from '../support/build.js';
import { DAY, type LeaseRecord, leaseRun, leaseScenario, START } from '../support/lease-run.js';

type ServerRecord = Extract<TraceRecord, { type: 'server' }>;

/**
 * An HA pair: `ls-a` with 600 users leasing to gw-a (reserved 500), `ls-b` with 400 leasing to gw-b
 * (reserved 300); 1000 on the pair, 800 reserved.
 */
function pairPolicy(mode: 'active-passive' | 'active-active', grace = 'P20D'): string {
  return `apiVersion: licensim/v1
kind: Policy
metadata: { name: pair }
spec:
  timeZone: UTC
  sites:
    - { id: a, nodes: [gw-a] }
    - { id: b, nodes: [gw-b] }
  licenses: []
  pools:
    - { id: a, licenses: [], sites: [a] }
    - { id: b, licenses: [], sites: [b] }
  licenseServers:
    - id: ls-a
      kind: hardware
      ha: { mode: ${mode}, peer: ls-b, grace: ${grace} }
      licenses: [{ id: users-a, feature: concurrent-users, count: 600, term: perpetual }]
      clients:
        - { id: gw-a, platform: psa, allocations: { concurrent-users: { reserved: 500, incremental: 50, maximum: 900 } } }
    - id: ls-b
      kind: hardware
      ha: { mode: ${mode}, peer: ls-a, grace: ${grace} }
      licenses: [{ id: users-b, feature: concurrent-users, count: 400, term: perpetual }]
      clients:
        - { id: gw-b, platform: psa, allocations: { concurrent-users: { reserved: 300, incremental: 50, maximum: 900 } } }
`;
}

const timeline = (...events: string[]) => `  timeline:\n${events.map((e) => `    - ${e}`).join('\n')}\n`;
const servers = (records: readonly Recorded[]) =>
  records.filter((r): r is ServerRecord => r.type === 'server');

describe('license-server HA pairs', () => {
  it('P8: after an active/passive failover the survivor leases the pair’s licenses for the grace, then only its own', async () => {
    const { leases, recorder, results } = await leaseRun(
      pairPolicy('active-passive'),
      leaseScenario('    []', 'P30D', timeline('{ at: P2D, outage: { haServer: ls-a, duration: P25D } }')),
    );
    expect(
      servers(recorder.records).map((r) => [(r.at - START) / DAY, r.server, r.from, r.to, r.ruleIds]),
    ).toEqual([
      [2, 'ls-b', 'active', 'grace', 'P8'],
      [22, 'ls-b', 'grace', 'restricted-access', 'P8'],
      [27, 'ls-b', 'restricted-access', 'active', 'P8'],
    ]);
    expect(servers(recorder.records)[0]!.reason).toContain("HA peer 'ls-a' failed");
    // Nothing changes during the grace: 500 + 300 of the pair's 1000 stay leased.
    const during = leases.filter((r) => r.at > START + 2 * DAY && r.at < START + 22 * DAY);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((r) => r.action === 'renewed' && r.count === r.leased)).toBe(true);
    // At the grace's end the survivor has its own 400: gw-a, renewing first, keeps what gw-b leaves it.
    const cut = leases.find((r) => r.at >= START + 22 * DAY && r.leased < 500)!;
    expect([(cut.at - START) / DAY, cut.client, cut.action, cut.leased, cut.facts]).toEqual([
      22,
      'gw-a',
      'renewed',
      100,
      { requested: 500, allocatedRemaining: 900, serverFree: 100, clientExpired: 0 },
    ]);
    // gw-a asks for its reserved count back at each renewal and is refused until the pair rejoins.
    const back = leases.find((r) => r.client === 'gw-a' && r.action === 'granted' && r.at > cut.at)!;
    expect([(back.at - START) / DAY, back.count, back.leased]).toEqual([27, 400, 500]);
    expect(results.servers.items).toHaveLength(3);
  });

  it('P8: a failover within the grace changes nothing for the clients', async () => {
    const { leases, recorder } = await leaseRun(
      pairPolicy('active-passive'),
      leaseScenario('    []', 'P10D', timeline('{ at: P1D, outage: { haServer: ls-a, duration: P5D } }')),
    );
    expect(servers(recorder.records).map((r) => [(r.at - START) / DAY, r.to])).toEqual([
      [1, 'grace'],
      [6, 'active'],
    ]);
    expect(leases.filter((r) => r.action !== 'renewed' && r.action !== 'granted')).toEqual([]);
    expect(leases.filter((r) => r.action === 'renewed').every((r) => r.count === r.leased)).toBe(true);
  });

  it('P8: with both nodes of the pair down no request is served, by the no-server-up rule', async () => {
    const { leases: down } = await leaseRun(
      pairPolicy('active-passive'),
      leaseScenario(
        '    []',
        'P1D',
        timeline(
          '{ at: PT1H, outage: { haServer: ls-a, duration: PT6H } }',
          '{ at: PT2H, outage: { haServer: ls-b, duration: PT3H } }',
        ),
      ),
    );
    const none = down.filter((r) => r.action === 'refused');
    expect(none.map((r) => [(r.at - START) / HOUR, r.client, r.rule, r.ruleIds, r.facts.serverUp])).toEqual([
      [4, 'gw-a', 'no-server-up', 'P8', 0],
      [4, 'gw-b', 'no-server-up', 'P8', 0],
    ]);
    // A refused renewal leaves the reserved lease to its expiry: the 08:00 renewals, served by ls-b, keep it.
    const later = down.filter((r) => r.at === START + 8 * HOUR);
    expect(later.map((r) => [r.client, r.action, r.leased])).toEqual([
      ['gw-a', 'renewed', 500],
      ['gw-b', 'renewed', 300],
    ]);
  });

  /** 900 users log on at each site from 02:00, one every 20 s, and stay 5 days. */
  const bothSites = ['a', 'b']
    .map(
      (site) =>
        `    - { user: ${site}, site: ${site}, distinctUsers: true, at: PT2H, count: 900, spread: evenly, over: PT5H, duration: P5D }`,
    )
    .join('\n');
  const leasedAt = (leases: readonly LeaseRecord[], client: string, at: number) =>
    leases.filter((r) => r.client === client && r.at <= at).at(-1)?.leased ?? 0;

  it('P8: joined, an active/active pair leases at most the pair’s 1000 across its two nodes', async () => {
    const { leases } = await leaseRun(pairPolicy('active-active'), leaseScenario(bothSites, 'P1D'));
    const noon = START + 12 * HOUR;
    expect(leasedAt(leases, 'gw-a', noon) + leasedAt(leases, 'gw-b', noon)).toBe(1000);
    const exhausted = leases.filter((r) => r.action === 'refused' && r.rule === 'server-exhausted');
    expect(exhausted.length).toBeGreaterThan(0);
  });

  it('P8: split, each node leases up to the whole cluster license, unaware of the other; after the grace each falls back to its own', async () => {
    const { leases, recorder } = await leaseRun(
      pairPolicy('active-active', 'P2D'),
      leaseScenario(bothSites, 'P5D', timeline('{ at: PT1H, outage: { haLink: ls-a, duration: P3D } }')),
    );
    const noon = START + 12 * HOUR;
    // Each node sees 1000 and its own client's lease only: both clients reach their maximum of 900.
    expect([leasedAt(leases, 'gw-a', noon), leasedAt(leases, 'gw-b', noon)]).toEqual([900, 900]);
    expect(servers(recorder.records).map((r) => [(r.at - START) / HOUR, r.server, r.to])).toEqual([
      [1, 'ls-a', 'grace'],
      [1, 'ls-b', 'grace'],
      [49, 'ls-a', 'restricted-access'],
      [49, 'ls-b', 'restricted-access'],
      [73, 'ls-a', 'active'],
      [73, 'ls-b', 'active'],
    ]);
    expect(servers(recorder.records)[0]!.reason).toContain('cluster split');
    // The renewals after the grace (at 52 h) cut each lease to its own node's licenses: 600 and 400.
    const after = START + 52 * HOUR;
    expect([leasedAt(leases, 'gw-a', after), leasedAt(leases, 'gw-b', after)]).toEqual([600, 400]);
    // Rejoined at 73 h, the pair shares 1000 again: what they lease stays within it.
    const rejoined = START + 80 * HOUR;
    expect(leasedAt(leases, 'gw-a', rejoined) + leasedAt(leases, 'gw-b', rejoined)).toBe(1000);
  });
});
