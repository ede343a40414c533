import { describe, expect, it } from 'vitest';
import { grantRuleSet } from '../../src/leasing/grant-rules.js';
import { admissionRuleSet } from '../../src/rules/rule-sets.js';
import { ruleSentence } from '../../src/run/rule-sentence.js';
import { policyFrom, policyYaml } from '../support/build.js';

describe('rules as sentences', () => {
  it('P3: an any-condition reads as alternatives, a fact compared with a fact by its name', () => {
    const set = grantRuleSet().spec;
    const partly = set.rules.find((r) => r.name === 'partly-available')!;
    expect(ruleSentence(partly, set)).toBe(
      'When (requested is more than allocatedRemaining or requested is more than serverFree), the request is granted in part: "granted only what is allocated and free" (P3).',
    );
  });

  it('W10: a policy constant reads with its value; an over-limit that admits says so', () => {
    const policy = policyFrom(
      policyYaml({
        timeZone: 'UTC',
        licenses: [{ id: 'key', count: 10, term: 'perpetual' }],
        pools: [{ id: 'pool', licenses: ['key'] }],
        limits: { perUserSessions: 2, overLimit: 'allow-and-alert', limitMessage: 'Over' },
      }),
    );
    const set = admissionRuleSet(policy);
    const sentence = (name: string) => ruleSentence(set.rules.find((r) => r.name === name)!, set);
    expect(sentence('per-user-session-limit')).toContain('userSessions is at least perUserLimit (2)');
    expect(sentence('pool-session-limit')).toBe(
      'When poolInUse is at least poolCapacity, the session is admitted and an alert raised: "Over" (W10 A2).',
    );
  });
});
