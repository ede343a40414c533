import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/sim/rng.js';

function draw(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.uniform());
}

const min = (xs: readonly number[]): number => xs.reduce((m, x) => Math.min(m, x), Number.POSITIVE_INFINITY);
const max = (xs: readonly number[]): number => xs.reduce((m, x) => Math.max(m, x), Number.NEGATIVE_INFINITY);

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

describe('Rng', () => {
  it('gives the same first 1000 values for the same seed', () => {
    expect(draw(new Rng(7), 1000)).toEqual(draw(new Rng(7), 1000));
  });

  it('gives different sequences for different seeds, including seeds that differ above bit 32', () => {
    const base = draw(new Rng(1), 1000);
    expect(draw(new Rng(2), 1000)).not.toEqual(base);
    expect(draw(new Rng(1 + 2 ** 32), 1000)).not.toEqual(base);
    expect(draw(new Rng(-1), 1000)).not.toEqual(base);
  });

  it('draws uniforms in [0, 1) with mean 1/2', () => {
    const xs = draw(new Rng(3), 100_000);
    expect(min(xs)).toBeGreaterThanOrEqual(0);
    expect(max(xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 2);
  });

  it('draws exponentials whose sample mean is within 1 % of the mean', () => {
    const rng = new Rng(42);
    const xs = Array.from({ length: 200_000 }, () => rng.exponential(5));
    expect(Math.abs(mean(xs) / 5 - 1)).toBeLessThan(0.01);
    expect(min(xs)).toBeGreaterThanOrEqual(0);
  });

  it('draws standard normals (mean 0, variance 1)', () => {
    const rng = new Rng(11);
    const xs = Array.from({ length: 200_000 }, () => rng.normal());
    const m = mean(xs);
    const v = mean(xs.map((x) => (x - m) ** 2));
    expect(Math.abs(m)).toBeLessThan(0.01);
    expect(Math.abs(v - 1)).toBeLessThan(0.02);
  });

  it('draws log-normals parameterised by their mean: sample mean within 1 % of it', () => {
    const rng = new Rng(42);
    const xs = Array.from({ length: 200_000 }, () => rng.lognormal(10, 0.5));
    expect(Math.abs(mean(xs) / 10 - 1)).toBeLessThan(0.01);
    expect(min(xs)).toBeGreaterThan(0);
  });

  it('draws integers in [0, n), every value about equally often', () => {
    const rng = new Rng(5);
    const counts = new Array<number>(7).fill(0);
    let outside = 0;
    for (let i = 0; i < 70_000; i++) {
      const k = rng.int(7);
      if (counts[k] === undefined) outside++;
      else counts[k]++;
    }
    expect(outside).toBe(0);
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(new Rng(5).int(1)).toBe(0);
    expect(() => rng.int(0)).toThrow(RangeError);
    expect(() => rng.int(2.5)).toThrow(RangeError);
  });

  it('rejects seeds that are not safe integers and impossible parameters', () => {
    expect(() => new Rng(1.5)).toThrow(RangeError);
    expect(() => new Rng(2 ** 53)).toThrow(RangeError);
    expect(() => new Rng(1).exponential(-1)).toThrow(RangeError);
    expect(() => new Rng(1).lognormal(0, 1)).toThrow(RangeError);
  });

  it('fork(i) is deterministic and does not depend on how much the parent has drawn', () => {
    const parent = new Rng(7);
    const first = draw(parent.fork(3), 100);
    draw(parent, 1234);
    expect(draw(parent.fork(3), 100)).toEqual(first);
    expect(draw(new Rng(7).fork(3), 100)).toEqual(first);
  });

  it('forked streams are independent of each other and of the parent', () => {
    const root = new Rng(7);
    const streams = [root, root.fork(0), root.fork(1), root.fork(0).fork(1), root.fork(1).fork(0)];
    const seqs = streams.map((s) => draw(s, 20_000));
    for (let i = 0; i < seqs.length; i++) {
      for (let j = i + 1; j < seqs.length; j++) {
        const x = seqs[i]!;
        const y = seqs[j]!;
        expect(y).not.toEqual(x);
        // Pearson correlation of independent uniforms: sd ≈ 1/sqrt(n) ≈ 0.007.
        const mx = mean(x);
        const my = mean(y);
        let sxy = 0;
        let sxx = 0;
        let syy = 0;
        for (let k = 0; k < x.length; k++) {
          const dx = x[k]! - mx;
          const dy = y[k]! - my;
          sxy += dx * dy;
          sxx += dx * dx;
          syy += dy * dy;
        }
        expect(Math.abs(sxy / Math.sqrt(sxx * syy))).toBeLessThan(0.03);
      }
    }
  });

  it('fork of a fork differs from the same indices in another order', () => {
    const root = new Rng(9);
    expect(draw(root.fork(1).fork(2), 10)).not.toEqual(draw(root.fork(2).fork(1), 10));
    expect(draw(new Rng(9).fork(0), 10)).not.toEqual(draw(new Rng(10).fork(0), 10));
  });

  it('names what it refuses and why', () => {
    expect(() => new Rng(1.5)).toThrow('Rng: seed must be a safe integer, got 1.5');
    expect(() => new Rng(1).fork(0.5)).toThrow('Rng: streamIndex must be a safe integer, got 0.5');
    expect(() => new Rng(1).fork(-1)).toThrow('Rng: streamIndex must be >= 0, got -1');
    expect(() => new Rng(1).exponential(Number.NaN)).toThrow('Rng.exponential: mean must be >= 0, got NaN');
    expect(() => new Rng(1).lognormal(1, -0.5)).toThrow(
      'Rng.lognormal: need mean > 0 and sigma >= 0 (mean, sigma), got 1, -0.5',
    );
    expect(() => new Rng(1).int(0)).toThrow('Rng.int: n must be an integer in [1, 2^32], got 0');
    expect(() => new Rng(1).int(2 ** 32 + 1)).toThrow(/got 4294967297/);
  });

  it('takes the edges of its parameters: a mean of 0, a sigma of 0, one integer, 2^32 integers', () => {
    const rng = new Rng(9);
    expect(rng.exponential(0)).toBe(0);
    expect(rng.lognormal(5, 0)).toBeCloseTo(5, 12);
    expect(rng.int(1)).toBe(0);
    const big = rng.int(2 ** 32);
    expect(Number.isInteger(big) && big >= 0 && big < 2 ** 32).toBe(true);
  });

  it('log-normals keep their mean for a wide sigma too', () => {
    const rng = new Rng(8);
    const xs = Array.from({ length: 200_000 }, () => rng.lognormal(10, 1));
    expect(Math.abs(mean(xs) / 10 - 1)).toBeLessThan(0.05);
  });

  it('normals come in pairs from two uniforms: the first of a fresh stream is drawn, the second is its twin', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = new Rng(seed).fork(3);
      const first = rng.normal();
      expect(first).not.toBe(0);
      rng.normal();
      // The pair took two uniforms: the next uniform is the third of the same stream.
      const plain = new Rng(seed).fork(3);
      plain.uniform();
      plain.uniform();
      expect(rng.uniform()).toBe(plain.uniform());
    }
  });

  it('fork indices beyond 2^32 name streams of their own', () => {
    const root = new Rng(5);
    expect(draw(root.fork(2 ** 32), 10)).not.toEqual(draw(root.fork(0), 10));
    expect(draw(root.fork(2 ** 32 + 1), 10)).not.toEqual(draw(root.fork(1), 10));
  });
});
