import { type Command, Option } from 'commander';
import { UsageError } from './exit-codes.js';

// Declaring options runs on every start-up, `--help` and `--version` included: this module imports
// commander only, never the library.

export type Format = 'text' | 'json' | 'openmetrics';
export const formats: readonly Format[] = ['text', 'json'];

/** Options every command accepts. */
export interface OutputOptions {
  format: Format;
  out?: string;
}

/**
 * `--at INSTANT` and the `openmetrics` format, for commands whose run has W11 gauges to export
 * (`simulate`, `audit`).
 */
export function withMetricsOptions(command: Command, extraFormats: readonly string[] = []): Command {
  return withOutputOptions(command, [...extraFormats, 'openmetrics']).option(
    '--at <instant>',
    'with --format openmetrics, the gauges at INSTANT instead of the end of the run: ' +
      "2026-03-12T14:02:00Z, a local 2026-03-12T14:02 in the policy's zone, or P11DT14H2M from the start",
  );
}

/** Adds `--format` and `--out`, which every command takes. */
export function withOutputOptions(command: Command, extraFormats: readonly string[] = []): Command {
  return command
    .addOption(
      new Option('--format <format>', 'output format').choices([...formats, ...extraFormats]).default('text'),
    )
    .option('--out <file>', 'write the output to FILE (atomically) instead of standard output');
}

/**
 * A parser for a numeric option. An integer option also stays within ±(2^53 − 1): past that, `Number`
 * rounds what was typed (9007199254740993 reads as …992), so two different values would act alike.
 */
export function parseNumber(flag: string, { min = -Infinity, max = Infinity, integer = false } = {}) {
  return (value: string): number => {
    const n = Number(value);
    if (
      value.trim() === '' ||
      !Number.isFinite(n) ||
      n < min ||
      n > max ||
      (integer && !Number.isInteger(n))
    ) {
      const kind = integer ? 'an integer' : 'a number';
      const range = [min > -Infinity ? `>= ${min}` : '', max < Infinity ? `<= ${max}` : '']
        .filter(Boolean)
        .join(' and ');
      throw new UsageError(`${flag} must be ${kind}${range ? ` ${range}` : ''} (got '${value}')`);
    }
    if (integer && !Number.isSafeInteger(n)) {
      throw new UsageError(
        `${flag} must be an integer within ±${Number.MAX_SAFE_INTEGER} (2^53 − 1), which is read exactly (got '${value}')`,
      );
    }
    return n;
  };
}
