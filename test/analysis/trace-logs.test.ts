import { describe, expect, it } from 'vitest';
import { alertLog } from '../../src/analysis/alert-log.js';
import { LIST_LIMIT } from '../../src/analysis/bounded-list.js';
import { capacityLog } from '../../src/analysis/capacity-log.js';
import { denialLog } from '../../src/analysis/denial-log.js';
import { failoverLog } from '../../src/analysis/failover-log.js';
import { lifecycleLog } from '../../src/analysis/lifecycle-log.js';
import { analyses } from '../../src/analysis/registry.js';
import type { Run } from '../../src/model/bind.js';
import { FactVector, type RuleOutcome } from '../../src/trace/facts.js';
import type { TraceRecord } from '../../src/trace/records.js';
import { policyYaml, runFrom } from '../support/build.js';
import { scenario } from '../support/fixtures.js';

/** Two pools, `first` (index 0) and `second` (index 1), on two sites. */
function run(): Run {
  const policy = policyYaml({
    timeZone: 'UTC',
    sites: [{ id: 'paris' }, { id: 'lyon' }],
    licenses: [
      { id: 'key-1', count: 10, term: 'perpetual' },
      { id: 'key-2', count: 10, term: 'perpetual' },
    ],
    pools: [
      { id: 'first', licenses: ['key-1'], sites: ['paris'] },
      { id: 'second', licenses: ['key-2'], sites: ['lyon'] },
    ],
  });
  return runFrom(policy, scenario([{ user: 'u', site: 'paris', at: 'PT1H', duration: 'PT1H' }]));
}

const rule = (name: string | null, ruleIds = 'W10'): RuleOutcome => ({
  rule: name,
  type: 'deny',
  ruleIds,
  message: `${name} says no`,
});

function facts(values: Record<string, number>): FactVector {
  const v = new FactVector(Object.keys(values));
  v.values.set(Object.values(values));
  return v;
}

const capacity = (at: number, pool: number, value: number): TraceRecord => ({
  type: 'capacity',
  at,
  pool,
  capacity: value,
  reason: 'test',
});

describe('the alert log', () => {
  it('keeps alerts raised, with the rule and a copy of the facts, and counts them per pool in first-raised order', () => {
    const reducer = alertLog.start(run());
    const seen = facts({ inUse: 9, capacity: 10 });
    reducer.alert(5, 1, 'usage-critical', true, rule('usage-critical', 'W11'), seen, 'critical now');
    seen.values[0] = 0;
    reducer.alert(6, 1, 'usage-critical', false, rule(null), seen, 'cleared');
    reducer.alert(7, 1, 'usage-warning', true, rule('usage-warning', 'W11'), seen, 'warning');
    reducer.alert(8, 1, 'usage-critical', true, rule('usage-critical', 'W11'), seen, 'critical again');
    const { raised, counts } = reducer.result();
    expect(raised.items.map((a) => [a.at, a.pool, a.kind, a.message])).toEqual([
      [5, 'second', 'usage-critical', 'critical now'],
      [7, 'second', 'usage-warning', 'warning'],
      [8, 'second', 'usage-critical', 'critical again'],
    ]);
    expect(raised.items[0]).toMatchObject({
      rule: 'usage-critical',
      ruleIds: 'W11',
      facts: { inUse: 9, capacity: 10 },
    });
    expect(counts).toEqual([{}, { 'usage-critical': 2, 'usage-warning': 1 }]);
    expect(Object.keys(counts[1]!)).toEqual(['usage-critical', 'usage-warning']);
  });

  it('past the list limit, alerts are counted as dropped, and still counted per kind', () => {
    const reducer = alertLog.start(run());
    const seen = facts({ inUse: 1 });
    for (let i = 0; i < LIST_LIMIT + 3; i++) reducer.alert(i, 0, 'over-limit', true, rule('x'), seen, '');
    const { raised, counts } = reducer.result();
    expect(raised.items).toHaveLength(LIST_LIMIT);
    expect(raised.dropped).toBe(3);
    expect(counts[0]).toEqual({ 'over-limit': LIST_LIMIT + 3 });
  });

  it('merging adds the counts of each pool and kind', () => {
    const a = alertLog.start(run());
    const b = alertLog.start(run());
    const seen = facts({ inUse: 1 });
    a.alert(1, 0, 'over-limit', true, rule('x'), seen, '');
    b.alert(2, 0, 'over-limit', true, rule('x'), seen, '');
    b.alert(3, 0, 'usage-warning', true, rule('y'), seen, '');
    const merged = alertLog.merge!(a.result(), b.result());
    expect(merged.counts).toEqual([{ 'over-limit': 2, 'usage-warning': 1 }, {}]);
    expect(merged.raised.items.map((x) => x.at)).toEqual([1, 2, 3]);
  });
});

describe('the denial log', () => {
  it('counts denials per pool and rule, keeping the first with the facts it saw', () => {
    const reducer = denialLog.start(run());
    const seen = facts({ poolInUse: 10 });
    reducer.deny(10, 1, 0, 0, 0, rule('pool-session-limit'), seen);
    seen.values[0] = 11;
    reducer.deny(20, 2, 0, 0, 0, rule('pool-session-limit'), seen);
    reducer.deny(30, 3, 0, 0, 1, rule('pool-session-limit'), seen);
    expect(reducer.result()).toEqual([
      {
        pool: 'first',
        rule: 'pool-session-limit',
        ruleIds: 'W10',
        message: 'pool-session-limit says no',
        count: 2,
        first: { at: 10, session: 1, facts: { poolInUse: 10 } },
      },
      {
        pool: 'second',
        rule: 'pool-session-limit',
        ruleIds: 'W10',
        message: 'pool-session-limit says no',
        count: 1,
        first: { at: 30, session: 3, facts: { poolInUse: 11 } },
      },
    ]);
  });

  it('merging adds the counts of the same pool and rule, and appends the others', () => {
    const a = denialLog.start(run());
    const b = denialLog.start(run());
    const seen = facts({ poolInUse: 10 });
    a.deny(1, 1, 0, 0, 0, rule('pool-session-limit'), seen);
    b.deny(2, 1, 0, 0, 0, rule('pool-session-limit'), seen);
    b.deny(3, 2, 0, 0, 0, rule('per-user-session-limit'), seen);
    b.deny(4, 3, 0, 0, 1, rule('pool-session-limit'), seen);
    const first = a.result();
    const merged = denialLog.merge!(first, b.result());
    expect(merged.map((d) => [d.pool, d.rule, d.count, d.first.at])).toEqual([
      ['first', 'pool-session-limit', 2, 1],
      ['first', 'per-user-session-limit', 1, 3],
      ['second', 'pool-session-limit', 1, 4],
    ]);
    // The inputs are left as they were.
    expect(first[0]!.count).toBe(1);
  });
});

describe('the capacity log', () => {
  it('keeps each pool’s capacity at the end, its lowest, and its changes; other records are ignored', () => {
    const reducer = capacityLog.start(run());
    reducer.record(capacity(0, 0, 10));
    reducer.record(capacity(5, 0, 4));
    reducer.record(capacity(9, 0, 8));
    reducer.record({ type: 'run-end', at: 10 });
    const [first, second] = reducer.result();
    expect(first).toEqual({
      end: 8,
      min: 4,
      overTime: {
        items: [
          { at: 0, capacity: 10, reason: 'test' },
          { at: 5, capacity: 4, reason: 'test' },
          { at: 9, capacity: 8, reason: 'test' },
        ],
        dropped: 0,
        limit: LIST_LIMIT,
      },
    });
    expect(second).toMatchObject({ end: 0, min: null, overTime: { items: [] } });
  });

  it('the lowest capacity may be the first one', () => {
    const reducer = capacityLog.start(run());
    reducer.record(capacity(0, 1, 3));
    reducer.record(capacity(1, 1, 7));
    expect(reducer.result()[1]).toMatchObject({ end: 7, min: 3 });
  });
});

describe('the failover and lifecycle logs', () => {
  it('W1: keeps each failover, and nothing else', () => {
    const reducer = failoverLog.start(run());
    reducer.record({ type: 'failover', at: 3, from: 'node-1', to: 'node-2', sessions: 4 });
    reducer.record(capacity(4, 0, 10));
    expect(reducer.result().items).toEqual([{ at: 3, from: 'node-1', to: 'node-2', sessions: 4 }]);
  });

  it('names the pool of each transition, and a pool the policy does not know by its index', () => {
    const reducer = lifecycleLog.start(run());
    const transition = {
      type: 'transition' as const,
      at: 1,
      from: 'active' as const,
      to: 'expired' as const,
      event: 'EXPIRE',
      reason: 'ended',
      rule: null,
      ruleIds: '',
      facts: {},
    };
    reducer.record({ ...transition, pool: 1 });
    reducer.record({ ...transition, pool: 7 });
    reducer.record(capacity(2, 0, 1));
    expect(reducer.result().items.map((t) => [t.pool, t.from, t.to, t.event])).toEqual([
      ['second', 'active', 'expired', 'EXPIRE'],
      ['pool#7', 'active', 'expired', 'EXPIRE'],
    ]);
  });
});

describe('the registry of analyses', () => {
  it('registers each analysis under its own name', () => {
    for (const [name, analysis] of Object.entries(analyses)) expect(analysis.name).toBe(name);
  });
});
