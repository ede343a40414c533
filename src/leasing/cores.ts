import type { Feature } from '../model/fleet/fleet.js';

/**
 * P15: core leasing. A client leases cores to run on (a virtual appliance's licensed CPUs), not sessions:
 * a core lease adds nothing to its pool's capacity and never grows in steps on saturation. Limited core
 * packs of a server stack (their counts add up in the server's stock) and cap the cores leased across its
 * clients through the same grant rules as users; an unlimited core license makes the stock unlimited.
 */
export function leasesSessions(feature: Feature): boolean {
  return feature.unit === 'users';
}
