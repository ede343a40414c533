import { describe, expect, it } from 'vitest';
import { erlangB, erlangBServersFor } from '../../src/sim/erlang.js';

/** The textbook formula A^c/c! / Σ_{k≤c} A^k/k!, evaluated in logs so that c = 100 does not overflow. */
function erlangBDirect(c: number, a: number): number {
  const logTerms: number[] = [];
  let logFact = 0;
  for (let k = 0; k <= c; k++) {
    if (k > 0) logFact += Math.log(k);
    logTerms.push(k * Math.log(a) - logFact);
  }
  const max = Math.max(...logTerms);
  const logSum = max + Math.log(logTerms.reduce((s, t) => s + Math.exp(t - max), 0));
  return Math.exp(logTerms[c]! - logSum);
}

describe('Erlang B', () => {
  it('erlangB(10, 4.46) matches the direct formula (≈ 1 % blocking)', () => {
    const direct = erlangBDirect(10, 4.46);
    expect(erlangB(10, 4.46)).toBeCloseTo(direct, 12);
    expect(direct).toBeCloseTo(0.01, 3);
  });

  it('erlangB(100, 84.06) matches the direct formula (≈ 1 % blocking)', () => {
    const direct = erlangBDirect(100, 84.06);
    expect(erlangB(100, 84.06)).toBeCloseTo(direct, 12);
    expect(direct).toBeCloseTo(0.01, 3);
  });

  it('blocks every arrival with no servers and none with no load', () => {
    expect(erlangB(0, 3)).toBe(1);
    expect(erlangB(5, 0)).toBe(0);
  });

  it('erlangBServersFor finds the smallest pool meeting the target: 10 for 4.46 E, 100 for 84.06 E at 1 %', () => {
    expect(erlangBServersFor(4.46, 0.01)).toBe(10);
    expect(erlangBServersFor(84.06, 0.01)).toBe(100);
    for (const [a, target] of [
      [0.5, 0.05],
      [12.3, 0.001],
      [250, 0.02],
    ] as const) {
      const c = erlangBServersFor(a, target);
      expect(erlangB(c, a)).toBeLessThanOrEqual(target);
      expect(erlangB(c - 1, a)).toBeGreaterThan(target);
    }
    expect(erlangBServersFor(0, 0.01)).toBe(1);
    expect(erlangBServersFor(3, 1)).toBe(0);
  });

  it('rejects impossible inputs with a RangeError', () => {
    expect(() => erlangB(2.5, 1)).toThrow(RangeError);
    expect(() => erlangB(2, -1)).toThrow(RangeError);
    expect(() => erlangBServersFor(1, 0)).toThrow(RangeError);
    expect(() => erlangBServersFor(Number.NaN, 0.1)).toThrow(RangeError);
  });

  it('names the function and the input it refuses', () => {
    expect(() => erlangB(-1, 1)).toThrow('erlangB: servers must be an integer >= 0, got -1');
    expect(() => erlangB(1, Number.POSITIVE_INFINITY)).toThrow(
      'erlangB: offeredLoad must be a finite number of erlangs >= 0, got Infinity',
    );
    expect(() => erlangBServersFor(-2, 0.1)).toThrow(
      'erlangBServersFor: offeredLoad must be a finite number of erlangs >= 0, got -2',
    );
    expect(() => erlangBServersFor(1, 1.5)).toThrow(
      'erlangBServersFor: targetBlocking must be in (0, 1], got 1.5',
    );
  });
});
