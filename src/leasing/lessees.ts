import type { Fleet, LicenseClient } from '../model/fleet/fleet.js';

/**
 * Who asks a server for leases: a standalone client for itself, or a cluster's lease leader (its first
 * member) for every member (P5). The members of a cluster share one pool, so a lessee's leases add to one
 * pool's capacity.
 */
export interface Lessee {
  readonly index: number;
  /** The client that asks: a standalone client, or the cluster's lease leader. */
  readonly leader: LicenseClient;
  readonly cluster: string | null;
  readonly members: readonly LicenseClient[];
  readonly server: number;
  readonly pool: number;
  /** P2: the leader's allocation expiry; the server rejects the lessee's requests from then. */
  readonly expiresMs: number;
}

/** The lessees of a fleet, in client file order: each cluster where its first member appears. */
export function lesseesOf(fleet: Fleet): Lessee[] {
  const lessees: Lessee[] = [];
  const seen = new Set<number>();
  for (const client of fleet.clients) {
    if (client.cluster === null) {
      lessees.push(lessee(lessees.length, [client], null));
    } else if (!seen.has(client.cluster)) {
      seen.add(client.cluster);
      const cluster = fleet.clusters[client.cluster]!;
      const members = cluster.members.map((m) => fleet.clients[m]!);
      lessees.push(lessee(lessees.length, members, cluster.id));
    }
  }
  return lessees;
}

function lessee(index: number, members: LicenseClient[], cluster: string | null): Lessee {
  const leader = members[0]!;
  return {
    index,
    leader,
    cluster,
    members,
    server: leader.server,
    pool: leader.pool,
    expiresMs: leader.expiresMs,
  };
}
