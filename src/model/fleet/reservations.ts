import type { YamlPath } from '../../config/yaml-source.js';
import type { License } from '../policy.js';
import type { Problems } from '../problems.js';
import type { Fleet } from './fleet.js';

/**
 * P2 and P14: the reserved counts (RUC) of a feature, over the clients of one server, fit in what the
 * server has installed of it, and platform-specific capacity goes only to clients of its family.
 *
 * What counts as installed: every license with `installed` not false, whatever its dates (the guide's
 * server checks reservations when they are entered, against the keys it holds), and the licenses its
 * clients surrendered to it (P7), which are specific to the surrendering client's platform family. An HA
 * pair is checked as one server: while its nodes are joined, each may use the whole pair's licenses (P8).
 * Unlimited core leasing (P15) has no cap.
 *
 * Reservations are added up in file order; the allocation that first takes a feature over is reported,
 * once per feature and server, as the guide's server refuses the allocation that would exceed it.
 */
export function checkReservations(
  fleet: Fleet,
  licenses: readonly License[],
  allocationAt: (client: number, feature: string) => YamlPath,
  problems: Problems,
): void {
  for (const group of serverGroups(fleet)) {
    const name =
      group.length === 1
        ? `license server '${fleet.servers[group[0]!]!.id}'`
        : `HA pair ${group.map((s) => `'${fleet.servers[s]!.id}'`).join(' + ')}`;
    const clients = group.flatMap((s) => fleet.servers[s]!.clients);
    for (const feature of fleet.features) {
      const capacity = capacityOf(fleet, group, clients, feature.index, licenses);
      if (capacity === null) continue;
      const reservedByFamily = new Map<string, number>();
      let total = 0;
      for (const c of clients) {
        const client = fleet.clients[c]!;
        const allocation = client.allocations.find((a) => a.feature === feature.index);
        if (allocation === undefined || allocation.reserved === 0) continue;
        total += allocation.reserved;
        reservedByFamily.set(
          client.platform,
          (reservedByFamily.get(client.platform) ?? 0) + allocation.reserved,
        );
        const at = [...allocationAt(c, feature.id), 'reserved'];
        const reserving = `reserved ${allocation.reserved} ${feature.id} for '${client.id}'`;
        if (total > capacity.installed) {
          problems.error(
            at,
            `${reserving} brings the reserved total on ${name} to ${total}, over the ${capacity.installed} installed; the reserved counts of a feature add up to at most its installed count (P2)`,
          );
          break;
        }
        // Each family takes its own platform-specific capacity first; the rest must come from licenses for
        // any platform.
        let fromAny = 0;
        for (const [family, reserved] of reservedByFamily) {
          fromAny += Math.max(0, reserved - (capacity.byFamily.get(family) ?? 0));
        }
        if (fromAny > capacity.anyPlatform) {
          const specific = [...capacity.byFamily].map(([family, n]) => `${n} for ${family}`).join(', ');
          problems.error(
            at,
            `${reserving} (platform ${client.platform}) brings the reservations that only licenses for any platform can serve to ${fromAny}, over the ${capacity.anyPlatform} installed on ${name}; platform-specific capacity (${specific}) leases only to clients of its family (P14)`,
          );
          break;
        }
      }
    }
  }
}

/** Servers checked together: each standalone server alone, each HA pair (named both ways) once. */
function serverGroups(fleet: Fleet): number[][] {
  const groups: number[][] = [];
  for (const server of fleet.servers) {
    const peer = server.ha?.peer ?? -1;
    const paired = peer >= 0 && fleet.servers[peer]!.ha?.peer === server.index;
    if (!paired) groups.push([server.index]);
    else if (server.index < peer) groups.push([server.index, peer]);
  }
  return groups;
}

interface Capacity {
  readonly installed: number;
  readonly anyPlatform: number;
  /** Platform-specific capacity by family: licenses for one family, and licenses surrendered (P7). */
  readonly byFamily: ReadonlyMap<string, number>;
}

/** What the servers of a group have installed of a feature; null when it is unlimited (P15). */
function capacityOf(
  fleet: Fleet,
  group: readonly number[],
  clients: readonly number[],
  feature: number,
  licenses: readonly License[],
): Capacity | null {
  let anyPlatform = 0;
  const byFamily = new Map<string, number>();
  const add = (family: string | null, count: number) => {
    if (family === null) anyPlatform += count;
    else byFamily.set(family, (byFamily.get(family) ?? 0) + count);
  };
  for (const s of group) {
    for (const license of fleet.servers[s]!.licenses) {
      if (license.feature !== feature || !license.installed) continue;
      if (license.count === Infinity) return null;
      add(license.platform, license.count);
    }
  }
  const featureId = fleet.features[feature]!.id;
  for (const c of clients) {
    const client = fleet.clients[c]!;
    for (const l of client.surrenders) {
      const license = licenses[l]!;
      if (license.feature === featureId && license.installed) add(client.platform, license.count);
    }
  }
  const installed = anyPlatform + [...byFamily.values()].reduce((a, b) => a + b, 0);
  return { installed, anyPlatform, byFamily };
}
