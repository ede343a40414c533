import type { RunResults } from '../analysis/registry.js';
import type { Run } from '../model/bind.js';
import type { Expectation } from '../model/scenario.js';
import { formatLocal } from '../model/time.js';
import { type BoundExpectation, type ExpectationKindName, expectationKinds } from './kinds.js';

export interface ExpectationResult {
  readonly description: string;
  readonly location: string;
  readonly passed: boolean;
  readonly expected: string;
  readonly actual: string | number | boolean | null;
}

/**
 * Checks one expectation against a run's analysis results, by its kind's entry in the table. Returns null
 * when the expectation names another policy (in a scenario that compares several).
 */
export function checkExpectation(
  x: Expectation,
  run: Run,
  results: RunResults,
  location: string,
): ExpectationResult | null {
  const { input } = x;
  if (input.policy !== undefined && input.policy !== run.policy.name) return null;
  const kind = expectationKinds[x.kind] as (typeof expectationKinds)[ExpectationKindName] & {
    check: (x: BoundExpectation, ctx: unknown) => ReturnType<(typeof expectationKinds)['state']['check']>;
  };
  // Past the transition limit the lifecycle is no longer known in full: say so rather than guess.
  if (kind.readsLifecycle && results.lifecycle.dropped > 0) {
    const pool = 'pool' in input ? input.pool : undefined;
    const scope = pool === undefined ? 'all pools' : `pool ${pool}`;
    const what =
      'state' in input
        ? `${scope} in state ${input.state}`
        : `transition to ${'transition' in input ? input.transition.to : '?'}`;
    const actual = `unknown: the run had more than ${results.lifecycle.limit} lifecycle transitions`;
    return {
      description: input.name ?? what,
      location,
      passed: false,
      expected: 'a lifecycle kept in full',
      actual,
    };
  }
  const { description, passed, expected, actual } = kind.check(x, {
    run,
    results,
    format: (ms: number) => formatLocal(ms, run.policy.timeZone),
  });
  return { description: input.name ?? description, location, passed, expected, actual };
}
