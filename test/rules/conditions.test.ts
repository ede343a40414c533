import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Atom, atomHolds, collectAtoms, maskFunction } from '../../src/rules/conditions.js';
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
