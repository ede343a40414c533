import type { Policy } from '../model/policy.js';
import { RuleSet } from './rule-set.js';
import { admissionRuleSet, expiryRuleSet, idleRuleSet, usageRuleSet } from './rule-sets.js';

/**
 * The rule sets of one policy: admission, usage levels, idle timeout, expiry warning. Each decides
 * synchronously from its memo and runs the engine only for condition outcomes it has not seen.
 */
export class PolicyRules {
  readonly admission: RuleSet;
  readonly usage: RuleSet;
  readonly idle: RuleSet;
  readonly expiry: RuleSet;

  constructor(policy: Policy) {
    this.admission = new RuleSet(admissionRuleSet(policy));
    this.usage = new RuleSet(usageRuleSet(policy));
    this.idle = new RuleSet(idleRuleSet(policy));
    this.expiry = new RuleSet(expiryRuleSet(policy));
  }

  get all(): readonly RuleSet[] {
    return [this.admission, this.usage, this.idle, this.expiry];
  }

  /** Engine runs so far over every rule set. */
  get engineRuns(): number {
    return this.all.reduce((n, set) => n + set.engineRuns, 0);
  }
}
