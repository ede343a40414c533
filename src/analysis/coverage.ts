import type { CoverageReport } from '../config/schema/coverage.js';
import type { FiredResult } from './fired.js';

/**
 * What one run can tell coverage: what its policy could make fire (its rules and transitions), what its
 * files name, and what fired. Plain data, so that a worker thread posts it home with the run's report.
 */
export interface RunCoverage {
  readonly policy: string;
  readonly rules: readonly { readonly ruleSet: string; readonly rule: string; readonly ruleIds: string }[];
  readonly transitions: readonly {
    readonly machine: string;
    readonly from: string;
    readonly event: string;
    readonly to: string;
  }[];
  /** Rule IDs named by the policy (`covers`) and the scenario (`exercises`), with who names them. */
  readonly named: readonly { readonly id: string; readonly by: string }[];
  readonly fired: FiredResult;
}

/**
 * The suite's coverage from its runs' coverage, in any order: policies are keyed by name, what fired is
 * united, and every list is sorted, so that the result is the same however the runs were spread over
 * threads. A section reaches `threshold` when its covered share, in %, is at least it.
 */
export function coverageOf(runs: readonly RunCoverage[], threshold: number | null): CoverageReport {
  const byPolicy = new Map<string, { run: RunCoverage; rules: Set<string>; transitions: Set<string> }>();
  const firedIds = new Set<string>();
  const namedBy = new Map<string, Set<string>>();
  for (const run of runs) {
    const seen = byPolicy.get(run.policy) ?? { run, rules: new Set(), transitions: new Set() };
    byPolicy.set(run.policy, seen);
    for (const rule of run.fired.rules) seen.rules.add(rule);
    for (const t of run.fired.transitions) seen.transitions.add(t);
    for (const id of run.fired.ruleIds) firedIds.add(id);
    for (const { id, by } of run.named) namedBy.set(id, (namedBy.get(id) ?? new Set()).add(by));
  }
  const policies = [...byPolicy.keys()].sort();
  const rules = policies.flatMap((policy) => {
    const { run, rules: fired } = byPolicy.get(policy)!;
    return run.rules.map((r) => ({ policy, ...r, fired: fired.has(r.rule) }));
  });
  const transitions = policies.flatMap((policy) => {
    const { run, transitions: taken } = byPolicy.get(policy)!;
    return run.transitions.map((t) => ({
      policy,
      ...t,
      taken: taken.has(`${t.machine}: ${t.from} --${t.event}--> ${t.to}`),
    }));
  });
  const ids = [...new Set([...namedBy.keys(), ...firedIds])].sort(byCatalogueOrder);
  const ruleIds = ids.map((id) => ({
    id,
    fired: firedIds.has(id),
    namedBy: [...(namedBy.get(id) ?? [])].sort(),
  }));
  const sections = {
    ruleIds: section(ruleIds, (i) => i.fired, threshold),
    transitions: section(transitions, (t) => t.taken, threshold),
    rules: section(rules, (r) => r.fired, threshold),
  };
  const tally = <T extends { policy: string }>(
    items: readonly T[],
    covered: (item: T) => boolean,
    policy: string,
  ) => {
    const own = items.filter((i) => i.policy === policy);
    return { covered: own.filter(covered).length, total: own.length };
  };
  return {
    ...sections,
    policies: policies.map((policy) => ({
      policy,
      transitions: tally(transitions, (t) => t.taken, policy),
      rules: tally(rules, (r) => r.fired, policy),
    })),
    threshold,
    passed: !sections.ruleIds.below && !sections.transitions.below && !sections.rules.below,
  };
}

function section<T>(items: T[], covered: (item: T) => boolean, threshold: number | null) {
  const count = items.filter(covered).length;
  const total = items.length;
  const percent = total === 0 ? 100 : Math.round((count / total) * 1000) / 10;
  // Judged on the exact share, not the rounded one: 99.96 % shows as 100.0 but is below 100.
  const below = threshold !== null && total > 0 && count * 100 < threshold * total;
  return { total, covered: count, percent, below, items };
}

/** W2 before W10, then by letter: the catalogue's order of its IDs. */
function byCatalogueOrder(a: string, b: string): number {
  const split = (id: string) => /^([A-Z]*)(\d*)(.*)$/.exec(id)!;
  const [, la, na, ra] = split(a);
  const [, lb, nb, rb] = split(b);
  if (la !== lb) return la! < lb! ? -1 : 1;
  if (na !== nb) return Number(na) - Number(nb);
  return ra! < rb! ? -1 : ra! > rb! ? 1 : 0;
}
