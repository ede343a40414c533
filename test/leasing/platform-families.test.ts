import { describe, expect, it } from 'vitest';
import { leaseRun, leaseScenario, START } from '../support/lease-run.js';

/** 500 users for psa-v only and 1000 for any platform; a psa-v client and a psa client. */
const policy = (psaReserved: number) => `apiVersion: licensim/v1
kind: Policy
metadata: { name: families }
spec:
  timeZone: UTC
  sites:
    - { id: v, nodes: [va] }
    - { id: h, nodes: [hw] }
  licenses: []
  pools:
    - { id: v, licenses: [], sites: [v] }
    - { id: h, licenses: [], sites: [h] }
  licenseServers:
    - id: vls
      kind: virtual
      licenses:
        - { id: any-1000, feature: concurrent-users, count: 1000, term: perpetual }
        - { id: v-500, feature: concurrent-users, count: 500, platform: psa-v, term: perpetual }
      clients:
        - { id: va, platform: psa-v, allocations: { concurrent-users: { reserved: 400, incremental: 100, maximum: 1200 } } }
        - { id: hw, platform: psa, allocations: { concurrent-users: { reserved: ${psaReserved}, incremental: 100, maximum: 1200 } } }
`;

describe('platform families on one server', () => {
  it('P14: a lease drawn from its family’s own capacity leaves the licenses for any platform to the others', async () => {
    const { leases } = await leaseRun(policy(1000), leaseScenario('    []', 'PT1H'));
    const start = leases.filter((r) => r.at === START);
    // va's 400 come from the 500 for psa-v: all 1000 for any platform remain for hw.
    expect(start.map((r) => [r.client, r.action, r.leased, r.rule])).toEqual([
      ['va', 'granted', 400, null],
      ['hw', 'granted', 1000, null],
    ]);
  });

  it('P14: a family beyond its own capacity draws on the licenses for any platform, and only what is left there is free to others', async () => {
    // 700 users at va: 400 reserved, then steps of 100 up to 600 from psa-v (100) and any (100) while hw
    // holds 900 of any: 500 + 1000 − 900 − 600 = 0 left.
    const { leases } = await leaseRun(
      policy(900),
      leaseScenario(
        '    - { user: u, site: v, distinctUsers: true, at: PT1H, count: 700, spread: evenly, over: PT7H, duration: P1D }',
        'PT12H',
      ),
    );
    const va = leases.filter((r) => r.client === 'va' && (r.action === 'granted' || r.action === 'refused'));
    expect(va.map((r) => [r.action, r.count, r.leased, r.rule])).toEqual([
      ['granted', 400, 400, null],
      ['granted', 100, 500, null],
      ['granted', 100, 600, null],
      ['refused', 100, 600, 'server-exhausted'],
      ['refused', 100, 600, 'server-exhausted'],
      ['refused', 100, 600, 'server-exhausted'],
    ]);
  });
});
