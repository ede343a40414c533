import type { NestedCondition, TopLevelCondition } from 'json-rules-engine';
import type { RuleSetSpec } from '../rules/rule-set.js';
import type { LicensingRule } from '../rules/rule-sets.js';
import { NO_LIMIT } from '../trace/facts.js';
import { stateNames } from '../vocabulary.js';

const operatorWords: Readonly<Record<string, string>> = {
  equal: 'is',
  notEqual: 'is not',
  greaterThan: 'is more than',
  greaterThanInclusive: 'is at least',
  lessThan: 'is less than',
  lessThanInclusive: 'is at most',
  in: 'is one of',
  notIn: 'is none of',
};

const outcomeWords: Readonly<Record<string, string>> = {
  deny: 'the session is refused',
  'admit-and-alert': 'the session is admitted and an alert raised',
  'admit-and-restrict': 'the session is admitted and the pool restricted',
  'over-limit': 'the pool is over its limit',
  warning: 'a usage warning is raised',
  critical: 'a critical usage alert is raised',
  'end-session': 'the session is ended',
  'expiry-warning': 'an expiry warning is raised',
  refuse: 'the request is refused',
  partial: 'the request is granted in part',
  on: 'auto-leasing is switched on',
  off: 'auto-leasing is switched off',
};

/**
 * A json-rules-engine rule as a sentence, read from its conditions: "When state is trial and poolInUse is
 * at least poolCapacity, the session is refused: "Trial session limit reached" (W8)." A fact compared
 * with another reads as its name; a state by its name; a constant of the rule set with its value.
 */
export function ruleSentence(rule: LicensingRule, set: RuleSetSpec): string {
  const outcome = outcomeWords[rule.event.type] ?? `the outcome is ${rule.event.type}`;
  const ids = rule.event.params.ruleIds ? ` (${rule.event.params.ruleIds})` : '';
  return `When ${condition(rule.conditions, set)}, ${outcome}: "${rule.event.params.message}"${ids}.`;
}

function condition(c: TopLevelCondition | NestedCondition, set: RuleSetSpec): string {
  if ('all' in c) return c.all.map((x) => condition(x, set)).join(' and ');
  if ('any' in c) return `(${c.any.map((x) => condition(x, set)).join(' or ')})`;
  if ('not' in c) return `not (${condition(c.not, set)})`;
  if (!('fact' in c)) return 'a condition holds';
  const value = c.value as unknown;
  const compared =
    typeof value === 'object' && value !== null && 'fact' in value
      ? factName(String((value as { fact: unknown }).fact), set)
      : valueWords(c.fact, value, set);
  return `${factName(c.fact, set)} ${operatorWords[c.operator] ?? c.operator} ${compared}`;
}

function factName(fact: string, set: RuleSetSpec): string {
  const constant = set.constants?.[fact];
  if (constant === undefined) return fact;
  return `${fact} (${constant === NO_LIMIT ? 'no limit' : constant})`;
}

function valueWords(fact: string, value: unknown, set: RuleSetSpec): string {
  if (set.meanings?.[fact] === 'state' && typeof value === 'number')
    return stateNames[value] ?? String(value);
  return String(value);
}
