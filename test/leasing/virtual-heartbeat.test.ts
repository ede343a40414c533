import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/trace/records.js';
import { HOUR, type Recorded } from '../support/build.js';
import { DAY, leaseRun, leaseScenario, START } from '../support/lease-run.js';

type ServerRecord = Extract<TraceRecord, { type: 'server' }>;

/** A virtual server with 100 users leasing to one gateway (reserved 60); heartbeat settings as given. */
const policy = (heartbeat = '') => `apiVersion: licensim/v1
kind: Policy
metadata: { name: vls }
spec:
  timeZone: UTC
  sites: [{ id: s, nodes: [gw] }]
  licenses: []
  pools: [{ id: s, licenses: [], sites: [s] }]
  licenseServers:
    - id: vls
      kind: virtual
      ${heartbeat}
      licenses: [{ id: users, feature: concurrent-users, count: 100, term: perpetual }]
      clients:
        - { id: gw, platform: psa-v, allocations: { concurrent-users: { reserved: 60, incremental: 20, maximum: 100 } } }
`;

const timeline = (...events: string[]) => `  timeline:\n${events.map((e) => `    - ${e}`).join('\n')}\n`;
const servers = (records: readonly Recorded[]) =>
  records.filter((r): r is ServerRecord => r.type === 'server');

describe('virtual license servers and the vendor cloud', () => {
  it('P9: heartbeats every 8 h; the first that fails starts a grace that ends 24 days after the last contact', async () => {
    const { recorder } = await leaseRun(
      policy(),
      leaseScenario(
        '    []',
        'P30D',
        timeline('{ at: P1DT1H, outage: { vendorCloud: vls, duration: P26D } }'),
      ),
    );
    const changes = servers(recorder.records);
    // Last contact: the heartbeat at 24 h; the one at 32 h fails; disabled at 24 h + 24 days; the first
    // heartbeat after the cloud is back (27 days 08:00) ends it.
    expect(changes.map((r) => [(r.at - START) / HOUR, r.concern, r.from, r.to, r.ruleIds])).toEqual([
      [32, 'heartbeat', 'active', 'grace', 'P9'],
      [25 * 24, 'heartbeat', 'grace', 'expired', 'P9'],
      [27 * 24 + 8, 'heartbeat', 'expired', 'active', 'P9'],
    ]);
    expect(changes[0]!.reason).toContain('no vendor-cloud contact since 2026-03-03T00:00:00.000Z');
  });

  it('P9: a disabled server refuses every renewal: the reserved lease lapses at its 10-day expiry', async () => {
    const { leases, results } = await leaseRun(
      policy(),
      leaseScenario('    []', 'P40D', timeline('{ at: PT1H, outage: { vendorCloud: vls, duration: P39D } }')),
    );
    // Contact last made at the start: disabled after 24 days; the last renewal granted was at 23 d 20 h.
    const refused = leases.filter((r) => r.action === 'refused');
    expect((refused[0]!.at - START) / DAY).toBe(24);
    expect([refused[0]!.rule, refused[0]!.ruleIds, refused[0]!.facts]).toEqual([
      'cloud-contact-lost',
      'P9',
      { serverUp: 1, contactLost: 1, restoredGraceEnded: 0, daysWithoutContact: 24 },
    ]);
    const reclaimed = leases.find((r) => r.action === 'reclaimed')!;
    expect([(reclaimed.at - START) / HOUR, reclaimed.count, reclaimed.leased]).toEqual([
      23 * 24 + 20 + 10 * 24,
      60,
      0,
    ]);
    // With its lease gone the gateway's pool holds no license: it expires.
    const expired = results.lifecycle.items.find((t) => t.to === 'expired');
    expect(expired?.at).toBe(reclaimed.at);
  });

  it('P9: durations are policy data: a 2-day limit disables licensing 2 days after the last contact', async () => {
    const { recorder } = await leaseRun(
      policy('heartbeat: { every: PT6H, disabledAfter: P2D }'),
      leaseScenario('    []', 'P5D', timeline('{ at: PT1H, outage: { vendorCloud: vls, duration: P4D } }')),
    );
    expect(servers(recorder.records).map((r) => [(r.at - START) / HOUR, r.to])).toEqual([
      [6, 'grace'],
      [48, 'expired'],
      [102, 'active'],
    ]);
  });

  it('P9: a secondary restored from a backup serves on a 90-day grace, then its licensing is disabled', async () => {
    const { recorder, leases } = await leaseRun(
      policy(),
      leaseScenario('    []', 'P100D', timeline('{ at: P2D, restore: { licenseServer: vls } }')),
    );
    const changes = servers(recorder.records);
    expect(changes.map((r) => [(r.at - START) / DAY, r.concern, r.from, r.to])).toEqual([
      [2, 'restored', 'active', 'grace'],
      [92, 'restored', 'grace', 'expired'],
    ]);
    expect(changes[0]!.reason).toContain('secondary restored from the backup');
    const refused = leases.find((r) => r.action === 'refused')!;
    expect([(refused.at - START) / DAY, refused.rule, refused.ruleIds]).toEqual([
      92,
      'restored-grace-ended',
      'P9',
    ]);
  });
});
