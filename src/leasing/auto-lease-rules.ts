import type { LeaseSettings } from '../model/fleet/fleet.js';
import { RuleSet } from '../rules/rule-set.js';
import { MS } from '../vocabulary.js';

/** Facts the server's auto-leasing switch of a feature is decided on, in vector order; `penalty` 1 or 0. */
export const autoLeaseFacts = ['averageAvailable', 'unallocated', 'penalty'] as const;

const percent = (share: number) => `${Math.round(share * 10_000) / 100} %`;
const duration = (ms: number) =>
  ms % MS.day === 0 && ms > MS.day
    ? `${ms / MS.day} days`
    : `${Math.round((ms / MS.hour) * 100) / 100} hours`;

/**
 * P4: a server enables auto-leasing of a feature when the average available count over the window exceeds
 * the threshold share of the unallocated maximum capacity Σ(MUC − leased) over its clients, unless a failed
 * reconciliation has switched it off for every feature. The threshold is the policy's, a constant fact;
 * `thresholdCount` (threshold × unallocated) is derived from it, so the trace shows the figure compared.
 */
export function autoLeaseRuleSet(settings: LeaseSettings['autoLease']): RuleSet {
  const share = percent(settings.threshold);
  const window = duration(settings.averagedOverMs);
  return new RuleSet({
    name: 'auto-lease',
    facts: autoLeaseFacts,
    constants: { threshold: settings.threshold },
    derived: { thresholdCount: (f, at) => f[at.threshold!]! * f[at.unallocated!]! },
    rules: [
      {
        name: 'reconciliation-penalty',
        priority: 2,
        conditions: { all: [{ fact: 'penalty', operator: 'equal', value: 1 }] },
        event: {
          type: 'off',
          params: {
            ruleIds: 'P4',
            message: `a reconciliation failed: auto-leasing is off for every feature for ${duration(settings.penaltyMs)}`,
          },
        },
      },
      {
        name: 'above-threshold',
        priority: 1,
        conditions: {
          all: [{ fact: 'averageAvailable', operator: 'greaterThan', value: { fact: 'thresholdCount' } }],
        },
        event: {
          type: 'on',
          params: {
            ruleIds: 'P4',
            message: `the average available count over ${window} exceeds ${share} of Σ(MUC − leased)`,
          },
        },
      },
    ],
    fallback: {
      type: 'off',
      message: `the average available count over ${window} does not exceed ${share} of Σ(MUC − leased)`,
    },
  });
}
