import type { ScenarioRunReport } from '../config/schema/report.js';

/** An expectation whose outcome differs between the two policy versions. */
export interface FlippedExpectation {
  readonly description: string;
  readonly location: string;
  readonly old: {
    readonly passed: boolean;
    readonly actual: ScenarioRunReport['expectations'][number]['actual'];
  };
  readonly new: {
    readonly passed: boolean;
    readonly actual: ScenarioRunReport['expectations'][number]['actual'];
  };
}

/** A figure of one pool under each version. */
export interface PoolChange {
  readonly pool: string;
  readonly peak: { readonly old: number; readonly new: number };
  readonly admitted: { readonly old: number; readonly new: number };
  readonly denied: { readonly old: number; readonly new: number };
}

/** How often something happened under each version: denials by a rule, or a lifecycle transition. */
export interface CountChange {
  readonly pool: string;
  readonly what: string;
  readonly old: number;
  readonly new: number;
}

/** What changes in one scenario when its policy is replaced. */
export interface ScenarioDiff {
  readonly scenario: string;
  readonly file: string;
  readonly passed: { readonly old: boolean; readonly new: boolean };
  readonly expectations: { readonly total: number; readonly flipped: FlippedExpectation[] };
  /** Pools whose peak, admissions or denials differ. */
  readonly pools: PoolChange[];
  /** Denials by pool and rule whose count differs. */
  readonly denials: CountChange[];
  /** Lifecycle transitions (`from → to`) by pool whose count differs. */
  readonly transitions: CountChange[];
}

/**
 * Compares the reports of one scenario run under the old and the new version of a policy. Expectations
 * pair by their location (the same scenario file states them); pools, rules and transitions by name.
 * Only what differs is listed.
 */
export function diffRuns(old: ScenarioRunReport, now: ScenarioRunReport): ScenarioDiff {
  const nowByPlace = new Map(now.expectations.map((e) => [`${e.location} ${e.description}`, e]));
  const flipped = old.expectations.flatMap((e) => {
    const other = nowByPlace.get(`${e.location} ${e.description}`);
    if (other === undefined || other.passed === e.passed) return [];
    return [
      {
        description: e.description,
        location: e.location,
        old: { passed: e.passed, actual: e.actual },
        new: { passed: other.passed, actual: other.actual },
      },
    ];
  });
  const nowPools = new Map(now.pools.map((p) => [p.id, p]));
  const pools = old.pools.flatMap((p) => {
    const n = nowPools.get(p.id);
    if (n === undefined) return [];
    const change = {
      pool: p.id,
      peak: { old: p.peak, new: n.peak },
      admitted: { old: p.admitted, new: n.admitted },
      denied: { old: p.denied, new: n.denied },
    };
    const same = p.peak === n.peak && p.admitted === n.admitted && p.denied === n.denied;
    return same ? [] : [change];
  });
  return {
    scenario: old.scenario,
    file: old.file,
    passed: { old: old.passed, new: now.passed },
    expectations: { total: old.expectations.length, flipped },
    pools,
    denials: changedCounts(denialCounts(old), denialCounts(now)),
    transitions: changedCounts(transitionCounts(old), transitionCounts(now)),
  };
}

type Counts = Map<string, { pool: string; what: string; count: number }>;

function denialCounts(run: ScenarioRunReport): Counts {
  const counts: Counts = new Map();
  for (const d of run.denials) {
    const what = `${d.rule ?? 'no rule'} [${d.ruleIds}]`;
    counts.set(`${d.pool}\u0000${what}`, { pool: d.pool, what, count: d.count });
  }
  return counts;
}

function transitionCounts(run: ScenarioRunReport): Counts {
  const counts: Counts = new Map();
  for (const t of run.lifecycle) {
    if (t.from === null) continue;
    const what = `${t.from} → ${t.to}`;
    const key = `${t.pool}\u0000${what}`;
    const known = counts.get(key);
    counts.set(key, { pool: t.pool, what, count: (known?.count ?? 0) + 1 });
  }
  return counts;
}

/** Counts that differ, in the order first seen under the old version, then the new. */
function changedCounts(old: Counts, now: Counts): CountChange[] {
  const keys = [...new Set([...old.keys(), ...now.keys()])];
  return keys.flatMap((key) => {
    const a = old.get(key);
    const b = now.get(key);
    const { pool, what } = (a ?? b)!;
    const change = { pool, what, old: a?.count ?? 0, new: b?.count ?? 0 };
    return change.old === change.new ? [] : [change];
  });
}
