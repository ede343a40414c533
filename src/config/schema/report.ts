import { type Static, Type } from '@sinclair/typebox';
import {
  alertKinds,
  entitlementActions,
  leaseActions,
  licenseActions,
  serverConcerns,
  stateNames,
} from '../../vocabulary.js';
import { INSTANT_PATTERN } from '../instant.js';
import { CoverageReport } from './coverage.js';

/** The JSON report of `simulate` and `test`: one entry per scenario run against one policy. */

const At = Type.String({
  pattern: INSTANT_PATTERN,
  description: 'Virtual instant, ISO 8601 in UTC with milliseconds (2027-12-10T23:00:00.000Z).',
});
const Facts = Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Null()]), {
  description:
    'The facts the rule saw, by name (docs/rule-catalogue.md lists every fact of every rule set): numbers, a lifecycle state by its name, null for "no limit", unlimited for an unlimited stock (P15).',
});
const State = Type.Union(stateNames.map((s) => Type.Literal(s)));
const Rule = {
  rule: Type.Union([Type.String(), Type.Null()], { description: 'The json-rules-engine rule that decided.' }),
  ruleIds: Type.String({ description: 'Rule catalogue IDs (docs/rule-catalogue.md), space-separated.' }),
};

const PoolReport = Type.Object(
  {
    id: Type.String({ description: 'The pool, as the policy names it.' }),
    capacity: Type.Integer({ description: 'Effective capacity at the start of the run.' }),
    capacityAtEnd: Type.Integer({ description: 'Effective capacity at the end of the run.' }),
    capacityMin: Type.Integer({ description: 'Lowest effective capacity during the run.' }),
    capacityOverTime: Type.Array(
      Type.Object(
        {
          at: At,
          capacity: Type.Integer({ description: 'Effective capacity from then on.' }),
          reason: Type.String({
            description:
              'Why it changed: initial licenses, an upgrade or downgrade, a license failing, a state entered…',
          }),
          warningLevel: Type.Union([Type.Number(), Type.Null()], {
            description:
              'Sessions in use at which the usage-warning alert stands from then on: the capacity × the warning share (W11); null without one.',
          }),
          criticalLevel: Type.Union([Type.Number(), Type.Null()], {
            description:
              'Sessions in use at which the usage-critical alert stands from then on (W11); null without one.',
          }),
        },
        { additionalProperties: false },
      ),
      {
        description: 'Every change of effective capacity (the first 200).',
      },
    ),
    peak: Type.Integer({ description: 'Peak concurrent sessions.' }),
    mean: Type.Number({ description: 'Time-weighted mean concurrent sessions.' }),
    p95: Type.Integer({ description: 'Time-weighted 95th percentile of concurrent sessions.' }),
    admitted: Type.Integer({ description: 'Sessions admitted.' }),
    denied: Type.Integer({ description: 'Sessions refused by a rule (see denials for which).' }),
    unavailable: Type.Integer({ description: 'Sessions that found no node up at their site.' }),
    denialRate: Type.Number({ description: 'denied / (admitted + denied).' }),
    endedEarly: Type.Record(Type.String(), Type.Integer(), {
      description: 'Sessions ended before their natural end, by cause (idle-timeout, outage, lifecycle).',
    }),
    secondsAboveWarning: Type.Number({ description: 'Seconds with the usage-warning alert raised.' }),
    secondsAboveCritical: Type.Number({ description: 'Seconds with the usage-critical alert raised.' }),
    secondsOverLimit: Type.Number({ description: 'Seconds with more sessions in use than licensed.' }),
    usageWarning: Type.Union([Type.Number(), Type.Null()], {
      description:
        'The usage-warning threshold as a share of capacity (W11), null when the policy sets none.',
    }),
    usageCritical: Type.Union([Type.Number(), Type.Null()], {
      description:
        'The usage-critical threshold as a share of capacity (W11), null when the policy sets none.',
    }),
    overTime: Type.Object(
      {
        bucketSeconds: Type.Integer({
          description:
            'Width of every bucket: the smallest of 1 s, 5 s, 15 s, 30 s, 1 min, 5 min, 15 min, 30 min, 1 h, 2 h, 3 h, 6 h, 12 h, 1 day, 1 week (then whole weeks) that covers the run in at most 500 buckets.',
        }),
        points: Type.Array(
          Type.Object(
            {
              at: At,
              min: Type.Integer({ description: 'Lowest concurrency held in the bucket.' }),
              max: Type.Integer({
                description:
                  'Highest concurrency held in the bucket, however briefly: the highest max is the peak exactly.',
              }),
              denied: Type.Integer({ description: 'Sessions denied in the bucket.' }),
            },
            { additionalProperties: false },
          ),
          { description: 'One point per bucket from the start of the run, at the start of its bucket.' },
        ),
      },
      {
        additionalProperties: false,
        description: 'Concurrency over time, downsampled to at most 500 buckets without losing peaks.',
      },
    ),
    dailyPeaks: Type.Array(
      Type.Object(
        {
          date: Type.String({ description: 'The calendar day in the policy’s time zone, YYYY-MM-DD.' }),
          peak: Type.Integer({
            description: 'Highest concurrency that day (the level at midnight included).',
          }),
          denied: Type.Integer({ description: 'Sessions denied that day.' }),
        },
        { additionalProperties: false },
      ),
      { description: 'Every day of the run in the policy’s time zone, in order.' },
    ),
    deniedByHour: Type.Array(Type.Integer(), {
      minItems: 24,
      maxItems: 24,
      description: 'Sessions denied in each hour of the day (policy’s time zone), 00:00–01:00 first.',
    }),
    deniedByWeekday: Type.Array(Type.Integer(), {
      minItems: 7,
      maxItems: 7,
      description: 'Sessions denied on each day of the week (policy’s time zone), Monday first.',
    }),
    busyHour: Type.Union(
      [
        Type.Object(
          {
            at: At,
            offered: Type.Integer({ description: 'Sessions offered (admitted + denied) in that hour.' }),
            denied: Type.Integer({ description: 'Sessions refused by a rule in that hour.' }),
            denialRate: Type.Number({ description: 'denied / offered in that hour.' }),
            concurrency: Type.Number({
              description: 'Mean sessions in use over the hour: the traffic carried, in erlangs.',
            }),
            peak: Type.Integer({ description: 'Most sessions in use at once in that hour.' }),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ],
      {
        description:
          'The busy hour, as telephony sizing takes it: of the hours counted from the run’s start, the one of highest offered load (carried traffic + sessions refused × mean holding time; the earliest on a tie); null when none was offered.',
      },
    ),
  },
  { additionalProperties: false },
);

const LifecycleEntry = Type.Object(
  {
    at: At,
    pool: Type.String({ description: 'The pool whose lifecycle changed state.' }),
    from: Type.Union([State, Type.Null()], { description: 'null for the initial state.' }),
    to: Type.Union(
      stateNames.map((s) => Type.Literal(s)),
      { description: 'The state entered.' },
    ),
    event: Type.String({ description: 'The lifecycle event, or timeout for a timed state ending.' }),
    reason: Type.String({ description: 'Why, in words (the license that ended, the period that elapsed…).' }),
    ...Rule,
    facts: Facts,
  },
  { additionalProperties: false },
);

const AlertEntry = Type.Object(
  {
    at: At,
    pool: Type.String({ description: 'The pool the alert is about.' }),
    kind: Type.Union(
      alertKinds.map((k) => Type.Literal(k)),
      { description: 'The alert raised.' },
    ),
    message: Type.String({ description: 'The alert as an operator would read it.' }),
    ...Rule,
    facts: Facts,
  },
  { additionalProperties: false },
);

const DenialEntry = Type.Object(
  {
    pool: Type.String({ description: 'The pool the sessions asked for.' }),
    ...Rule,
    message: Type.String({ description: 'What the refused user was told.' }),
    count: Type.Integer({ description: 'Sessions this rule refused in this pool.' }),
    first: Type.Object(
      {
        at: At,
        session: Type.Integer({ description: 'The session number, in order offered.' }),
        facts: Facts,
      },
      {
        additionalProperties: false,
        description: 'The first of these denials, with the facts the rule saw.',
      },
    ),
  },
  { additionalProperties: false, description: 'Denials grouped by pool and deciding rule.' },
);

const ExpectationResult = Type.Object(
  {
    description: Type.String({ description: 'The expectation in words, or its name.' }),
    location: Type.String({ description: 'file:line:col of the expectation.' }),
    passed: Type.Boolean({ description: 'Whether it held.' }),
    expected: Type.String({ description: 'What was expected, in words.' }),
    actual: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()], {
      description: 'What the run gave.',
    }),
  },
  { additionalProperties: false },
);

export const ScenarioRunReport = Type.Object(
  {
    scenario: Type.String({ description: 'The scenario, as its metadata.name gives it.' }),
    file: Type.String({ description: 'The scenario file, relative to the working folder when inside it.' }),
    policy: Type.String({ description: 'The policy run against, as its metadata.name gives it.' }),
    policyFile: Type.String({
      description: 'The policy file, relative to the working folder when inside it.',
    }),
    timeZone: Type.String({
      description:
        'The policy’s IANA time zone: license dates are its calendar days, and text output shows instants in it.',
    }),
    seed: Type.Integer({ description: 'The random seed used: same inputs and seed, same report.' }),
    start: At,
    end: At,
    exercises: Type.Array(Type.String(), { description: 'Rule IDs the scenario says it exercises.' }),
    pools: Type.Array(PoolReport, { description: 'Figures per pool.' }),
    lifecycle: Type.Array(LifecycleEntry, {
      description: 'Every lifecycle transition, in order (the first 10,000).',
    }),
    alerts: Type.Array(AlertEntry, { description: 'Alerts raised, in order (the first 200).' }),
    alertCounts: Type.Array(
      Type.Object(
        {
          pool: Type.String({ description: 'The pool.' }),
          kind: Type.String({ description: 'The alert kind.' }),
          count: Type.Integer({ description: 'Times it was raised, counted past the list limit too.' }),
        },
        { additionalProperties: false },
      ),
      { description: 'Alerts raised per pool and kind, in the order each was first raised.' },
    ),
    denials: Type.Array(DenialEntry, { description: 'Denials by pool and rule, in the order first seen.' }),
    licenseEvents: Type.Array(
      Type.Object(
        {
          at: At,
          action: Type.Union(
            licenseActions.map((a) => Type.Literal(a)),
            { description: 'What the timeline did to the license.' },
          ),
          license: Type.String({ description: 'The license, as the policy names it.' }),
          detail: Type.String({ description: 'The new end date or count, when the action has one.' }),
        },
        { additionalProperties: false },
      ),
      {
        description: 'License keys activated, renewed, upgraded or expired by the timeline (the first 200).',
      },
    ),
    failovers: Type.Array(
      Type.Object(
        {
          at: At,
          from: Type.String({ description: 'The node that failed.' }),
          to: Type.String({ description: 'The surviving node its sessions moved to.' }),
          sessions: Type.Integer({ description: 'Sessions moved, with no new license (W1).' }),
        },
        { additionalProperties: false },
      ),
      { description: 'Node failovers (the first 200).' },
    ),
    leases: Type.Optional(
      Type.Object(
        {
          clients: Type.Array(
            Type.Object(
              {
                client: Type.String({
                  description: "The client that leases: a cluster's lease leader (P5).",
                }),
                cluster: Type.Union([Type.String(), Type.Null()], {
                  description: 'Its cluster, or null for a standalone client.',
                }),
                feature: Type.String({ description: 'The feature leased, as the policy names it.' }),
                counts: Type.Object(
                  Object.fromEntries(
                    leaseActions.map((a) => [
                      a,
                      Type.Integer({ description: `Leases ${a}, counted in full.` }),
                    ]),
                  ),
                  { additionalProperties: false, description: 'How many times each lease action happened.' },
                ),
                peak: Type.Integer({ description: 'The most it leased at once.' }),
                atEnd: Type.Integer({ description: 'What it leased at the end of the run.' }),
              },
              { additionalProperties: false },
            ),
            { description: 'Each client (or cluster) and feature leased, in the order first leased.' },
          ),
          decisions: Type.Array(
            Type.Object(
              {
                at: At,
                action: Type.Union(
                  leaseActions.map((a) => Type.Literal(a)),
                  { description: 'What happened to the lease.' },
                ),
                client: Type.String({ description: "The client that asked (a cluster's lease leader)." }),
                cluster: Type.Union([Type.String(), Type.Null()], { description: 'Its cluster, or null.' }),
                feature: Type.String({ description: 'The feature.' }),
                count: Type.Integer({
                  description: 'Sessions granted, asked for when refused, renewed, released or taken back.',
                }),
                leased: Type.Integer({ description: 'What the client leased after it.' }),
                reason: Type.String({ description: 'What was asked and why it ended so.' }),
                ...Rule,
                facts: Facts,
              },
              { additionalProperties: false },
            ),
            {
              description:
                'Lease decisions in order, every one but renewals that changed nothing (the first 200).',
            },
          ),
          dropped: Type.Integer({ description: 'Decisions left out of decisions.' }),
        },
        {
          additionalProperties: false,
          description:
            'P3, P5, P6: what the clients leased from the license servers; present only when the policy has license servers.',
        },
      ),
    ),
    autoLeasing: Type.Optional(
      Type.Array(
        Type.Object(
          {
            at: At,
            server: Type.String({ description: 'The license server.' }),
            client: Type.Union([Type.String(), Type.Null()], {
              description:
                "The disconnected client (a cluster's lease leader) whose auto-leasing switched; null for the server's switch of the feature.",
            }),
            feature: Type.String({ description: 'The feature.' }),
            enabled: Type.Boolean({ description: 'Whether auto-leasing is on from then.' }),
            reason: Type.String({ description: 'Why it switched.' }),
            ...Rule,
            facts: Facts,
          },
          { additionalProperties: false },
        ),
        {
          description:
            'P4: auto-leasing switches in order, with the facts that decided them; present only when the policy has license servers.',
        },
      ),
    ),
    servers: Type.Optional(
      Type.Array(
        Type.Object(
          {
            at: At,
            server: Type.String({ description: 'The license server, as the policy names it.' }),
            concern: Type.Union(
              serverConcerns.map((c) => Type.Literal(c)),
              {
                description:
                  'Which of its lifecycles changed: ha (its HA pairing, P8), heartbeat (vendor-cloud contact, P9), restored (a secondary restored from a backup, P9).',
              },
            ),
            from: Type.Union(
              stateNames.map((s) => Type.Literal(s)),
              { description: 'The state left.' },
            ),
            to: Type.Union(
              stateNames.map((s) => Type.Literal(s)),
              { description: 'The state entered.' },
            ),
            event: Type.String({
              description: 'The event: LOST, RESTORED, or timeout at the end of a grace.',
            }),
            reason: Type.String({ description: 'Why, in words.' }),
            ruleIds: Rule.ruleIds,
          },
          { additionalProperties: false },
        ),
        {
          description:
            'P8, P9: every change of a license server’s lifecycles, in order (the first 10,000); present only when the policy has an HA pair or a virtual server.',
        },
      ),
    ),
    entitlements: Type.Optional(
      Type.Object(
        {
          changes: Type.Array(
            Type.Object(
              {
                at: At,
                action: Type.Union(
                  entitlementActions.map((a) => Type.Literal(a)),
                  {
                    description:
                      'valid or ended: it began or stopped counting; waiting, never, dormant: why it does not count at the start; enabled or disabled: emergency mode; refused: a change refused (X3); near-limit, limit-reached: named-user seats (P12); downloaded: installed by a key download (P13).',
                  },
                ),
                license: Type.String({ description: 'The license key.' }),
                pool: Type.String({ description: 'The pool it counts in.' }),
                count: Type.Integer({ description: 'The sessions it gives while valid.' }),
                reason: Type.String({ description: 'Why, in the words of the rule.' }),
                ruleIds: Type.String({ description: 'The rule IDs behind it (P10, P11).' }),
              },
              { additionalProperties: false },
            ),
            { description: 'Changes of what each key gives, in order (the first 200).' },
          ),
          dropped: Type.Integer({ description: 'Changes left out of changes.' }),
          keyDownloads: Type.Optional(
            Type.Object(
              {
                downloads: Type.Array(
                  Type.Object(
                    {
                      at: At,
                      every: Type.String({ description: 'The interval to the next download (ISO 8601).' }),
                      next: Type.Union([At, Type.Null()], {
                        description: 'The next download, or null when it falls after the run.',
                      }),
                      reason: Type.String({
                        description: 'Why that interval: the nearest end, or none near.',
                      }),
                    },
                    { additionalProperties: false },
                  ),
                  { description: 'Every key download, in order (the first 200).' },
                ),
                dropped: Type.Integer({ description: 'Downloads left out of downloads.' }),
              },
              {
                additionalProperties: false,
                description:
                  'P13: the automatic key downloads; present only when the policy sets entitlements.keyDownloads.',
              },
            ),
          ),
        },
        {
          additionalProperties: false,
          description:
            'P10, P11: when renewal, emergency and evaluation keys began or stopped counting; present only when the policy has such keys or declares entitlements.',
        },
      ),
    ),
    truncated: Type.Object(
      {
        lifecycle: Type.Integer({ description: 'Transitions left out of lifecycle.' }),
        alerts: Type.Integer({ description: 'Alerts left out of alerts.' }),
        failovers: Type.Integer({ description: 'Failovers left out of failovers.' }),
        licenseEvents: Type.Integer({ description: 'License events left out of licenseEvents.' }),
        capacityOverTime: Type.Integer({ description: 'Capacity changes left out, over all pools.' }),
      },
      {
        additionalProperties: false,
        description: 'Entries left out of the lists above to keep memory flat (counts stay exact).',
      },
    ),
    expectations: Type.Array(ExpectationResult, {
      description: 'Each expectation of the scenario that applies to this policy.',
    }),
    passed: Type.Boolean({ description: 'Every expectation held.' }),
    stats: Type.Object(
      {
        events: Type.Integer({ description: 'Events the simulation handled.' }),
        sessionsOffered: Type.Integer({ description: 'Sessions that asked to start, admitted or not.' }),
        engineRuns: Type.Integer({ description: 'Rules-engine evaluations; the rest were memoised.' }),
      },
      { additionalProperties: false, description: 'Counts about the run itself.' },
    ),
  },
  { additionalProperties: false, description: 'One scenario run against one policy.' },
);
export type ScenarioRunReport = Static<typeof ScenarioRunReport>;

const FileError = Type.Object(
  {
    file: Type.String({ description: 'The file that could not be run, as given.' }),
    diagnostics: Type.Array(
      Type.Object(
        {
          file: Type.String({
            description: 'The file the problem is in (the scenario or a policy it names).',
          }),
          line: Type.Integer({ description: '1-based line.' }),
          column: Type.Integer({ description: '1-based column.' }),
          severity: Type.Union([Type.Literal('error'), Type.Literal('warning')], {
            description: 'An error makes the file unusable; a warning does not.',
          }),
          message: Type.String({ description: 'What is wrong, and how to fix it.' }),
        },
        { additionalProperties: false },
      ),
      { description: 'Every problem found, located.' },
    ),
  },
  { additionalProperties: false, description: 'A file licensim test could not run.' },
);

export const Report = Type.Object(
  {
    licensim: Type.Literal('v1', { description: 'Report format version.' }),
    scenarios: Type.Array(ScenarioRunReport, {
      description: 'Every run, scenario by scenario, policy by policy.',
    }),
    errors: Type.Optional(
      Type.Array(FileError, {
        description: 'licensim test only: files that could not be run, each an error (exit code 2).',
      }),
    ),
    coverage: Type.Optional(CoverageReport),
    passed: Type.Boolean({ description: 'Every expectation passed and every file could be run.' }),
  },
  { additionalProperties: false, description: 'Result of licensim simulate or licensim test.' },
);
export type Report = Static<typeof Report>;
