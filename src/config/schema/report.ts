import { type Static, Type } from '@sinclair/typebox';
import { alertKinds, stateNames } from '../../vocabulary.js';
import { INSTANT_PATTERN } from '../instant.js';

/** The JSON report of `simulate` and `test`: one entry per scenario run against one policy. */

const At = Type.String({ pattern: INSTANT_PATTERN, description: 'Virtual instant (UTC).' });
const Facts = Type.Record(Type.String(), Type.Number(), { description: 'The facts the rule saw.' });
const State = Type.Union(stateNames.map((s) => Type.Literal(s)));
const Rule = {
  rule: Type.Union([Type.String(), Type.Null()], { description: 'The json-rules-engine rule that decided.' }),
  ruleIds: Type.String({ description: 'Rule catalogue IDs (docs/rule-catalogue.md), space-separated.' }),
};

const PoolReport = Type.Object(
  {
    id: Type.String(),
    capacity: Type.Integer({ description: 'Effective capacity at the start of the run.' }),
    capacityAtEnd: Type.Integer({ description: 'Effective capacity at the end of the run.' }),
    capacityMin: Type.Integer({ description: 'Lowest effective capacity during the run.' }),
    capacityOverTime: Type.Array(Type.Object({ at: At, capacity: Type.Integer() }), {
      description: 'Every change of effective capacity.',
    }),
    peak: Type.Integer({ description: 'Peak concurrent sessions.' }),
    mean: Type.Number({ description: 'Time-weighted mean concurrent sessions.' }),
    p95: Type.Integer({ description: 'Time-weighted 95th percentile of concurrent sessions.' }),
    admitted: Type.Integer(),
    denied: Type.Integer(),
    unavailable: Type.Integer({ description: 'Sessions that found no node up at their site.' }),
    denialRate: Type.Number({ description: 'denied / (admitted + denied).' }),
    endedEarly: Type.Record(Type.String(), Type.Integer(), {
      description: 'Sessions ended before their natural end, by cause (idle-timeout, outage, lifecycle).',
    }),
    secondsAboveWarning: Type.Number(),
    secondsAboveCritical: Type.Number(),
    secondsOverLimit: Type.Number(),
  },
  { additionalProperties: false },
);

const LifecycleEntry = Type.Object(
  {
    at: At,
    pool: Type.String(),
    from: Type.Union([State, Type.Null()], { description: 'null for the initial state.' }),
    to: State,
    event: Type.String({ description: 'The lifecycle event, or timeout for a timed state ending.' }),
    reason: Type.String(),
    ...Rule,
    facts: Facts,
  },
  { additionalProperties: false },
);

const AlertEntry = Type.Object(
  {
    at: At,
    pool: Type.String(),
    kind: Type.Union(alertKinds.map((k) => Type.Literal(k))),
    message: Type.String(),
    ...Rule,
    facts: Facts,
  },
  { additionalProperties: false },
);

const DenialEntry = Type.Object(
  {
    pool: Type.String(),
    ...Rule,
    message: Type.String({ description: 'What the refused user was told.' }),
    count: Type.Integer(),
    first: Type.Object({ at: At, session: Type.Integer(), facts: Facts }, { additionalProperties: false }),
  },
  { additionalProperties: false, description: 'Denials grouped by pool and deciding rule.' },
);

const ExpectationResult = Type.Object(
  {
    description: Type.String(),
    location: Type.String({ description: 'file:line:col of the expectation.' }),
    passed: Type.Boolean(),
    expected: Type.String(),
    actual: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const ScenarioRunReport = Type.Object(
  {
    scenario: Type.String(),
    file: Type.String(),
    policy: Type.String(),
    policyFile: Type.String(),
    seed: Type.Integer(),
    start: At,
    end: At,
    exercises: Type.Array(Type.String()),
    pools: Type.Array(PoolReport),
    lifecycle: Type.Array(LifecycleEntry),
    alerts: Type.Array(AlertEntry, { description: 'Alerts raised, in order (the first 200).' }),
    alertCounts: Type.Array(
      Type.Object(
        { pool: Type.String(), kind: Type.String(), count: Type.Integer() },
        { additionalProperties: false },
      ),
    ),
    denials: Type.Array(DenialEntry),
    failovers: Type.Array(
      Type.Object(
        { at: At, from: Type.String(), to: Type.String(), sessions: Type.Integer() },
        { additionalProperties: false },
      ),
    ),
    truncated: Type.Object(
      {
        lifecycle: Type.Integer(),
        alerts: Type.Integer(),
        failovers: Type.Integer(),
        capacityOverTime: Type.Integer(),
      },
      {
        additionalProperties: false,
        description: 'Entries left out of the lists above to keep memory flat (counts stay exact).',
      },
    ),
    expectations: Type.Array(ExpectationResult),
    passed: Type.Boolean({ description: 'Every expectation held.' }),
    stats: Type.Object(
      {
        events: Type.Integer(),
        sessionsOffered: Type.Integer(),
        engineRuns: Type.Integer({ description: 'Rules-engine evaluations; the rest were memoised.' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
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
          severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
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
    scenarios: Type.Array(ScenarioRunReport),
    errors: Type.Optional(
      Type.Array(FileError, {
        description: 'licensim test only: files that could not be run, each an error (exit code 2).',
      }),
    ),
    passed: Type.Boolean({ description: 'Every expectation passed and every file could be run.' }),
  },
  { additionalProperties: false, description: 'Result of licensim simulate or licensim test.' },
);
export type Report = Static<typeof Report>;
