import type { Policy } from '../model/policy.js';

/**
 * What a run of `scenario` on `policy` would need of license servers that leasing does not simulate yet:
 * keys that change over time (P10, P11), which the entitlements model gives only to policies without
 * servers. Each reason names the policy part. Empty when the policy has no license servers, or leases
 * only what is simulated (P3–P9, P14, P15; outages of a client's link or of the license server, P4).
 */
export function unsimulatedLeasing(policy: Policy): string[] {
  const fleet = policy.fleet;
  if (fleet === null) return [];
  const reasons: string[] = [];
  if (policy.entitlements !== null) {
    const keys = policy.licenses.filter((l) => l.kind !== 'standard').map((l) => `'${l.id}'`);
    reasons.push(
      keys.length > 0
        ? `${keys.join(', ')} ${keys.length === 1 ? 'is a key that changes' : 'are keys that change'} over time (renewal, emergency or evaluation, P10, P11)`
        : 'it declares entitlements (P10, P11)',
    );
  }
  return reasons;
}
