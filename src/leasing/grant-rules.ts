import { RuleSet } from '../rules/rule-set.js';

/** Facts a lease request is decided on, in vector order; all counts, `clientExpired` 1 or 0. */
export const grantFacts = ['requested', 'allocatedRemaining', 'serverFree', 'clientExpired'] as const;

/** What the grant rules decide: `grant` in full, `partial` (what is allocated and free), or `refuse`. */
export type GrantDecision = 'grant' | 'partial' | 'refuse';

/**
 * P3: the server grants only what is allocated and free. A request (a reserved lease, an incremental step,
 * a renewal) is refused when the client's allocation has expired (P2), when the client already leases its
 * maximum, or when the server has nothing free; it is cut to what remains when it asks for more.
 */
export function grantRuleSet(): RuleSet {
  return new RuleSet({
    name: 'lease-grant',
    facts: grantFacts,
    rules: [
      {
        name: 'client-expired',
        priority: 4,
        conditions: { all: [{ fact: 'clientExpired', operator: 'equal', value: 1 }] },
        event: {
          type: 'refuse',
          params: { ruleIds: 'P2', message: "the client's allocation has expired" },
        },
      },
      {
        name: 'at-maximum',
        priority: 3,
        conditions: { all: [{ fact: 'allocatedRemaining', operator: 'lessThanInclusive', value: 0 }] },
        event: {
          type: 'refuse',
          params: { ruleIds: 'P3', message: 'the client already leases its maximum (MUC)' },
        },
      },
      {
        name: 'server-exhausted',
        priority: 2,
        conditions: { all: [{ fact: 'serverFree', operator: 'lessThanInclusive', value: 0 }] },
        event: {
          type: 'refuse',
          params: { ruleIds: 'P3', message: 'the server has no free license of the feature' },
        },
      },
      {
        name: 'partly-available',
        priority: 1,
        conditions: {
          any: [
            { fact: 'requested', operator: 'greaterThan', value: { fact: 'allocatedRemaining' } },
            { fact: 'requested', operator: 'greaterThan', value: { fact: 'serverFree' } },
          ],
        },
        event: {
          type: 'partial',
          params: { ruleIds: 'P3', message: 'granted only what is allocated and free' },
        },
      },
    ],
    fallback: { type: 'grant', message: 'allocated and free' },
  });
}
