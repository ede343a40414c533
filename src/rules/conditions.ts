import type { TopLevelCondition } from 'json-rules-engine';

/**
 * Compiles json-rules-engine condition trees into atomic predicates over a fact vector. An atom is one
 * fact–operator–value test (the value possibly another fact); a rule set's decision is a function of its
 * atoms' outcomes alone, which is what lets decisions be memoised by the bitmask of those outcomes
 * whatever the magnitude of the facts.
 */

/** A node of a condition tree: all/any/not, a reference to a named condition, or one fact test. */
type Condition =
  | TopLevelCondition
  | { fact: string; operator: string; value: unknown; path?: string; params?: Record<string, unknown> };

/** A test of one fact against a constant or another fact, on the rule set's fact vector. */
export interface Atom {
  readonly fact: number;
  readonly operator: NumericOperator;
  /** The index of the other fact, or -1 when the value is the constant `value`. */
  readonly otherFact: number;
  readonly value: number | readonly number[];
}

/** json-rules-engine's default operators that apply to numbers, and what each means. */
const numericOperators = {
  equal: (a: number, b: number) => a === b,
  notEqual: (a: number, b: number) => a !== b,
  lessThan: (a: number, b: number) => a < b,
  lessThanInclusive: (a: number, b: number) => a <= b,
  greaterThan: (a: number, b: number) => a > b,
  greaterThanInclusive: (a: number, b: number) => a >= b,
} as const;
type NumericOperator = keyof typeof numericOperators | 'in' | 'notIn';

/** A rule condition in a form this compiler does not know; rule sets must fail loudly, not decide wrongly. */
export class UnsupportedConditionError extends Error {
  override readonly name = 'UnsupportedConditionError';
}

/**
 * Collects the atoms of a rule's condition tree into `atoms` (deduplicated by their key in `seen`).
 * `factIndex` maps a fact name to its place in the vector; an unknown fact is an error, as json-rules-engine
 * reports undefined facts when `allowUndefinedFacts` is off.
 */
export function collectAtoms(
  condition: Condition,
  factIndex: ReadonlyMap<string, number>,
  atoms: Atom[],
  seen: Map<string, number>,
): void {
  if ('all' in condition) {
    for (const c of condition.all as Condition[]) collectAtoms(c, factIndex, atoms, seen);
  } else if ('any' in condition) {
    for (const c of condition.any as Condition[]) collectAtoms(c, factIndex, atoms, seen);
  } else if ('not' in condition) {
    collectAtoms(condition.not as Condition, factIndex, atoms, seen);
  } else if ('fact' in condition) {
    const atom = atomOf(condition, factIndex);
    const key = atomKey(atom);
    if (!seen.has(key)) {
      seen.set(key, atoms.length);
      atoms.push(atom);
    }
  } else {
    throw new UnsupportedConditionError(
      `condition ${JSON.stringify(condition)} is not an all/any/not tree of fact tests`,
    );
  }
}

function atomOf(
  condition: { fact: string; operator: string; value: unknown; path?: string; params?: unknown },
  factIndex: ReadonlyMap<string, number>,
): Atom {
  const fact = indexOf(condition.fact, factIndex);
  if (condition.path !== undefined || condition.params !== undefined) {
    throw new UnsupportedConditionError(`fact '${condition.fact}': paths and params are not supported`);
  }
  const operator = condition.operator as NumericOperator;
  const value = condition.value;
  if (operator === 'in' || operator === 'notIn') {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) {
      throw new UnsupportedConditionError(`operator '${operator}' needs a list of numbers`);
    }
    return { fact, operator, otherFact: -1, value };
  }
  if (!(operator in numericOperators)) {
    throw new UnsupportedConditionError(`operator '${condition.operator}' is not a numeric operator`);
  }
  if (typeof value === 'object' && value !== null && 'fact' in value) {
    return { fact, operator, otherFact: indexOf(String(value.fact), factIndex), value: 0 };
  }
  if (typeof value !== 'number') {
    throw new UnsupportedConditionError(`fact '${condition.fact}' is compared with a non-number`);
  }
  return { fact, operator, otherFact: -1, value };
}

function indexOf(name: string, factIndex: ReadonlyMap<string, number>): number {
  const index = factIndex.get(name);
  if (index === undefined) {
    throw new UnsupportedConditionError(
      `condition reads fact '${name}', which the rule set does not declare (declared: ${[...factIndex.keys()].join(', ')})`,
    );
  }
  return index;
}

function atomKey(a: Atom): string {
  return `${a.fact} ${a.operator} ${a.otherFact} ${JSON.stringify(a.value)}`;
}

/** Whether an atom holds on a fact vector. */
export function atomHolds(a: Atom, facts: Float64Array): boolean {
  const x = facts[a.fact]!;
  if (a.operator === 'in') return (a.value as readonly number[]).includes(x);
  if (a.operator === 'notIn') return !(a.value as readonly number[]).includes(x);
  const y = a.otherFact >= 0 ? facts[a.otherFact]! : (a.value as number);
  return numericOperators[a.operator](x, y);
}

/**
 * One function computing the bitmask of every atom's outcome (bit i set when atom i holds). Generated
 * source rather than a loop over closures: the hot path calls it per arrival, and one straight-line
 * function of comparisons runs several times faster than a call per atom. Only indices, operators from
 * the fixed table and finite numbers reach the source, never text from a policy.
 */
export function maskFunction(atoms: readonly Atom[]): (facts: Float64Array) => number {
  if (atoms.length > 52) {
    throw new UnsupportedConditionError(`a rule set may test at most 52 conditions (has ${atoms.length})`);
  }
  const symbol: Record<keyof typeof numericOperators, string> = {
    equal: '===',
    notEqual: '!==',
    lessThan: '<',
    lessThanInclusive: '<=',
    greaterThan: '>',
    greaterThanInclusive: '>=',
  };
  // Up to 31 atoms the mask is built with `|` and shifts of comparison results, branch-free: at a
  // threshold a comparison flips often, and a mispredicted branch costs more than the arithmetic.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the `+` form is exact for any count; the shift form is only faster
  const small = atoms.length <= 31;
  const terms = atoms.map((a, i) => {
    const x = `f[${a.fact}]`;
    let test: string;
    if (a.operator === 'in' || a.operator === 'notIn') {
      const list = (a.value as readonly number[]).map((v) => `${x} === ${literal(v)}`).join(' || ');
      const any = list === '' ? 'false' : `(${list})`;
      test = a.operator === 'in' ? any : `!${any}`;
    } else {
      const y = a.otherFact >= 0 ? `f[${a.otherFact}]` : literal(a.value as number);
      test = `${x} ${symbol[a.operator]} ${y}`;
    }
    return small ? `((${test}) << ${i})` : `((${test}) ? ${2 ** i} : 0)`;
  });
  const body = terms.length === 0 ? 'return 0;' : `return ${terms.join(small ? ' | ' : ' + ')};`;
  let mask = compiledMasks.get(body);
  if (mask === undefined) {
    mask = new Function('f', body) as (f: Float64Array) => number;
    compiledMasks.set(body, mask);
  }
  return mask;
}

/**
 * Mask functions by source. Runs of the same policy (replications, a test suite) share one function, so
 * the optimiser compiles it once and its call sites keep seeing the same target.
 */
const compiledMasks = new Map<string, (f: Float64Array) => number>();

function literal(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  // Stryker disable next-line ConditionalExpression,EqualityOperator: String(±Infinity) spells the same; n is never 0 here
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  // Stryker disable next-line UnaryOperator: 0 and -0 compare alike under every operator of the mask
  return Object.is(n, -0) ? '-0' : String(n);
}
