import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/model/load.js';
import type { Policy } from '../../src/model/policy.js';
import { PolicyRules } from '../../src/rules/policy-rules.js';
import { RuleSet } from '../../src/rules/rule-set.js';
import { admissionRuleSet } from '../../src/rules/rule-sets.js';
import type { RuleOutcome } from '../../src/trace/facts.js';
import { policyFrom, policyYaml, timedState } from '../support/build.js';
import { root } from '../support/cli.js';

const bundled = readdirSync(join(root, 'policies'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** Fact values for one rule set: small and large counts, and values at the edges of the policy's constants. */
function factArb(set: RuleSet, policy: Policy): fc.Arbitrary<number[]> {
  const idle = policy.limits.idleTimeoutMs ?? 0;
  const ranges: Record<string, fc.Arbitrary<number>> = {
    state: fc.integer({ min: 0, max: 4 }),
    siteCapacity: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 2500 })),
    daysToExpiry: fc.integer({ min: -5, max: 400 }),
    idleMs: fc.constantFrom(0, idle - 1, idle, idle + 1),
  };
  const edges = [0, 1, 2, 3, 5, 10, 89, 90, 91, 100, 499, 500, 501, 2000];
  const count = fc.oneof(fc.integer({ min: 0, max: 2500 }), fc.constantFrom(...edges));
  return fc.tuple(...set.facts.map((name) => ranges[name] ?? count));
}

/** What a decision means, without identity: compared between the compiled path and the engine. */
const meaning = (o: RuleOutcome) => ({ rule: o.rule, type: o.type, ruleIds: o.ruleIds, message: o.message });

/** Every fact the engine reads for the caller's `values`: those, the constants, and the derived facts. */
function engineFacts(set: RuleSet, values: readonly number[]): Record<string, number> {
  const v = set.vector();
  v.values.set(values);
  set.lookup(v); // fills the derived facts
  const names = [
    ...set.facts,
    ...Object.keys(set.spec.constants ?? {}),
    ...Object.keys(set.spec.derived ?? {}),
  ];
  return Object.fromEntries(names.map((name, i) => [name, v.values[i]!]));
}

/** Decides every vector both ways: compiled (the engine only on new condition outcomes), and by the engine. */
async function agreeOn(policy: Policy, pick: (rules: PolicyRules) => RuleSet, vectors: number[][]) {
  const compiled = pick(new PolicyRules(policy));
  const reference = pick(new PolicyRules(policy));
  const v = compiled.vector();
  for (const values of vectors) {
    v.values.set(values);
    const decided = await compiled.decide(v);
    const direct = await reference.runEngine(engineFacts(reference, values));
    expect(meaning(decided)).toEqual(meaning(direct));
  }
  // The engine ran at most once per distinct condition outcome, however many vectors were decided.
  expect(compiled.engineRuns).toBeLessThanOrEqual(Math.min(vectors.length, 2 ** compiled.conditions));
}

const ruleSets = {
  admission: (r: PolicyRules) => r.admission,
  usage: (r: PolicyRules) => r.usage,
  idle: (r: PolicyRules) => r.idle,
  expiry: (r: PolicyRules) => r.expiry,
} as const;

describe('rules decided by condition outcomes', () => {
  for (const file of bundled) {
    for (const [name, pick] of Object.entries(ruleSets)) {
      it(`${file}: the compiled ${name} decision equals engine.run on random fact vectors`, async () => {
        const { policy } = await loadPolicy(join(root, 'policies', file));
        const set = pick(new PolicyRules(policy));
        await fc.assert(
          fc.asyncProperty(fc.array(factArb(set, policy), { minLength: 1, maxLength: 40 }), (vectors) =>
            agreeOn(policy, pick, vectors),
          ),
          { numRuns: 25 },
        );
      });
    }
  }

  it('random policies: compiled admission and usage decisions equal engine.run', async () => {
    const policyArb = fc
      .record({
        perUserSessions: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        overLimit: fc.constantFrom('deny', 'allow-and-alert', 'restrict'),
        expiredNew: fc.constantFrom('allow', 'deny'),
        graceNew: fc.constantFrom('allow', 'deny'),
        trialLimit: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        thresholds: fc.option(
          fc
            .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }))
            .map(([a, b]) => ({ warning: Math.min(a, b) / 100, critical: Math.max(a, b) / 100 })),
          { nil: undefined },
        ),
      })
      .map(
        (p): Policy =>
          policyFrom(
            policyYaml({
              timeZone: 'UTC',
              licenses: [{ id: 'key', count: 50, term: 'perpetual' }],
              pools: [{ id: 'pool', licenses: ['key'] }],
              lifecycle: {
                states: {
                  ...(p.trialLimit === undefined
                    ? {}
                    : { trial: timedState('P30D', 'expired', { sessionLimit: p.trialLimit }) }),
                  grace: timedState('P10D', 'expired', { newSessions: p.graceNew }),
                  expired: { newSessions: p.expiredNew, message: 'License has expired' },
                },
              },
              limits: {
                ...(p.perUserSessions === undefined ? {} : { perUserSessions: p.perUserSessions }),
                overLimit: p.overLimit,
              },
              ...(p.thresholds === undefined ? {} : { alerts: { usage: p.thresholds } }),
            }),
          ),
      );
    const vectors = (set: RuleSet) =>
      fc.array(fc.tuple(...set.facts.map(() => fc.integer({ min: -1, max: 60 }))), {
        minLength: 1,
        maxLength: 30,
      });
    await fc.assert(
      fc.asyncProperty(
        policyArb.chain((policy) => {
          const rules = new PolicyRules(policy);
          return fc.tuple(fc.constant(policy), vectors(rules.admission), vectors(rules.usage));
        }),
        async ([policy, admission, usage]) => {
          await agreeOn(policy, ruleSets.admission, admission);
          await agreeOn(policy, ruleSets.usage, usage);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('engine runs stay bounded by the conditions however large the pool (not keyed by fact values)', async () => {
    // wallix-bastion-ha: three sessions per user at most.
    const { policy } = await loadPolicy(join(root, 'policies', 'wallix-bastion-ha.yaml'));
    const set = new RuleSet(admissionRuleSet(policy));
    const v = set.vector();
    // Every in-use count of pools of 10, 500 and 2000 sessions, for users holding 0–4 sessions:
    // over 12 000 distinct fact vectors.
    let vectors = 0;
    for (const capacity of [10, 500, 2000]) {
      for (let inUse = 0; inUse <= capacity; inUse++) {
        for (let user = 0; user <= 4; user++) {
          v.values.set([1, inUse, capacity, inUse, -1, user]);
          await set.decide(v);
          vectors++;
        }
      }
    }
    expect(vectors).toBeGreaterThan(12_000);
    // Four condition outcomes: admit; per-user limit; pool limit; both limits at once.
    expect(set.engineRuns).toBe(4);
  });

  it('lookup and evaluation read only the vector they are given', async () => {
    const { policy } = await loadPolicy(join(root, 'policies', 'wallix-bastion-ha.yaml'));
    const set = new RuleSet(admissionRuleSet(policy));
    const full = set.vector();
    const free = set.vector();
    full.values.set([1, 500, 500, 0, -1, 0]);
    free.values.set([1, 10, 500, 0, -1, 0]);
    expect(set.lookup(full)).toBeUndefined();
    // Another vector looked up in between does not change what evaluating the first decides.
    set.lookup(free);
    expect((await set.evaluate(full)).rule).toBe('pool-session-limit');
    expect((await set.decide(free)).type).toBe('admit');
  });
});
