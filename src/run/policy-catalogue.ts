import { autoLeaseRuleSet, disconnectedRuleSet } from '../leasing/auto-lease-rules.js';
import { grantRuleSet } from '../leasing/grant-rules.js';
import { serverMachine } from '../leasing/server-lifecycle.js';
import { serverRuleSet } from '../leasing/server-rules.js';
import { lifecycleMachine } from '../lifecycle/machine.js';
import { type MachineTransition, machineTransitions } from '../lifecycle/transitions.js';
import type { Policy } from '../model/policy.js';
import type { RuleSetSpec } from '../rules/rule-set.js';
import { admissionRuleSet, expiryRuleSet, idleRuleSet, usageRuleSet } from '../rules/rule-sets.js';
import type { ServerConcern } from '../vocabulary.js';

/** A lifecycle machine of a policy and the transitions it declares. */
export interface PolicyMachine {
  /** The machine's id: `license` for a pool's lifecycle, `license-server-<concern>` for a server's. */
  readonly machine: string;
  readonly initials: readonly string[];
  readonly transitions: readonly MachineTransition[];
}

/**
 * What decides in a run of a policy: its json-rules-engine rule sets and its lifecycle machines, built as
 * the simulation builds them. Coverage counts against it; `explain` describes it.
 */
export interface PolicyCatalogue {
  readonly ruleSets: readonly RuleSetSpec[];
  readonly machines: readonly PolicyMachine[];
}

export function policyCatalogue(policy: Policy): PolicyCatalogue {
  const { initial, hasTrial } = policy.lifecycle;
  const poolInitials = initial !== null ? [initial] : hasTrial ? ['trial', 'active'] : ['active'];
  const machines: PolicyMachine[] = [
    machineOf(
      'license',
      lifecycleMachine(policy, 'active', () => 0),
      poolInitials,
    ),
  ];
  const ruleSets: RuleSetSpec[] = [
    admissionRuleSet(policy),
    usageRuleSet(policy),
    idleRuleSet(policy),
    expiryRuleSet(policy),
  ];
  const fleet = policy.fleet;
  if (fleet !== null) {
    // Every server of a fleet runs the same rules; its settings change only the figures they compare.
    const settings = fleet.servers[0]!.leasing.autoLease;
    ruleSets.push(grantRuleSet().spec, autoLeaseRuleSet(settings).spec, disconnectedRuleSet(settings).spec);
    const concerns: ServerConcern[] = [];
    if (fleet.servers.some((s) => s.ha !== null)) concerns.push('ha');
    if (fleet.servers.some((s) => s.heartbeat !== null)) concerns.push('heartbeat', 'restored');
    // Only HA pairs and virtual servers ask the server-licensing rules (plain servers always serve).
    if (concerns.length > 0) ruleSets.push(serverRuleSet().spec);
    for (const concern of concerns) {
      machines.push(
        machineOf(
          `license-server-${concern}`,
          serverMachine(concern, () => 0),
          ['active'],
        ),
      );
    }
  }
  return { ruleSets, machines };
}

function machineOf(
  machine: string,
  definition: Parameters<typeof machineTransitions>[0],
  initials: readonly string[],
): PolicyMachine {
  return { machine, initials, transitions: machineTransitions(definition, initials) };
}
