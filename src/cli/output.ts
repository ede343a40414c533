import { type Diagnostic, formatDiagnostics } from '../config/diagnostics.js';
import { displayPath } from '../config/display-path.js';
import { writeOutputFile } from '../report/output-file.js';
import { plain, type Style } from '../report/style.js';
import { diagnosticPaint, styleFor } from './colour.js';
import type { CliIo } from './io.js';

/**
 * Writes a command's result to `--out FILE` or standard output. A file is written as an `OutputFile`:
 * atomically, through an unpredictable temporary name created exclusively, devices and FIFOs in place.
 */
export async function emit(text: string, out: string | undefined, io: CliIo): Promise<void> {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (writesToStdout(out)) {
    io.stdout.write(body);
    return;
  }
  writeOutputFile(out, body);
}

/** `--out` absent or `-` means standard output. */
export function writesToStdout(out: string | undefined): out is undefined | '-' {
  return out === undefined || out === '-';
}

/** The style of a text report written to `out`: coloured only on standard output, when it wants colours. */
export function reportStyle(out: string | undefined, io: CliIo): Style {
  return writesToStdout(out) ? styleFor(io.stdout, io.env) : plain;
}

/** Stable JSON: two-space indent and a final newline, so that reports diff cleanly. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Problems go to standard error, so that `--format json` output stays pure JSON: at most a hundred a
 * file, the rest counted.
 */
export function printDiagnostics(list: readonly Diagnostic[], io: CliIo): void {
  for (const line of formatDiagnostics(shownPaths(list), undefined, diagnosticPaint(io))) {
    io.stderr.write(`${line}\n`);
  }
}

/** Warnings go to standard error too, every one of them: the run goes on. */
export function printWarnings(warnings: readonly Diagnostic[], io: CliIo): void {
  for (const line of formatDiagnostics(shownPaths(warnings), Number.POSITIVE_INFINITY, diagnosticPaint(io))) {
    io.stderr.write(`${line}\n`);
  }
}

/** Files as the user would type them: a policy a scenario names is found at an absolute path. */
function shownPaths(list: readonly Diagnostic[]): Diagnostic[] {
  return list.map((d) => ({ ...d, file: displayPath(d.file) }));
}
