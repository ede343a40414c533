import { tierStepsProblem } from '../../../analysis/sizing.js';
import { parseRate } from '../../../config/teams.js';
import { durationMs } from '../../../model/time.js';
import { num } from '../../../report/sizing-text.js';
import { UsageError } from '../../exit-codes.js';
import { parseNumber } from '../../options.js';
import type { SizeOptions } from './register.js';

/**
 * People, multipliers and buffers beyond any real deployment. With them, the formula's product stays far
 * below 2^53 (10^9 × 1 × 100 × 100), so the answer is an exact whole number, never Infinity.
 */
const MAX_USERS = 1_000_000_000;
const MAX_FACTOR = 100;
const MAX_BUFFER = 100;
/** Erlang B walks one server at a time; beyond this the answer is a custom deal anyway. */
export const MAX_OFFERED_LOAD = 1_000_000;
/** Engset walks one server at a time too: a population beyond this is sized by Erlang B. */
const MAX_POPULATION = 1_000_000;
const MAX_ARRIVALS_PER_HOUR = 1e9;

/**
 * How `licensim size` reads each option value, by option name. Commander calls these as it reads the
 * command line, so the first bad flag is the one reported; some use the library, so `register.ts`
 * attaches them once `size` is the command being run.
 */
export const sizeArguments = {
  users: parseNumber('--users', { min: 0, max: MAX_USERS, integer: true }),
  concurrency: rateArg('--concurrency'),
  peakFactor: factorArg('--peak-factor'),
  margin: factorArg('--margin'),
  buffer: bufferArg,
  offeredLoad: offeredLoadArg,
  blocking: probabilityArg('--blocking', '0.01 or 1%'),
  arrivals: parseNumber('--arrivals', { min: 0, max: MAX_ARRIVALS_PER_HOUR }),
  holding: holdingArg,
  waiting: probabilityArg('--waiting', '0.2 or 20%'),
  population: parseNumber('--population', { min: 1, max: MAX_POPULATION, integer: true }),
  tiers: tiersArg,
  replications: parseNumber('--replications', { min: 2, max: 1000, integer: true }),
  growth: growthArg,
} satisfies Partial<Record<keyof SizeOptions, (value: string) => unknown>>;

/** A monthly growth: above 0 (no growth has no headroom to find), at most 100 % a month. */
function growthArg(value: string): number {
  const n = parseRate(value);
  if (n === undefined || !(n > 0)) {
    throw new UsageError(
      `--growth must be a share above 0 and at most 1, or a percentage such as 2% (got '${value}')`,
    );
  }
  return n;
}

function rateArg(flag: string) {
  return (value: string): number => {
    const n = parseRate(value);
    if (n === undefined) {
      const asPercent = Number(value);
      const hint =
        asPercent > 1 && asPercent <= 100 ? `; for ${value} % write ${value}% or ${asPercent / 100}` : '';
      throw new UsageError(
        `${flag} must be a share from 0 to 1 or a percentage such as 20% (got '${value}')${hint}`,
      );
    }
    return n;
  };
}

function factorArg(flag: string) {
  const parse = parseNumber(flag, { min: 1, max: MAX_FACTOR });
  return (value: string): number => {
    try {
      return parse(value);
    } catch (error) {
      if (error instanceof UsageError && Number(value) > 0 && Number(value) < 1) {
        throw new UsageError(
          `${error.message}; it multiplies, so +${num(Number(value) * 100)}% is ${num(1 + Number(value))}`,
        );
      }
      throw error;
    }
  };
}

function bufferArg(value: string): number {
  const text = value.trim();
  if (text.endsWith('%')) {
    const n = parseNumber('--buffer', { min: 0, max: MAX_BUFFER * 100 })(text.slice(0, -1));
    return Number(`${n}e-2`);
  }
  return parseNumber('--buffer', { min: 0, max: MAX_BUFFER })(text);
}

function offeredLoadArg(value: string): number {
  return parseNumber('--offered-load', { min: 0, max: MAX_OFFERED_LOAD })(value);
}

function probabilityArg(flag: string, example: string) {
  return (value: string): number => {
    const n = parseRate(value);
    if (n === undefined || n <= 0) {
      throw new UsageError(
        `${flag} must be a probability above 0 and at most 1, such as ${example} (got '${value}')`,
      );
    }
    return n;
  };
}

/** A mean session length as the scenarios write one (ISO 8601, PT45M), above zero and at most a year. */
function holdingArg(value: string): number {
  const ms = durationMs(value.trim());
  if (ms === null || ms <= 0 || ms > 365 * 86_400_000) {
    throw new UsageError(
      `--holding must be an ISO 8601 duration above zero and at most a year, such as PT45M or PT1H30M (got '${value}')`,
    );
  }
  return ms;
}

function tiersArg(value: string): number[] {
  const steps = value.split(',').map((s) => s.trim());
  const numbers = steps.map(Number);
  const bad = steps.find((s, i) => s === '' || !Number.isInteger(numbers[i]));
  const problem = bad !== undefined ? `'${bad}' is not a whole number` : tierStepsProblem(numbers);
  if (problem)
    throw new UsageError(`--tiers must list positive whole numbers in ascending order: ${problem}`);
  return numbers;
}
