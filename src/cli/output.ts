import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type Diagnostic, formatDiagnostic } from '../index.js';
import { UsageError } from './exit-codes.js';

/**
 * Writes a command's result to `--out FILE` or stdout. Files are written atomically (temporary file,
 * then rename) so that a reader never sees half a report.
 */
export async function emit(text: string, out: string | undefined): Promise<void> {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (writesToStdout(out)) {
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

/** `--out` absent or `-` means standard output. */
export function writesToStdout(out: string | undefined): out is undefined | '-' {
  return out === undefined || out === '-';
}

/** Stable JSON: two-space indent and a final newline, so that reports diff cleanly. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
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
