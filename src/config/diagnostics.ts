import { printable } from './printable.js';
import { groupDigits } from './wording.js';

/** A problem found in an input file, located at the offending YAML node. */
export interface Diagnostic {
  readonly file: string;
  /** 1-based line of the offending node. */
  readonly line: number;
  /** 1-based column of the offending node. */
  readonly column: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** `file:line:col: message`, the form editors and CI logs turn into links; control characters escaped. */
export function formatDiagnostic(d: Diagnostic): string {
  return paintedDiagnostic(d, unpainted);
}

/**
 * Marks a diagnostic's head (`file:line:col:`, with `warning:` for a warning) by its severity, e.g. in
 * colour on a terminal. The message itself is never marked.
 */
export type Paint = (severity: Diagnostic['severity'], head: string) => string;

const unpainted: Paint = (_, head) => head;

/** `formatDiagnostic` with its head marked by `paint`. */
export function paintedDiagnostic(d: Diagnostic, paint: Paint): string {
  const head = `${printable(d.file)}:${d.line}:${d.column}:${d.severity === 'warning' ? ' warning:' : ''}`;
  return `${paint(d.severity, head)} ${printable(d.message)}`;
}

/**
 * Diagnostics printed per file at most. Past a hundred, more lines help nobody read the file's problems
 * (and 80 000 of them drown the terminal): the rest are counted instead.
 */
export const MAX_PRINTED_PER_FILE = 100;

/**
 * One `file:line:col: message` line per diagnostic, at most `limit` per file, then one line per file
 * saying how many more were found.
 *
 * @example
 * formatDiagnostics(list, 2);
 * // ['p.yaml:5:3: unknown key …', 'p.yaml:6:3: unknown key …', 'p.yaml: … and 79,998 more problems']
 */
export function formatDiagnostics(
  list: readonly Diagnostic[],
  limit = MAX_PRINTED_PER_FILE,
  paint: Paint = unpainted,
): string[] {
  const lines: string[] = [];
  const seen = new Map<string, number>();
  for (const d of list) {
    const n = (seen.get(d.file) ?? 0) + 1;
    seen.set(d.file, n);
    if (n <= limit) lines.push(paintedDiagnostic(d, paint));
  }
  for (const [file, n] of seen) {
    const more = n - limit;
    if (more > 0) lines.push(`${file}: … and ${groupDigits(more)} more problem${more === 1 ? '' : 's'}`);
  }
  return lines;
}

/** Orders diagnostics by file, then position, so that output is stable and reads top to bottom. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** `--strict`: every warning counts as an error (P2's ILQ rules, for one, are warnings by default). */
export function strictly(list: readonly Diagnostic[]): Diagnostic[] {
  return list.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' } : d));
}

/** Thrown when input files cannot be used; the CLI maps it to exit code 2. */
export class InputError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'InputError';
    this.diagnostics = diagnostics;
  }
}
