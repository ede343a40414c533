import { type Command, Option } from 'commander';
import { UsageError } from './exit-codes.js';

// Declaring options runs on every start-up, `--help` and `--version` included: this module imports
// commander only, never the library.

export type Format = 'text' | 'json';
export const formats: readonly Format[] = ['text', 'json'];

/** Options every command accepts. */
export interface OutputOptions {
  format: Format;
  out?: string;
}

/** Adds `--format` and `--out`, which every command takes. */
export function withOutputOptions(command: Command, extraFormats: readonly string[] = []): Command {
  return command
    .addOption(
      new Option('--format <format>', 'output format').choices([...formats, ...extraFormats]).default('text'),
    )
    .option('--out <file>', 'write the output to FILE (atomically) instead of standard output');
}

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
    return n;
  };
}
