import { type Diagnostic, formatDiagnostic, writeOutputFile } from '../index.js';

/**
 * Writes a command's result to `--out FILE` or stdout. A file is written as an `OutputFile`: atomically,
 * through an unpredictable temporary name created exclusively, devices and FIFOs in place.
 */
export async function emit(text: string, out: string | undefined): Promise<void> {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (writesToStdout(out)) {
    process.stdout.write(body);
    return;
  }
  writeOutputFile(out, body);
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
