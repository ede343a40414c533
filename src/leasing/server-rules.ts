import { RuleSet } from '../rules/rule-set.js';

/**
 * Facts that decide whether a license server of an HA pair or a virtual server leases at all, in vector
 * order; flags are 1 or 0. `daysWithoutContact` is read by no rule: it tells the trace how long a virtual
 * server has been out of vendor-cloud contact.
 */
export const serverFacts = ['serverUp', 'contactLost', 'restoredGraceEnded', 'daysWithoutContact'] as const;

/**
 * P8, P9: a request reaches a server only while a node of its pair is up (P8), and that server leases
 * only while its licensing is enabled: a virtual server out of vendor-cloud contact past the heartbeat
 * limit, or a restored secondary past its grace, refuses every request and renewal (P9). Plain hardware
 * servers skip this rule set: it is asked only of servers that have such a lifecycle.
 */
export function serverRuleSet(): RuleSet {
  return new RuleSet({
    name: 'server-licensing',
    facts: serverFacts,
    rules: [
      {
        name: 'no-server-up',
        priority: 3,
        conditions: { all: [{ fact: 'serverUp', operator: 'equal', value: 0 }] },
        event: {
          type: 'refuse',
          params: { ruleIds: 'P8', message: 'neither node of the HA pair is up' },
        },
      },
      {
        name: 'cloud-contact-lost',
        priority: 2,
        conditions: { all: [{ fact: 'contactLost', operator: 'equal', value: 1 }] },
        event: {
          type: 'refuse',
          params: {
            ruleIds: 'P9',
            message:
              'licensing is disabled: the virtual server has been out of vendor-cloud contact too long',
          },
        },
      },
      {
        name: 'restored-grace-ended',
        priority: 1,
        conditions: { all: [{ fact: 'restoredGraceEnded', operator: 'equal', value: 1 }] },
        event: {
          type: 'refuse',
          params: {
            ruleIds: 'P9',
            message: 'licensing is disabled: the grace of the secondary restored from a backup has ended',
          },
        },
      },
    ],
    fallback: { type: 'serve', message: 'the server is licensing' },
  });
}
