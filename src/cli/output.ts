import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type Command, Option } from 'commander';
import { type Diagnostic, formatDiagnostic } from '../index.js';
import { UsageError } from './exit-codes.js';

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

/**
 * Writes a command's result to `--out FILE` or stdout. Files are written atomically (temporary file,
 * then rename) so that a reader never sees half a report.
 */
export async function emit(text: string, out: string | undefined): Promise<void> {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (out === undefined || out === '-') {
    process.stdout.write(body);
    return;
  }
  const temp = join(dirname(out), `.${basename(out)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, body);
    await rename(temp, out);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new UsageError(`cannot write ${out}: ${whyCannotWrite(error, out)}`);
  }
}

/** Stable JSON: two-space indent and a final newline, so that reports diff cleanly. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function parseChoice<T extends string>(flag: string, allowed: readonly T[]) {
  return (value: string): T => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
  };
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

/** Warnings go to standard error, so that `--format json` output stays pure JSON. */
export function printWarnings(warnings: readonly Diagnostic[]): void {
  for (const w of warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
}

/** Why a file could not be written, in the user's terms (not the temporary file's). */
export function whyCannotWrite(error: unknown, file: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `its folder ${dirname(file)} does not exist`;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return (error as Error).message;
}
