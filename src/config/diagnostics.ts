import { printable } from './printable.js';

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
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  return `${printable(d.file)}:${d.line}:${d.column}: ${prefix}${printable(d.message)}`;
}

/** Orders diagnostics by file, then position, so that output is stable and reads top to bottom. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
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
