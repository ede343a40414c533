import type { Policy } from '../model/policy.js';
import type { Scenario } from '../model/scenario.js';

/**
 * What a run of `scenario` on `policy` would need of license servers that leasing does not simulate yet:
 * HA pairs (P8), virtual servers and their heartbeat (P9), core leasing (P15), and a license-server
 * outage, which disconnects clients and starts auto-leasing (P4). Each reason names the policy part.
 * Empty when the policy has no license servers, or leases only what is simulated (P3, P5, P7, P14).
 */
export function unsimulatedLeasing(policy: Policy, scenario: Scenario): string[] {
  const fleet = policy.fleet;
  if (fleet === null) return [];
  const reasons: string[] = [];
  for (const server of fleet.servers) {
    if (server.ha !== null) reasons.push(`server '${server.id}' is one of an HA pair (P8)`);
    if (server.heartbeat !== null) reasons.push(`server '${server.id}' is virtual, with a heartbeat (P9)`);
  }
  for (const feature of fleet.features) {
    if (feature.unit === 'cores') reasons.push(`feature '${feature.id}' leases cores (P15)`);
  }
  const disconnects = scenario.timeline.some(
    (e) =>
      e.action.kind === 'outage' &&
      e.action.target === 'license-server' &&
      (e.policy === null || e.policy === policy.name),
  );
  if (disconnects) reasons.push('a license-server outage disconnects its clients (auto-leasing, P4)');
  return reasons;
}
