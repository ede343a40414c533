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

/**
 * Facts a disconnected client's auto-leasing of a feature is decided on, in vector order. `serverEnabled`
 * and `penalty` are what the client learnt at its last contact; `reservedValid` is 1 while its reserved
 * lease lasts; `disconnectedMs` is how long this disconnection has lasted.
 */
export const disconnectedFacts = ['serverEnabled', 'penalty', 'disconnectedMs', 'reservedValid'] as const;

/**
 * P4: a client that cannot reach its server may auto-lease (grow its lease in its own steps, up to its
 * maximum) when its server had auto-leasing of the feature on at its last contact, while its reserved lease
 * is valid and for at most the policy's limit of one continuous disconnection.
 */
export function disconnectedRuleSet(settings: LeaseSettings['autoLease']): RuleSet {
  const limit = duration(settings.disconnectedForMs);
  return new RuleSet({
    name: 'disconnected-auto-lease',
    facts: disconnectedFacts,
    constants: { disconnectedForMs: settings.disconnectedForMs },
    rules: [
      {
        name: 'penalty-at-last-contact',
        priority: 4,
        conditions: { all: [{ fact: 'penalty', operator: 'equal', value: 1 }] },
        event: {
          type: 'off',
          params: { ruleIds: 'P4', message: 'the server had auto-leasing off after a failed reconciliation' },
        },
      },
      {
        name: 'server-disabled',
        priority: 3,
        conditions: { all: [{ fact: 'serverEnabled', operator: 'equal', value: 0 }] },
        event: {
          type: 'off',
          params: {
            ruleIds: 'P4',
            message: 'the server had auto-leasing of the feature off at the last contact',
          },
        },
      },
      {
        name: 'disconnected-too-long',
        priority: 2,
        conditions: {
          all: [
            {
              fact: 'disconnectedMs',
              operator: 'greaterThanInclusive',
              value: { fact: 'disconnectedForMs' },
            },
          ],
        },
        event: {
          type: 'off',
          params: {
            ruleIds: 'P4',
            message: `disconnected for ${limit}: auto-leasing is off until it reconnects`,
          },
        },
      },
      {
        name: 'reserved-lease-expired',
        priority: 1,
        conditions: { all: [{ fact: 'reservedValid', operator: 'equal', value: 0 }] },
        event: {
          type: 'off',
          params: {
            ruleIds: 'P4',
            message: 'its reserved lease has expired: auto-leasing is off until it reconnects',
          },
        },
      },
    ],
    fallback: {
      type: 'on',
      message: `disconnected: it may auto-lease while its reserved lease is valid, for at most ${limit}`,
    },
  });
}
