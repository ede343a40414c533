import { type Static, type TObject, Type } from '@sinclair/typebox';
import { autoLeaseAt } from '../analysis/auto-lease-log.js';
import { busyHourOf } from '../analysis/busy-hour.js';
import { leasedAt } from '../analysis/lease-log.js';
import type { RunResults } from '../analysis/registry.js';
import { serverStateAt } from '../analysis/server-log.js';
import { Fraction, fraction, Identifier, Moment, Strict } from '../config/schema/common.js';
import type { Run } from '../model/bind.js';
import { alertKinds, type StateName, stateNames } from '../vocabulary.js';

/**
 * Every kind of expectation a scenario can state, one table entry each: its schema (from which the
 * scenario schema and its type derive), how it binds (which keys name it, which moments it resolves,
 * what makes it ill-formed) and how it is checked against a run's analysis results.
 */

const Scope = {
  name: Type.Optional(Type.String({ description: 'A label for this expectation in reports.' })),
  policy: Type.Optional(Identifier('Only check the run against this policy (by metadata.name).')),
  pool: Type.Optional(Identifier('The pool checked. Default: all pools together (or each pool, for state).')),
};
// Counts are compared exactly: beyond 2^53 a number read from YAML is already rounded.
const Count = (description: string) =>
  Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });

/** The keys of a count expectation; exactly one of them per expectation. */
export const countKeys = [
  'deniedAtMost',
  'deniedAtLeast',
  'deniedExactly',
  'admittedAtLeast',
  'admittedExactly',
  'peakAtMost',
  'peakAtLeast',
  'peakExactly',
  'denialRateAtMost',
  'busyHourDenialRateAtMost',
] as const;
type CountKey = (typeof countKeys)[number];

const schemas = {
  state: Strict(
    {
      ...Scope,
      server: Type.Optional(
        Identifier(
          'A license server checked instead of a pool (P8, P9): its most severe state over its HA, heartbeat and restore lifecycles; active until one changes.',
        ),
      ),
      at: Moment('The instant checked.'),
      state: Type.Union(
        stateNames.map((s) => Type.Literal(s)),
        { description: 'The lifecycle state expected at that instant.' },
      ),
    },
    { title: 'state at an instant' },
  ),
  count: Strict(
    {
      ...Scope,
      rule: Type.Optional(
        Type.String({ description: 'Count only denials decided by this rule, e.g. pool-session-limit.' }),
      ),
      deniedAtMost: Type.Optional(
        Count('At most this many sessions denied (in the pool, or in all pools together).'),
      ),
      deniedAtLeast: Type.Optional(
        Count('At least this many sessions denied (in the pool, or in all pools together).'),
      ),
      deniedExactly: Type.Optional(
        Count('Exactly this many sessions denied (in the pool, or in all pools together).'),
      ),
      admittedAtLeast: Type.Optional(Count('At least this many sessions admitted.')),
      admittedExactly: Type.Optional(Count('Exactly this many sessions admitted.')),
      peakAtMost: Type.Optional(
        Count('Peak concurrent sessions at most this (in the pool, or in the busiest pool).'),
      ),
      peakAtLeast: Type.Optional(
        Count('Peak concurrent sessions at least this (in the pool, or in the busiest pool).'),
      ),
      peakExactly: Type.Optional(
        Count('Peak concurrent sessions exactly this (in the pool, or in the busiest pool).'),
      ),
      denialRateAtMost: Type.Optional(Fraction('Denied / offered at most this.')),
      busyHourDenialRateAtMost: Type.Optional(
        Fraction(
          'Denied / offered in the busy hour (the hour of highest offered load, of the pool or of all pools together) at most this; counts every rule.',
        ),
      ),
    },
    { title: 'counts (denied, admitted, peak)' },
  ),
  alert: Strict(
    {
      ...Scope,
      alert: Type.Union(
        alertKinds.map((k) => Type.Literal(k)),
        { description: 'The alert kind.' },
      ),
      raised: Type.Optional(
        Type.Boolean({ description: 'true (default): raised at least once; false: never.' }),
      ),
    },
    { title: 'alert raised or not' },
  ),
  transition: Strict(
    {
      ...Scope,
      transition: Strict(
        {
          from: Type.Optional(
            Type.Union(
              stateNames.map((s) => Type.Literal(s)),
              { description: 'The state left; any when omitted.' },
            ),
          ),
          to: Type.Union(
            stateNames.map((s) => Type.Literal(s)),
            { description: 'The state entered.' },
          ),
        },
        { description: 'The lifecycle transition looked for.' },
      ),
      before: Type.Optional(Moment('It must happen before this instant.')),
      after: Type.Optional(Moment('It must happen at or after this instant.')),
      happens: Type.Optional(
        Type.Boolean({ description: 'false: the transition must not happen. Default: true.' }),
      ),
    },
    { title: 'transition before/after an instant' },
  ),
  leased: Strict(
    {
      name: Scope.name,
      policy: Scope.policy,
      leased: Identifier(
        'A license-server client, or a cluster: what it leases (a cluster member, its cluster).',
      ),
      feature: Type.Optional(Identifier('The feature leased. Default: the one it leases.')),
      at: Type.Optional(Moment('The instant checked. Default: the most it leased at once.')),
      atLeast: Type.Optional(Count('It leased at least this many.')),
      atMost: Type.Optional(Count('It leased at most this many.')),
      exactly: Type.Optional(Count('It leased exactly this many.')),
    },
    { title: 'leased count of a client (P3, P5, P6)' },
  ),
  autoLease: Strict(
    {
      name: Scope.name,
      policy: Scope.policy,
      autoLease: Identifier('The feature whose auto-leasing is checked, e.g. concurrent-users.'),
      client: Type.Optional(
        Identifier(
          "A license-server client (or its cluster): whether it may auto-lease while disconnected. Default: the server's switch of the feature.",
        ),
      ),
      at: Moment('The instant checked.'),
      enabled: Type.Boolean({ description: 'true: auto-leasing is on at that instant; false: it is off.' }),
    },
    { title: 'auto-leasing on or off (P4)' },
  ),
  capacity: Strict(
    {
      ...Scope,
      at: Moment('The instant checked.'),
      capacity: Count(
        'The effective capacity expected then (in the pool, or in all pools together): what the licenses valid at that instant give (P10, P11).',
      ),
    },
    { title: 'capacity at an instant' },
  ),
} as const satisfies Record<string, TObject>;

export type ExpectationKindName = keyof typeof schemas;
export type ExpectationInputOf<K extends ExpectationKindName> = Static<(typeof schemas)[K]>;
/** Moments an expectation may name, resolved to virtual time by the model. */
export type MomentKey = 'at' | 'before' | 'after';

/** An expectation of one kind with its moments resolved. */
export interface BoundExpectation<K extends ExpectationKindName = ExpectationKindName> {
  readonly kind: K;
  readonly input: ExpectationInputOf<K>;
  readonly moments: Readonly<Partial<Record<MomentKey, number>>>;
}

/** What a check found, before the runner adds where the expectation is written. */
export interface Verdict {
  readonly description: string;
  readonly passed: boolean;
  readonly expected: string;
  readonly actual: string | number | boolean | null;
}

/** What a check may read: the run and its analysis results; `format` writes an instant. */
export interface CheckContext {
  readonly run: Run;
  readonly results: RunResults;
  readonly format: (ms: number) => string;
}

interface ExpectationKind<K extends ExpectationKindName> {
  readonly schema: (typeof schemas)[K];
  /** Whether a document's expectation is of this kind (tried in table order). */
  readonly matches: (input: object) => boolean;
  /** A problem the schema cannot express, or null. */
  readonly problem?: (input: ExpectationInputOf<K>) => string | null;
  /** Whether the check reads the lifecycle, which a run may not have kept in full. */
  readonly readsLifecycle: boolean;
  readonly check: (x: BoundExpectation<K>, ctx: CheckContext) => Verdict;
}

const scopeOf = (pool: string | undefined) => (pool === undefined ? 'all pools' : `pool ${pool}`);

export const expectationKinds: { readonly [K in ExpectationKindName]: ExpectationKind<K> } = {
  state: {
    schema: schemas.state,
    matches: (x) => 'state' in x,
    problem: (x) =>
      x.pool !== undefined && x.server !== undefined ? 'name a pool or a server, not both' : null,
    readsLifecycle: true,
    check: ({ input, moments }, { run, results, format }) => {
      const at = moments.at ?? run.scenario.startMs;
      if (input.server !== undefined) {
        const state = serverStateAt(results.servers.items, input.server, at);
        return {
          description: `license server ${input.server} in state ${input.state} at ${format(at)}`,
          passed: state === input.state,
          expected: input.state,
          actual: state,
        };
      }
      const pools = run.policy.pools.filter((p) => input.pool === undefined || p.id === input.pool);
      const states = pools.map((p) => ({ pool: p.id, state: stateAt(results, p.id, at) }));
      const distinct = [...new Set(states.map((s) => s.state))];
      return {
        description: `${scopeOf(input.pool)} in state ${input.state} at ${format(at)}`,
        passed: states.every((s) => s.state === input.state),
        expected: input.state,
        actual: distinct.length === 1 ? distinct[0]! : states.map((s) => `${s.pool}: ${s.state}`).join(', '),
      };
    },
  },
  count: {
    schema: schemas.count,
    matches: (x) => countKeys.some((k) => k in x),
    problem: (x) => {
      const keys = countKeys.filter((k) => k in x);
      return keys.length === 1 ? null : `name one count per expectation (found ${keys.join(', ')})`;
    },
    readsLifecycle: false,
    check: ({ input }, { results }) => checkCount(input, results),
  },
  alert: {
    schema: schemas.alert,
    matches: (x) => 'alert' in x,
    readsLifecycle: false,
    check: ({ input }, { run, results }) => {
      const raised = input.raised ?? true;
      let count = 0;
      run.policy.pools.forEach((p, i) => {
        if (input.pool === undefined || p.id === input.pool)
          count += results.alerts.counts[i]![input.alert] ?? 0;
      });
      return {
        description: `${input.alert} alert ${raised ? 'raised' : 'never raised'} in ${scopeOf(input.pool)}`,
        passed: raised ? count > 0 : count === 0,
        expected: raised ? 'raised at least once' : 'never raised',
        actual: count,
      };
    },
  },
  transition: {
    schema: schemas.transition,
    matches: (x) => 'transition' in x,
    readsLifecycle: true,
    check: ({ input, moments }, { results, format }) => {
      const { from, to } = input.transition;
      const happens = input.happens ?? true;
      const { before, after } = moments;
      const matching = results.lifecycle.items.filter(
        (t) =>
          (input.pool === undefined || t.pool === input.pool) &&
          t.to === to &&
          t.from !== null &&
          t.from !== t.to &&
          (from === undefined || t.from === from) &&
          (before === undefined || t.at < before) &&
          (after === undefined || t.at >= after),
      );
      const window = [
        after !== undefined ? `at or after ${format(after)}` : '',
        before !== undefined ? `before ${format(before)}` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      const what = `transition ${from ?? '*'} → ${to} in ${scopeOf(input.pool)}${window ? ` ${window}` : ''}`;
      const first = matching[0];
      return {
        description: happens ? what : `no ${what}`,
        passed: happens ? matching.length > 0 : matching.length === 0,
        expected: happens ? 'happens' : 'does not happen',
        actual: first ? `${first.pool}: ${first.from} → ${first.to} at ${format(first.at)}` : 'none',
      };
    },
  },
  leased: {
    schema: schemas.leased,
    matches: (x) => 'leased' in x,
    problem: (x) => {
      const keys = leasedKeys.filter((k) => k in x);
      return keys.length === 1
        ? null
        : `name one of ${leasedKeys.join(', ')} (found ${keys.join(', ') || 'none'})`;
    },
    readsLifecycle: false,
    check: ({ input, moments }, { run, results, format }) => {
      const leader = leaderOf(run, input.leased);
      const summaries = results.leases.clients.filter(
        (c) => c.client === leader && (input.feature === undefined || c.feature === input.feature),
      );
      const at = moments.at;
      const actual = summaries.reduce((n, c) => n + (at === undefined ? c.peak : leasedAt(c, at)), 0);
      const key = leasedKeys.find((k) => input[k] !== undefined)!;
      const limit = input[key]!;
      const holds = { atLeast: actual >= limit, atMost: actual <= limit, exactly: actual === limit }[key];
      const words = { atLeast: 'at least', atMost: 'at most', exactly: 'exactly' }[key];
      const when = at === undefined ? 'at its peak' : `at ${format(at)}`;
      const feature = input.feature === undefined ? '' : ` of ${input.feature}`;
      return {
        description: `${input.leased} leases${feature} ${words} ${limit} ${when}`,
        passed: summaries.length > 0 && holds,
        expected: `${words} ${limit}`,
        actual: summaries.length > 0 ? actual : 'never leased',
      };
    },
  },
  autoLease: {
    schema: schemas.autoLease,
    matches: (x) => 'autoLease' in x,
    readsLifecycle: false,
    check: ({ input, moments }, { run, results, format }) => {
      const at = moments.at ?? run.scenario.startMs;
      const client = input.client === undefined ? null : leaderOf(run, input.client);
      const last = autoLeaseAt(results.autoLeasing, input.autoLease, client, at);
      const whose = input.client === undefined ? 'the server' : input.client;
      const want = input.enabled ? 'on' : 'off';
      return {
        description: `auto-leasing of ${input.autoLease} for ${whose} ${want} at ${format(at)}`,
        passed: (last?.enabled ?? false) === input.enabled,
        expected: want,
        actual: last === null ? 'never switched on' : switchText(last),
      };
    },
  },
  capacity: {
    schema: schemas.capacity,
    matches: (x) => 'capacity' in x,
    readsLifecycle: false,
    check: ({ input, moments }, { run, results, format }) => {
      const at = moments.at ?? run.scenario.startMs;
      const pools = run.policy.pools.filter((p) => input.pool === undefined || p.id === input.pool);
      const each = pools.map((p) => capacityAt(results, p.index, at));
      const known = each.every((c) => c !== null);
      const actual = known ? each.reduce<number>((n, c) => n + c!, 0) : null;
      return {
        description: `capacity of ${scopeOf(input.pool)} is ${input.capacity} at ${format(at)}`,
        passed: actual === input.capacity,
        expected: String(input.capacity),
        actual: known ? actual : 'unknown: the capacity changes by then were not all kept',
      };
    },
  },
};

/** A pool's effective capacity at an instant, from its changes; null when the kept list ends before it. */
function capacityAt(results: RunResults, pool: number, at: number): number | null {
  const { overTime } = results.capacity[pool]!;
  let capacity: number | null = null;
  for (const c of overTime.items) {
    if (c.at > at) return capacity;
    capacity = c.capacity;
  }
  return overTime.dropped > 0 ? null : capacity;
}

const leasedKeys = ['atLeast', 'atMost', 'exactly'] as const;

/** A switch as a verdict shows it: which way, why, and the facts the engine weighed. */
function switchText(s: {
  enabled: boolean;
  reason: string;
  facts: Readonly<Record<string, unknown>>;
}): string {
  const facts = Object.entries(s.facts)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? Math.round(v * 1000) / 1000 : v}`)
    .join(', ');
  return `${s.enabled ? 'on' : 'off'}: ${s.reason} (${facts})`;
}

/** The client that leases for a name: itself, its cluster's lease leader, or a cluster's leader by the cluster's name. */
function leaderOf(run: Run, name: string): string {
  const fleet = run.policy.fleet;
  if (fleet === null) return name;
  const cluster =
    fleet.clusters.find((c) => c.id === name) ??
    fleet.clusters.find((c) => c.members.some((m) => fleet.clients[m]!.id === name));
  return cluster === undefined ? name : fleet.clients[cluster.members[0]!]!.id;
}

/** The expectations' schema: any one kind. */
export const ExpectationSchema = Type.Union(
  (Object.keys(expectationKinds) as ExpectationKindName[]).map((k) => expectationKinds[k].schema),
  { description: 'An expectation checked against the run.' },
);
export type ExpectationInput = Static<typeof ExpectationSchema>;

/** The kind of a document's expectation, or null when it names none. */
export function kindOf(input: object): ExpectationKindName | null {
  for (const k of Object.keys(expectationKinds) as ExpectationKindName[]) {
    if (expectationKinds[k].matches(input)) return k;
  }
  return null;
}

/** The lifecycle state of a pool at an instant, from the transitions kept. */
export function stateAt(results: RunResults, pool: string, at: number): StateName | null {
  let state: StateName | null = null;
  for (const t of results.lifecycle.items) {
    if (t.pool !== pool) continue;
    if (t.at > at) break;
    state = t.to;
  }
  return state;
}

type CountInput = ExpectationInputOf<'count'>;

function checkCount(input: CountInput, results: RunResults): Verdict {
  const scope = scopeOf(input.pool);
  const pools = results.usage.pools.filter((p) => input.pool === undefined || p.id === input.pool);
  const rule = input.rule;
  const deniedAll = pools.reduce((s, p) => s + p.denied, 0);
  const denied =
    rule === undefined
      ? deniedAll
      : results.denials
          .filter((d) => d.rule === rule && (input.pool === undefined || d.pool === input.pool))
          .reduce((s, d) => s + d.count, 0);
  const admitted = pools.reduce((s, p) => s + p.admitted, 0);
  // Sessions offered: admitted plus every denial, whichever rule decided it.
  const offered = admitted + deniedAll;
  const peak = pools.reduce((m, p) => Math.max(m, p.peak), 0);
  const hours = results.busyHour.pools.filter((p) => input.pool === undefined || p.id === input.pool);
  const busyHourRate = busyHourOf(results.busyHour, hours)?.denialRate ?? 0;
  const checks: { readonly [k in CountKey]: [string, number, (limit: number, actual: number) => boolean] } = {
    deniedAtMost: ['denied at most', denied, (l, a) => a <= l],
    deniedAtLeast: ['denied at least', denied, (l, a) => a >= l],
    deniedExactly: ['denied exactly', denied, (l, a) => a === l],
    admittedAtLeast: ['admitted at least', admitted, (l, a) => a >= l],
    admittedExactly: ['admitted exactly', admitted, (l, a) => a === l],
    peakAtMost: ['peak at most', peak, (l, a) => a <= l],
    peakAtLeast: ['peak at least', peak, (l, a) => a >= l],
    peakExactly: ['peak exactly', peak, (l, a) => a === l],
    denialRateAtMost: ['denial rate at most', offered > 0 ? denied / offered : 0, (l, a) => a <= l],
    busyHourDenialRateAtMost: ['busy-hour denial rate at most', busyHourRate, (l, a) => a <= l],
  };
  const key = countKeys.find((k) => input[k] !== undefined)!;
  // A rate may be written as a percentage: checked as a fraction, shown as written.
  const written = input[key]!;
  const limit = fraction(written);
  const [words, actual, holds] = checks[key];
  const by = rule !== undefined && key.startsWith('deni') ? ` by rule ${rule}` : '';
  return {
    description: `${scope}: ${words} ${written}${by}`,
    passed: holds(limit, actual),
    expected: `${words} ${written}`,
    actual: Math.round(actual * 1e6) / 1e6,
  };
}
