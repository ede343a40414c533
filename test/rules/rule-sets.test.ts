import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/config/schema/policy.js';
import type { Policy } from '../../src/model/policy.js';
import { PolicyRules } from '../../src/rules/policy-rules.js';
import type { RuleSet } from '../../src/rules/rule-set.js';
import { admissionRules, usageRules } from '../../src/rules/rule-sets.js';
import { DAY, policyFrom, policyYaml, timedState } from '../support/build.js';

/**
 * The rules each policy setting becomes: which rule decides, with which catalogue IDs and message. These
 * reach users as the `rule`, `ruleIds` and `message` of every denial and alert in reports.
 */

type Spec = PolicyDocument['spec'];

function policyWith(more: Partial<Spec>): Policy {
  return policyFrom(
    policyYaml({
      timeZone: 'UTC',
      licenses: [{ id: 'key', count: 10, term: 'perpetual' }],
      pools: [{ id: 'pool', licenses: ['key'] }],
      ...more,
    }),
  );
}

/** Facts not given are 0, but for the site's capacity: -1, a site without its own allocation. */
const unset: Record<string, number> = { siteCapacity: -1 };

/** The outcome of `set` on the caller's facts (in the set's fact order). */
async function decide(set: RuleSet, facts: Record<string, number>) {
  const v = set.vector();
  set.facts.forEach((name, i) => {
    v.values[i] = facts[name] ?? unset[name] ?? 0;
  });
  const { rule, type, ruleIds, message } = await set.decide(v);
  return { rule, type, ruleIds, message };
}

const state = { trial: 0, active: 1, grace: 2, 'restricted-access': 3, expired: 4 };
const admit = { rule: null, type: 'admit', ruleIds: '', message: 'Session admitted' };

describe('admission rules built from a policy', () => {
  const trialPolicy = policyWith({
    lifecycle: {
      initial: 'trial',
      states: {
        trial: timedState('P30D', 'grace', { sessionLimit: 10 }),
        grace: timedState('P10D', 'expired', { sessionLimit: 4 }),
        'restricted-access': { newSessions: 'deny', sessionLimit: 2 },
      },
    },
    limits: { perUserSessions: 2 },
  });

  it('rules are tried in the order declared: each has a lower priority than the one before', () => {
    const rules = admissionRules(trialPolicy);
    expect(rules.map((r) => r.name)).toEqual([
      'restricted-access-refuses-new-sessions',
      'expired-refuses-new-sessions',
      'trial-session-limit',
      'grace-session-limit',
      'no-valid-license',
      'per-user-session-limit',
      'site-allocation-limit',
      'pool-session-limit',
    ]);
    const priorities = rules.map((r) => r.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(new Set(priorities).size).toBe(priorities.length);
  });

  it('W9 and L4: a state that refuses new sessions denies with its message, or says which state', async () => {
    const rules = new PolicyRules(trialPolicy).admission;
    expect(await decide(rules, { state: state.expired, poolCapacity: 10 })).toEqual({
      rule: 'expired-refuses-new-sessions',
      type: 'deny',
      ruleIds: 'W9',
      message: 'License has expired',
    });
    expect(await decide(rules, { state: state['restricted-access'], poolCapacity: 10 })).toEqual({
      rule: 'restricted-access-refuses-new-sessions',
      type: 'deny',
      ruleIds: 'L4',
      message: 'Restricted-access mode: new sessions are refused',
    });
    const silentGrace = policyWith({
      lifecycle: { states: { grace: timedState('P10D', 'expired', { newSessions: 'deny', message: '' }) } },
    });
    expect(await decide(new PolicyRules(silentGrace).admission, { state: state.grace })).toMatchObject({
      rule: 'grace-refuses-new-sessions',
      ruleIds: 'L4',
      message: 'No new sessions while grace',
    });
  });

  it('W8: a state with its own session limit refuses at that limit, named after the state', async () => {
    const rules = new PolicyRules(trialPolicy).admission;
    expect(await decide(rules, { state: state.trial, poolInUse: 9, poolCapacity: 10 })).toEqual(admit);
    expect(await decide(rules, { state: state.trial, poolInUse: 10, poolCapacity: 10 })).toEqual({
      rule: 'trial-session-limit',
      type: 'deny',
      ruleIds: 'W8',
      message: 'Trial session limit reached',
    });
    expect(await decide(rules, { state: state.grace, poolInUse: 4, poolCapacity: 4 })).toEqual({
      rule: 'grace-session-limit',
      type: 'deny',
      ruleIds: 'L4',
      message: 'Grace session limit reached',
    });
    // A state's limit outranks the missing license: a trial of no sessions says the trial is full.
    expect(await decide(rules, { state: state.trial, poolInUse: 0, poolCapacity: 0 })).toMatchObject({
      rule: 'trial-session-limit',
    });
  });

  it('a state that refuses every new session needs no limit rule of its own', () => {
    const names = admissionRules(trialPolicy).map((r) => r.name);
    expect(names).not.toContain('restricted-access-session-limit');
  });

  it('W9: a pool without capacity refuses for want of a valid license', async () => {
    const rules = new PolicyRules(trialPolicy).admission;
    expect(await decide(rules, { state: state.active, poolCapacity: 0 })).toEqual({
      rule: 'no-valid-license',
      type: 'deny',
      ruleIds: 'W9',
      message: 'No valid license for this site',
    });
  });

  it('W10: the per-user limit refuses a user at the limit, and exists only when the policy sets one', async () => {
    const rules = new PolicyRules(trialPolicy).admission;
    const facts = { state: state.active, poolInUse: 3, poolCapacity: 10 };
    expect(await decide(rules, { ...facts, userSessions: 1 })).toEqual(admit);
    expect(await decide(rules, { ...facts, userSessions: 2 })).toEqual({
      rule: 'per-user-session-limit',
      type: 'deny',
      ruleIds: 'W10',
      message: 'Per-user session limit reached (2)',
    });
    const unlimited = new PolicyRules(policyWith({})).admission;
    expect(unlimited.rules.map((r) => r.name)).not.toContain('per-user-session-limit');
    expect(await decide(unlimited, { ...facts, userSessions: 500 })).toEqual(admit);
  });

  const overLimitCases = [
    ['deny', 'deny', 'W10'],
    ['allow-and-alert', 'admit-and-alert', 'W10 A2'],
    ['restrict', 'admit-and-restrict', 'W10 L5'],
  ] as const;
  for (const [overLimit, type, ruleIds] of overLimitCases) {
    it(`W7, W10: over the pool or site limit with overLimit ${overLimit}, the outcome is ${type}`, async () => {
      const policy = policyWith({ limits: { overLimit, limitMessage: 'Call the licence desk' } });
      const rules = new PolicyRules(policy).admission;
      const full = { state: state.active, poolInUse: 10, poolCapacity: 10 };
      expect(await decide(rules, full)).toEqual({
        rule: 'pool-session-limit',
        type,
        ruleIds,
        message: 'Call the licence desk',
      });
      const siteFull = { state: state.active, poolInUse: 4, poolCapacity: 10, siteInUse: 4, siteCapacity: 4 };
      expect(await decide(rules, siteFull)).toEqual({
        rule: 'site-allocation-limit',
        type,
        ruleIds: 'W7 W10',
        message: 'Call the licence desk',
      });
    });
  }
});

describe('usage, idle and expiry rules built from a policy', () => {
  it('W10, W11: usage is over-limit above capacity, critical and warning at their shares, else normal', async () => {
    const policy = policyWith({ alerts: { usage: { warning: 0.8, critical: 0.95 } } });
    const rules = new PolicyRules(policy).usage;
    expect(await decide(rules, { inUse: 7, capacity: 10 })).toEqual({
      rule: null,
      type: 'normal',
      ruleIds: '',
      message: 'Usage below the thresholds',
    });
    expect(await decide(rules, { inUse: 8, capacity: 10 })).toEqual({
      rule: 'usage-warning',
      type: 'warning',
      ruleIds: 'W11',
      message: 'Usage at or above 80 % of capacity',
    });
    expect(await decide(rules, { inUse: 19, capacity: 20 })).toEqual({
      rule: 'usage-critical',
      type: 'critical',
      ruleIds: 'W11',
      message: 'Usage at or above 95 % of capacity',
    });
    expect(await decide(rules, { inUse: 11, capacity: 10 })).toEqual({
      rule: 'usage-over-limit',
      type: 'over-limit',
      ruleIds: 'W10',
      message: 'More sessions in use than licensed',
    });
  });

  it('usage is a derived fact: inUse / capacity, and 0 for a pool without capacity', () => {
    const rules = new PolicyRules(policyWith({})).usage;
    const usageAt = rules.spec.facts.length;
    const v = rules.vector();
    v.values.set([3, 4]);
    rules.lookup(v);
    expect(v.values[usageAt]).toBe(0.75);
    v.values.set([3, 0]);
    rules.lookup(v);
    expect(v.values[usageAt]).toBe(0);
    v.values.set([0, 0]);
    rules.lookup(v);
    expect(v.values[usageAt]).toBe(0);
  });

  it('without thresholds only the over-limit rule is left', () => {
    expect(usageRules(policyWith({})).map((r) => r.name)).toEqual(['usage-over-limit']);
  });

  it('W10: a session idle for the whole timeout is ended, one idle a moment less is not', async () => {
    const rules = new PolicyRules(policyWith({ limits: { idleTimeout: 'PT30M' } })).idle;
    const none = { rule: null, type: 'none', ruleIds: '', message: '' };
    expect(await decide(rules, { idleMs: 30 * 60_000 - 1 })).toEqual(none);
    expect(await decide(rules, { idleMs: 30 * 60_000 })).toEqual({
      rule: 'idle-timeout',
      type: 'end-session',
      ruleIds: 'W10',
      message: 'Session ended after the idle timeout',
    });
  });

  it('W11: the expiry warning holds above 0 and up to the warning days, a started day counting as a day', async () => {
    const rules = new PolicyRules(policyWith({ alerts: { expiry: { warnBefore: 'P90D' } } })).expiry;
    const warning = {
      rule: 'expiry-warning',
      type: 'expiry-warning',
      ruleIds: 'W11',
      message: 'License expires soon',
    };
    expect(await decide(rules, { daysToExpiry: 89 })).toEqual(warning);
    expect(await decide(rules, { daysToExpiry: 1 })).toEqual(warning);
    expect(await decide(rules, { daysToExpiry: 90 })).toEqual(warning);
    expect((await decide(rules, { daysToExpiry: 91 })).type).toBe('none');
    expect((await decide(rules, { daysToExpiry: 0 })).type).toBe('none');
  });

  it('a policy without an idle timeout or expiry warning has no rule for them, which never decides', async () => {
    const rules = new PolicyRules(policyWith({}));
    expect(rules.idle.rules).toEqual([]);
    expect(rules.expiry.rules).toEqual([]);
    expect((await decide(rules.idle, { idleMs: 400 * DAY })).type).toBe('none');
    expect((await decide(rules.expiry, { daysToExpiry: 1 })).type).toBe('none');
  });

  it('each rule set is named after what it decides, as statistics and messages name it', () => {
    expect(new PolicyRules(policyWith({})).all.map((set) => set.name)).toEqual([
      'admission',
      'usage',
      'idle',
      'expiry',
    ]);
  });
});
