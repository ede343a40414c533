import { fraction, MAX_POOL_SESSIONS } from '../config/schema/common.js';
import type { PolicyDocument, StateName } from '../config/schema/policy.js';
import { unknownName } from '../config/wording.js';
import type { YamlSource } from '../config/yaml-source.js';
import {
  type existingSessionPolicies,
  type LicenseKind,
  type LicenseTermName,
  MS,
  type newSessionPolicies,
  type OverLimit,
  stateDefaults,
  stateNames,
} from '../vocabulary.js';
import {
  checkOneTypePerPool,
  durationStackStarts,
  type EntitlementSettings,
  entitlementSettings,
  matchRenewals,
} from './entitlements.js';
import { buildFleet } from './fleet/build.js';
import type { Fleet } from './fleet/fleet.js';
import { licenseTerm, type TermKind } from './license-term.js';
import { checkTimedCycles } from './lifecycle-cycles.js';
import { Problems } from './problems.js';
import { DEFAULT_TIERS, type TierStep, unnamedTiers } from './tiers.js';
import { calendarEndMs, durationMs, isValidZone, startOfDateMs } from './time.js';

export type { StateName } from '../config/schema/policy.js';
export type { OverLimit } from '../vocabulary.js';

/** What a lifecycle state allows; policy data, never code (vendors are data, not code). */
export interface StateRules {
  readonly newSessions: (typeof newSessionPolicies)[number];
  readonly existingSessions: (typeof existingSessionPolicies)[number];
  /** Replaces the licensed capacity while in this state (the W8 trial's 10 sessions). */
  readonly sessionLimit: number | null;
  readonly message: string;
  /**
   * Timed states (trial, grace) end after this long and move to `then`: an ISO 8601 duration in licence
   * time (calendar days of the policy's zone, see `calendarEndMs`); `durationMs` is its nominal length.
   */
  readonly duration: string | null;
  readonly durationMs: number | null;
  readonly then: StateName | null;
}

export interface Site {
  readonly id: string;
  readonly index: number;
  /** Global node indices: the site's HA cluster (W1). */
  readonly nodes: readonly number[];
  readonly pool: number;
}

export interface Node {
  readonly id: string;
  readonly index: number;
  readonly site: number;
}

export interface License {
  readonly id: string;
  readonly index: number;
  readonly feature: string;
  readonly count: number;
  readonly term: TermKind;
  /** The term as written (X2): lifetime is perpetual, monthly and yearly are subscriptions of whole periods. */
  readonly termName: LicenseTermName;
  /**
   * Valid from startMs (inclusive) to endMs (exclusive); -Infinity / Infinity when open. An evaluation
   * key's end is at most its evaluation period after its start (P10).
   */
  readonly startMs: number;
  readonly endMs: number;
  readonly installed: boolean;
  readonly pool: number;
  /** What kind of key it is (P10, P11): standard, renewal, emergency or evaluation. */
  readonly kind: LicenseKind;
  /** A renewal's matching license, which must expire before it counts (P11); null otherwise. */
  readonly renews: number | null;
  /** P13: 00:00 of the day an uninstalled key can be downloaded from, or null. */
  readonly availableMs: number | null;
}

export interface Pool {
  readonly id: string;
  readonly index: number;
  readonly licenses: readonly number[];
  readonly sites: readonly number[];
  /** Per-site shares of the pool (W7), indexed like `sites`; null when the pool is not split. */
  readonly allocation: readonly number[] | null;
}

export interface Policy {
  readonly name: string;
  readonly file: string;
  readonly description: string;
  readonly covers: readonly string[];
  readonly product: string;
  readonly timeZone: string;
  readonly sites: readonly Site[];
  readonly nodes: readonly Node[];
  readonly licenses: readonly License[];
  readonly pools: readonly Pool[];
  readonly lifecycle: {
    readonly initial: 'trial' | 'active' | null;
    /** Whether the policy declares a trial state (W8): an unlicensed pool then starts in it. */
    readonly hasTrial: boolean;
    readonly states: Readonly<Record<StateName, StateRules>>;
    /** X4: how often the product checks its license; a change of contact is noticed at a check. */
    readonly contactCheckMs: number | null;
    readonly on: {
      readonly expiry: StateName;
      readonly contactLost: StateName | null;
      readonly violation: StateName | null;
    };
  };
  readonly limits: {
    readonly perUserSessions: number | null;
    readonly idleTimeoutMs: number | null;
    readonly overLimit: OverLimit;
    readonly limitMessage: string;
  };
  readonly alerts: {
    readonly usageWarning: number | null;
    readonly usageCritical: number | null;
    /** W11: warn while at most `warnBeforeDays` calendar days remain; checked every `checkEveryMs`, or exactly. */
    readonly expiry: { readonly warnBeforeDays: number; readonly checkEveryMs: number | null } | null;
  };
  readonly tiers: readonly TierStep[];
  /** The license servers leasing to the policy's nodes, and their clients; null when it declares none. */
  readonly fleet: Fleet | null;
  /** How its entitlements change over time (P10, P11); null when every license is a standard key. */
  readonly entitlements: EntitlementSettings | null;
}

/** Turns a schema-valid policy document into the typed model, reporting semantic problems at their nodes. */
export function buildPolicy(doc: PolicyDocument, source: YamlSource): { policy: Policy; problems: Problems } {
  const problems = new Problems(source);
  const spec = doc.spec;
  const zone = spec.timeZone;
  if (!isValidZone(zone)) {
    problems.error(
      ['spec', 'timeZone'],
      `unknown time zone '${zone}'; use an IANA name such as Europe/Paris`,
    );
  }
  const dateZone = isValidZone(zone) ? zone : 'UTC';

  // Sites and their nodes (W1: the nodes of a site form one HA cluster sharing the site's pool).
  const rawSites = spec.sites ?? [{ id: 'main' }];
  const siteIndex = uniqueIndex(
    rawSites.map((s) => s.id),
    problems,
    (i) => ['spec', 'sites', i, 'id'],
    'site',
  );
  const nodes: Node[] = [];
  const nodeIds = new Map<string, number>();
  const siteNodes = rawSites.map((site, s) =>
    (site.nodes ?? [site.id]).map((id, n) => {
      if (nodeIds.has(id)) problems.error(['spec', 'sites', s, 'nodes', n], `duplicate node id '${id}'`);
      const index = nodes.length;
      nodeIds.set(id, index);
      nodes.push({ id, index, site: s });
      return index;
    }),
  );

  const licenseIndex = uniqueIndex(
    spec.licenses.map((l) => l.id),
    problems,
    (i) => ['spec', 'licenses', i, 'id'],
    'license',
  );
  uniqueIndex(
    spec.pools.map((p) => p.id),
    problems,
    (i) => ['spec', 'pools', i, 'id'],
    'pool',
  );

  // Each license counts in one pool; each site draws on exactly one pool (W2).
  const licensePool = new Array<number>(spec.licenses.length).fill(-1);
  const sitePool = new Array<number>(rawSites.length).fill(-1);
  const pools: Pool[] = spec.pools.map((pool, p) => {
    const licenses: number[] = [];
    pool.licenses.forEach((id, i) => {
      const l = licenseIndex.get(id);
      if (l === undefined) {
        problems.error(['spec', 'pools', p, 'licenses', i], unknownName('license', id, licenseIndex.keys()));
        return;
      }
      if (licensePool[l] !== -1) {
        const other = spec.pools[licensePool[l]!]!.id;
        problems.error(
          ['spec', 'pools', p, 'licenses', i],
          `license '${id}' is already in pool '${other}'; a license counts in one pool only`,
        );
        return;
      }
      licensePool[l] = p;
      licenses.push(l);
    });
    const siteRefs = pool.sites ?? rawSites.map((s) => s.id);
    const sites: number[] = [];
    siteRefs.forEach((id, i) => {
      const s = siteIndex.get(id);
      const where = pool.sites ? ['spec', 'pools', p, 'sites', i] : ['spec', 'pools', p];
      if (s === undefined) {
        problems.error(where, unknownName('site', id, siteIndex.keys()));
        return;
      }
      if (sitePool[s] !== -1) {
        const other = spec.pools[sitePool[s]!]!.id;
        problems.error(
          where,
          `site '${id}' already draws on pool '${other}'; a site draws on exactly one pool` +
            (pool.sites ? '' : ` (pool '${pool.id}' lists no sites, so it takes every site)`),
        );
        return;
      }
      sitePool[s] = p;
      sites.push(s);
    });
    return { id: pool.id, index: p, licenses, sites, allocation: allocationOf(pool.allocation, sites, p) };
  });

  function allocationOf(
    raw: Record<string, number | string> | undefined,
    sites: number[],
    p: number,
  ): number[] | null {
    if (!raw) return null;
    const shares = sites.map(() => 0);
    let sum = 0;
    for (const [id, written] of Object.entries(raw)) {
      const share = fraction(written);
      const s = siteIndex.get(id);
      const at = sites.indexOf(s ?? -1);
      if (at < 0) {
        problems.error(
          ['spec', 'pools', p, 'allocation', id],
          `site '${id}' is not a site of this pool`,
          'key',
        );
        continue;
      }
      shares[at] = share;
      sum += share;
    }
    if (Math.abs(sum - 1) > 1e-9) {
      problems.error(
        ['spec', 'pools', p, 'allocation'],
        `allocation shares sum to ${round(sum)}; they must sum to 1`,
      );
    }
    return shares;
  }

  rawSites.forEach((site, s) => {
    if (sitePool[s] === -1) {
      problems.error(['spec', 'sites', s], `site '${site.id}' draws on no pool; list it in one pool's sites`);
    }
  });
  spec.licenses.forEach((l, i) => {
    if (licensePool[i] === -1) {
      problems.error(
        ['spec', 'licenses', i],
        `license '${l.id}' is in no pool; list it in one pool's licenses`,
      );
    }
  });

  const entitlements = entitlementSettings(spec);
  const stackLimit = spec.entitlements?.durationStackLimit ?? entitlements?.durationStackLimit ?? 'P3Y';
  const stackedStarts = durationStackStarts(spec, stackLimit, problems);
  const licenses: (License & { startDate: string | null; endDate: string | null })[] = spec.licenses.map(
    (l, i) => {
      const at = ['spec', 'licenses', i];
      const written = stackedStarts.has(i) ? { ...l, start: stackedStarts.get(i) } : l;
      const { startMs, endMs, term, end } = licenseTerm(written, at, dateZone, problems);
      const kind = l.kind ?? 'standard';
      return {
        id: l.id,
        index: i,
        feature: l.feature ?? 'sessions',
        count: l.count,
        term,
        termName: l.term,
        startMs,
        endMs: kind === 'evaluation' ? evaluationEnd(startMs, endMs) : endMs,
        installed: l.installed ?? true,
        pool: licensePool[i]!,
        kind,
        renews: null,
        availableMs: l.available === undefined ? null : startOfDateMs(l.available, dateZone),
        startDate: written.start ?? null,
        endDate: end,
      };
    },
  );
  /** P10: an evaluation key runs its evaluation period from its start (or from its installation). */
  function evaluationEnd(startMs: number, endMs: number): number {
    if (!Number.isFinite(startMs)) return endMs;
    return Math.min(endMs, calendarEndMs(startMs, entitlements!.evaluationFor, dateZone));
  }
  checkKeyDownloads(spec, problems);
  spec.licenses.forEach((l, i) => {
    if (l.kind === 'evaluation' && l.start === undefined && l.installed !== false) {
      problems.error(
        ['spec', 'licenses', i],
        `evaluation key '${l.id}' needs a start date, or installed: false and a scenario \`activate\` event: its period runs from one of them (P10)`,
      );
    }
  });
  const renewals = matchRenewals(
    spec,
    licenses.map((l) => ({ ...l, periods: spec.licenses[l.index]!.periods ?? null })),
    problems,
  );
  const keyed: License[] = licenses.map(({ startDate: _s, endDate: _e, ...l }, i) => ({
    ...l,
    renews: renewals[i]!,
  }));
  if (entitlements !== null) checkOneTypePerPool(spec, problems);

  // Capacities are rule facts, held as 32-bit integers: each license is bounded by the schema, their sum here.
  for (const pool of pools) {
    const total = pool.licenses.reduce((sum, l) => sum + spec.licenses[l]!.count, 0);
    if (total > MAX_POOL_SESSIONS) {
      problems.error(
        ['spec', 'pools', pool.index],
        `pool '${pool.id}' adds up to ${total} sessions; at most ${MAX_POOL_SESSIONS} fit in a pool: split its licenses over several pools`,
      );
    }
  }

  const fleet = buildFleet(
    spec.licenseServers,
    {
      zone: dateZone,
      nodes,
      sitePool,
      siteIds: rawSites.map((s) => s.id),
      poolIds: spec.pools.map((p) => p.id),
      licenses: keyed,
    },
    problems,
  );

  const lifecycle = buildLifecycle(doc, problems);
  checkTimedCycles(lifecycle.states, problems);
  const written = spec.alerts?.usage;
  const usage = written && { warning: fraction(written.warning), critical: fraction(written.critical) };
  if (usage && usage.warning > usage.critical) {
    problems.error(
      ['spec', 'alerts', 'usage', 'warning'],
      `warning threshold ${usage.warning} is above critical ${usage.critical}`,
    );
  }
  const tiers = spec.tiers
    ? spec.tiers.map((t) => (typeof t === 'number' ? { sessions: t, name: null } : t))
    : unnamedTiers(DEFAULT_TIERS);
  tiers.forEach((t, i) => {
    if (i > 0 && t.sessions <= tiers[i - 1]!.sessions)
      problems.error(['spec', 'tiers', i], 'tier steps must be in ascending order');
  });
  const idle = spec.limits?.idleTimeout;

  const policy: Policy = {
    name: doc.metadata.name,
    file: source.file,
    description: doc.metadata.description ?? '',
    covers: doc.metadata.covers ?? [],
    product: spec.product ?? '',
    timeZone: dateZone,
    sites: rawSites.map((s, i) => ({ id: s.id, index: i, nodes: siteNodes[i]!, pool: sitePool[i]! })),
    nodes,
    licenses: keyed,
    pools,
    lifecycle,
    limits: {
      perUserSessions: spec.limits?.perUserSessions ?? null,
      idleTimeoutMs: idle ? durationMs(idle) : null,
      overLimit: spec.limits?.overLimit ?? 'deny',
      limitMessage: spec.limits?.limitMessage ?? 'License session limit reached',
    },
    alerts: {
      usageWarning: usage?.warning ?? null,
      usageCritical: usage?.critical ?? null,
      expiry: expiryWarning(spec.alerts?.expiry, problems),
    },
    tiers,
    fleet,
    entitlements,
  };
  return { policy, problems };
}

/** The shortest license-check interval a policy may set (X4), and the shortest key-download one (P13). */
const MIN_CONTACT_CHECK_MS = 3_600_000;

/**
 * P13: a key with an `available` date waits for a key download, so it must be uninstalled and the policy
 * must download keys; a download more often than hourly is millions of events for nothing a product does.
 */
function checkKeyDownloads(spec: PolicyDocument['spec'], problems: Problems): void {
  const schedule = spec.entitlements?.keyDownloads;
  spec.licenses.forEach((l, i) => {
    if (l.available === undefined) return;
    const at = ['spec', 'licenses', i, 'available'];
    if (l.installed !== false)
      problems.error(at, `available is the day '${l.id}' can be downloaded: it needs installed: false (P13)`);
    else if (schedule === undefined)
      problems.error(
        at,
        `'${l.id}' is installed by a key download, and the policy has none: add entitlements.keyDownloads (P13)`,
      );
  });
  if (schedule === undefined) return;
  const path = ['spec', 'entitlements', 'keyDownloads'];
  const often = (every: string | undefined, at: (string | number)[]) => {
    if (every !== undefined && !((durationMs(every) ?? 0) >= MIN_CONTACT_CHECK_MS))
      problems.error(
        at,
        `downloads every ${every} are too often: at least PT1H (products download daily, P1D)`,
      );
  };
  often(schedule.every, [...path, 'every']);
  schedule.whenExpiring?.forEach((s, k) => {
    often(s.every, [...path, 'whenExpiring', k, 'every']);
  });
  often(schedule.whenGraceEnding?.every, [...path, 'whenGraceEnding', 'every']);
}

function buildLifecycle(doc: PolicyDocument, problems: Problems): Policy['lifecycle'] {
  const raw = doc.spec.lifecycle;
  const states = {} as Record<StateName, StateRules>;
  for (const name of stateNames) {
    const given = raw?.states?.[name] as
      | (Partial<Omit<StateRules, 'duration' | 'durationMs' | 'then'>> & {
          duration?: string;
          then?: StateName;
        })
      | undefined;
    const then = given?.then ?? null;
    if (then === name) {
      problems.error(['spec', 'lifecycle', 'states', name, 'then'], `state '${name}' cannot lead to itself`);
    }
    states[name] = {
      ...stateDefaults[name],
      sessionLimit: null,
      ...definedOnly(given ?? {}),
      duration: given?.duration ?? null,
      durationMs: given?.duration ? durationMs(given.duration) : null,
      then,
    };
  }
  const graceDeclared = raw?.states?.grace !== undefined;
  const on = raw?.on;
  const contactCheckMs = raw?.contactCheck === undefined ? null : durationMs(raw.contactCheck);
  // A check every few milliseconds would be millions of events a day for nothing a product does.
  if (contactCheckMs !== null && !(contactCheckMs >= MIN_CONTACT_CHECK_MS)) {
    problems.error(
      ['spec', 'lifecycle', 'contactCheck'],
      `contactCheck must be at least PT1H (got ${raw?.contactCheck}); products check their license daily (P1D)`,
    );
  }
  const optional = (v: StateName | 'none' | undefined, fallback: StateName | null) =>
    v === 'none' ? null : (v ?? fallback);
  return {
    initial: raw?.initial ?? null,
    hasTrial: raw?.states?.trial !== undefined,
    states,
    contactCheckMs,
    on: {
      expiry: on?.expiry ?? (graceDeclared ? 'grace' : 'expired'),
      contactLost: optional(on?.contactLost, null),
      violation: optional(on?.violation, 'restricted-access'),
    },
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(o).filter(([k, v]) => v !== undefined && k !== 'duration' && k !== 'then'),
  ) as Partial<T>;
}

function uniqueIndex(
  ids: readonly string[],
  problems: Problems,
  path: (i: number) => (string | number)[],
  what: string,
): Map<string, number> {
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    if (index.has(id)) problems.error(path(i), `duplicate ${what} id '${id}'`);
    else index.set(id, i);
  });
  return index;
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** The expiry warning's period in whole days (a licence's days are calendar days) and its check period. */
function expiryWarning(
  given: { warnBefore: string; checkEvery?: string } | undefined,
  problems: Problems,
): Policy['alerts']['expiry'] {
  if (given === undefined) return null;
  const warnMs = durationMs(given.warnBefore) ?? 0;
  if (warnMs % MS.day !== 0) {
    problems.error(
      ['spec', 'alerts', 'expiry', 'warnBefore'],
      `warnBefore must be whole days or weeks (P90D, P12W), got ${given.warnBefore}: license ends are dates`,
    );
  }
  const checkEveryMs = given.checkEvery === undefined ? null : durationMs(given.checkEvery);
  if (checkEveryMs !== null && checkEveryMs < MS.minute) {
    problems.error(['spec', 'alerts', 'expiry', 'checkEvery'], 'checkEvery must be at least a minute (PT1M)');
  }
  return { warnBeforeDays: Math.round(warnMs / MS.day), checkEveryMs };
}
