import type { YamlPath } from '../../config/yaml-source.js';
import type { Problems } from '../problems.js';
import type { ClientCluster, Feature, LicenseClient } from './fleet.js';

/** A client as the cluster check sees it: its cluster's name, where that is written, and its fields. */
export interface ClusterMember {
  readonly client: Omit<LicenseClient, 'cluster'>;
  readonly cluster: string | undefined;
  /** The client's node in the file. */
  readonly at: YamlPath;
}

/**
 * P5: clients that name the same cluster lease as one, through a lease leader, so they lease from one
 * server and their nodes draw on one pool (a cluster's count is cluster-wide, W1). P15: the nodes of a
 * cluster should lease the same number of cores: a difference is a warning.
 */
export function buildClusters(
  members: readonly ClusterMember[],
  features: readonly Feature[],
  pools: readonly string[],
  servers: readonly string[],
  problems: Problems,
): { clusters: ClientCluster[]; clusterOf: (number | null)[] } {
  const clusters: { id: string; index: number; server: number; members: number[] }[] = [];
  const ids = new Map<string, number>();
  const clusterOf = members.map(({ client, cluster, at }) => {
    if (cluster === undefined) return null;
    const known = ids.get(cluster);
    if (known === undefined) {
      ids.set(cluster, clusters.length);
      clusters.push({ id: cluster, index: clusters.length, server: client.server, members: [client.index] });
      return clusters.length - 1;
    }
    const first = members[clusters[known]!.members[0]!]!.client;
    const where = [...at, 'cluster'];
    if (client.server !== first.server) {
      problems.error(
        where,
        `cluster '${cluster}' has '${first.id}' leasing from license server '${servers[first.server]}' and '${client.id}' from '${servers[client.server]}'; the members of a cluster lease from one server (P5)`,
      );
    } else if (client.pool !== first.pool && client.pool >= 0 && first.pool >= 0) {
      problems.error(
        where,
        `cluster '${cluster}' spans pools '${pools[first.pool]}' ('${first.id}') and '${pools[client.pool]}' ('${client.id}'); the members of a cluster share one lease, so their nodes draw on one pool (P5, W1)`,
      );
    } else {
      sameCores(first, client, cluster, features, at, problems);
    }
    clusters[known]!.members.push(client.index);
    return known;
  });
  return { clusters, clusterOf };
}

function sameCores(
  first: ClusterMember['client'],
  client: ClusterMember['client'],
  cluster: string,
  features: readonly Feature[],
  at: YamlPath,
  problems: Problems,
): void {
  for (const allocation of client.allocations) {
    const feature = features[allocation.feature]!;
    if (feature.unit !== 'cores') continue;
    const theirs = first.allocations.find((a) => a.feature === allocation.feature);
    if (theirs === undefined) continue;
    if (theirs.reserved === allocation.reserved && theirs.maximum === allocation.maximum) continue;
    problems.warning(
      [...at, 'allocations', feature.id],
      `'${client.id}' leases ${allocation.reserved}–${allocation.maximum} ${feature.id} but '${first.id}' of the same cluster '${cluster}' leases ${theirs.reserved}–${theirs.maximum}; the nodes of a cluster lease the same number of cores (P15)`,
      'key',
    );
  }
}
