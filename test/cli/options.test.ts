import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/exit-codes.js';
import { parseNumber } from '../../src/cli/options.js';
import { licensim } from '../support/cli.js';

describe('numeric options (issue 7, finding 3)', () => {
  const seed = parseNumber('--seed', { integer: true });

  it('--seed 1e300 is a usage error: an integer past 2^53 − 1 is not read exactly', () => {
    expect(() => seed('1e300')).toThrow(UsageError);
    expect(() => seed('1e300')).toThrow(
      "--seed must be an integer within ±9007199254740991 (2^53 − 1), which is read exactly (got '1e300')",
    );
  });

  it('--seed 9007199254740993 is a usage error, not the seed 9007199254740992', () => {
    expect(() => seed('9007199254740993')).toThrow(/--seed must be an integer within ±9007199254740991/);
    expect(() => seed('-9007199254740993')).toThrow(UsageError);
  });

  it('the largest safe integers are read exactly', () => {
    expect(seed('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(seed('-9007199254740991')).toBe(-Number.MAX_SAFE_INTEGER);
  });

  it('simulate --seed 1e300 exits 2 with one line', async () => {
    const out = await licensim('simulate', 'scenarios/wallix-trial.yaml', '--seed', '1e300');
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim().split('\n')).toEqual([
      "licensim: --seed must be an integer within ±9007199254740991 (2^53 − 1), which is read exactly (got '1e300')",
    ]);
  });
});
