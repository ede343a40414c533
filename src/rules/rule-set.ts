import { Engine } from 'json-rules-engine';
import { type FactMeaning, FactVector, type RuleOutcome } from '../trace/facts.js';
import { type Atom, collectAtoms, maskFunction } from './conditions.js';
import type { LicensingRule } from './rule-sets.js';

/** A fact computed from the others, e.g. usage = inUse / capacity; `at` maps fact names to vector indices. */
export type DerivedFact = (facts: Float64Array, at: Readonly<Record<string, number>>) => number;

/** Up to this many conditions, outcomes are kept in an array of 2^conditions entries (64 Ki at most). */
const MAX_INDEXED_CONDITIONS = 16;

/** What a rule set reads and how it decides: plain data built from a policy. */
export interface RuleSetSpec {
  /** Names the rule set in messages and statistics, e.g. `admission`. */
  readonly name: string;
  /** Facts the caller writes for each decision, in vector order. */
  readonly facts: readonly string[];
  /** Policy values the rules read as facts (the per-user limit), constant for the run. */
  readonly constants?: Readonly<Record<string, number>>;
  readonly derived?: Readonly<Record<string, DerivedFact>>;
  /** How facts read in traces and reports (a state by name, "no limit" as null); counts need none. */
  readonly meanings?: Readonly<Record<string, FactMeaning>>;
  readonly rules: readonly LicensingRule[];
  /** The outcome when no rule holds. */
  readonly fallback?: { readonly type: string; readonly message: string };
}

/**
 * One rule set of a policy. json-rules-engine is the one source of its semantics; its conditions are
 * compiled once into atomic predicates over the fact vector, and decisions are memoised by the bitmask
 * of those predicates' outcomes. The engine runs only for an outcome vector not seen before, so engine
 * runs are bounded by the rule set's conditions (at most 2^atoms, in practice a handful), whatever the
 * pool sizes, counts or horizon.
 *
 * @example
 * const facts = admission.vector();
 * facts.values[0] = state; // … every declared fact
 * const outcome = admission.lookup(facts) ?? (await admission.evaluate(facts));
 */
export class RuleSet {
  readonly spec: RuleSetSpec;
  readonly name: string;
  readonly rules: readonly LicensingRule[];
  /** Engine runs so far: the memo's misses. */
  engineRuns = 0;
  private readonly engine: Engine;
  private readonly inputs: readonly string[];
  private readonly index: Readonly<Record<string, number>>;
  private readonly all: readonly string[];
  private readonly constants: readonly [number, number][];
  private readonly derived: readonly [number, DerivedFact][];
  private readonly atoms: readonly Atom[];
  private readonly mask: (facts: Float64Array) => number;
  /**
   * Outcomes by condition bitmask: an array indexed by the mask while the rule set tests few enough
   * conditions for one (an index costs less than a hash lookup on every arrival), a Map beyond.
   */
  private readonly indexed: (RuleOutcome | undefined)[] | null;
  private readonly hashed: Map<number, RuleOutcome> | null;
  private readonly fallback: RuleOutcome;

  constructor(spec: RuleSetSpec) {
    this.spec = spec;
    this.name = spec.name;
    this.rules = spec.rules;
    this.inputs = spec.facts;
    const constants = Object.entries(spec.constants ?? {});
    const derived = Object.entries(spec.derived ?? {});
    this.all = [...spec.facts, ...constants.map(([n]) => n), ...derived.map(([n]) => n)];
    if (new Set(this.all).size !== this.all.length) {
      throw new Error(`rule set ${spec.name}: a fact is declared twice (${this.all.join(', ')})`);
    }
    this.index = Object.fromEntries(this.all.map((n, i) => [n, i]));
    this.constants = constants.map(([n, v]) => [this.index[n]!, v]);
    this.derived = derived.map(([n, f]) => [this.index[n]!, f]);
    const atoms: Atom[] = [];
    const seen = new Map<string, number>();
    const factIndex = new Map(Object.entries(this.index));
    for (const rule of spec.rules) collectAtoms(rule.conditions, factIndex, atoms, seen);
    this.atoms = atoms;
    this.mask = maskFunction(atoms);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: both memos hold the same outcomes; the array is only faster
    const indexed = atoms.length <= MAX_INDEXED_CONDITIONS;
    // Stryker disable next-line ArrayDeclaration: filled up front to keep the array packed, for speed only
    this.indexed = indexed ? new Array(2 ** atoms.length).fill(undefined) : null;
    this.hashed = indexed ? null : new Map();
    this.engine = new Engine(
      spec.rules.map((r) => ({ ...r })),
      // Stryker disable next-line ObjectLiteral: false is json-rules-engine's default, named here for the reader
      { allowUndefinedFacts: false },
    );
    const fallback = spec.fallback ?? { type: 'none', message: '' };
    this.fallback = { rule: null, type: fallback.type, ruleIds: '', message: fallback.message };
  }

  /** The facts callers write, in vector order. */
  get facts(): readonly string[] {
    return this.inputs;
  }

  /** Atomic conditions the rules test: the memo holds at most 2^conditions outcomes. */
  get conditions(): number {
    return this.atoms.length;
  }

  /** A fact vector for this rule set, constants filled in; the caller writes its facts and owns it. */
  vector(): FactVector {
    const v = new FactVector(this.inputs, this.all.length, this.spec.meanings);
    for (const [i, value] of this.constants) v.values[i] = value;
    return v;
  }

  /** The memoised outcome for the facts in `v`, or undefined when the engine must decide (`evaluate`). */
  lookup(v: FactVector): RuleOutcome | undefined {
    const f = v.values;
    if (this.derived.length > 0) this.derive(f);
    const key = this.mask(f);
    return this.indexed !== null ? this.indexed[key] : this.hashed!.get(key);
  }

  /**
   * Fills in the derived facts. A method of its own, called only by rule sets that have some: `lookup`
   * runs per arrival, and kept small it is inlined into the arrival path with the draws around it.
   */
  private derive(f: Float64Array): void {
    for (const [i, derive] of this.derived) f[i] = derive(f, this.index);
  }

  /** Runs the engine on the facts in `v` and memoises its outcome under their condition outcomes. */
  async evaluate(v: FactVector): Promise<RuleOutcome> {
    const f = v.values;
    this.derive(f);
    const key = this.mask(f);
    const facts: Record<string, number> = {};
    // Stryker disable next-line EqualityOperator: one step too far adds a fact named 'undefined' that no rule reads
    for (let i = 0; i < this.all.length; i++) facts[this.all[i]!] = f[i]!;
    const outcome = await this.runEngine(facts);
    if (this.indexed !== null) this.indexed[key] = outcome;
    else this.hashed!.set(key, outcome);
    return outcome;
  }

  /** Looks up, or evaluates on a miss. */
  decide(v: FactVector): RuleOutcome | Promise<RuleOutcome> {
    return this.lookup(v) ?? this.evaluate(v);
  }

  /**
   * json-rules-engine on a full set of facts, unmemoised: the highest-priority rule that holds (the
   * first declared among equals), or the fallback. The reference the compiled decisions must equal.
   */
  async runEngine(facts: Readonly<Record<string, number>>): Promise<RuleOutcome> {
    this.engineRuns++;
    const { results } = await this.engine.run({ ...facts });
    let best: (typeof results)[number] | undefined;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: the engine lists results by priority already; choosing here keeps the decision independent of that order
    for (const r of results) if (!best || (r.priority ?? 0) > (best.priority ?? 0)) best = r;
    if (!best) return this.fallback;
    const params = (best.event?.params ?? {}) as { ruleIds?: string; message?: string };
    return {
      rule: best.name as string,
      // Stryker disable next-line OptionalChaining,StringLiteral: json-rules-engine refuses a rule without an event type
      type: best.event?.type ?? 'none',
      ruleIds: params.ruleIds ?? '',
      message: params.message ?? '',
    };
  }
}
