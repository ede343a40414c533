import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Atom,
  atomHolds,
  collectAtoms,
  maskFunction,
  UnsupportedConditionError,
} from '../../src/rules/conditions.js';
import { RuleSet } from '../../src/rules/rule-set.js';

const facts = new Map([
  ['a', 0],
  ['b', 1],
  ['c', 2],
]);

describe('condition compilation', () => {
  it('collects each distinct fact test once from all/any/not trees', () => {
    const atoms: Atom[] = [];
    const seen = new Map<string, number>();
    collectAtoms(
      {
        all: [
          { fact: 'a', operator: 'greaterThan', value: 1 },
          {
            any: [
              { fact: 'b', operator: 'lessThan', value: { fact: 'c' } },
              { fact: 'a', operator: 'greaterThan', value: 1 },
            ],
          },
          { not: { fact: 'c', operator: 'in', value: [1, 2] } },
        ],
      },
      facts,
      atoms,
      seen,
    );
    expect(atoms).toEqual([
      { fact: 0, operator: 'greaterThan', otherFact: -1, value: 1 },
      { fact: 1, operator: 'lessThan', otherFact: 2, value: 0 },
      { fact: 2, operator: 'in', otherFact: -1, value: [1, 2] },
    ]);
  });

  it('the generated mask sets bit i exactly when atom i holds', () => {
    const operators = [
      'equal',
      'notEqual',
      'lessThan',
      'lessThanInclusive',
      'greaterThan',
      'greaterThanInclusive',
    ] as const;
    const atomArb: fc.Arbitrary<Atom> = fc.oneof(
      fc.record({
        fact: fc.integer({ min: 0, max: 2 }),
        operator: fc.constantFrom(...operators),
        otherFact: fc.integer({ min: -1, max: 2 }),
        value: fc.integer({ min: -3, max: 3 }),
      }),
      fc.record({
        fact: fc.integer({ min: 0, max: 2 }),
        operator: fc.constantFrom('in' as const, 'notIn' as const),
        otherFact: fc.constant(-1),
        value: fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(
        fc.array(atomArb, { minLength: 1, maxLength: 12 }),
        fc.tuple(
          fc.integer({ min: -4, max: 4 }),
          fc.integer({ min: -4, max: 4 }),
          fc.integer({ min: -4, max: 4 }),
        ),
        (atoms, values) => {
          const f = Float64Array.from(values);
          const expected = atoms.reduce((m, a, i) => m + (atomHolds(a, f) ? 2 ** i : 0), 0);
          expect(maskFunction(atoms)(f)).toBe(expected);
        },
      ),
    );
  });

  it('refuses what it cannot compile rather than deciding wrongly', () => {
    const rule = (conditions: object) => ({
      name: 'r',
      priority: 1,
      conditions,
      event: { type: 'deny', params: { ruleIds: '', message: '' } },
    });
    const build = (conditions: object) =>
      new RuleSet({ name: 'test', facts: ['a'], rules: [rule(conditions) as never] });
    expect(() => build({ all: [{ fact: 'a', operator: 'contains', value: 1 }] })).toThrow(
      /not a numeric operator/,
    );
    expect(() => build({ all: [{ fact: 'z', operator: 'equal', value: 1 }] })).toThrow(/does not declare/);
    expect(() => build({ condition: 'shared' })).toThrow(/not an all\/any\/not tree/);
    expect(() => build({ all: [{ fact: 'a', operator: 'equal', value: 'one' }] })).toThrow(/non-number/);
    expect(() => build({ all: [{ fact: 'a', operator: 'equal', value: null }] })).toThrow(/non-number/);
  });

  it('a refusal is an UnsupportedConditionError, named so, that lists the facts the rule set declares', () => {
    const atoms: Atom[] = [];
    const refusal = (() => {
      try {
        collectAtoms({ fact: 'z', operator: 'equal', value: 1 }, facts, atoms, new Map());
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(UnsupportedConditionError);
    expect((refusal as Error).name).toBe('UnsupportedConditionError');
    expect((refusal as Error).message).toBe(
      "condition reads fact 'z', which the rule set does not declare (declared: a, b, c)",
    );
  });

  it('refuses fact paths and params, which would test something other than the fact', () => {
    const collect = (condition: object) => () =>
      collectAtoms(condition as never, facts, [], new Map<string, number>());
    expect(collect({ fact: 'a', operator: 'equal', value: 1, path: '$.x' })).toThrow(
      "fact 'a': paths and params are not supported",
    );
    expect(collect({ fact: 'a', operator: 'equal', value: 1, params: { x: 1 } })).toThrow(
      "fact 'a': paths and params are not supported",
    );
  });

  it('in and notIn take a list of numbers, and nothing else', () => {
    const collect = (operator: string, value: unknown) => () =>
      collectAtoms({ fact: 'a', operator, value } as never, facts, [], new Map<string, number>());
    for (const operator of ['in', 'notIn']) {
      expect(collect(operator, 1)).toThrow(`operator '${operator}' needs a list of numbers`);
      expect(collect(operator, [1, 'two'])).toThrow(`operator '${operator}' needs a list of numbers`);
      expect(collect(operator, ['one', 2])).toThrow(`operator '${operator}' needs a list of numbers`);
    }
    const atoms: Atom[] = [];
    collectAtoms({ fact: 'a', operator: 'notIn', value: [1, 2] }, facts, atoms, new Map());
    expect(atoms).toEqual([{ fact: 0, operator: 'notIn', otherFact: -1, value: [1, 2] }]);
    expect(atomHolds(atoms[0]!, Float64Array.of(3))).toBe(true);
    expect(atomHolds(atoms[0]!, Float64Array.of(2))).toBe(false);
  });

  it('a rule set of no conditions has the mask 0', () => {
    expect(maskFunction([])(Float64Array.of(1, 2, 3))).toBe(0);
  });

  it('masks of 32 to 52 conditions are exact, beyond the 31 bits a shift can set', () => {
    for (const n of [31, 32, 40, 52]) {
      // Atom i holds when fact 0 is at least i: with fact 0 = k, exactly the atoms 0..k hold.
      const atoms: Atom[] = Array.from({ length: n }, (_, i) => ({
        fact: 0,
        operator: 'greaterThanInclusive',
        otherFact: -1,
        value: i,
      }));
      const mask = maskFunction(atoms);
      expect(mask(Float64Array.of(n - 1))).toBe(2 ** n - 1);
      expect(mask(Float64Array.of(0))).toBe(1);
      expect(mask(Float64Array.of(-1))).toBe(0);
    }
  });

  it('a rule set may test 52 conditions, the bits of a double, and no more', () => {
    const atoms = (n: number): Atom[] =>
      Array.from({ length: n }, (_, i) => ({ fact: 0, operator: 'equal', otherFact: -1, value: i }));
    expect(maskFunction(atoms(52))(Float64Array.of(51))).toBe(2 ** 51);
    expect(() => maskFunction(atoms(53))).toThrow('a rule set may test at most 52 conditions (has 53)');
  });

  it('the same conditions share one compiled mask, so runs of one policy share its optimised code', () => {
    const atoms = (): Atom[] => [{ fact: 1, operator: 'lessThan', otherFact: 2, value: 0 }];
    expect(maskFunction(atoms())).toBe(maskFunction(atoms()));
  });

  it('infinities, NaN and -0 from a policy compare as the numbers they are', () => {
    const holds = (operator: Atom['operator'], value: number | number[], x: number) =>
      maskFunction([{ fact: 0, operator, otherFact: -1, value }])(Float64Array.of(x)) === 1;
    expect(holds('lessThan', Infinity, 1e308)).toBe(true);
    expect(holds('greaterThan', -Infinity, -1e308)).toBe(true);
    expect(holds('equal', Infinity, Infinity)).toBe(true);
    expect(holds('notEqual', Number.NaN, -Infinity)).toBe(true);
    expect(holds('in', [Number.NaN], Number.NaN)).toBe(false);
    expect(holds('equal', -0, 0)).toBe(true);
    expect(holds('lessThan', -0, 0)).toBe(false);
  });

  it('a policy value cannot inject code into the generated mask', () => {
    const atoms: Atom[] = [{ fact: 0, operator: 'equal', otherFact: -1, value: Number.NaN }];
    expect(maskFunction(atoms)(Float64Array.of(Number.NaN))).toBe(0);
    expect(
      maskFunction([{ fact: 0, operator: 'greaterThan', otherFact: -1, value: -Infinity }])(
        Float64Array.of(0),
      ),
    ).toBe(1);
  });
});
