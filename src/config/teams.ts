/**
 * Reads the teams file for sizing by team (SPEC W5): CSV with a `name,users,concurrency` header, or YAML
 * (a list of `{ name, users, concurrency }`, or `{ teams: [...] }`). Every bad row is reported at its line
 * and column, all at once; no row is dropped silently.
 */
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import { type Diagnostic, InputError, sortDiagnostics } from './diagnostics.js';
import { readTextFile } from './text-file.js';

/** One team: headcount and the share of it working at once (0–1). */
export interface Team {
  readonly name: string;
  readonly users: number;
  readonly concurrency: number;
}

/** Teams read from a file, with any warnings (errors are thrown as `InputError` by `readTeams`). */
export interface TeamsFile {
  readonly teams: Team[];
  readonly diagnostics: Diagnostic[];
}

const COLUMNS = ['name', 'users', 'concurrency'] as const;
type Column = (typeof COLUMNS)[number];
const EXPECTED = COLUMNS.join(',');

/** Teams files are small; anything larger is almost certainly the wrong file. */
const MAX_BYTES = 10 * 1024 * 1024;

/**
 * Reads and validates a teams file, choosing CSV or YAML by extension (`.csv`, `.yaml`, `.yml`).
 * Throws `InputError` carrying every error found; returns warnings (such as a repeated team) otherwise.
 *
 * @example const { teams } = await readTeams('teams.csv'); // [{ name: 'Linux Admins', users: 50, concurrency: 0.25 }, …]
 */
export async function readTeams(file: string): Promise<TeamsFile> {
  const ext = extname(file).toLowerCase();
  const parser =
    ext === '.csv' ? parseTeamsCsv : ext === '.yaml' || ext === '.yml' ? parseTeamsYaml : undefined;
  if (!parser) {
    throw new InputError([
      error(file, 1, 1, `unknown teams file type '${ext || '(none)'}': name it .csv, .yaml or .yml`),
    ]);
  }
  const read = await readTextFile(file, MAX_BYTES);
  if (!('text' in read)) {
    const message = {
      unreadable: `cannot read the teams file: ${read.reason}`,
      'too-large': `the teams file is larger than ${MAX_BYTES} bytes`,
      'not-utf8': 'the teams file is not valid UTF-8 text',
    }[read.failure];
    throw new InputError([error(file, read.line, read.column, message)]);
  }
  const { teams, diagnostics } = parser(read.text, file);
  const sorted = sortDiagnostics(diagnostics);
  if (sorted.some((d) => d.severity === 'error')) throw new InputError(sorted);
  return { teams, diagnostics: sorted };
}

/**
 * Parses a CSV teams file. Returns every problem as a diagnostic (errors and warnings) rather than
 * throwing, so that a caller can show them all.
 */
export function parseTeamsCsv(source: string, file: string): TeamsFile {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const where = new Positions(text);
  const diagnostics: Diagnostic[] = [];
  const headerLine = where.nextNonBlankLine(0);
  let header: string[] = [];
  let records: Record<string, string>[];
  try {
    records = parseCsv(text, {
      columns: (names: string[]) => {
        header = names.map((n) => n.toLowerCase());
        return header;
      },
      trim: true,
      skip_empty_lines: true,
      // Files edited on several systems can mix line endings; take all three.
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
    });
  } catch (e) {
    // A syntax error (such as an unclosed quote) stops the parser; csv-parse names the line.
    const line = typeof (e as { lines?: unknown }).lines === 'number' ? (e as { lines: number }).lines : 1;
    return { teams: [], diagnostics: [error(file, line, 1, `invalid CSV: ${(e as Error).message}`)] };
  }

  if (headerLine === undefined) {
    return {
      teams: [],
      diagnostics: [error(file, 1, 1, `empty teams file: start with the header ${EXPECTED}`)],
    };
  }
  const headerFields = where.fieldsAt(headerLine);
  const headerAt = (i: number, message: string) => {
    const { line, column } = headerFields[i] ?? { line: headerLine, column: 1 };
    diagnostics.push(error(file, line, column, message));
  };
  for (const [i, name] of header.entries()) {
    if (!(COLUMNS as readonly string[]).includes(name)) {
      headerAt(i, `unknown column '${name}': expected ${EXPECTED}`);
    } else if (header.indexOf(name) !== i) {
      headerAt(i, `column '${name}' appears twice in the header`);
    }
  }
  for (const column of COLUMNS) {
    if (!header.includes(column)) {
      diagnostics.push(
        error(file, headerLine, 1, `the header lacks the column '${column}': expected ${EXPECTED}`),
      );
    }
  }
  // With a broken header every row would be misread; the header errors are the useful ones.
  if (diagnostics.length > 0) return { teams: [], diagnostics };

  const teams: Team[] = [];
  const seen = new Map<string, number>();
  // csv-parse's line counts go astray on quoted line breaks, so records are located by rescanning the
  // text: each starts on the first non-blank line after the previous one ends, as csv-parse reads it.
  let previousEnd = where.recordEndLine(headerLine);
  for (const record of records) {
    const line = where.nextNonBlankLine(previousEnd) ?? previousEnd;
    previousEnd = where.recordEndLine(line);
    const fields = where.fieldsAt(line);
    const at = (c: Column) => fields[header.indexOf(c)] ?? { line, column: 1 };
    if (fields.length !== header.length) {
      const message = `row has ${plural(fields.length, 'field')} but the header has ${header.length} (${header.join(',')})`;
      diagnostics.push(error(file, line, 1, message));
      continue;
    }
    const row = checkTeam(
      { name: record.name, users: record.users, concurrency: record.concurrency },
      (c, m) => {
        diagnostics.push(error(file, at(c).line, at(c).column, m));
      },
    );
    if (!row) continue;
    noteRepeat(row.name, line, seen, (m) =>
      diagnostics.push(warning(file, at('name').line, at('name').column, m)),
    );
    teams.push(row);
  }
  if (teams.length === 0 && diagnostics.length === 0) {
    diagnostics.push(
      error(file, headerLine, 1, `no teams found: add one row per team under the header ${EXPECTED}`),
    );
  }
  return { teams, diagnostics };
}

/** Parses a YAML teams file: a list of `{ name, users, concurrency }`, or `{ teams: [...] }`. */
export function parseTeamsYaml(text: string, file: string): TeamsFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number) => lineCounter.linePos(offset);
  const diagnostics: Diagnostic[] = [];
  const located = (severity: Diagnostic['severity'], offset: number, message: string) => {
    const { line, col } = at(offset);
    diagnostics.push({ file, line, column: col, severity, message });
  };
  for (const e of doc.errors) located('error', e.pos[0], e.message.split('\n')[0] ?? e.message);
  for (const w of doc.warnings) located('warning', w.pos[0], w.message.split('\n')[0] ?? w.message);
  if (doc.errors.length > 0) return { teams: [], diagnostics };

  const shape = 'expected a list of { name, users, concurrency } or a map with a `teams:` list';
  let list: Node | null | undefined = doc.contents;
  if (isMap(list)) {
    const root: YAMLMap = list;
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (key !== 'teams') located('error', start(pair.key, 0), `unknown key '${key}': ${shape}`);
    }
    list = root.get('teams', true) as Node | undefined;
    if (!isSeq(list)) {
      located('error', start(list ?? root, 0), `\`teams\` must be a list: ${shape}`);
      return { teams: [], diagnostics };
    }
  }
  if (!isSeq(list)) {
    located('error', start(list, 0), list == null ? `empty teams file: ${shape}` : shape);
    return { teams: [], diagnostics };
  }

  const teams: Team[] = [];
  const seen = new Map<string, number>();
  for (const item of list.items) {
    const itemStart = start(item as Node, 0);
    if (!isMap(item)) {
      located('error', itemStart, `each team must be a map with ${COLUMNS.join(', ')}`);
      continue;
    }
    const raw: Partial<Record<Column, unknown>> = {};
    const offsets: Partial<Record<Column, number>> = {};
    let bad = false;
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!(COLUMNS as readonly string[]).includes(key)) {
        located('error', start(pair.key, itemStart), `unknown key '${key}': expected ${COLUMNS.join(', ')}`);
        bad = true;
        continue;
      }
      const column = key as Column;
      offsets[column] = start(pair.value, start(pair.key, itemStart));
      raw[column] = isScalar(pair.value) ? pair.value.value : pair.value;
    }
    const row = checkTeam(raw, (column, message) => located('error', offsets[column] ?? itemStart, message));
    if (!row || bad) continue;
    const { line } = at(itemStart);
    noteRepeat(row.name, line, seen, (message) => located('warning', offsets.name ?? itemStart, message));
    teams.push(row);
  }
  if (teams.length === 0 && diagnostics.every((d) => d.severity !== 'error')) {
    located('error', start(list, 0), `no teams found: ${shape}`);
  }
  return { teams, diagnostics };
}

/**
 * Reads a concurrency rate written as a share (`0.25`) or a percentage (`25%`); `undefined` if it is
 * neither or lies outside 0–100 %.
 *
 * @example parseRate('25%') // 0.25
 */
export function parseRate(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) && value >= 0 && value <= 1 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const percent = /^(\d+(?:\.\d*)?|\.\d+)\s*%$/.exec(text);
  if (percent) {
    // 7 / 100 is 0.07000000000000001; reading '7e-2' gives the double nearest 0.07, as '0.07' would.
    const n = Number(`${percent[1]}e-2`);
    return n <= 1 ? n : undefined;
  }
  if (!/^(\d+(?:\.\d*)?|\.\d+)$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 1 ? n : undefined;
}

/** Validates one team's fields, reporting each bad one; returns the team only if all are good. */
function checkTeam(
  raw: Partial<Record<Column, unknown>>,
  report: (column: Column, message: string) => void,
): Team | undefined {
  let ok = true;
  const name = typeof raw.name === 'string' ? raw.name.trim() : raw.name;
  if (typeof name !== 'string' || name === '') {
    report(
      'name',
      name === undefined || name === '' ? 'name is missing' : `name must be text (got ${show(name)})`,
    );
    ok = false;
  }
  const users = parseCount(raw.users);
  if (users === undefined) {
    report(
      'users',
      raw.users === undefined
        ? 'users is missing'
        : `users must be a non-negative integer (got ${show(raw.users)})`,
    );
    ok = false;
  }
  const concurrency = parseRate(raw.concurrency);
  if (concurrency === undefined) {
    report('concurrency', rateProblem(raw.concurrency));
    ok = false;
  }
  if (!ok || typeof name !== 'string' || users === undefined || concurrency === undefined) return undefined;
  return { name, users, concurrency };
}

function rateProblem(value: unknown): string {
  if (value === undefined) return 'concurrency is missing';
  const base = `concurrency must be a share from 0 to 1 or a percentage such as 25% (got ${show(value)})`;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  return Number.isFinite(n) && n > 1 && n <= 100 ? `${base}; for ${n} % write ${n}% or ${n / 100}` : base;
}

function parseCount(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}

function noteRepeat(
  name: string,
  line: number,
  seen: Map<string, number>,
  warn: (message: string) => void,
): void {
  const first = seen.get(name);
  if (first === undefined) seen.set(name, line);
  else warn(`team '${name}' is listed again (first at line ${first}); both rows count`);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'nothing';
  if (typeof value === 'object') return Array.isArray(value) || isSeq(value) ? 'a list' : 'a map';
  return `'${String(value)}'`;
}

function start(node: unknown, fallback: number): number {
  const range = (node as { range?: readonly number[] } | null | undefined)?.range;
  return range?.[0] ?? fallback;
}

function error(file: string, line: number, column: number, message: string): Diagnostic {
  return { file, line, column, severity: 'error', message };
}

function warning(file: string, line: number, column: number, message: string): Diagnostic {
  return { file, line, column, severity: 'warning', message };
}

/**
 * Line and column lookup for CSV text. csv-parse reports only line numbers, so the start of each field is
 * found by rescanning the record from its first line, honouring quotes (a quoted field may span lines).
 */
class Positions {
  private readonly lineStarts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) this.lineStarts.push(i + 1);
    }
  }

  /** The first line after `after` with more than blanks on it: where csv-parse starts the next record. */
  nextNonBlankLine(after: number): number | undefined {
    for (let line = after + 1; line <= this.lineStarts.length; line++) {
      const from = this.lineStarts[line - 1] ?? 0;
      const to = this.lineStarts[line] ?? this.text.length;
      if (this.text.slice(from, to).trim() !== '') return line;
    }
    return undefined;
  }

  /** Where each field of the record starting on `line` begins, after the blanks that `trim` drops. */
  fieldsAt(line: number): { line: number; column: number }[] {
    return this.scan(this.lineStarts[line - 1] ?? this.text.length).starts.map((o) => this.position(o));
  }

  /** The line on which the record starting on `line` ends (later than `line` if a quoted field spans lines). */
  recordEndLine(line: number): number {
    return this.position(this.scan(this.lineStarts[line - 1] ?? this.text.length).end).line;
  }

  private position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.lineStarts[lo] ?? 0) + 1 };
  }

  /** Offsets of the fields of the record at `from`, and of its end (its unquoted line break). */
  private scan(from: number): { starts: number[]; end: number } {
    const { text } = this;
    const starts: number[] = [];
    let i = from;
    for (;;) {
      while (text[i] === ' ' || text[i] === '\t') i++;
      starts.push(i);
      if (text[i] === '"') {
        i++;
        while (i < text.length && !(text[i] === '"' && text[i + 1] !== '"')) i += text[i] === '"' ? 2 : 1;
        i++;
      }
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
      if (text[i] !== ',') return { starts, end: i };
      i++;
    }
  }
}
