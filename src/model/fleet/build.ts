import type { Static } from '@sinclair/typebox';
import { MAX_POOL_SESSIONS } from '../../config/schema/common.js';
import type { LicenseServer as WrittenServer } from '../../config/schema/license-servers.js';
import { unknownName } from '../../config/wording.js';
import type { YamlPath } from '../../config/yaml-source.js';
import type { CapacityUnit } from '../../vocabulary.js';
import { licenseTerm } from '../license-term.js';
import type { License, Node } from '../policy.js';
import type { Problems } from '../problems.js';
import { endOfDateMs } from '../time.js';
import { checkAllocation } from './allocation-rules.js';
import { buildClusters, type ClusterMember } from './clusters.js';
import type { Allocation, Feature, Fleet, LicenseClient, LicenseServer, ServerLicense } from './fleet.js';
import { haPairing } from './ha.js';
import { checkReservations } from './reservations.js';
import { heartbeat, leaseSettings } from './settings.js';

type Written = Static<typeof WrittenServer>;

/** What the fleet needs of the rest of the policy: its zone, its nodes and pools, its pools' licenses. */
export interface PolicyParts {
  readonly zone: string;
  readonly nodes: readonly Node[];
  /** The pool each site draws on, by site index (-1 when none). */
  readonly sitePool: readonly number[];
  readonly siteIds: readonly string[];
  readonly poolIds: readonly string[];
  readonly licenses: readonly License[];
}

/**
 * The license servers of a policy as a typed `Fleet`, with every problem reported at its node: P1 (a
 * device is a server or a client, a client has one server), P2 (allocations, reserved totals), P5
 * (clusters), P7 (surrenders), P8 (HA pairs), P9 (heartbeats), P14 (platform families), P15 (cores).
 * Null when the policy declares no license server.
 */
export function buildFleet(
  written: readonly Written[] | undefined,
  parts: PolicyParts,
  problems: Problems,
): Fleet | null {
  if (written === undefined) return null;
  const serverAt = (s: number): YamlPath => ['spec', 'licenseServers', s];
  const nodeIds = new Map(parts.nodes.map((n) => [n.id, n.index]));

  // P1: a server is a device of its own: one id, never a node serving sessions.
  const serverIds = new Map<string, number>();
  written.forEach((server, s) => {
    const at = [...serverAt(s), 'id'];
    if (serverIds.has(server.id)) problems.error(at, `duplicate license server id '${server.id}'`);
    else serverIds.set(server.id, s);
    const node = nodeIds.get(server.id);
    if (node !== undefined) {
      const site = parts.siteIds[parts.nodes[node]!.site];
      problems.error(
        at,
        `license server '${server.id}' is also a node of site '${site}', which serves sessions; a license server serves no sessions (P1)`,
      );
    }
  });

  const features: Feature[] = [];
  const featureIds = new Map<string, number>();
  const featureOf = (id: string, unit: CapacityUnit, at: YamlPath): number => {
    const known = featureIds.get(id);
    if (known === undefined) {
      featureIds.set(id, features.length);
      features.push({ id, index: features.length, unit });
      return features.length - 1;
    }
    if (features[known]!.unit !== unit) {
      problems.error(
        at,
        `feature '${id}' counts ${features[known]!.unit} elsewhere but ${unit} here; a feature counts users or cores, not both`,
      );
    }
    return known;
  };

  // Licenses: one id space with the pools' licenses, which scenario timelines name.
  const licenseIds = new Set(parts.licenses.map((l) => l.id));
  const serverLicenses = written.map((server, s) =>
    (server.licenses ?? []).map((l, i): ServerLicense => {
      const at = [...serverAt(s), 'licenses', i];
      if (licenseIds.has(l.id)) problems.error([...at, 'id'], `duplicate license id '${l.id}'`);
      licenseIds.add(l.id);
      const unit = l.unit ?? 'users';
      if (l.count === 'unlimited' && unit !== 'cores') {
        problems.error(
          [...at, 'count'],
          `only core licenses can be unlimited (P15: unlimited core leasing); give a count, or unit: cores`,
        );
      }
      const { startMs, endMs, term } = licenseTerm(l, at, parts.zone, problems);
      return {
        id: l.id,
        feature: featureOf(l.feature, unit, [...at, l.unit === undefined ? 'feature' : 'unit']),
        count: l.count === 'unlimited' ? Infinity : l.count,
        platform: l.platform ?? null,
        term,
        startMs,
        endMs,
        installed: l.installed ?? true,
      };
    }),
  );
  serverLicenses.forEach((licenses, s) => {
    for (const feature of features) {
      const total = licenses
        .filter((l) => l.feature === feature.index && l.installed)
        .reduce((sum, l) => sum + l.count, 0);
      if (Number.isFinite(total) && total > MAX_POOL_SESSIONS) {
        problems.error(
          [...serverAt(s), 'licenses'],
          `license server '${written[s]!.id}' has ${total} ${feature.id} installed; at most ${MAX_POOL_SESSIONS} fit: split them over several servers`,
        );
      }
    }
  });

  // Clients, in file order: P1 devices, their nodes, expiry dates and surrenders (P7).
  const members: {
    readonly client: Omit<LicenseClient, 'cluster' | 'allocations'>;
    readonly cluster: string | undefined;
    readonly at: YamlPath;
    readonly written: NonNullable<Written['clients']>[number];
  }[] = [];
  const clientIds = new Map<string, number>();
  const clientAt: YamlPath[] = [];
  const surrenderedBy = new Map<number, string>();
  const clientOfNode = parts.nodes.map(() => -1);
  written.forEach((server, s) => {
    (server.clients ?? []).forEach((w, k) => {
      const at = [...serverAt(s), 'clients', k];
      const idAt = [...at, 'id'];
      if (serverIds.has(w.id)) {
        problems.error(
          idAt,
          `'${w.id}' is a license server; a device is a license server or a license client, never both, and a server cannot lease from another server (P1)`,
        );
        return;
      }
      const prior = clientIds.get(w.id);
      if (prior !== undefined) {
        const other = members[prior]!.client.server;
        problems.error(
          idAt,
          other === s
            ? `duplicate client id '${w.id}' on license server '${server.id}'`
            : `client '${w.id}' already leases from license server '${written[other]!.id}'; a client belongs to exactly one server (P1)`,
        );
        return;
      }
      const node = nodeIds.get(w.id) ?? -1;
      if (node < 0) {
        problems.error(
          idAt,
          `${unknownName('node', w.id, nodeIds.keys())}: a license client is a node of spec.sites`,
        );
      }
      const site = node < 0 ? -1 : parts.nodes[node]!.site;
      const pool = site < 0 ? -1 : parts.sitePool[site]!;
      const index = members.length;
      clientIds.set(w.id, index);
      clientAt.push(at);
      if (node >= 0) clientOfNode[node] = index;
      const surrenders = (w.surrenders ?? []).flatMap((id, j) => {
        const l = surrendered(id, [...at, 'surrenders', j], w.id, pool);
        return l === null ? [] : [l];
      });
      members.push({
        client: {
          id: w.id,
          index,
          server: s,
          node,
          site,
          pool,
          platform: w.platform,
          expiresMs: w.expires === undefined ? Infinity : (endOfDateMs(w.expires, parts.zone) ?? Infinity),
          surrenders,
        },
        cluster: w.cluster,
        at,
        written: w,
      });
    });
  });

  /** P7: a whole perpetual license of the client's own pool, surrendered once, counting users. */
  function surrendered(id: string, at: YamlPath, client: string, pool: number): number | null {
    const license = parts.licenses.find((l) => l.id === id);
    if (license === undefined) {
      problems.error(
        at,
        unknownName(
          'license',
          id,
          parts.licenses.map((l) => l.id),
        ),
      );
      return null;
    }
    const problem =
      license.term !== 'perpetual'
        ? `only perpetual licenses can be surrendered (P7); '${id}' is a subscription`
        : license.pool >= 0 && pool >= 0 && license.pool !== pool
          ? `license '${id}' counts in pool '${parts.poolIds[license.pool]}', not in pool '${parts.poolIds[pool]}' of '${client}'; a client surrenders only its own licenses (P7)`
          : surrenderedBy.has(license.index)
            ? `license '${id}' is already surrendered by '${surrenderedBy.get(license.index)}'`
            : null;
    if (problem !== null) {
      problems.error(at, problem);
      return null;
    }
    surrenderedBy.set(license.index, client);
    featureOf(license.feature, 'users', at);
    return license.index;
  }

  // Allocations (P2), against the features the client's server, or its HA pair, holds.
  const servers: LicenseServer[] = written.map((server, s) => ({
    id: server.id,
    index: s,
    kind: server.kind,
    ha: haPairing(written, s, serverIds, [...serverAt(s), 'ha'], problems),
    heartbeat: heartbeat(server, serverAt(s), problems),
    leasing: leaseSettings(server.leasing, [...serverAt(s), 'leasing'], problems),
    licenses: serverLicenses[s]!,
    clients: members.filter((m) => m.client.server === s).map((m) => m.client.index),
  }));
  const held = servers.map((server) => {
    const own = new Set(server.licenses.map((l) => l.feature));
    for (const c of server.clients) {
      for (const l of members[c]!.client.surrenders) own.add(featureIds.get(parts.licenses[l]!.feature)!);
    }
    return own;
  });
  const heldBy = (s: number) => {
    const peer = servers[s]!.ha?.peer ?? -1;
    return peer < 0 ? held[s]! : new Set([...held[s]!, ...held[peer]!]);
  };
  const withAllocations: ClusterMember[] = members.map((member) => {
    const s = member.client.server;
    const known = heldBy(s);
    const allocations: Allocation[] = [];
    for (const [feature, a] of Object.entries(member.written.allocations)) {
      const at = [...member.at, 'allocations', feature];
      const f = featureIds.get(feature);
      if (f === undefined || !known.has(f)) {
        const names = [...known].map((i) => features[i]!.id);
        problems.error(
          at,
          unknownName('feature', feature, names, `on license server '${servers[s]!.id}'`),
          'key',
        );
        continue;
      }
      checkAllocation(a, at, problems);
      allocations.push({
        feature: f,
        reserved: a.reserved,
        incremental: a.incremental ?? 0,
        maximum: a.maximum,
      });
    }
    return { client: { ...member.client, allocations }, cluster: member.cluster, at: member.at };
  });

  const { clusters, clusterOf } = buildClusters(
    withAllocations,
    features,
    parts.poolIds,
    written.map((s) => s.id),
    problems,
  );
  const fleet: Fleet = {
    servers,
    clients: withAllocations.map((m, i) => ({ ...m.client, cluster: clusterOf[i]! })),
    features,
    clusters,
    serverIds,
    clientIds,
    featureIds,
    clientOfNode,
  };
  checkReservations(
    fleet,
    parts.licenses,
    (c, feature) => [...clientAt[c]!, 'allocations', feature],
    problems,
  );
  return fleet;
}
