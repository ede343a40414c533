import { describe, expect, it } from 'vitest';
import { RuleSet, type RuleSetSpec } from '../../src/rules/rule-set.js';
import type { LicensingRule } from '../../src/rules/rule-sets.js';

/** Rule sets from hand-written specs: how a set decides, whatever policy built it. */

function rule(name: string, priority: number, conditions: object, type = 'deny'): LicensingRule {
  return {
    name,
    priority,
    conditions: conditions as LicensingRule['conditions'],
    event: { type, params: { ruleIds: `ID-${name}`, message: `${name} holds` } },
  };
}

async function decide(set: RuleSet, values: number[]) {
  const v = set.vector();
  v.values.set(values);
  return set.decide(v);
}

describe('a rule set', () => {
  it('refuses a fact declared twice, among inputs, constants or derived facts', () => {
    const spec = (more: Partial<RuleSetSpec>): RuleSetSpec => ({
      name: 'twice',
      facts: ['a'],
      rules: [],
      ...more,
    });
    expect(() => new RuleSet(spec({ facts: ['a', 'a'] }))).toThrow(
      'rule set twice: a fact is declared twice (a, a)',
    );
    expect(() => new RuleSet(spec({ constants: { a: 1 } }))).toThrow('a fact is declared twice (a, a)');
    expect(() => new RuleSet(spec({ derived: { a: () => 0 } }))).toThrow('a fact is declared twice');
    expect(() => new RuleSet(spec({ constants: { b: 1 }, derived: { c: () => 0 } }))).not.toThrow();
  });

  it('decides by the highest priority that holds, and among equal priorities by the first declared', async () => {
    const set = new RuleSet({
      name: 'order',
      facts: ['a'],
      rules: [
        rule('low', 1, { all: [{ fact: 'a', operator: 'greaterThan', value: 0 }] }),
        rule('first', 5, { all: [{ fact: 'a', operator: 'greaterThan', value: 1 }] }),
        rule('second', 5, { all: [{ fact: 'a', operator: 'greaterThan', value: 1 }] }),
      ],
    });
    expect((await decide(set, [1])).rule).toBe('low');
    expect(await decide(set, [2])).toEqual({
      rule: 'first',
      type: 'deny',
      ruleIds: 'ID-first',
      message: 'first holds',
    });
  });

  it('without a fallback, no rule holding is the outcome none, of no rule, IDs or message', async () => {
    const set = new RuleSet({
      name: 'quiet',
      facts: ['a'],
      rules: [rule('big', 1, { all: [{ fact: 'a', operator: 'greaterThan', value: 10 }] })],
    });
    expect(await decide(set, [1])).toEqual({ rule: null, type: 'none', ruleIds: '', message: '' });
  });

  it('an event without params decides with empty rule IDs and message', async () => {
    const set = new RuleSet({
      name: 'bare',
      facts: ['a'],
      rules: [
        {
          name: 'bare',
          priority: 1,
          conditions: { all: [{ fact: 'a', operator: 'equal', value: 1 }] },
          event: { type: 'flag' } as LicensingRule['event'],
        },
      ],
    });
    expect(await decide(set, [1])).toEqual({ rule: 'bare', type: 'flag', ruleIds: '', message: '' });
  });

  it('the engine refuses facts it is not given rather than treating them as undefined', async () => {
    const set = new RuleSet({
      name: 'strict',
      facts: ['a'],
      rules: [rule('a-set', 1, { all: [{ fact: 'a', operator: 'equal', value: 1 }] })],
    });
    await expect(set.runEngine({})).rejects.toThrow(/Undefined fact: a/);
  });

  it('rule sets of many conditions decide and memoise like small ones (hashed rather than indexed)', async () => {
    // 40 conditions: a[i] >= i. A memo indexed by mask could not even be allocated (2^40 entries).
    const rules = Array.from({ length: 40 }, (_, i) =>
      rule(`at-least-${i}`, i, { all: [{ fact: 'a', operator: 'greaterThanInclusive', value: i }] }),
    );
    const set = new RuleSet({ name: 'wide', facts: ['a'], rules });
    expect(set.conditions).toBe(40);
    expect((await decide(set, [-1])).rule).toBeNull();
    expect((await decide(set, [17])).rule).toBe('at-least-17');
    expect((await decide(set, [39])).rule).toBe('at-least-39');
    const runs = set.engineRuns;
    const v = set.vector();
    v.values.set([17]);
    expect(set.lookup(v)?.rule).toBe('at-least-17');
    expect(set.engineRuns).toBe(runs);
  });
});
