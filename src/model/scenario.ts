import { dirname, resolve } from 'node:path';
import { INSTANT_HINT, MAX_INSTANT_MS } from '../config/instant.js';
import { fraction, MAX_ARRIVALS_PER_HOUR } from '../config/schema/common.js';
import type { ExpectationInput, ScenarioDocument } from '../config/schema/scenario.js';
import type { YamlPath, YamlSource } from '../config/yaml-source.js';
import {
  type BoundExpectation,
  countKeys,
  expectationKinds,
  kindOf,
  type MomentKey,
} from '../expectations/kinds.js';
import { type ArrivalProfile, arrivalProfileByName, PROFILES } from '../sim/arrival-profile.js';
import { type HoldingDistribution, MS, type OutageTarget, type SpreadKind } from '../vocabulary.js';
import { Problems } from './problems.js';
import type { RecordedUsage } from './recorded-usage.js';
import { checkScenarioBounds } from './scenario-bounds.js';
import { durationMs, formatInstant, instantMs } from './time.js';

/** Where a scenario element sits in its file, for messages and expectation reports. */
export interface Located {
  readonly path: YamlPath;
}

export interface LoadStream extends Located {
  readonly id: string;
  readonly site: string | null;
  readonly node: string | null;
  readonly users: number;
  /** Arrivals per hour at the busiest hour: given, or derived from `concurrency` (see `ratePath`). */
  readonly perHour: number;
  /** Where the rate is written: `arrivals.perHour` or `arrivals.concurrency`. */
  readonly ratePath: YamlPath;
  /** Hour-of-day, day-of-week and month-end weights, in the policy's local time. */
  readonly profile: ArrivalProfile;
  readonly holding: {
    readonly distribution: HoldingDistribution;
    readonly meanMs: number;
    readonly sigma: number;
  };
  readonly idle: { readonly share: number; readonly durationMs: number } | null;
}

export interface SessionBatch extends Located {
  readonly user: string;
  readonly site: string | null;
  readonly node: string | null;
  /** When the first session starts, or with a spread, when the window opens. */
  readonly atMs: number;
  readonly durationMs: number;
  readonly count: number;
  readonly distinctUsers: boolean;
  readonly idleAfterMs: number | null;
  /** The window [atMs, atMs + overMs) the sessions start in, or null when they all start at atMs. */
  readonly spread: { readonly how: SpreadKind; readonly overMs: number } | null;
}

export type TimelineAction =
  | {
      readonly kind: 'outage';
      readonly target: OutageTarget;
      readonly id: string;
      readonly durationMs: number;
      /** P4, client links only: false when the server cannot reconcile the client's auto-leasing at the end. */
      readonly reconciled: boolean;
    }
  | { readonly kind: 'activate'; readonly license: string }
  | { readonly kind: 'renew'; readonly license: string; readonly end: string }
  | { readonly kind: 'upgrade'; readonly license: string; readonly count: number; readonly approved: boolean }
  | { readonly kind: 'expire'; readonly license: string }
  | { readonly kind: 'enable' | 'disable'; readonly license: string }
  | {
      readonly kind: 'allocate';
      readonly client: string;
      readonly feature: string;
      readonly reserved: number | null;
      readonly incremental: number | null;
      readonly maximum: number | null;
    }
  | { readonly kind: 'deallocate'; readonly client: string; readonly feature: string }
  | { readonly kind: 'restore'; readonly server: string }
  | { readonly kind: 'surrender' | 'recall'; readonly client: string; readonly license: string };

export interface TimelineEvent extends Located {
  readonly atMs: number;
  /** Only in the run against this policy; null for every run. */
  readonly policy: string | null;
  readonly action: TimelineAction;
}

/** An expectation of a known kind, with its moments (`at`, `before`, `after`) resolved to virtual time. */
export interface Expectation extends Located, BoundExpectation {
  readonly input: ExpectationInput;
}

export interface Scenario {
  readonly name: string;
  readonly file: string;
  readonly description: string;
  readonly exercises: readonly string[];
  /** Policy files resolved against the scenario's folder, with where each is named. */
  readonly policies: ReadonlyArray<{ readonly file: string; readonly path: YamlPath }>;
  readonly startMs: number;
  readonly endMs: number;
  readonly seed: number;
  readonly load: readonly LoadStream[];
  readonly sessions: readonly SessionBatch[];
  readonly timeline: readonly TimelineEvent[];
  readonly expectations: readonly Expectation[];
  /** A real usage log replayed as load (`licensim audit`), or null for a scenario file's own load. */
  readonly recorded: RecordedUsage | null;
}

/** Virtual time is milliseconds in a double: a century keeps every instant exact and printable. */
const MAX_RUN_MS = 100 * 365 * MS.day;

/** Turns a schema-valid scenario document into the typed model, reporting semantic problems at their nodes. */
export function buildScenario(
  doc: ScenarioDocument,
  source: YamlSource,
): { scenario: Scenario; problems: Problems } {
  const problems = new Problems(source);
  const spec = doc.spec;
  const start = instantMs(spec.start);
  if (start === null) problems.error(['spec', 'start'], unreadableInstant(spec.start));
  const startMs = start ?? 0;
  const length = durationMs(spec.duration) ?? 0;
  if (length <= 0) problems.error(['spec', 'duration'], 'the scenario must last longer than zero');
  if (length > MAX_RUN_MS)
    problems.error(['spec', 'duration'], 'the scenario may last at most 100 years (P100Y)');
  const endMs = startMs + length;
  // A report prints every instant as YYYY-MM-DDTHH:MM:SS.sssZ: a run past year 9999 could not be reported.
  if (start !== null && length <= MAX_RUN_MS && endMs > MAX_INSTANT_MS) {
    problems.error(
      ['spec', 'duration'],
      `the scenario would end after ${formatInstant(MAX_INSTANT_MS)} (${spec.start} + ${spec.duration}); start earlier or shorten the duration`,
    );
  }

  /** A moment is an offset from the start (P2D) or an instant; it must fall inside the run. */
  const moment = (value: string, path: YamlPath, { inside = true } = {}): number => {
    const t = value.startsWith('P') ? startMs + (durationMs(value) ?? 0) : instantMs(value);
    if (t === null) {
      problems.error(path, unreadableInstant(value));
      return startMs;
    }
    if (inside && (t < startMs || t > endMs)) {
      problems.error(path, `${value} is outside the scenario (${spec.start} + ${spec.duration})`);
    } else if (t > MAX_INSTANT_MS) {
      problems.error(path, `${value} is after ${formatInstant(MAX_INSTANT_MS)}; no report can print it`);
    }
    return t;
  };

  const policies: { file: string; path: YamlPath }[] = [];
  if (spec.policy && spec.policies) {
    problems.error(['spec', 'policies'], 'give either policy or policies, not both', 'key');
  } else if (spec.policy) {
    policies.push({ file: resolve(dirname(source.file), spec.policy), path: ['spec', 'policy'] });
  } else if (spec.policies) {
    for (const [i, p] of spec.policies.entries()) {
      policies.push({ file: resolve(dirname(source.file), p), path: ['spec', 'policies', i] });
    }
  } else {
    problems.error(['spec'], "missing 'policy': name the policy file this scenario runs against");
  }

  /**
   * A stream's busiest-hour rate: given per hour, or from the share of its users in a session then, by
   * Little's law (sessions in progress = rate × mean holding time).
   */
  const arrivalRate = (arrivals: RawArrivals, users: number, meanMs: number, path: YamlPath): number => {
    const { perHour, concurrency } = arrivals;
    if ((perHour === undefined) === (concurrency === undefined)) {
      problems.error(
        path,
        perHour === undefined
          ? 'say how often sessions start: perHour (a rate at the busiest hour) or concurrency (the share of users in a session then)'
          : 'give perHour or concurrency, not both',
      );
      return 0;
    }
    if (perHour !== undefined) return perHour;
    const rate = meanMs > 0 ? (users * fraction(concurrency!) * MS.hour) / meanMs : 0;
    if (rate > MAX_ARRIVALS_PER_HOUR) {
      problems.error(
        [...path, 'concurrency'],
        `users × concurrency ÷ mean holding time is ${rate} arrivals per hour, above the ${MAX_ARRIVALS_PER_HOUR} a stream may have`,
      );
      return 0; // said once: the run-size bound need not say it again
    }
    return rate;
  };

  const load: LoadStream[] = (spec.load ?? []).map((l, i) => {
    const path: YamlPath = ['spec', 'load', i];
    const profile = arrivalProfile(l.arrivals.profile);
    if (Math.max(...profile.hours) <= 0 || Math.max(...profile.days) <= 0)
      problems.error(
        [...path, 'arrivals', 'profile'],
        'the profile needs at least one hour and one day above 0, or no session ever arrives',
      );
    const distribution = l.holding.distribution ?? 'exponential';
    if (distribution === 'lognormal' && l.holding.sigma === undefined) {
      problems.error([...path, 'holding'], 'a lognormal holding time needs sigma');
    }
    const meanMs = durationMs(l.holding.mean) ?? 0;
    if (meanMs <= 0)
      problems.error([...path, 'holding', 'mean'], 'the mean holding time must be longer than zero');
    const users = l.users ?? 100;
    const perHour = arrivalRate(l.arrivals, users, meanMs, [...path, 'arrivals']);
    return {
      path,
      id: l.id ?? `load${i + 1}`,
      site: l.site ?? null,
      node: l.node ?? null,
      users,
      perHour,
      ratePath: [...path, 'arrivals', l.arrivals.concurrency === undefined ? 'perHour' : 'concurrency'],
      profile,
      holding: { distribution, meanMs, sigma: l.holding.sigma ?? 0 },
      idle: l.idle ? { share: fraction(l.idle.share), durationMs: durationMs(l.idle.duration) ?? 0 } : null,
    };
  });

  // Stream ids name their users (site-a-admins-17): two streams with one id would mix their users up.
  const streamIds = new Set<string>();
  for (const l of load) {
    if (streamIds.has(l.id))
      problems.error([...l.path, 'id'], `duplicate load id '${l.id}'; give each stream its own id`);
    streamIds.add(l.id);
  }

  /** A batch's window: `spread` and `over` come together, and the window ends within the run. */
  const sessionSpread = (s: RawSession, atMs: number, path: YamlPath): SessionBatch['spread'] => {
    if (s.spread === undefined && s.over === undefined) return null;
    if (s.over === undefined) {
      problems.error(
        [...path, 'spread'],
        'spread needs over: the window the sessions start in, e.g. over: PT8H',
      );
      return null;
    }
    if (s.spread === undefined) {
      problems.error([...path, 'over'], 'over needs spread: evenly or random, to say how the sessions start');
      return null;
    }
    const overMs = durationMs(s.over) ?? 0;
    if (overMs <= 0) {
      problems.error([...path, 'over'], 'the window must last longer than zero');
      return null;
    }
    // A start after the run is reported at `at` already.
    if (atMs <= endMs && atMs + overMs > endMs) {
      problems.error(
        [...path, 'over'],
        `the window ${s.at} + ${s.over} ends after the scenario (${spec.start} + ${spec.duration}); shorten over or start earlier`,
      );
      return null;
    }
    return { how: s.spread, overMs };
  };

  const sessions: SessionBatch[] = (spec.sessions ?? []).map((s, i) => {
    const path: YamlPath = ['spec', 'sessions', i];
    const idleAfterMs = s.idleAfter ? durationMs(s.idleAfter) : null;
    const duration = durationMs(s.duration) ?? 0;
    if (idleAfterMs !== null && idleAfterMs >= duration) {
      problems.error(
        [...path, 'idleAfter'],
        `idleAfter ${s.idleAfter} must be shorter than the duration ${s.duration}`,
      );
    }
    const atMs = moment(s.at, [...path, 'at']);
    return {
      path,
      user: s.user ?? 'user',
      site: s.site ?? null,
      node: s.node ?? null,
      atMs,
      durationMs: duration,
      count: s.count ?? 1,
      distinctUsers: s.distinctUsers ?? false,
      idleAfterMs,
      spread: sessionSpread(s, atMs, path),
    };
  });

  const timeline: TimelineEvent[] = [];
  (spec.timeline ?? []).forEach((e, i) => {
    const path: YamlPath = ['spec', 'timeline', i];
    const actions = timelineActionKeys.filter((k) => e[k] !== undefined);
    if (actions.length !== 1) {
      problems.error(
        path,
        `a timeline event names exactly one of ${timelineActionKeys.join(', ')} (found ${actions.length ? actions.join(', ') : 'none'})`,
      );
      return;
    }
    const atMs = moment(e.at, [...path, 'at']);
    const action = timelineAction(e, [...path, actions[0]!], problems);
    if (action) timeline.push({ path, atMs, policy: e.policy ?? null, action });
  });

  const expectations: Expectation[] = (spec.expect ?? []).flatMap((x, i) => {
    const path: YamlPath = ['spec', 'expect', i];
    const kind = kindOf(x);
    if (kind === null) {
      problems.error(
        path,
        `an expectation needs one of state, ${countKeys.join(', ')}, alert, transition, leased, autoLease, capacity`,
      );
      return [];
    }
    const problem = (expectationKinds[kind].problem as ((x: object) => string | null) | undefined)?.(x);
    if (problem) problems.error(path, problem);
    const moments: Partial<Record<MomentKey, number>> = {};
    for (const key of ['at', 'before', 'after'] as const) {
      const v = (x as Record<string, unknown>)[key];
      if (typeof v === 'string') moments[key] = moment(v, [...path, key], { inside: false });
    }
    return [{ path, kind, input: x, moments }];
  });

  const scenario: Scenario = {
    name: doc.metadata.name,
    file: source.file,
    description: doc.metadata.description ?? '',
    exercises: doc.metadata.exercises ?? [],
    policies,
    startMs,
    endMs,
    seed: spec.seed ?? 1,
    load,
    sessions,
    timeline: timeline.sort((a, b) => a.atMs - b.atMs),
    expectations,
    recorded: null,
  };
  checkScenarioBounds(scenario, problems);
  return { scenario, problems };
}

/** The schema checks the grammar; what is left is an instant its offset moves out of years 0001–9999. */
function unreadableInstant(value: string): string {
  return `'${value}' is not an instant licensim can run: it must be ${INSTANT_HINT}, and stay within those years once its offset is applied`;
}

const timelineActionKeys = [
  'outage',
  'activate',
  'renew',
  'upgrade',
  'expire',
  'enable',
  'disable',
  'allocate',
  'deallocate',
  'restore',
  'surrender',
  'recall',
] as const;

type RawSession = NonNullable<ScenarioDocument['spec']['sessions']>[number];
type RawArrivals = NonNullable<ScenarioDocument['spec']['load']>[number]['arrivals'];

/**
 * A load's profile as written: a name (its hours and days), 24 hourly weights (every day alike), or
 * hours, days and a month-end peak; days default to those of the profile named in hours.
 */
function arrivalProfile(written: RawArrivals['profile']): ArrivalProfile {
  if (written === undefined || typeof written === 'string') return arrivalProfileByName(written ?? 'flat');
  if (Array.isArray(written))
    return { hours: written, days: arrivalProfileByName('flat').days, monthEnd: null };
  const hours = written.hours ?? 'flat';
  const days = written.days ?? (typeof hours === 'string' ? hours : 'flat');
  return {
    hours: typeof hours === 'string' ? PROFILES[hours] : hours,
    days: typeof days === 'string' ? arrivalProfileByName(days).days : days,
    monthEnd: written.monthEnd ?? null,
  };
}
type RawEvent = NonNullable<ScenarioDocument['spec']['timeline']>[number];

function timelineAction(e: RawEvent, path: YamlPath, problems: Problems): TimelineAction | null {
  if (e.outage) {
    const o = e.outage;
    const targets = [
      o.site !== undefined && (['site', o.site] as const),
      o.node !== undefined && (['node', o.node] as const),
      o.license !== undefined && (['license', o.license] as const),
      o.licenseServer === true && (['license-server', 'license-server'] as const),
      o.haServer !== undefined && (['ha-server', o.haServer] as const),
      o.haLink !== undefined && (['ha-link', o.haLink] as const),
      o.vendorCloud !== undefined && (['vendor-cloud', o.vendorCloud] as const),
      o.clientLink !== undefined && (['client-link', o.clientLink] as const),
    ].filter((t) => t !== false);
    if (targets.length !== 1) {
      problems.error(
        path,
        'an outage names exactly one of site, node, license, licenseServer: true, haServer, haLink, vendorCloud, clientLink',
      );
      return null;
    }
    const [target, id] = targets[0]!;
    if (o.reconciled !== undefined && target !== 'client-link') {
      problems.error([...path, 'reconciled'], 'reconciled applies to a clientLink outage only (P4)', 'key');
      return null;
    }
    return {
      kind: 'outage',
      target,
      id,
      durationMs: durationMs(o.duration) ?? 0,
      reconciled: o.reconciled ?? true,
    };
  }
  if (e.activate) return { kind: 'activate', license: e.activate.license };
  if (e.renew) return { kind: 'renew', license: e.renew.license, end: e.renew.end };
  if (e.upgrade)
    return {
      kind: 'upgrade',
      license: e.upgrade.license,
      count: e.upgrade.count,
      approved: e.upgrade.approved ?? false,
    };
  if (e.expire) return { kind: 'expire', license: e.expire.license };
  if (e.enable) return { kind: 'enable', license: e.enable.license };
  if (e.disable) return { kind: 'disable', license: e.disable.license };
  if (e.allocate) {
    const { client, feature, reserved, incremental, maximum } = e.allocate;
    if (reserved === undefined && incremental === undefined && maximum === undefined) {
      problems.error(path, 'an allocation change names at least one of reserved, incremental, maximum');
      return null;
    }
    const given = (n: number | undefined) => n ?? null;
    return {
      kind: 'allocate',
      client,
      feature,
      reserved: given(reserved),
      incremental: given(incremental),
      maximum: given(maximum),
    };
  }
  if (e.deallocate) return { kind: 'deallocate', client: e.deallocate.client, feature: e.deallocate.feature };
  if (e.restore) return { kind: 'restore', server: e.restore.licenseServer };
  if (e.surrender) return { kind: 'surrender', client: e.surrender.client, license: e.surrender.license };
  if (e.recall) return { kind: 'recall', client: e.recall.client, license: e.recall.license };
  return null;
}
