import type { ScenarioRunReport } from '../../src/config/schema/report.js';

/** What an attacker would name things: markup that runs a script if it is ever read as HTML. */
export const PAYLOAD = '<img src=x onerror=alert(1)>';

/**
 * A run report whose every name and message from input is the payload: the policy, the scenario, the
 * pools, the lifecycle's reasons, alerts' and denials' messages, the expectations' wording.
 */
export function hostile(run: ScenarioRunReport): ScenarioRunReport {
  const p = PAYLOAD;
  return {
    ...run,
    scenario: p,
    policy: p,
    file: p,
    policyFile: p,
    pools: run.pools.map((pool) => ({
      ...pool,
      id: p,
      capacityOverTime: pool.capacityOverTime.map((c) => ({ ...c, reason: p })),
    })),
    lifecycle: run.lifecycle.map((t) => ({ ...t, pool: p, reason: p, event: p })),
    alerts: run.alerts.map((a) => ({ ...a, pool: p, message: p })),
    alertCounts: run.alertCounts.map((c) => ({ ...c, pool: p })),
    denials: run.denials.map((d) => ({ ...d, pool: p, message: p })),
    expectations: run.expectations.map((e) => ({ ...e, description: p, expected: p, actual: p })),
  };
}
