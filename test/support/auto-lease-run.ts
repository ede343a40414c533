import type { TraceRecord } from '../../src/trace/records.js';
import { type LeaseRecord, leaseRun } from './lease-run.js';

export type AutoLeaseRecord = Extract<TraceRecord, { type: 'auto-lease' }>;

export interface GatewayFleet {
  /** Standalone gateways, each its own site and pool: gw-1 … gw-n. */
  readonly gateways: number;
  readonly reserved: number;
  readonly incremental: number;
  readonly maximum: number;
  /** Users of the server's one subscription for any platform. */
  readonly serverCount: number;
  /** YAML of the server's `leasing` settings, e.g. `{ autoLease: { threshold: 50% } }`. */
  readonly leasing?: string;
  /** A perpetual user license in gw-1's pool, surrendered to the server when `surrendered`. */
  readonly gw1License?: { readonly count: number; readonly surrendered: boolean };
  /** Licenses the server holds, installed or not, as YAML flow maps after the subscription. */
  readonly moreServerLicenses?: readonly string[];
}

/** The guide's auto-leasing fleet (001): one server, standalone gateways with the same allocation. */
export function gatewayPolicy(f: GatewayFleet): string {
  const ids = Array.from({ length: f.gateways }, (_, i) => i + 1);
  const gw1 = f.gw1License;
  return `apiVersion: licensim/v1
kind: Policy
metadata: { name: gateways }
spec:
  timeZone: UTC
  sites:
${ids.map((i) => `    - { id: s-${i}, nodes: [gw-${i}] }`).join('\n')}
  licenses: [${gw1 ? `{ id: own-users, feature: concurrent-users, count: ${gw1.count}, term: perpetual }` : ''}]
  pools:
${ids.map((i) => `    - { id: s-${i}, licenses: [${i === 1 && gw1 ? 'own-users' : ''}], sites: [s-${i}] }`).join('\n')}
  licenseServers:
    - id: ls
      kind: hardware
      leasing: ${f.leasing ?? '{}'}
      licenses:
        - { id: sub, feature: concurrent-users, count: ${f.serverCount}, term: subscription, start: 2026-01-01, end: 2026-12-31 }
${(f.moreServerLicenses ?? []).map((l) => `        - ${l}`).join('\n')}
      clients:
${ids
  .map((i) => {
    const surrenders = i === 1 && gw1?.surrendered ? 'surrenders: [own-users], ' : '';
    return `        - { id: gw-${i}, platform: psa, ${surrenders}allocations: { concurrent-users: { reserved: ${f.reserved}, incremental: ${f.incremental}, maximum: ${f.maximum} } } }`;
  })
  .join('\n')}
`;
}

/** `count` users on each of the first `gateways` sites from `at`, each for `duration`. */
export function usersOnEach(gateways: number, count: number, at = 'PT0S', duration = 'P40D'): string {
  return Array.from(
    { length: gateways },
    (_, i) =>
      `    - { user: u${i + 1}, site: s-${i + 1}, distinctUsers: true, at: ${at}, count: ${count}, duration: ${duration} }`,
  ).join('\n');
}

export async function autoLeaseRun(policyText: string, scenarioText: string) {
  const output = await leaseRun(policyText, scenarioText);
  const autoLeases = output.recorder.records.filter((r): r is AutoLeaseRecord => r.type === 'auto-lease');
  return { ...output, autoLeases };
}

export type { LeaseRecord };
