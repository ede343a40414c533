import { type Static, Type } from '@sinclair/typebox';
import { type ExpectationInput, ExpectationSchema } from '../../expectations/kinds.js';
import { holdingDistributions, profileNames, spreadKinds } from '../../vocabulary.js';
import {
  atMost,
  CalendarDate,
  Document,
  Duration,
  Fraction,
  Identifier,
  Instant,
  MAX_ARRIVALS_PER_HOUR,
  MAX_LICENSE_SESSIONS,
  Moment,
  RuleId,
  SessionCount,
  Strict,
} from './common.js';

/** Lognormal sigma: beyond this nearly every session lasts no time at all while a few last for ages. */
const MAX_SIGMA = 10;
/** Relative weights of an hourly profile; only their ratios matter. */
const MAX_PROFILE_WEIGHT = 1_000_000;

const NamedProfile = (description: string) =>
  Type.Union(
    profileNames.map((p) => Type.Literal(p)),
    { description },
  );

const HourWeights = Type.Array(Type.Number({ minimum: 0, maximum: MAX_PROFILE_WEIGHT }), {
  minItems: 24,
  maxItems: 24,
  description: `24 relative weights, one per hour of the day in the policy’s time zone ${atMost(MAX_PROFILE_WEIGHT)}.`,
});

const DayWeights = Type.Array(Type.Number({ minimum: 0, maximum: MAX_PROFILE_WEIGHT }), {
  minItems: 7,
  maxItems: 7,
  description: `7 relative weights, Monday to Sunday ${atMost(MAX_PROFILE_WEIGHT)}.`,
});

const Where = {
  site: Type.Optional(Identifier('Site where the sessions start. Default: the policy’s first site.')),
  node: Type.Optional(Identifier('Node the sessions connect to. Default: spread over the site’s nodes.')),
};

const Holding = Strict(
  {
    distribution: Type.Optional(
      Type.Union(
        holdingDistributions.map((d) => Type.Literal(d)),
        {
          description: 'Holding-time distribution. Default: exponential.',
        },
      ),
    ),
    mean: Duration('Mean session length.'),
    sigma: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: MAX_SIGMA,
        description: `Lognormal only: sigma of the underlying normal (at most ${MAX_SIGMA}).`,
      }),
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
        perHour: Type.Optional(
          Type.Number({
            minimum: 0,
            maximum: MAX_ARRIVALS_PER_HOUR,
            description: `Arrival rate per hour at the profile’s busiest hour ${atMost(MAX_ARRIVALS_PER_HOUR)}; a run is also refused when it would simulate over 1,000,000,000 events. Give perHour or concurrency.`,
          }),
        ),
        concurrency: Type.Optional(
          Fraction(
            'Share of the users in a session at the profile’s busiest hour, e.g. 0.25 or 25%: the rate is users × concurrency ÷ the mean holding time in hours (Little’s law). Give perHour or concurrency.',
          ),
        ),
        profile: Type.Optional(
          Type.Union(
            [
              NamedProfile('A named profile: its hours and its days of the week.'),
              HourWeights,
              Strict(
                {
                  hours: Type.Optional(
                    Type.Union([NamedProfile('The hours of a named profile.'), HourWeights], {
                      description: 'Hour-of-day weights. Default: those of flat.',
                    }),
                  ),
                  days: Type.Optional(
                    Type.Union([NamedProfile('The days of a named profile.'), DayWeights], {
                      description:
                        'Day-of-week weights. Default: those of the profile named in hours, else every day alike.',
                    }),
                  ),
                  monthEnd: Type.Optional(
                    Strict(
                      {
                        days: Type.Integer({
                          minimum: 1,
                          maximum: 28,
                          description: 'How many last days of each month are busier (1 to 28).',
                        }),
                        factor: Type.Number({
                          exclusiveMinimum: 0,
                          maximum: MAX_PROFILE_WEIGHT,
                          description: `What those days' weights are multiplied by ${atMost(MAX_PROFILE_WEIGHT)}.`,
                        }),
                      },
                      {
                        description:
                          'A month-end peak: the last days of each local month, busier by a factor.',
                      },
                    ),
                  ),
                },
                {
                  description:
                    'A calendar profile: weight of an hour = hours[hour of day] × days[day of week] × the month-end factor on those days.',
                },
              ),
            ],
            {
              description:
                'When sessions arrive, in the policy’s local time (DST included): a named profile, 24 hourly weights (every day alike), or hours × days × month end. Default: flat.',
            },
          ),
        ),
      },
      {
        description:
          'Poisson arrivals: a rate per hour, or the share of users in a session at the busiest hour.',
      },
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
    at: Moment('When the session(s) start; with spread, when their window opens.'),
    duration: Duration('How long each session lasts.'),
    count: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000,
        description: 'How many identical sessions start (at most 1,000,000). Default: 1.',
      }),
    ),
    spread: Type.Optional(
      Type.Union(
        spreadKinds.map((k) => Type.Literal(k)),
        {
          description:
            'Start the count sessions over the window `over` from `at` instead of all at `at`. evenly: ' +
            'session k (from 0) starts at at + k × over / count, rounded down to the millisecond. random: ' +
            'each start is uniform over [at, at + over), drawn from the scenario seed. Needs over.',
        },
      ),
    ),
    over: Type.Optional(
      Duration('With spread: the window the sessions start in; it must end within the scenario.'),
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
    haServer: Type.Optional(
      Identifier(
        'One license server of an HA pair goes down: its peer serves the pair’s clients on the pair’s licenses for the HA grace, then on its own (P8).',
      ),
    ),
    haLink: Type.Optional(
      Identifier(
        'The link between a license server and its HA peer goes down (a cluster split): each keeps the pair’s licenses for the HA grace, then falls back to its own (P8).',
      ),
    ),
    vendorCloud: Type.Optional(
      Identifier(
        'A virtual license server loses contact with the vendor cloud: its heartbeats fail, and licensing is disabled once it has gone without contact for heartbeat.disabledAfter (P9).',
      ),
    ),
    clientLink: Type.Optional(
      Identifier(
        'The WAN link between this license-server client and its server goes down: the client cannot renew, and may auto-lease (P4).',
      ),
    ),
    reconciled: Type.Optional(
      Type.Boolean({
        description:
          'clientLink only. false: when the link is back, the server cannot reconcile what the client auto-leased, and auto-leasing is off for every client and feature for the penalty period (P4). Default: true.',
      }),
    ),
    duration: Duration('How long the outage lasts.'),
  },
  {
    description:
      'An outage: name exactly one of site, node, license, licenseServer, haServer, haLink, vendorCloud, clientLink.',
  },
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
      Strict(
        { license: LicenseRef },
        {
          description:
            'Install and activate a license: one of spec.licenses, or one a license server holds uninstalled (installed: false).',
        },
      ),
    ),
    renew: Type.Optional(
      Strict(
        { license: LicenseRef, end: CalendarDate('New last day of validity.') },
        { description: 'Renewal.' },
      ),
    ),
    upgrade: Type.Optional(
      Strict(
        {
          license: LicenseRef,
          count: SessionCount('New session count', 0, MAX_LICENSE_SESSIONS),
          approved: Type.Optional(
            Type.Boolean({
              description:
                'The vendor approved this decrease (X3), for a policy whose entitlements.decreases is approval. Default: false.',
            }),
          ),
        },
        { description: 'Upgrade or downgrade a license’s count, without downtime (W12).' },
      ),
    ),
    expire: Type.Optional(Strict({ license: LicenseRef }, { description: 'End a license now.' })),
    enable: Type.Optional(
      Strict(
        { license: LicenseRef },
        {
          description:
            'Enable emergency mode with an emergency key: it counts from now until its emergency time is used up (P10).',
        },
      ),
    ),
    disable: Type.Optional(
      Strict(
        { license: LicenseRef },
        {
          description:
            'Disable emergency mode: the emergency key stops counting and keeps what time it has left (P10).',
        },
      ),
    ),
    allocate: Type.Optional(
      Strict(
        {
          client: Identifier('A license-server client of the policy.'),
          feature: Identifier('The feature of its allocation, e.g. concurrent-users.'),
          reserved: Type.Optional(SessionCount('New reserved count (RUC)', 0)),
          incremental: Type.Optional(SessionCount('New incremental quantum (ILQ)', 0)),
          maximum: Type.Optional(SessionCount('New maximum (MUC)', 0)),
        },
        {
          description:
            "Change a client's allocation (P6): a lower maximum cuts its lease at once; anything else takes effect at its next contact.",
        },
      ),
    ),
    surrender: Type.Optional(
      Strict(
        {
          client: Identifier('A license-server client of the policy.'),
          license: Identifier('A whole perpetual user-count license of its pool (spec.licenses).'),
        },
        {
          description:
            "P7: the client surrenders the license to its server, which leases it like its own while the client refreshes the transfer (every 4 hours by default); it leaves the client's pool at once.",
        },
      ),
    ),
    recall: Type.Optional(
      Strict(
        {
          client: Identifier('The client that surrendered the license.'),
          license: Identifier('The license it surrendered.'),
        },
        {
          description:
            'P7: the client recalls a license it surrendered: back in its pool at once, even without contact; its server stops leasing it once it hears of the recall, and leases already granted from it stay valid until their renewal.',
        },
      ),
    ),
    restore: Type.Optional(
      Strict(
        { licenseServer: Identifier('A virtual license server of the policy.') },
        {
          description:
            'A secondary virtual license server restored from this server’s backup takes its place: it serves its clients on the restored grace (heartbeat.restoredGrace), after which licensing is disabled (P9).',
        },
      ),
    ),
    deallocate: Type.Optional(
      Strict(
        {
          client: Identifier('A license-server client of the policy.'),
          feature: Identifier('The feature of its allocation.'),
        },
        { description: "Delete a client's allocation (P6): what it leased of the feature is freed at once." },
      ),
    ),
  },
  {
    description:
      'A timeline event: name exactly one of outage, activate, renew, upgrade, expire, enable, disable, allocate, deallocate, restore, surrender, recall.',
  },
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
    seed: Type.Optional(
      Type.Integer({
        // Integers beyond 2^53 are rounded when read: two different seeds would give the same run.
        minimum: -Number.MAX_SAFE_INTEGER,
        maximum: Number.MAX_SAFE_INTEGER,
        description:
          'Random seed, a whole number within ±9007199254740991 (2^53 − 1). Same seed, same result. Default: 1.',
      }),
    ),
    load: Type.Optional(Type.Array(Load, { description: 'Stochastic load streams.' })),
    sessions: Type.Optional(
      Type.Array(Session, { description: 'Explicit sessions (at most 10,000,000 in all, counts added up).' }),
    ),
    timeline: Type.Optional(
      Type.Array(TimelineEvent, { description: 'Outages, activations, renewals, upgrades.' }),
    ),
    expect: Type.Optional(
      Type.Array(ExpectationSchema, { description: 'Expectations checked by `licensim test`.' }),
    ),
  },
  { description: 'A timeline replayed against one or more policies.' },
);

export const ScenarioMetadata = Strict(
  {
    name: Identifier('Scenario name, shown in reports.'),
    description: Type.Optional(Type.String({ description: 'What the scenario checks.' })),
    exercises: Type.Optional(
      Type.Array(RuleId, {
        uniqueItems: true,
        description: 'Rule IDs from the rule catalogue (docs/rule-catalogue.md) this scenario exercises.',
      }),
    ),
  },
  { description: "The scenario's name, what it checks and the rule IDs it exercises." },
);

export const ScenarioDocument = Document('Scenario', ScenarioSpec, ScenarioMetadata);
export type ScenarioDocument = Static<typeof ScenarioDocument>;
export type { ExpectationInput };
