import type { Diagnostic } from '../config/diagnostics.js';
import { MAX_POOL_SESSIONS } from '../config/schema/common.js';
import { unknownName } from '../config/wording.js';
import type { YamlPath, YamlSource } from '../config/yaml-source.js';
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
  /** Timeline events with their target resolved: a site, node or license index (-1 for the license server). */
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
      if (a.kind === 'outage') {
        if (a.target === 'site') target = lookup(siteIds, a.id, 'site', 'site');
        if (a.target === 'node') target = lookup(nodeIds, a.id, 'node', 'node');
        if (a.target === 'license') target = lookup(licenseIds, a.id, 'license', 'license');
      } else if (a.kind === 'allocate' || a.kind === 'deallocate') {
        target = allocationTarget(e, a, policy, problems, against);
      } else {
        target = lookup(licenseIds, a.license, 'license', 'license');
      }
      return { ...e, target };
    });
  checkUpgradedPools(timeline, policy, problems);
  scenario.expectations.forEach((x) => {
    const pool = 'pool' in x.input ? x.input.pool : undefined;
    const applies = x.input.policy === undefined || x.input.policy === policy.name;
    if (applies && pool !== undefined && !poolIds.has(pool)) {
      problems.error([...x.path, 'pool'], unknownName('pool', pool, poolIds.keys(), `in ${against}`));
    }
    if (applies && 'leased' in x.input) {
      const lessees = [
        ...(policy.fleet?.clientIds.keys() ?? []),
        ...(policy.fleet?.clusters.map((c) => c.id) ?? []),
      ];
      if (!lessees.includes(x.input.leased)) {
        const message = unknownName('client or cluster', x.input.leased, lessees, `in ${against}`);
        problems.error([...x.path, 'leased'], message);
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
