import { Engine } from 'json-rules-engine';
import type { LicensingRule } from './rule-sets.js';

/** The rule that decided, with the facts it saw: what a trace record needs to answer "why?". */
export interface RuleDecision {
  /** The rule's name, e.g. `pool-session-limit`; null when no rule held (the default outcome). */
  readonly rule: string | null;
  readonly type: string;
  readonly ruleIds: string;
  readonly message: string;
  readonly facts: Readonly<Record<string, number>>;
}

export type DerivedFacts = Record<string, (facts: Record<string, number>) => number>;

/**
 * One json-rules-engine engine over a rule set. `decide` runs the engine (asynchronous, ~5 µs) and returns
 * the highest-priority rule that holds; callers memoise by fact vector so the engine runs only on new ones.
 */
export class RuleSet {
  private readonly engine: Engine;
  constructor(
    readonly rules: readonly LicensingRule[],
    private readonly constants: Readonly<Record<string, number>> = {},
    private readonly derived: DerivedFacts = {},
    private readonly fallback: { type: string; message: string } = { type: 'none', message: '' },
  ) {
    this.engine = new Engine(
      rules.map((r) => ({ ...r })),
      { allowUndefinedFacts: false },
    );
  }

  async decide(facts: Readonly<Record<string, number>>): Promise<RuleDecision> {
    const all: Record<string, number> = { ...this.constants, ...facts };
    for (const [name, derive] of Object.entries(this.derived)) all[name] = derive(all);
    const { results } = await this.engine.run(all);
    let best: (typeof results)[number] | undefined;
    for (const r of results) if (!best || (r.priority ?? 0) > (best.priority ?? 0)) best = r;
    if (!best) return { rule: null, ...this.fallback, ruleIds: '', facts: { ...facts } };
    const params = (best.event?.params ?? {}) as { ruleIds?: string; message?: string };
    return {
      rule: best.name as string,
      type: best.event?.type ?? 'none',
      ruleIds: params.ruleIds ?? '',
      message: params.message ?? '',
      facts: { ...facts },
    };
  }
}
