import type { Diagnostic } from '../config/diagnostics.js';
import { MAX_POOL_SESSIONS } from '../config/schema/common.js';
import { unknownName } from '../config/wording.js';
import type { YamlPath, YamlSource } from '../config/yaml-source.js';
import { isServerEvent, serverEventTarget } from './fleet/server-events.js';
import type { Policy } from './policy.js';
import { Problems } from './problems.js';
import type { LoadStream, Scenario, SessionBatch, TimelineEvent } from './scenario.js';
import { formatInstant } from './time.js';

/** A scenario's names resolved against one policy: the input of one simulation run. */
export interface Run {
  readonly scenario: Scenario;
  readonly policy: Policy;
  readonly load: ReadonlyArray<LoadStream & { readonly siteIndex: number; readonly nodeIndex: number }>;
  readonly sessions: ReadonlyArray<SessionBatch & { readonly siteIndex: number; readonly nodeIndex: number }>;
  /**
   * Timeline events with their target resolved: a site, node, license, client or license-server index
   * (-1 for the license server of `licenseServer: true`, or a license a server holds).
   */
  readonly timeline: ReadonlyArray<TimelineEvent & { readonly target: number }>;
}

/**
 * Resolves the sites, nodes, licenses and pools a scenario names against a policy. Unknown names are
 * reported at the scenario node that names them, with the policy's known names.
 */
export function bindRun(
  scenario: Scenario,
  policy: Policy,
  source: YamlSource,
): { run: Run; diagnostics: Diagnostic[] } {
  const problems = new Problems(source);
  const siteIds = new Map(policy.sites.map((s) => [s.id, s.index]));
  const nodeIds = new Map(policy.nodes.map((n) => [n.id, n.index]));
  const licenseIds = new Map(policy.licenses.map((l) => [l.id, l.index]));
  const poolIds = new Map(policy.pools.map((p) => [p.id, p.index]));
  const against = `policy '${policy.name}'`;

  const place = (site: string | null, node: string | null, path: YamlPath) => {
    let siteIndex = 0;
    let nodeIndex = -1;
    if (site !== null) {
      const s = siteIds.get(site);
      if (s === undefined)
        problems.error([...path, 'site'], unknownName('site', site, siteIds.keys(), `in ${against}`));
      else siteIndex = s;
    }
    if (node !== null) {
      const n = nodeIds.get(node);
      if (n === undefined) {
        problems.error([...path, 'node'], unknownName('node', node, nodeIds.keys(), `in ${against}`));
      } else if (site !== null && policy.nodes[n]!.site !== siteIndex) {
        problems.error([...path, 'node'], `node '${node}' is not at site '${site}'`);
      } else {
        nodeIndex = n;
        siteIndex = policy.nodes[n]!.site;
      }
    }
    return { siteIndex, nodeIndex };
  };

  const load = scenario.load.map((l) => {
    // Without a site, a stream of a multi-site policy would silently load the first site only.
    if (l.site === null && l.node === null && policy.sites.length > 1) {
      const sites = policy.sites.map((s) => s.id).join(', ');
      problems.error(l.path, `name the site this load arrives at: ${against} has several (${sites})`);
    }
    return { ...l, ...place(l.site, l.node, l.path) };
  });
  const sessions = scenario.sessions.map((s) => ({ ...s, ...place(s.site, s.node, s.path) }));
  // P7: who has surrendered which license, as the timeline goes (declared surrenders first).
  const surrendered = new Map<number, number>(
    policy.fleet?.clients.flatMap((c) => c.surrenders.map((l) => [l, c.index] as const)) ?? [],
  );
  const timeline = scenario.timeline
    .filter((e) => e.policy === null || e.policy === policy.name)
    .map((e) => {
      const a = e.action;
      let target = -1;
      const lookup = (ids: Map<string, number>, id: string, what: string, key: string) => {
        const i = ids.get(id);
        if (i === undefined) {
          problems.error([...e.path, a.kind, key], unknownName(what, id, ids.keys(), `in ${against}`));
          return -1;
        }
        return i;
      };
      if (isServerEvent(a)) {
        const key = a.kind === 'outage' ? ['outage', outageKeys[a.target]] : ['restore'];
        target = serverEventTarget(a, policy, [...e.path, ...key], problems, against);
      } else if (a.kind === 'outage') {
        if (a.target === 'site') target = lookup(siteIds, a.id, 'site', 'site');
        if (a.target === 'node') target = lookup(nodeIds, a.id, 'node', 'node');
        if (a.target === 'license') target = lookup(licenseIds, a.id, 'license', 'license');
        if (a.target === 'client-link') target = clientLinkTarget(e, a.id, policy, problems, against);
      } else if (a.kind === 'allocate' || a.kind === 'deallocate') {
        target = allocationTarget(e, a, policy, problems, against);
      } else if (a.kind === 'surrender' || a.kind === 'recall') {
        target = surrenderTarget(e, a, policy, problems, against, surrendered);
      } else if (a.kind === 'activate' && !licenseIds.has(a.license) && heldByServer(policy, a.license)) {
        // P4: a license a server holds uninstalled: the leasing model installs it, found by its id.
        target = -1;
      } else {
        target = lookup(licenseIds, a.license, 'license', 'license');
        const kind = policy.licenses[target]?.kind;
        if ((a.kind === 'enable' || a.kind === 'disable') && kind !== undefined && kind !== 'emergency') {
          problems.error(
            [...e.path, a.kind, 'license'],
            `license '${a.license}' is a ${kind} key; only an emergency key is enabled or disabled (P10)`,
          );
        }
      }
      return { ...e, target };
    });
  checkUpgradedPools(timeline, policy, problems);
  checkLifetimeDecreases(timeline, policy, problems);
  scenario.expectations.forEach((x) => {
    const pool = 'pool' in x.input ? x.input.pool : undefined;
    const applies = x.input.policy === undefined || x.input.policy === policy.name;
    if (applies && pool !== undefined && !poolIds.has(pool)) {
      problems.error([...x.path, 'pool'], unknownName('pool', pool, poolIds.keys(), `in ${against}`));
    }
    const server = 'server' in x.input ? x.input.server : undefined;
    if (applies && server !== undefined && policy.fleet?.serverIds.has(server) !== true) {
      const servers = policy.fleet?.serverIds.keys() ?? [];
      problems.error([...x.path, 'server'], unknownName('license server', server, servers, `in ${against}`));
    }
    const client = 'leased' in x.input ? x.input.leased : 'autoLease' in x.input ? x.input.client : undefined;
    if (applies && client !== undefined) {
      const key = 'leased' in x.input ? 'leased' : 'client';
      const lessees = [
        ...(policy.fleet?.clientIds.keys() ?? []),
        ...(policy.fleet?.clusters.map((c) => c.id) ?? []),
      ];
      if (!lessees.includes(client)) {
        const message = unknownName('client or cluster', client, lessees, `in ${against}`);
        problems.error([...x.path, key], message);
      }
    }
  });
  warnExpiredPools(scenario, policy, timeline, problems);
  return { run: { scenario, policy, load, sessions, timeline }, diagnostics: problems.list };
}

/**
 * A pool's capacity is a 32-bit integer on the hot path: with every license at the largest count the
 * timeline gives it, the pool must still fit within MAX_POOL_SESSIONS, as the policy's own counts do.
 */
function checkUpgradedPools(
  timeline: ReadonlyArray<TimelineEvent & { readonly target: number }>,
  policy: Policy,
  problems: Problems,
): void {
  const largest = policy.licenses.map((l) => l.count);
  const upgrades = timeline.filter((e) => e.action.kind === 'upgrade' && e.target >= 0);
  for (const e of upgrades) {
    if (e.action.kind === 'upgrade') largest[e.target] = Math.max(largest[e.target]!, e.action.count);
  }
  const reported = new Set<number>();
  for (const e of upgrades) {
    const pool = policy.pools[policy.licenses[e.target]!.pool]!;
    const total = pool.licenses.reduce((sum, l) => sum + largest[l]!, 0);
    if (total <= MAX_POOL_SESSIONS || reported.has(pool.index)) continue;
    reported.add(pool.index);
    problems.error(
      [...e.path, 'upgrade', 'count'],
      `after this upgrade pool '${pool.id}' could add up to ${total} sessions; at most ${MAX_POOL_SESSIONS} fit in a pool`,
    );
  }
}

/** X3: under `lifetimeDecreases: never`, an upgrade that lowers a lifetime license's count cannot happen. */
function checkLifetimeDecreases(
  timeline: ReadonlyArray<TimelineEvent & { readonly target: number }>,
  policy: Policy,
  problems: Problems,
): void {
  if (policy.entitlements?.lifetimeDecreases !== 'never') return;
  const count = policy.licenses.map((l) => l.count);
  // In the order they apply: a decrease is measured against the count the earlier upgrades left.
  const upgrades = timeline.filter((e) => e.action.kind === 'upgrade' && e.target >= 0);
  for (const e of [...upgrades].sort((a, b) => a.atMs - b.atMs)) {
    if (e.action.kind !== 'upgrade') continue;
    const license = policy.licenses[e.target]!;
    if (license.termName === 'lifetime' && e.action.count < count[e.target]!) {
      problems.error(
        [...e.path, 'upgrade', 'count'],
        `license '${license.id}' is a lifetime license: its count can never be decreased (X3), here from ${count[e.target]} to ${e.action.count}`,
      );
      continue;
    }
    count[e.target] = e.action.count;
  }
}

/**
 * A pool whose every license has ended before the scenario starts denies every session, which is rarely
 * what the scenario means: warn at its start, unless its timeline renews or activates one of them.
 */
function warnExpiredPools(
  scenario: Scenario,
  policy: Policy,
  timeline: Run['timeline'],
  problems: Problems,
): void {
  const revived = new Set(
    timeline.flatMap((e) => (e.action.kind === 'renew' || e.action.kind === 'activate' ? [e.target] : [])),
  );
  for (const pool of policy.pools) {
    if (pool.licenses.length === 0) continue;
    const ended = pool.licenses.every(
      (l) => policy.licenses[l]!.endMs <= scenario.startMs && !revived.has(l),
    );
    if (!ended) continue;
    const last = Math.max(...pool.licenses.map((l) => policy.licenses[l]!.endMs));
    problems.warning(
      ['spec', 'start'],
      `every license of pool '${pool.id}' in policy '${policy.name}' has ended before the scenario starts ` +
        `(the last at ${formatInstant(last)}): every session there will be denied`,
    );
  }
}

/** The scenario key of each outage aimed at a license server (P8, P9). */
const outageKeys = { 'ha-server': 'haServer', 'ha-link': 'haLink', 'vendor-cloud': 'vendorCloud' } as const;

type AllocationAction = Extract<TimelineEvent['action'], { kind: 'allocate' | 'deallocate' }>;

/**
 * P6: an allocation change names a client of the policy's license servers and a feature it is allocated;
 * its target is the client's index. A change must keep reserved ≤ maximum (P2).
 */
function allocationTarget(
  e: TimelineEvent,
  a: AllocationAction,
  policy: Policy,
  problems: Problems,
  against: string,
): number {
  const fleet = policy.fleet;
  const at = [...e.path, a.kind];
  if (fleet === null) {
    problems.error(at, `${against} has no license servers, so no client allocation to change`);
    return -1;
  }
  const client = fleet.clientIds.get(a.client);
  if (client === undefined) {
    problems.error(
      [...at, 'client'],
      unknownName('client', a.client, fleet.clientIds.keys(), `in ${against}`),
    );
    return -1;
  }
  const allocations = fleet.clients[client]!.allocations;
  const allocation = allocations.find((x) => fleet.features[x.feature]!.id === a.feature);
  if (allocation === undefined) {
    const features = allocations.map((x) => fleet.features[x.feature]!.id);
    problems.error(
      [...at, 'feature'],
      unknownName('allocated feature', a.feature, features, `of client '${a.client}' in ${against}`),
    );
    return -1;
  }
  if (a.kind === 'allocate') {
    const reserved = a.reserved ?? allocation.reserved;
    const maximum = a.maximum ?? allocation.maximum;
    if (reserved > maximum) {
      problems.error(
        at,
        `reserved ${reserved} is over maximum ${maximum}; a client reserves at most its maximum (P2)`,
      );
    }
  }
  return client;
}

/** P4: a client-link outage names a client of the policy's license servers; its target is the client's index. */
function clientLinkTarget(
  e: TimelineEvent,
  client: string,
  policy: Policy,
  problems: Problems,
  against: string,
): number {
  const at = [...e.path, 'outage', 'clientLink'];
  const fleet = policy.fleet;
  if (fleet === null) {
    problems.error(at, `${against} has no license servers, so no client link to take down`);
    return -1;
  }
  const index = fleet.clientIds.get(client);
  if (index === undefined) {
    problems.error(at, unknownName('client', client, fleet.clientIds.keys(), `in ${against}`));
    return -1;
  }
  return index;
}

/** Whether a license server of the policy holds a license by this id. */
function heldByServer(policy: Policy, license: string): boolean {
  return policy.fleet?.servers.some((s) => s.licenses.some((l) => l.id === license)) ?? false;
}

type SurrenderAction = Extract<TimelineEvent['action'], { kind: 'surrender' | 'recall' }>;

/**
 * P7: a surrender names a client and a whole perpetual user-count license of its pool that is not
 * surrendered already; a recall, a license the client has surrendered. The target is the license's index;
 * `surrendered` (license → client) follows the timeline in order.
 */
function surrenderTarget(
  e: TimelineEvent,
  a: SurrenderAction,
  policy: Policy,
  problems: Problems,
  against: string,
  surrendered: Map<number, number>,
): number {
  const fleet = policy.fleet;
  const at = [...e.path, a.kind];
  if (fleet === null) {
    problems.error(at, `${against} has no license servers to surrender licenses to`);
    return -1;
  }
  const client = fleet.clientIds.get(a.client);
  if (client === undefined) {
    problems.error(
      [...at, 'client'],
      unknownName('client', a.client, fleet.clientIds.keys(), `in ${against}`),
    );
    return -1;
  }
  const license = policy.licenses.find((l) => l.id === a.license);
  if (license === undefined) {
    const ids = policy.licenses.map((l) => l.id);
    problems.error([...at, 'license'], unknownName('license', a.license, ids, `in ${against}`));
    return -1;
  }
  const by = surrendered.get(license.index);
  const pool = fleet.clients[client]!.pool;
  const feature = fleet.featureIds.get(license.feature);
  const problem =
    a.kind === 'recall'
      ? by !== client
        ? `'${a.client}' has not surrendered license '${a.license}' at that time; a client recalls only what it surrendered (P7)`
        : null
      : license.term !== 'perpetual'
        ? `only perpetual licenses can be surrendered (P7); '${a.license}' is a subscription`
        : license.pool !== pool
          ? `license '${a.license}' is not in pool '${policy.pools[pool]!.id}' of '${a.client}'; a client surrenders only its own licenses (P7)`
          : feature === undefined || fleet.features[feature]!.unit !== 'users'
            ? `license '${a.license}' counts ${license.feature}, which '${a.client}'s server does not lease as users; only user-count licenses can be surrendered (P7)`
            : by !== undefined
              ? `license '${a.license}' is already surrendered by '${fleet.clients[by]!.id}' at that time`
              : null;
  if (problem !== null) {
    problems.error([...at, 'license'], problem);
    return -1;
  }
  if (a.kind === 'recall') surrendered.delete(license.index);
  else surrendered.set(license.index, client);
  return license.index;
}
