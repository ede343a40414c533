import { type Static, Type } from '@sinclair/typebox';
import {
  CalendarDate,
  Document,
  Duration,
  Fraction,
  Identifier,
  Instant,
  Moment,
  RuleId,
  Strict,
} from './common.js';
import { stateNames } from './policy.js';

const Where = {
  site: Type.Optional(Identifier('Site where the sessions start. Default: the policy’s first site.')),
  node: Type.Optional(Identifier('Node the sessions connect to. Default: spread over the site’s nodes.')),
};

const Holding = Strict(
  {
    distribution: Type.Optional(
      Type.Union([Type.Literal('exponential'), Type.Literal('lognormal'), Type.Literal('fixed')], {
        description: 'Holding-time distribution. Default: exponential.',
      }),
    ),
    mean: Duration('Mean session length.'),
    sigma: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: 'Lognormal only: sigma of the underlying normal.' }),
    ),
  },
  { description: 'How long sessions last.' },
);

const Load = Strict(
  {
    id: Type.Optional(Identifier('Name of this load stream, used in user names.')),
    ...Where,
    users: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000,
        description: 'Size of the user population sessions are drawn from (at most 1,000,000). Default: 100.',
      }),
    ),
    arrivals: Strict(
      {
        perHour: Type.Number({
          minimum: 0,
          description: 'Arrival rate per hour at the profile’s busiest hour.',
        }),
        profile: Type.Optional(
          Type.Union(
            [
              Type.Union([Type.Literal('flat'), Type.Literal('business-hours')], {
                description: 'A named hourly profile.',
              }),
              Type.Array(Type.Number({ minimum: 0 }), {
                minItems: 24,
                maxItems: 24,
                description: '24 relative weights, one per hour of the day in the policy’s time zone.',
              }),
            ],
            { description: 'Hourly arrival profile. Default: flat.' },
          ),
        ),
      },
      { description: 'Poisson arrivals.' },
    ),
    holding: Holding,
    idle: Type.Optional(
      Strict(
        {
          share: Fraction('Share of sessions left open and idle after use.'),
          duration: Duration('How long such a session would stay idle if nothing ended it.'),
        },
        { description: 'Sessions users forget to close; an idle timeout (W10) ends them.' },
      ),
    ),
  },
  { description: 'A stochastic load: Poisson arrivals with a holding-time distribution.' },
);

const Session = Strict(
  {
    user: Type.Optional(
      Type.String({ minLength: 1, description: 'Who opens the session(s). Default: user.' }),
    ),
    ...Where,
    at: Moment('When the session(s) start.'),
    duration: Duration('How long each session lasts.'),
    count: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000,
        description: 'How many identical sessions start (at most 1,000,000). Default: 1.',
      }),
    ),
    distinctUsers: Type.Optional(
      Type.Boolean({ description: 'true: each of the count sessions has its own user (user-1, user-2, …).' }),
    ),
    idleAfter: Type.Optional(Duration('The session goes idle this long after it starts.')),
  },
  { description: 'Explicit sessions.' },
);

const Outage = Strict(
  {
    site: Type.Optional(Identifier('A whole site goes down.')),
    node: Type.Optional(Identifier('One node goes down; its cluster peers take over (W1).')),
    license: Type.Optional(Identifier('A license becomes invalid (a license failure, W2).')),
    licenseServer: Type.Optional(Type.Boolean({ description: 'The license server becomes unreachable.' })),
    duration: Duration('How long the outage lasts.'),
  },
  { description: 'An outage: name exactly one of site, node, license, licenseServer.' },
);

const LicenseRef = Identifier('License ID from the policy.');

const TimelineEvent = Strict(
  {
    at: Moment('When the event happens.'),
    policy: Type.Optional(
      Identifier('Apply only in the run against this policy (by metadata.name), when comparing policies.'),
    ),
    outage: Type.Optional(Outage),
    activate: Type.Optional(
      Strict({ license: LicenseRef }, { description: 'Install and activate a license.' }),
    ),
    renew: Type.Optional(
      Strict(
        { license: LicenseRef, end: CalendarDate('New last day of validity.') },
        { description: 'Renewal.' },
      ),
    ),
    upgrade: Type.Optional(
      Strict(
        { license: LicenseRef, count: Type.Integer({ minimum: 0, description: 'New session count.' }) },
        { description: 'Upgrade or downgrade a license’s count, without downtime (W12).' },
      ),
    ),
    expire: Type.Optional(Strict({ license: LicenseRef }, { description: 'End a license now.' })),
  },
  { description: 'A timeline event: name exactly one of outage, activate, renew, upgrade, expire.' },
);

const Scope = {
  name: Type.Optional(Type.String({ description: 'A label for this expectation in reports.' })),
  policy: Type.Optional(Identifier('Only check the run against this policy (by metadata.name).')),
  pool: Type.Optional(Identifier('The pool checked. Default: all pools together (or each pool, for state).')),
};

const StateExpectation = Strict(
  {
    ...Scope,
    at: Moment('The instant checked.'),
    state: Type.Union(
      stateNames.map((s) => Type.Literal(s)),
      { description: 'The lifecycle state expected at that instant.' },
    ),
  },
  { title: 'state at an instant' },
);

const Count = (description: string) => Type.Integer({ minimum: 0, description });

const CountExpectation = Strict(
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
    admittedAtLeast: Type.Optional(Count('At least this many sessions admitted.')),
    peakAtMost: Type.Optional(
      Count('Peak concurrent sessions at most this (in the pool, or in the busiest pool).'),
    ),
    peakAtLeast: Type.Optional(
      Count('Peak concurrent sessions at least this (in the pool, or in the busiest pool).'),
    ),
    denialRateAtMost: Type.Optional(Fraction('Denied / offered at most this.')),
  },
  { title: 'counts (denied, admitted, peak)' },
);

export const alertKinds = ['usage-warning', 'usage-critical', 'over-limit', 'expiry-warning'] as const;

const AlertExpectation = Strict(
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
);

const TransitionExpectation = Strict(
  {
    ...Scope,
    transition: Strict(
      {
        from: Type.Optional(Type.Union(stateNames.map((s) => Type.Literal(s)))),
        to: Type.Union(stateNames.map((s) => Type.Literal(s))),
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
);

export const Expectation = Type.Union(
  [StateExpectation, CountExpectation, AlertExpectation, TransitionExpectation],
  { description: 'An expectation checked against the run.' },
);

export const ScenarioSpec = Strict(
  {
    policy: Type.Optional(Type.String({ minLength: 1, description: 'Policy file, relative to this file.' })),
    policies: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        minItems: 1,
        description: 'Several policy files: the same load is replayed against each (W2 comparisons).',
      }),
    ),
    start: Instant('Start of the simulated period.'),
    duration: Duration('Length of the simulated period.'),
    seed: Type.Optional(Type.Integer({ description: 'Random seed. Same seed, same result. Default: 1.' })),
    load: Type.Optional(Type.Array(Load, { description: 'Stochastic load streams.' })),
    sessions: Type.Optional(Type.Array(Session, { description: 'Explicit sessions.' })),
    timeline: Type.Optional(
      Type.Array(TimelineEvent, { description: 'Outages, activations, renewals, upgrades.' }),
    ),
    expect: Type.Optional(
      Type.Array(Expectation, { description: 'Expectations checked by `licensim test`.' }),
    ),
  },
  { description: 'A timeline replayed against one or more policies.' },
);

export const ScenarioMetadata = Strict({
  name: Identifier('Scenario name, shown in reports.'),
  description: Type.Optional(Type.String({ description: 'What the scenario checks.' })),
  exercises: Type.Optional(
    Type.Array(RuleId, {
      uniqueItems: true,
      description: 'Rule IDs from the rule catalogue (docs/rule-catalogue.md) this scenario exercises.',
    }),
  ),
});

export const ScenarioDocument = Document('Scenario', ScenarioSpec, ScenarioMetadata);
export type ScenarioDocument = Static<typeof ScenarioDocument>;
export type ExpectationInput = Static<typeof Expectation>;
