import type { Policy } from '../model/policy.js';
import type { Expectation } from '../model/scenario.js';
import { formatInstant } from '../model/time.js';
import type { RunMetrics } from './run-metrics.js';

export interface ExpectationResult {
  readonly description: string;
  readonly location: string;
  readonly passed: boolean;
  readonly expected: string;
  readonly actual: string | number | boolean | null;
}

/**
 * Checks one expectation against a run's figures. Returns null when the expectation names another policy
 * (in a scenario that compares several).
 */
export function checkExpectation(
  x: Expectation,
  metrics: RunMetrics,
  policy: Policy,
  location: string,
): ExpectationResult | null {
  const input = x.input;
  if (input.policy !== undefined && input.policy !== policy.name) return null;
  const scope = input.pool === undefined ? 'all pools' : `pool ${input.pool}`;
  const pools = metrics.pools.filter((p) => input.pool === undefined || p.id === input.pool);
  const label = (text: string) => input.name ?? text;
  const result = (
    description: string,
    passed: boolean,
    expected: string,
    actual: ExpectationResult['actual'],
  ) => ({
    description: label(description),
    location,
    passed,
    expected,
    actual,
  });

  // Past TRANSITION_LIMIT the lifecycle is no longer known in full: say so rather than guess.
  if (('state' in input || 'transition' in input) && metrics.transitions.dropped > 0) {
    const what =
      'state' in input ? `${scope} in state ${input.state}` : `transition to ${input.transition.to}`;
    const actual = `unknown: the run had more than ${metrics.transitions.limit} lifecycle transitions`;
    return result(what, false, 'a lifecycle kept in full', actual);
  }

  if ('state' in input) {
    const at = x.atMs ?? metrics.startedAt;
    const states = pools.map((p) => ({ pool: p.id, state: metrics.stateAt(p.id, at) }));
    const passed = states.every((s) => s.state === input.state);
    const distinct = [...new Set(states.map((s) => s.state))];
    const actual =
      distinct.length === 1 ? distinct[0]! : states.map((s) => `${s.pool}: ${s.state}`).join(', ');
    return result(`${scope} in state ${input.state} at ${formatInstant(at)}`, passed, input.state, actual);
  }

  if ('alert' in input) {
    const raised = input.raised ?? true;
    const count = metrics.alertsRaised(input.alert, input.pool);
    const description = `${input.alert} alert ${raised ? 'raised' : 'never raised'} in ${scope}`;
    return result(
      description,
      raised ? count > 0 : count === 0,
      raised ? 'raised at least once' : 'never raised',
      count,
    );
  }

  if ('transition' in input) {
    const { from, to } = input.transition;
    const happens = input.happens ?? true;
    const matching = metrics.transitions.items.filter(
      (t) =>
        (input.pool === undefined || t.pool === input.pool) &&
        t.to === to &&
        t.from !== null &&
        t.from !== t.to &&
        (from === undefined || t.from === from) &&
        (x.beforeMs === null || t.at < x.beforeMs) &&
        (x.afterMs === null || t.at >= x.afterMs),
    );
    const window = [
      x.afterMs !== null ? `at or after ${formatInstant(x.afterMs)}` : '',
      x.beforeMs !== null ? `before ${formatInstant(x.beforeMs)}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    const what = `transition ${from ?? '*'} → ${to} in ${scope}${window ? ` ${window}` : ''}`;
    const first = matching[0];
    const actual = first
      ? `${first.pool}: ${first.from} → ${first.to} at ${formatInstant(first.at)}`
      : 'none';
    return result(
      happens ? what : `no ${what}`,
      happens ? matching.length > 0 : matching.length === 0,
      happens ? 'happens' : 'does not happen',
      actual,
    );
  }

  const rule = 'rule' in input ? input.rule : undefined;
  const denied =
    rule === undefined
      ? pools.reduce((s, p) => s + p.denied, 0)
      : [...metrics.denials.values()]
          .filter((d) => d.rule === rule && (input.pool === undefined || d.pool === input.pool))
          .reduce((s, d) => s + d.count, 0);
  const admitted = pools.reduce((s, p) => s + p.admitted, 0);
  // Sessions offered: admitted plus every denial, whichever rule decided it.
  const offered = admitted + pools.reduce((s, p) => s + p.denied, 0);
  const peak = pools.reduce((m, p) => Math.max(m, p.peak), 0);
  const checks: [keyof typeof input, string, number, (limit: number, actual: number) => boolean][] = [
    ['deniedAtMost', 'denied at most', denied, (l, a) => a <= l],
    ['deniedAtLeast', 'denied at least', denied, (l, a) => a >= l],
    ['admittedAtLeast', 'admitted at least', admitted, (l, a) => a >= l],
    ['peakAtMost', 'peak at most', peak, (l, a) => a <= l],
    ['peakAtLeast', 'peak at least', peak, (l, a) => a >= l],
    ['denialRateAtMost', 'denial rate at most', offered > 0 ? denied / offered : 0, (l, a) => a <= l],
  ];
  for (const [key, words, actual, holds] of checks) {
    const limit = (input as Record<string, unknown>)[key];
    if (typeof limit !== 'number') continue;
    const by = rule !== undefined && key.startsWith('deni') ? ` by rule ${rule}` : '';
    return result(
      `${scope}: ${words} ${limit}${by}`,
      holds(limit, actual),
      `${words} ${limit}`,
      round(actual),
    );
  }
  return result(`${scope}: unrecognised expectation`, false, 'a known expectation', null);
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
