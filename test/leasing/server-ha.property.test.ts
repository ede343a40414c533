import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leaseRun } from '../support/lease-run.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-02T00:00:00Z');

/**
 * Random active/passive pairs: `ls-a` and `ls-b` with their own licenses, each leasing to one gateway
 * under a busy load; `ls-a` fails at a random hour for a random time, and the grace is a few hours.
 */
const pair = fc
  .record({
    ownA: fc.integer({ min: 20, max: 300 }),
    ownB: fc.integer({ min: 20, max: 300 }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
    extraA: fc.integer({ min: 0, max: 300 }),
    extraB: fc.integer({ min: 0, max: 300 }),
    incremental: fc.integer({ min: 5, max: 60 }),
    perHourA: fc.integer({ min: 10, max: 400 }),
    perHourB: fc.integer({ min: 10, max: 400 }),
    failAt: fc.integer({ min: 1, max: 30 }),
    downFor: fc.integer({ min: 1, max: 40 }),
    graceHours: fc.integer({ min: 1, max: 20 }),
    seed: fc.integer({ min: 0, max: 10_000 }),
  })
  .map((p) => {
    // P2: the reserved counts fit the pair's licenses.
    const reservedA = Math.floor(((p.ownA + p.ownB) / 2) * p.share);
    const reservedB = Math.floor(((p.ownA + p.ownB) / 2) * (1 - p.share));
    return { ...p, reservedA, reservedB };
  });

type Pair = typeof pair extends fc.Arbitrary<infer T> ? T : never;

function policyOf(p: Pair): string {
  const allocation = (reserved: number, extra: number) =>
    `{ concurrent-users: { reserved: ${reserved}, incremental: ${p.incremental}, maximum: ${reserved + extra} } }`;
  return `apiVersion: licensim/v1
kind: Policy
metadata: { name: pair }
spec:
  timeZone: UTC
  sites: [{ id: a, nodes: [gw-a] }, { id: b, nodes: [gw-b] }]
  licenses: []
  pools: [{ id: a, licenses: [], sites: [a] }, { id: b, licenses: [], sites: [b] }]
  licenseServers:
    - id: ls-a
      kind: hardware
      ha: { mode: active-passive, peer: ls-b, grace: PT${p.graceHours}H }
      licenses: [{ id: users-a, feature: concurrent-users, count: ${p.ownA}, term: perpetual }]
      clients: [{ id: gw-a, platform: psa, allocations: ${allocation(p.reservedA, p.extraA)} }]
    - id: ls-b
      kind: hardware
      ha: { mode: active-passive, peer: ls-a, grace: PT${p.graceHours}H }
      licenses: [{ id: users-b, feature: concurrent-users, count: ${p.ownB}, term: perpetual }]
      clients: [{ id: gw-b, platform: psa, allocations: ${allocation(p.reservedB, p.extraB)} }]
`;
}

function scenarioOf(p: Pair): string {
  return `apiVersion: licensim/v1
kind: Scenario
metadata: { name: pair }
spec:
  policy: policy.yaml
  start: 2026-03-02T00:00:00Z
  duration: P3D
  seed: ${p.seed}
  load:
    - { site: a, users: 2000, arrivals: { perHour: ${p.perHourA} }, holding: { mean: PT1H } }
    - { site: b, users: 2000, arrivals: { perHour: ${p.perHourB} }, holding: { mean: PT1H } }
  timeline:
    - { at: PT${p.failAt}H, outage: { haServer: ls-a, duration: PT${p.downFor}H } }
`;
}

describe('HA pairs on random fleets (P8)', () => {
  it('P8: a pair never leases more than both nodes have installed, and past the survivor’s grace it grants and renews only within its own licenses', async () => {
    await fc.assert(
      fc.asyncProperty(pair, async (p) => {
        const { leases } = await leaseRun(policyOf(p), scenarioOf(p));
        const failed = START + p.failAt * HOUR;
        const rejoined = failed + p.downFor * HOUR;
        const graceEnd = failed + p.graceHours * HOUR;
        const leased = new Map<string, number>();
        for (const r of leases) {
          leased.set(r.client, r.leased);
          const total = [...leased.values()].reduce((a, b) => a + b, 0);
          expect(total, `pair total after ${r.action} at ${r.at}`).toBeLessThanOrEqual(p.ownA + p.ownB);
          // Past the grace (a renewal at its very instant may come first) the survivor grants and renews
          // only within its own licenses; a lease it cannot renew runs on to its expiry (P3).
          const serving = r.action === 'granted' || r.action === 'renewed';
          if (serving && r.at > graceEnd && r.at < rejoined) {
            expect(total, `survivor total after ${r.action} at ${r.at}`).toBeLessThanOrEqual(p.ownB);
          }
        }
      }),
      { numRuns: 15 },
    );
  });
});
