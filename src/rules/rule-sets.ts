import type { RuleProperties } from 'json-rules-engine';
import type { Policy, StateName } from '../model/policy.js';
import { NO_LIMIT } from '../trace/facts.js';
import { stateNames, type UsageLevel } from '../vocabulary.js';
import type { RuleSetSpec } from './rule-set.js';

/**
 * The policy's limits and alerts as json-rules-engine rules: plain data built from the policy, so that the
 * rules engine is the one source of rule semantics. Each rule names the catalogue IDs it implements.
 *
 * Rules in a set are tried in priority order and the first that holds decides (`decide` below).
 */

export interface RuleEvent {
  readonly type: string;
  readonly params: {
    /** Rule catalogue IDs (docs/rule-catalogue.md), e.g. "W10". */
    readonly ruleIds: string;
    readonly message: string;
    [key: string]: string | number | boolean;
  };
}

export interface LicensingRule extends RuleProperties {
  readonly name: string;
  readonly priority: number;
  readonly event: RuleEvent;
}

/** The `state` fact: a lifecycle state's position in `stateNames`, so that facts stay integers. */
export const stateCodes = Object.fromEntries(stateNames.map((name, i) => [name, i])) as Readonly<
  Record<StateName, number>
>;

/** Facts the admission rules read; all integers, so decisions can be memoised by their vector. */
export const admissionFacts = [
  'state',
  'poolInUse',
  'poolCapacity',
  'siteInUse',
  'siteCapacity',
  'userSessions',
] as const;
export type AdmissionFact = (typeof admissionFacts)[number];
export type AdmissionFacts = Record<AdmissionFact, number>;

/**
 * Admission: may a new session start? Constant policy values (per-user limit) are facts too, so the
 * rules read as the policy does.
 */
export function admissionRules(policy: Policy): LicensingRule[] {
  const rules: LicensingRule[] = [];
  let priority = 100;
  for (const [state, code] of Object.entries(stateCodes) as [StateName, number][]) {
    const rulesOfState = policy.lifecycle.states[state];
    if (rulesOfState.newSessions !== 'deny') continue;
    rules.push({
      name: `${state}-refuses-new-sessions`,
      priority: priority--,
      conditions: { all: [{ fact: 'state', operator: 'equal', value: code }] },
      event: deny(
        state === 'expired' ? 'W9' : 'L4',
        rulesOfState.message || `No new sessions while ${state}`,
      ),
    });
  }
  // W8: a state with its own session limit (the trial's 10 sessions) refuses by that limit, by name.
  for (const [state, code] of Object.entries(stateCodes) as [StateName, number][]) {
    const limit = policy.lifecycle.states[state].sessionLimit;
    if (limit === null || policy.lifecycle.states[state].newSessions === 'deny') continue;
    rules.push({
      name: `${state}-session-limit`,
      priority: priority--,
      conditions: {
        all: [
          { fact: 'state', operator: 'equal', value: code },
          { fact: 'poolInUse', operator: 'greaterThanInclusive', value: { fact: 'poolCapacity' } },
        ],
      },
      event: deny(state === 'trial' ? 'W8' : 'L4', `${capitalise(state)} session limit reached`),
    });
  }
  rules.push({
    name: 'no-valid-license',
    priority: priority--,
    conditions: { all: [{ fact: 'poolCapacity', operator: 'lessThanInclusive', value: 0 }] },
    event: deny('W9', 'No valid license for this site'),
  });
  if (policy.limits.perUserSessions !== null) {
    rules.push({
      name: 'per-user-session-limit',
      priority: priority--,
      conditions: {
        all: [
          { fact: 'perUserLimit', operator: 'greaterThan', value: 0 },
          { fact: 'userSessions', operator: 'greaterThanInclusive', value: { fact: 'perUserLimit' } },
        ],
      },
      event: deny('W10', `Per-user session limit reached (${policy.limits.perUserSessions})`),
    });
  }
  const over = overLimit(policy);
  rules.push({
    name: 'site-allocation-limit',
    priority: priority--,
    conditions: {
      all: [
        { fact: 'siteCapacity', operator: 'greaterThanInclusive', value: 0 },
        { fact: 'siteInUse', operator: 'greaterThanInclusive', value: { fact: 'siteCapacity' } },
      ],
    },
    event: { type: over.type, params: { ...over.params, ruleIds: 'W7 W10' } },
  });
  rules.push({
    name: 'pool-session-limit',
    // Stryker disable next-line UpdateOperator: the last rule; the counter is not read again
    priority: priority--,
    conditions: {
      all: [{ fact: 'poolInUse', operator: 'greaterThanInclusive', value: { fact: 'poolCapacity' } }],
    },
    event: over,
  });
  return rules;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function deny(ruleIds: string, message: string): RuleEvent {
  return { type: 'deny', params: { ruleIds, message } };
}

/** W10 over the limit: deny, or admit and alert, or admit and raise a violation (restricted-access). */
function overLimit(policy: Policy): RuleEvent {
  const message = policy.limits.limitMessage;
  switch (policy.limits.overLimit) {
    case 'deny':
      return { type: 'deny', params: { ruleIds: 'W10', message } };
    case 'allow-and-alert':
      return { type: 'admit-and-alert', params: { ruleIds: 'W10 A2', message } };
    case 'restrict':
      return { type: 'admit-and-restrict', params: { ruleIds: 'W10 L5', message } };
  }
}

/** Constant facts of the admission rules, taken from the policy. */
export function admissionConstants(policy: Policy): Record<string, number> {
  return { perUserLimit: policy.limits.perUserSessions ?? NO_LIMIT };
}

/** May a session start: the lifecycle state, pool and site use against capacity, the user's sessions. */
export function admissionRuleSet(policy: Policy): RuleSetSpec {
  return {
    name: 'admission',
    facts: admissionFacts,
    meanings: { state: 'state', siteCapacity: 'limit' },
    constants: admissionConstants(policy),
    rules: admissionRules(policy),
    fallback: { type: 'admit', message: 'Session admitted' },
  };
}

/** Facts the usage rules read; `usage` (inUse / capacity, 0 without capacity) is derived from them. */
export const usageFacts = ['inUse', 'capacity'] as const;

/** A pool's usage level against its thresholds (W10, W11). */
export function usageRuleSet(policy: Policy): RuleSetSpec {
  return {
    name: 'usage',
    facts: usageFacts,
    derived: {
      usage: (f, at) => (f[at.capacity!]! > 0 ? f[at.inUse!]! / f[at.capacity!]! : 0),
    },
    rules: usageRules(policy),
    fallback: { type: 'normal', message: 'Usage below the thresholds' },
  };
}

/** Whether an idle session is ended (W10). */
export function idleRuleSet(policy: Policy): RuleSetSpec {
  return {
    name: 'idle',
    facts: ['idleMs'],
    constants: { idleTimeoutMs: policy.limits.idleTimeoutMs ?? 0 },
    rules: idleRules(policy),
  };
}

/** Whether the licenses' end is near enough to warn (W11). */
export function expiryRuleSet(policy: Policy): RuleSetSpec {
  return {
    name: 'expiry',
    facts: ['daysToExpiry'],
    constants: { warnBeforeDays: policy.alerts.expiry?.warnBeforeDays ?? 0 },
    rules: expiryRules(policy),
  };
}

export { type UsageLevel, usageLevels } from '../vocabulary.js';

/** W11 usage thresholds and the over-limit condition, as levels of a pool's usage. */
export function usageRules(policy: Policy): LicensingRule[] {
  const rules: LicensingRule[] = [
    {
      name: 'usage-over-limit',
      priority: 30,
      conditions: { all: [{ fact: 'inUse', operator: 'greaterThan', value: { fact: 'capacity' } }] },
      event: {
        type: 'over-limit',
        params: { ruleIds: 'W10', message: 'More sessions in use than licensed' },
      },
    },
  ];
  const { usageWarning, usageCritical } = policy.alerts;
  if (usageCritical !== null) {
    rules.push(threshold('usage-critical', 20, usageCritical, 'critical'));
  }
  if (usageWarning !== null) {
    rules.push(threshold('usage-warning', 10, usageWarning, 'warning'));
  }
  return rules;
}

function threshold(name: string, priority: number, share: number, level: UsageLevel): LicensingRule {
  return {
    name,
    priority,
    conditions: {
      all: [
        { fact: 'capacity', operator: 'greaterThan', value: 0 },
        { fact: 'usage', operator: 'greaterThanInclusive', value: share },
      ],
    },
    event: {
      type: level,
      params: { ruleIds: 'W11', message: `Usage at or above ${Math.round(share * 100)} % of capacity` },
    },
  };
}

/** W10 idle timeout: a session idle for at least the timeout is ended. */
export function idleRules(policy: Policy): LicensingRule[] {
  if (policy.limits.idleTimeoutMs === null) return [];
  return [
    {
      name: 'idle-timeout',
      priority: 1,
      conditions: {
        all: [{ fact: 'idleMs', operator: 'greaterThanInclusive', value: { fact: 'idleTimeoutMs' } }],
      },
      event: {
        type: 'end-session',
        params: { ruleIds: 'W10', message: 'Session ended after the idle timeout' },
      },
    },
  ];
}

/**
 * W11 expiry warning: at most `warnBefore` days left before the pool's licenses end, a started day
 * counting as a day, so that the warning begins at the instant exactly `warnBefore` remains.
 */
export function expiryRules(policy: Policy): LicensingRule[] {
  if (policy.alerts.expiry === null) return [];
  return [
    {
      name: 'expiry-warning',
      priority: 1,
      // The WALLIX guide's monitoring script warns when 0 < whole days left < 90, from the first check
      // after 90 days remain; counting a started day as a day, the period begins as 90 days remain.
      conditions: {
        all: [
          { fact: 'daysToExpiry', operator: 'greaterThan', value: 0 },
          { fact: 'daysToExpiry', operator: 'lessThanInclusive', value: { fact: 'warnBeforeDays' } },
        ],
      },
      event: { type: 'expiry-warning', params: { ruleIds: 'W11', message: 'License expires soon' } },
    },
  ];
}
