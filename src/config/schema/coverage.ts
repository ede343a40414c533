import { type Static, Type } from '@sinclair/typebox';

/** The `coverage` of a `licensim test --coverage` report: what the suite made fire, out of what could. */

const Section = <T extends Parameters<typeof Type.Object>[0]>(item: T, what: string) =>
  Type.Object(
    {
      total: Type.Integer({ description: `How many ${what} there are.` }),
      covered: Type.Integer({ description: `How many of them the suite covered.` }),
      percent: Type.Number({ description: 'covered / total in %, to 0.1 (100 when there are none).' }),
      below: Type.Boolean({
        description: 'Whether the exact share is below --threshold (false without one).',
      }),
      items: Type.Array(
        Type.Object(item, { additionalProperties: false, description: `One of the ${what}.` }),
        { description: `Every one of the ${what}, covered or not.` },
      ),
    },
    { additionalProperties: false, description: `Coverage of the ${what}.` },
  );

const Count = Type.Object(
  {
    covered: Type.Integer({ description: 'How many were covered.' }),
    total: Type.Integer({ description: 'How many there are.' }),
  },
  { additionalProperties: false, description: 'How many of them were covered, of how many.' },
);

export const CoverageReport = Type.Object(
  {
    ruleIds: Section(
      {
        id: Type.String({ description: 'A rule catalogue ID (docs/rule-catalogue.md).' }),
        fired: Type.Boolean({ description: 'Whether a trace record of a run carried it.' }),
        namedBy: Type.Array(Type.String(), {
          description: 'The policies (covers) and scenarios (exercises) that name it.',
        }),
      },
      'rule IDs the suite names (policies’ covers, scenarios’ exercises) or its runs carried',
    ),
    transitions: Section(
      {
        policy: Type.String({ description: 'The policy whose machine declares it.' }),
        machine: Type.String({ description: 'license (a pool’s lifecycle) or license-server-<concern>.' }),
        from: Type.String({ description: 'The state it leaves.' }),
        event: Type.String({ description: 'The event that makes it; timeout for a timed state’s end.' }),
        to: Type.String({ description: 'The state it enters.' }),
        taken: Type.Boolean({ description: 'Whether a run took it.' }),
      },
      'lifecycle transitions the policies’ machines declare (out of states a run can reach)',
    ),
    rules: Section(
      {
        policy: Type.String({ description: 'The policy whose rule set has it.' }),
        ruleSet: Type.String({ description: 'The rule set: admission, usage, idle, expiry, lease-grant…' }),
        rule: Type.String({ description: 'The json-rules-engine rule’s name.' }),
        ruleIds: Type.String({ description: 'The rule catalogue IDs it implements.' }),
        fired: Type.Boolean({ description: 'Whether its outcome was acted on in a run.' }),
      },
      'json-rules-engine rules of the policies’ rule sets',
    ),
    policies: Type.Array(
      Type.Object(
        {
          policy: Type.String({ description: 'A policy the suite ran.' }),
          transitions: Count,
          rules: Count,
        },
        { additionalProperties: false, description: 'What the runs of one policy covered.' },
      ),
      { description: 'Transitions taken and rules fired per policy, by policy name.' },
    ),
    threshold: Type.Union([Type.Number(), Type.Null()], {
      description: '--threshold: the least percent each of the three must reach; null when not given.',
    }),
    passed: Type.Boolean({ description: 'Every section reaches the threshold (true without one).' }),
  },
  {
    additionalProperties: false,
    description: 'licensim test --coverage: rule IDs, lifecycle transitions and rules the suite covered.',
  },
);
export type CoverageReport = Static<typeof CoverageReport>;
