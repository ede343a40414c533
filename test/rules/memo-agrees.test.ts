import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/model/policy.js';
import { PolicyRules } from '../../src/rules/policy-rules.js';
import type { RuleDecision } from '../../src/rules/rule-set.js';
import { policyFrom, policyYaml, timedState } from '../support/build.js';

/** The parts of a policy the admission and usage rules read, drawn at random. */
const policyArb = fc
  .record({
    perUserSessions: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    overLimit: fc.constantFrom('deny', 'allow-and-alert', 'restrict'),
    expiredNew: fc.constantFrom('allow', 'deny'),
    graceNew: fc.constantFrom('allow', 'deny'),
    restrictedNew: fc.constantFrom('allow', 'deny'),
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
              grace: timedState('P10D', 'expired', { newSessions: p.graceNew }),
              'restricted-access': { newSessions: p.restrictedNew },
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

const admissionVector = fc.tuple(
  fc.integer({ min: 0, max: 4 }), // state code
  fc.integer({ min: 0, max: 60 }), // poolInUse
  fc.integer({ min: 0, max: 60 }), // poolCapacity
  fc.integer({ min: 0, max: 60 }), // siteInUse
  fc.integer({ min: -1, max: 60 }), // siteCapacity (-1: the site has no allocation)
  fc.integer({ min: 0, max: 5 }), // userSessions
);
const usageVector = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }));

/** Distinct vectors, then a call order over them with repeats, so that most calls are memo hits. */
function callsOver<T>(vector: fc.Arbitrary<T>) {
  return fc
    .uniqueArray(vector, { minLength: 1, maxLength: 25, selector: (v) => JSON.stringify(v) })
    .chain((vectors) =>
      fc.record({
        vectors: fc.constant(vectors),
        order: fc.array(fc.nat(vectors.length - 1), { minLength: vectors.length, maxLength: 80 }),
      }),
    );
}

const decisionOf = (d: RuleDecision) => ({
  type: d.type,
  rule: d.rule,
  message: d.message,
  ruleIds: d.ruleIds,
  facts: d.facts,
});

describe('PolicyRules memoisation', () => {
  it('memoised and direct rule evaluation agree on every admission fact vector', async () => {
    await fc.assert(
      fc.asyncProperty(policyArb, callsOver(admissionVector), async (policy, { vectors, order }) => {
        const memoised = new PolicyRules(policy);
        const direct = new PolicyRules(policy);
        // Every vector once, then the random order: each call after the first of a vector is a memo hit.
        for (const i of [...vectors.keys(), ...order]) {
          const [state, poolInUse, poolCapacity, siteInUse, siteCapacity, userSessions] = vectors[i]!;
          const d =
            memoised.admissionLookup(state, poolInUse, poolCapacity, siteInUse, siteCapacity, userSessions) ??
            (await memoised.admissionEvaluate());
          const fresh = await direct.admission.decide({
            state,
            poolInUse,
            poolCapacity,
            siteInUse,
            siteCapacity,
            userSessions,
          });
          expect(decisionOf(d)).toEqual(decisionOf(fresh));
        }
        // The engine ran once per distinct vector; every other call was answered by the memo.
        expect(memoised.engineRuns).toBe(vectors.length);
      }),
      { numRuns: 120 },
    );
  });

  it('memoised and direct rule evaluation agree on every usage fact vector', async () => {
    await fc.assert(
      fc.asyncProperty(policyArb, callsOver(usageVector), async (policy, { vectors, order }) => {
        const memoised = new PolicyRules(policy);
        const direct = new PolicyRules(policy);
        for (const i of [...vectors.keys(), ...order]) {
          const [inUse, capacity] = vectors[i]!;
          const d = memoised.usageRow(capacity)[inUse] ?? (await memoised.usageEvaluate(inUse, capacity));
          const fresh = await direct.usage.decide({ inUse, capacity });
          expect(decisionOf(d)).toEqual(decisionOf(fresh));
        }
        expect(memoised.engineRuns).toBe(vectors.length);
      }),
      { numRuns: 120 },
    );
  });

  it('admission and usage memos interleaved do not answer for each other', async () => {
    const policy = policyFrom(
      policyYaml({
        timeZone: 'UTC',
        licenses: [{ id: 'key', count: 10, term: 'perpetual' }],
        pools: [{ id: 'pool', licenses: ['key'] }],
        limits: { perUserSessions: 2 },
        alerts: { usage: { warning: 0.8, critical: 0.95 } },
      }),
    );
    const rules = new PolicyRules(policy);
    const admit = async (...f: [number, number, number, number, number, number]) =>
      rules.admissionLookup(...f) ?? (await rules.admissionEvaluate());
    const usage = async (inUse: number, capacity: number) =>
      rules.usageRow(capacity)[inUse] ?? (await rules.usageEvaluate(inUse, capacity));

    expect((await admit(1, 10, 10, 0, -1, 0)).rule).toBe('pool-session-limit');
    expect((await usage(10, 10)).type).toBe('critical');
    expect((await admit(1, 3, 10, 0, -1, 2)).rule).toBe('per-user-session-limit');
    expect((await usage(8, 10)).type).toBe('warning');
    expect((await admit(1, 3, 10, 0, -1, 1)).type).toBe('admit');
    expect((await usage(11, 10)).type).toBe('over-limit');
    // Repeats come from the memos, with the same answers.
    const runs = rules.engineRuns;
    expect((await admit(1, 10, 10, 0, -1, 0)).rule).toBe('pool-session-limit');
    expect((await usage(10, 10)).type).toBe('critical');
    expect((await admit(1, 3, 10, 0, -1, 1)).type).toBe('admit');
    expect(rules.engineRuns).toBe(runs);
  });
});
