import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  engset,
  engsetServersFor,
  erlangB,
  erlangBServersFor,
  erlangC,
  erlangCMeanWait,
  erlangCServersFor,
} from '../../src/sim/erlang.js';

/** Σ_{k≤c} of log-space terms, normalised: the share of the last term. */
function lastShare(logTerms: number[]): number {
  const max = Math.max(...logTerms);
  const sum = logTerms.reduce((s, t) => s + Math.exp(t - max), 0);
  return Math.exp(logTerms.at(-1)! - max) / sum;
}

const logFactorial = (n: number) => {
  let f = 0;
  for (let k = 2; k <= n; k++) f += Math.log(k);
  return f;
};

/** The textbook Erlang C: (A^c/c! · c/(c−A)) / (Σ_{k<c} A^k/k! + A^c/c! · c/(c−A)). */
function erlangCDirect(c: number, a: number): number {
  const terms = [];
  for (let k = 0; k < c; k++) terms.push(k * Math.log(a) - logFactorial(k));
  terms.push(c * Math.log(a) - logFactorial(c) + Math.log(c / (c - a)));
  return lastShare(terms);
}

/** The textbook Engset call congestion: C(N−1, c)·β^c / Σ_{k≤c} C(N−1, k)·β^k. */
function engsetDirect(c: number, n: number, beta: number): number {
  if (c > n - 1) return 0;
  const logChoose = (m: number, k: number) => logFactorial(m) - logFactorial(k) - logFactorial(m - k);
  const terms = [];
  for (let k = 0; k <= c; k++) terms.push(logChoose(n - 1, k) + k * Math.log(beta));
  return lastShare(terms);
}

describe('Erlang B tables (size --erlang b)', () => {
  it('A = 4.4612 at N = 10 and A = 84.0642 at N = 100 block 1 %; A = 10 needs N = 18 for 1 %', () => {
    expect(erlangB(10, 4.4612)).toBeCloseTo(0.01, 5);
    expect(erlangB(100, 84.0642)).toBeCloseTo(0.01, 5);
    expect(erlangBServersFor(10, 0.01)).toBe(18);
    expect(erlangB(17, 10)).toBeGreaterThan(0.01);
  });
});

describe('Erlang C (size --erlang c)', () => {
  it('M/M/1 waits with probability ρ and for ρ/(1 − ρ) holding times on average', () => {
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 12);
    expect(erlangCMeanWait(1, 0.5)).toBeCloseTo(1, 12);
    expect(erlangC(1, 0.8)).toBeCloseTo(0.8, 12);
    expect(erlangCMeanWait(1, 0.8)).toBeCloseTo(4, 12);
  });

  it('M/M/2 at one erlang waits with probability 1/3', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangCMeanWait(2, 1)).toBeCloseTo(1 / 3, 12);
  });

  it('agrees with the textbook formula, and a queue at or past its servers always waits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 150 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (c, u) => {
          const a = c * u;
          expect(erlangC(c, a)).toBeCloseTo(erlangCDirect(c, a), 9);
          expect(erlangC(c, a)).toBeGreaterThanOrEqual(erlangB(c, a));
        },
      ),
    );
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangCMeanWait(10, 12)).toBe(Number.POSITIVE_INFINITY);
  });

  it('sizes to the fewest servers within the target: one fewer would make more wait', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        fc.double({ min: 0.01, max: 0.9, noNaN: true }),
        (a, p) => {
          const k = erlangCServersFor(a, p);
          expect(k).toBeGreaterThan(a);
          expect(erlangC(k, a)).toBeLessThanOrEqual(p);
          if (k - 1 > a) expect(erlangC(k - 1, a)).toBeGreaterThan(p);
        },
      ),
    );
  });
});

describe('Engset (size --erlang engset)', () => {
  it('agrees with the textbook binomial formula', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        fc.double({ min: 0.001, max: 5, noNaN: true }),
        (n, c, beta) => {
          expect(engset(c, n, beta)).toBeCloseTo(engsetDirect(c, n, beta), 9);
        },
      ),
    );
  });

  it('refuses nobody when every other user can hold a license, and everybody with no license', () => {
    expect(engset(40, 40, 1)).toBe(0);
    // With one license fewer than the others, a request is refused only when all 39 others hold one.
    expect(engset(38, 40, 1)).toBeGreaterThan(engset(39, 40, 1));
    expect(engset(39, 40, 1)).toBeCloseTo(2 ** -39, 20);
    expect(engset(0, 40, 1)).toBe(1);
  });

  it('tends to Erlang B as the population grows with the offered load kept', () => {
    const a = 10;
    const b = erlangB(15, a);
    const gaps = [100, 1_000, 100_000].map((n) => Math.abs(engset(15, n, a / n) - b));
    expect(gaps[0]).toBeGreaterThan(gaps[1]!);
    expect(gaps[1]).toBeGreaterThan(gaps[2]!);
    expect(gaps[2]).toBeLessThan(1e-4);
  });

  it('a team of 40 in sessions a quarter of the time needs fewer licenses than Erlang B says for 10 erlangs', () => {
    const beta = 0.25 / 0.75;
    const k = engsetServersFor(40, beta, 0.01);
    expect(engset(k, 40, beta)).toBeLessThanOrEqual(0.01);
    expect(engset(k - 1, 40, beta)).toBeGreaterThan(0.01);
    expect(k).toBeLessThan(erlangBServersFor(10, 0.01));
  });
});
