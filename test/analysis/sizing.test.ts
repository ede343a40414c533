import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateBySite,
  recommendTier,
  requiredSessions,
  sizeByErlangB,
  sizeByFormula,
  sizeByTeams,
  teamSizing,
  tierStepsProblem,
} from '../../src/analysis/sizing.js';
import { unnamedTiers } from '../../src/model/tiers.js';
import { erlangB } from '../../src/sim/erlang.js';

/** The WALLIX guide's "Session Estimation by Team" table (W5). */
const SEED_TEAMS = [
  { name: 'Linux Admins', users: 50, concurrency: 0.25 },
  { name: 'Windows Admins', users: 40, concurrency: 0.3 },
  { name: 'Database Admins', users: 30, concurrency: 0.2 },
  { name: 'Network Admins', users: 20, concurrency: 0.15 },
  { name: 'Security Team', users: 15, concurrency: 0.4 },
  { name: 'DevOps Team', users: 45, concurrency: 0.35 },
  { name: 'Contractors', users: 25, concurrency: 0.1 },
];

describe('requiredSessions (W4, W6)', () => {
  it('W4: 200 users at 20 % × 1.5 × 1.2 need 72 sessions → 100 tier', () => {
    const required = requiredSessions({ users: 200, concurrency: 0.2, peakFactor: 1.5, margin: 1.2 });
    expect(required).toBe(72);
    expect(recommendTier(required)).toBe(100);
  });

  it('W4: the safety margin multiplies, as in the WALLIX guide example (60 × 1.2), rather than adds', () => {
    expect(requiredSessions({ users: 200, concurrency: 0.2, peakFactor: 1.5 })).toBe(60);
    expect(requiredSessions({ users: 200, concurrency: 0.2, peakFactor: 1.5, margin: 1.2 })).toBe(72);
  });

  it('W6: 500 Access Manager users at 15 % × 1.3 is 97.5, rounded up to 98 → 100 tier', () => {
    const required = requiredSessions({ users: 500, concurrency: 0.15, peakFactor: 1.3 });
    expect(required).toBe(98);
    expect(recommendTier(required)).toBe(100);
  });

  it('W4: floating-point noise does not add a session (100 × 0.07 is 7, not 8)', () => {
    expect(100 * 0.07).toBeGreaterThan(7);
    expect(requiredSessions({ users: 100, concurrency: 0.07 })).toBe(7);
  });

  it('W4: rejects negative or non-finite inputs', () => {
    expect(() => requiredSessions({ users: -5, concurrency: 0.2 })).toThrow(/users must be a non-negative/);
    expect(() => requiredSessions({ users: 5, concurrency: Number.NaN })).toThrow(/concurrency/);
  });

  // Inputs as the decimals people write (0.15, 1.3), so the exact product is a known fraction.
  const users = fc.integer({ min: 0, max: 100_000 });
  const percent = fc.integer({ min: 0, max: 100 });
  const tenths = fc.integer({ min: 10, max: 40 });

  it('W4: equals the exact ceil(users × rate × peak × margin) for decimal inputs', () => {
    fc.assert(
      fc.property(users, percent, tenths, tenths, (u, c, p, m) => {
        const exact = u * c * p * m; // an integer count of 1/10 000 sessions
        const got = requiredSessions({ users: u, concurrency: c / 100, peakFactor: p / 10, margin: m / 10 });
        expect(got).toBe(ceilDiv(exact, 10_000));
      }),
    );
  });

  it('W4: is monotone in each input and never below the product', () => {
    const positive = fc.double({ min: 0, max: 1e4, noNaN: true });
    const rate = fc.double({ min: 0, max: 1, noNaN: true });
    const factor = fc.double({ min: 1, max: 3, noNaN: true });
    fc.assert(
      fc.property(
        positive,
        rate,
        factor,
        factor,
        fc.double({ min: 0, max: 10, noNaN: true }),
        (u, c, p, m, d) => {
          const base = { users: u, concurrency: c, peakFactor: p, margin: m };
          const at = requiredSessions(base);
          expect(at).toBeGreaterThanOrEqual(u * c * p * m - 1e-9);
          expect(requiredSessions({ ...base, users: u + d })).toBeGreaterThanOrEqual(at);
          expect(requiredSessions({ ...base, concurrency: Math.min(1, c + d / 10) })).toBeGreaterThanOrEqual(
            at,
          );
          expect(requiredSessions({ ...base, peakFactor: p + d })).toBeGreaterThanOrEqual(at);
          expect(requiredSessions({ ...base, margin: m + d })).toBeGreaterThanOrEqual(at);
        },
      ),
    );
  });
});

describe('teamSizing (W5)', () => {
  it('W5: the WALLIX guide teams need 13, 12, 6, 3, 6, 16, 3 = 59 sessions; +30 % → 77 → 100 tier', () => {
    const sizing = teamSizing(SEED_TEAMS, 0.3);
    expect(sizing.teams.map((t) => t.sessions)).toEqual([13, 12, 6, 3, 6, 16, 3]);
    expect(sizing.subtotal).toBe(59);
    expect(sizing.required).toBe(77);
    expect(recommendTier(sizing.required)).toBe(100);
  });

  it('W5: rounds up per team before summing (50 × 25 % = 12.5 → 13)', () => {
    const sizing = teamSizing([{ name: 'Linux Admins', users: 50, concurrency: 0.25 }], 0);
    expect(sizing.subtotal).toBe(13);
    expect(sizing.required).toBe(13);
  });

  it('W5: no teams need no sessions', () => {
    expect(teamSizing([], 0.3)).toMatchObject({ subtotal: 0, required: 0 });
  });
});

describe('recommendTier (W3)', () => {
  it('W3: picks the smallest step that covers the requirement', () => {
    expect(recommendTier(0)).toBe(10);
    expect(recommendTier(10)).toBe(10);
    expect(recommendTier(11)).toBe(25);
    expect(recommendTier(77)).toBe(100);
    expect(recommendTier(2000)).toBe(2000);
  });

  it('W3: above the largest step there is no tier (ask the vendor for a custom count)', () => {
    expect(recommendTier(2001)).toBeNull();
    expect(recommendTier(30, [5, 20])).toBeNull();
  });

  it('W3: custom steps must be positive integers in ascending order', () => {
    expect(recommendTier(30, [20, 40])).toBe(40);
    expect(() => recommendTier(30, [40, 20])).toThrow(/ascend/);
    expect(() => recommendTier(30, [0, 20])).toThrow(/positive integer/);
    expect(() => recommendTier(30, [])).toThrow(/at least one/);
  });

  it('W3: a recommendation takes the name of the step from named tier steps', () => {
    const tiers = [
      { sessions: 50, name: 'Small' },
      { sessions: 100, name: 'Medium' },
      { sessions: 250, name: 'Medium' },
    ];
    expect(
      sizeByFormula({ users: 200, concurrency: 0.2, peakFactor: 1.5, margin: 1.2 }, { tiers }),
    ).toMatchObject({
      required: 72,
      recommendedTier: 100,
      tierName: 'Medium',
      tiers: [50, 100, 250],
    });
    expect(
      sizeByFormula(
        { users: 10, concurrency: 1, peakFactor: 1, margin: 1 },
        { tiers: unnamedTiers([10, 20]) },
      ),
    ).toMatchObject({ recommendedTier: 10, tierName: null });
  });
});

describe('allocateBySite (W7)', () => {
  it('W7: 2000 sessions at 40/30/20/10 % → A 800, B 600, C 400, D 200', () => {
    expect(allocateBySite(2000, { A: 0.4, B: 0.3, C: 0.2, D: 0.1 })).toEqual({
      A: 800,
      B: 600,
      C: 400,
      D: 200,
    });
  });

  it('W7: largest remainder keeps the sum exact (100 in thirds → 34/33/33)', () => {
    expect(allocateBySite(100, { A: 1 / 3, B: 1 / 3, C: 1 / 3 })).toEqual({ A: 34, B: 33, C: 33 });
  });

  it('W7: equal remainders go to the site listed first (2.5 and 4.5 → A gets the spare session)', () => {
    expect(allocateBySite(10, { A: 0.25, B: 0.45, C: 0.3 })).toEqual({ A: 3, B: 4, C: 3 });
    expect(allocateBySite(10, { B: 0.45, A: 0.25, C: 0.3 })).toEqual({ B: 5, A: 2, C: 3 });
  });

  it('W7: shares must add up to 100 %', () => {
    expect(() => allocateBySite(100, { A: 0.5, B: 0.4 })).toThrow(/add up to 1/);
    expect(() => allocateBySite(100, { A: 1.5, B: -0.5 })).toThrow(/non-negative/);
    expect(() => allocateBySite(10.5, { A: 1 })).toThrow(/integer/);
  });

  it('W7: parts always sum to the total and each is within one session of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc
          .array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 })
          .filter((w) => w.some((x) => x > 0)),
        (total, weights) => {
          const sum = weights.reduce((a, b) => a + b, 0);
          const shares = Object.fromEntries(weights.map((w, i) => [`site${i}`, w / sum]));
          const parts = allocateBySite(total, shares);
          expect(Object.values(parts).reduce((a, b) => a + b, 0)).toBe(total);
          for (const [site, share] of Object.entries(shares)) {
            expect(Math.abs((parts[site] ?? 0) - total * share)).toBeLessThan(1 + 1e-9);
          }
        },
      ),
    );
  });
});

/** Integer ceiling division, exact for the small integers used here. */
function ceilDiv(a: number, b: number): number {
  return Math.floor((a + b - 1) / b);
}

describe('sizing inputs are refused by name', () => {
  it('each input a sizing reads names itself when it is negative or not a number', () => {
    const base = { users: 10, concurrency: 0.2 };
    expect(() => requiredSessions({ ...base, peakFactor: -1 })).toThrow(
      'peakFactor must be a non-negative number (got -1)',
    );
    expect(() => requiredSessions({ ...base, margin: Number.POSITIVE_INFINITY })).toThrow(
      'margin must be a non-negative number (got Infinity)',
    );
    expect(() => teamSizing([], -0.1)).toThrow('buffer must be a non-negative number (got -0.1)');
    expect(() => teamSizing([{ name: 'Ops', users: -2, concurrency: 0.1 }], 0)).toThrow(
      "users of team 'Ops' must be a non-negative number (got -2)",
    );
    expect(() => teamSizing([{ name: 'Ops', users: 2, concurrency: Number.NaN }], 0)).toThrow(
      "concurrency of team 'Ops' must be a non-negative number (got NaN)",
    );
    expect(() => recommendTier(-3)).toThrow('required must be a non-negative number (got -3)');
    expect(() => allocateBySite(10, { A: 1.5, B: -0.5 })).toThrow(
      "share of site 'B' must be a non-negative number (got -0.5)",
    );
  });

  it('W3: equal tier steps do not ascend; a single step is a valid list', () => {
    expect(tierStepsProblem([10, 10])).toBe('tier steps must ascend, but 10 follows 10');
    expect(tierStepsProblem([10])).toBeUndefined();
    expect(tierStepsProblem([10, 25, 50])).toBeUndefined();
    expect(tierStepsProblem([2.5])).toBe('tier step 2.5 is not a positive integer');
  });

  it('W7: a total of 0 is split into zeros; a negative total or no site at all is refused', () => {
    expect(allocateBySite(0, { A: 0.5, B: 0.5 })).toEqual({ A: 0, B: 0 });
    expect(() => allocateBySite(-1, { A: 1 })).toThrow('total must be a non-negative integer (got -1)');
    expect(() => allocateBySite(10, {})).toThrow('at least one site is needed');
  });
});

describe('sizing answers, as `size --format json` prints them', () => {
  const tiers = unnamedTiers([10, 25, 50]);

  it('W4: the formula answer carries its inputs, the policy when there is one, and the tier', () => {
    const inputs = { users: 100, concurrency: 0.2, peakFactor: 1, margin: 1 };
    expect(sizeByFormula(inputs, { tiers, policy: 'wallix.yaml' })).toEqual({
      method: 'formula',
      inputs: { ...inputs, policy: 'wallix.yaml' },
      required: 20,
      recommendedTier: 25,
      tierName: null,
      tiers: [10, 25, 50],
    });
    expect(sizeByFormula(inputs, { tiers }).inputs).toEqual(inputs);
  });

  it('W3: above the largest step the answer has no tier and says to ask the vendor', () => {
    const inputs = { users: 100, concurrency: 1, peakFactor: 1, margin: 1 };
    expect(sizeByFormula(inputs, { tiers })).toMatchObject({
      required: 100,
      recommendedTier: null,
      tierName: null,
      note: '100 sessions is more than the largest tier 50: contact the vendor for a custom count',
    });
    expect(sizeByFormula({ ...inputs, users: 50 }, { tiers })).not.toHaveProperty('note');
  });

  it('W5: the teams answer lists each team’s sessions, the subtotal and the buffered total', () => {
    const teams = [
      { name: 'Linux Admins', users: 50, concurrency: 0.25 },
      { name: 'Contractors', users: 25, concurrency: 0.1 },
    ];
    expect(sizeByTeams(teams, 0.3, 'teams.csv', { tiers, policy: 'p.yaml' })).toEqual({
      method: 'teams',
      inputs: { file: 'teams.csv', buffer: 0.3, policy: 'p.yaml' },
      required: 21,
      recommendedTier: 25,
      tierName: null,
      tiers: [10, 25, 50],
      teams: [
        { name: 'Linux Admins', users: 50, concurrency: 0.25, sessions: 13 },
        { name: 'Contractors', users: 25, concurrency: 0.1, sessions: 3 },
      ],
      subtotal: 16,
    });
  });

  it('the Erlang B answer is the smallest count within the blocking target, with its blocking', () => {
    const answer = sizeByErlangB(10, 0.01, { tiers });
    expect(answer).toMatchObject({ method: 'erlang-b', inputs: { offeredLoad: 10, blocking: 0.01 } });
    expect(answer.required).toBe(18);
    expect(answer.recommendedTier).toBe(25);
    if (answer.method !== 'erlang-b') throw new Error('not an Erlang B answer');
    expect(answer.blockingAtRequired).toBe(erlangB(18, 10));
    expect(answer.blockingAtRequired).toBeLessThanOrEqual(0.01);
    expect(erlangB(17, 10)).toBeGreaterThan(0.01);
  });
});
