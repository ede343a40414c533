import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { BenchLoad } from './loads.js';

/** The fleet's shape: clusters of gateways leasing from one active/passive license-server pair. */
const CLUSTERS = 30;
const GATEWAYS_PER_CLUSTER = 4;
/** Per gateway: the cluster leases 100, grows in steps of 40 (Σ ILQ, P5), never past 180 (Σ MUC). */
const ALLOCATION = { reserved: 25, incremental: 10, maximum: 45 } as const;
/** Staff per cluster; at the busiest hour 28 % of them work at once, more than the reserved 100. */
const STAFF_PER_CLUSTER = 400;
const PEAK_CONCURRENCY = '28%';

/**
 * The license-server fleet load (P3–P5, P8): 120 gateways in 30 clusters leasing concurrent users from an
 * active/passive server pair under `days` days of business-hours log-ons, with WAN outages cutting four
 * clusters off their server (one for 12 days, past P4's 10-day allowance) and the active server failing
 * over to the passive one for 3 days. Every cluster's busy hours need more than its reserved lease, so
 * leases grow in steps, renew every 4 hours and give unused steps back.
 */
export function writeFleetLoad(dir: string, days: number): BenchLoad {
  const clusters = Array.from({ length: CLUSTERS }, (_, c) => `site-${c + 1}`);
  const gateways = (c: number) =>
    Array.from({ length: GATEWAYS_PER_CLUSTER }, (_, g) => `pcs-${c + 1}-${g + 1}`);
  const policyFile = join(dir, 'fleet-policy.yaml');
  writeFileSync(
    policyFile,
    stringify({
      apiVersion: 'licensim/v1',
      kind: 'Policy',
      metadata: { name: 'fleet' },
      spec: {
        timeZone: 'America/New_York',
        sites: clusters.map((id, c) => ({ id, nodes: gateways(c) })),
        licenses: [],
        pools: clusters.map((id) => ({ id, licenses: [], sites: [id] })),
        licenseServers: [
          {
            id: 'ls-active',
            kind: 'hardware',
            ha: { mode: 'active-passive', peer: 'ls-passive' },
            licenses: [{ id: 'consec-4000u', feature: 'concurrent-users', count: 4000, term: 'perpetual' }],
            clients: clusters.flatMap((cluster, c) =>
              gateways(c).map((id) => ({
                id,
                platform: 'psa',
                cluster,
                allocations: { 'concurrent-users': { ...ALLOCATION } },
              })),
            ),
          },
          {
            id: 'ls-passive',
            kind: 'hardware',
            ha: { mode: 'active-passive', peer: 'ls-active' },
            licenses: [{ id: 'consec-1000u', feature: 'concurrent-users', count: 1000, term: 'perpetual' }],
          },
        ],
      },
    }),
  );
  const at = (day: number) => `P${Math.min(day, days - 1)}D`;
  const scenarioFile = join(dir, `fleet-${days}d.yaml`);
  writeFileSync(
    scenarioFile,
    stringify({
      apiVersion: 'licensim/v1',
      kind: 'Scenario',
      metadata: { name: `fleet-${days}d` },
      spec: {
        policy: policyFile,
        start: '2026-03-02T00:00:00-05:00',
        duration: `P${days}D`,
        seed: 11,
        load: clusters.map((site) => ({
          id: `${site}-staff`,
          site,
          users: STAFF_PER_CLUSTER,
          arrivals: { concurrency: PEAK_CONCURRENCY, profile: 'business-hours' },
          holding: { distribution: 'lognormal', mean: 'PT45M', sigma: 0.6 },
        })),
        timeline: [
          { at: at(3), outage: { clientLink: 'pcs-3-1', duration: 'PT36H' } },
          { at: at(8), outage: { clientLink: 'pcs-8-1', duration: 'P12D' } },
          { at: at(12), outage: { haServer: 'ls-active', duration: 'P3D' } },
          { at: at(17), outage: { clientLink: 'pcs-17-1', duration: 'P2D' } },
          { at: at(24), outage: { clientLink: 'pcs-24-1', duration: 'PT8H' } },
        ],
      },
    }),
  );
  return {
    name: 'fleet',
    description:
      `${CLUSTERS * GATEWAYS_PER_CLUSTER} gateways in ${CLUSTERS} clusters leasing from an active/passive ` +
      'license-server pair, business-hours log-ons, four WAN outages (one of 12 days) and a 3-day failover',
    scenarioFile,
    horizonDays: days,
    erlang: null,
    bare: 'fleet',
  };
}
