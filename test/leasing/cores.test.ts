import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { leaseRun, leaseScenario, START } from '../support/lease-run.js';

const mssp = () => readFile('policies/pulse-mssp-cores.yaml', 'utf8');
const timeline = (...events: string[]) => `  timeline:\n${events.map((e) => `    - ${e}`).join('\n')}\n`;

describe('core leasing', () => {
  it('P15: limited core packs stack (20 + 40) and cap the cores leased across the server’s clients', async () => {
    const { leases } = await leaseRun(
      await mssp(),
      leaseScenario(
        '    []',
        'PT5H',
        timeline('{ at: PT1H, allocate: { client: va-b, feature: cores, reserved: 60, maximum: 60 } }'),
      ),
    );
    const cores = leases.filter(
      (r) => r.feature === 'cores' && r.client !== 'va-c' && r.action !== 'renewed',
    );
    expect(
      cores.map((r) => [(r.at - START) / 3_600_000, r.client, r.action, r.count, r.leased, r.ruleIds]),
    ).toEqual([
      // va-a1 leases for its cluster (P5); reserved leases are the clients' allocations (P1, P2).
      [0, 'va-a1', 'granted', 16, 16, 'P1 P2 P3 P5 P15'],
      [0, 'va-b', 'granted', 40, 40, 'P1 P2 P3 P15'],
      // The raise waits for va-b's 04:00 renewal, where 4 of the 60 are left: 20 asked, 4 granted.
      [4, 'va-b', 'granted', 4, 44, 'P1 P2 P3 P15'],
    ]);
    expect(cores.at(-1)!.facts).toEqual({
      requested: 20,
      allocatedRemaining: 20,
      serverFree: 4,
      clientExpired: 0,
    });
  });

  it('P15: cores lease no sessions: a tenant with cores but no user license admits nobody', async () => {
    const { leases, results } = await leaseRun(
      await mssp(),
      leaseScenario('    - { user: u, site: tenant-b, at: PT1H, count: 3, duration: PT1H }', 'PT3H'),
    );
    expect(leases.find((r) => r.client === 'va-b' && r.action === 'granted')?.leased).toBe(40);
    const tenantB = results.usage.pools.find((p) => p.id === 'tenant-b')!;
    expect([tenantB.admitted, tenantB.denied]).toEqual([0, 3]);
    // The clustered tenant's users come from its user-count allocation alone: 50 + 50 reserved.
    const tenantA = results.capacity[0]!;
    expect(tenantA.end).toBe(100);
  });

  it('P15: unlimited core leasing has no cap, and its facts say so', async () => {
    const { leases } = await leaseRun(
      await mssp(),
      leaseScenario(
        '    []',
        'PT5H',
        timeline(
          '{ at: PT1H, allocate: { client: va-c, feature: cores, reserved: 100000, maximum: 100000 } }',
        ),
      ),
    );
    const vaC = leases.filter((r) => r.client === 'va-c' && r.action === 'granted');
    expect(vaC.map((r) => [r.count, r.leased, r.rule])).toEqual([
      [200, 200, null],
      [99_800, 100_000, null],
    ]);
    expect(vaC[1]!.facts.serverFree).toBe('unlimited');
  });

  it('P15: deleting a client’s core allocation reclaims its cores at once', async () => {
    const { leases } = await leaseRun(
      await mssp(),
      leaseScenario('    []', 'PT2H', timeline('{ at: PT1H, deallocate: { client: va-b, feature: cores } }')),
    );
    const cut = leases.find((r) => r.action === 'cut')!;
    expect([cut.client, cut.count, cut.leased, cut.ruleIds]).toEqual(['va-b', 40, 0, 'P6 P15']);
  });
});
