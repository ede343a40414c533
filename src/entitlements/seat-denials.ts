import type { Policy } from '../model/policy.js';
import type { RuleOutcome } from '../trace/facts.js';

/** P12: every named-user seat is held by an identity, and this one holds none. */
export const seatsTaken: RuleOutcome = {
  type: 'deny',
  rule: 'named-user-seats-taken',
  ruleIds: 'P12',
  message: 'Every named-user seat is taken',
};

/** P12: the identity already runs its most sessions at once; the message gives the policy's number. */
export const identitySessions: RuleOutcome = {
  type: 'deny',
  rule: 'named-user-sessions-per-identity',
  ruleIds: 'P12',
  message: 'A named user runs at most N sessions at once',
};

/**
 * The denials the entitlements model decides itself, beside the admission rules, for a policy: those of
 * named-user seats when it has named-user keys. Expectations may count them by rule name.
 */
export function seatDenialRules(policy: Policy): string[] {
  if (!policy.licenses.some((l) => l.kind === 'named-user')) return [];
  return [seatsTaken.rule!, identitySessions.rule!];
}
