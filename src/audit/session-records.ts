import { durationMs, instantMs } from '../model/time.js';
import { LineKind, type LogParser, type ParsedLine } from './parsed-line.js';

/** The fields of a session record, and the column (CSV) or key (JSON Lines) each is read from. */
export const recordFields = ['start', 'end', 'duration', 'user', 'host', 'feature', 'site', 'realm'] as const;
export type RecordField = (typeof recordFields)[number];
export type ColumnMapping = Partial<Record<RecordField, string>>;

/** Columns a record cannot do without; `end` or `duration` is needed too. */
const REQUIRED: readonly RecordField[] = ['start', 'user', 'feature'];

/** The column or key each field is read from: the mapping given, else the field's own name, else `client` for site. */
function columnNames(mapping: ColumnMapping): Record<RecordField, string[]> {
  const names = {} as Record<RecordField, string[]>;
  for (const field of recordFields) {
    const given = mapping[field];
    names[field] = given !== undefined ? [given] : field === 'site' ? ['site', 'client'] : [field];
  }
  return names;
}

/**
 * Reads a field's text into the parsed line; returns false when the value is unusable (the line is then
 * rejected). Instants are ISO 8601 with an offset; a duration is seconds or an ISO 8601 duration.
 */
function readFields(
  get: (field: RecordField) => { text: string; column: number } | undefined,
  into: ParsedLine,
): void {
  const start = get('start');
  const user = get('user');
  const feature = get('feature');
  for (const [field, value] of [
    ['start', start],
    ['user', user],
    ['feature', feature],
  ] as const) {
    if (value === undefined || value.text === '') {
      into.reject(`no ${field}: every record needs start, user and feature`, value?.column ?? 1);
      return;
    }
  }
  const atMs = instantMs(start!.text);
  if (atMs === null) {
    into.reject(`start "${start!.text}" is not an instant such as 2026-03-02T08:00:00Z`, start!.column);
    return;
  }
  const end = get('end');
  const duration = get('duration');
  let length: number;
  if (end !== undefined && end.text !== '') {
    const endMs = instantMs(end.text);
    if (endMs === null) {
      into.reject(`end "${end.text}" is not an instant such as 2026-03-02T09:30:00Z`, end.column);
      return;
    }
    length = endMs - atMs;
    if (length < 0) {
      into.reject(`end ${end.text} is before start ${start!.text}`, end.column);
      return;
    }
  } else if (duration !== undefined && duration.text !== '') {
    const seconds = /^\d+(\.\d+)?$/.test(duration.text) ? Math.round(Number(duration.text) * 1000) : null;
    const parsed = seconds ?? durationMs(duration.text);
    if (parsed === null) {
      into.reject(
        `duration "${duration.text}" is neither seconds (5400) nor an ISO 8601 duration (PT1H30M)`,
        duration.column,
      );
      return;
    }
    length = parsed;
  } else {
    into.reject('no end and no duration: a record needs one of them', end?.column ?? duration?.column ?? 1);
    return;
  }
  into.usage(LineKind.session, atMs, feature!.text, user!.text, get('host')?.text ?? '');
  into.durationMs = length;
  into.site = get('site')?.text ?? '';
  into.realm = get('realm')?.text ?? '';
}

/** Problems with a column mapping or a header: the log cannot be read at all. */
export class MappingError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

/**
 * CSV session records: a header line naming the columns, then one session a line (RFC 4180 quoting, no
 * line breaks inside a field). The header must hold every column the mapping needs.
 *
 * @example
 * // start,end,user,host,feature
 * // 2026-03-02T08:00:00Z,2026-03-02T09:30:00Z,ana,ws-1,solver
 */
export class CsvRecords implements LogParser {
  private readonly names: Record<RecordField, string[]>;
  /** Each field's column index in the header, or -1; null until the header is read. */
  private index: Record<RecordField, number> | null = null;
  private readonly fields: string[] = [];
  private readonly columns: number[] = [];

  constructor(mapping: ColumnMapping = {}) {
    this.names = columnNames(mapping);
  }

  parse(line: string, into: ParsedLine): void {
    if (line.trim() === '') {
      into.note(LineKind.ignored, 'blank line');
      return;
    }
    const problem = splitCsv(line, this.fields, this.columns);
    if (problem !== null) {
      into.reject(problem.reason, problem.column);
      return;
    }
    if (this.index === null) {
      this.index = headerIndex(this.fields, this.columns, this.names);
      into.note(LineKind.context, 'header');
      return;
    }
    const index = this.index;
    const fields = this.fields;
    const columns = this.columns;
    readFields((field) => {
      const i = index[field];
      return i < 0 || i >= fields.length ? undefined : { text: fields[i]!.trim(), column: columns[i]! };
    }, into);
  }
}

/** Where each field's column is in the header; throws MappingError for a required column missing. */
function headerIndex(
  header: readonly string[],
  columns: readonly number[],
  names: Record<RecordField, string[]>,
): Record<RecordField, number> {
  const lower = header.map((h) => h.trim().toLowerCase());
  const index = {} as Record<RecordField, number>;
  for (const field of recordFields) {
    index[field] = names[field].map((n) => lower.indexOf(n.toLowerCase())).find((i) => i >= 0) ?? -1;
  }
  const missing = REQUIRED.filter((f) => index[f] < 0);
  if (index.end < 0 && index.duration < 0) missing.push('end');
  if (missing.length > 0) {
    const wanted = missing.map((f) =>
      f === 'end' ? `'${names.end[0]}' or '${names.duration[0]}'` : `'${names[f][0]}'`,
    );
    throw new MappingError(
      `the header has no column ${wanted.join(', ')} (its columns: ${header.join(', ')}); name the columns with --columns, e.g. --columns start=Begin,user=Login`,
      columns[0] ?? 1,
    );
  }
  return index;
}

/** Splits one CSV line into `fields` (with each field's 1-based column); a problem when quoting is broken. */
function splitCsv(
  line: string,
  fields: string[],
  columns: number[],
): { reason: string; column: number } | null {
  fields.length = 0;
  columns.length = 0;
  let i = 0;
  for (;;) {
    columns.push(i + 1);
    if (line.charCodeAt(i) === 0x22) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) return { reason: 'a quoted field is not closed on its line', column: i + 1 };
        value += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 0x22) {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === line.length) return null;
      if (line.charCodeAt(i) !== 0x2c)
        return { reason: 'expected a comma after a quoted field', column: i + 1 };
      i++;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        fields.push(line.slice(i));
        return null;
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

/**
 * JSON Lines session records: one JSON object a line, with the fields' keys (or the mapping's). Values
 * are strings, except a duration, which may be a number of seconds.
 *
 * @example
 * // {"start":"2026-03-02T08:00:00Z","duration":5400,"user":"ana","host":"ws-1","feature":"solver"}
 */
export class JsonLinesRecords implements LogParser {
  private readonly names: Record<RecordField, string[]>;

  constructor(mapping: ColumnMapping = {}) {
    this.names = columnNames(mapping);
  }

  parse(line: string, into: ParsedLine): void {
    if (line.trim() === '') {
      into.note(LineKind.ignored, 'blank line');
      return;
    }
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      const at = /position (\d+)/.exec((error as Error).message);
      into.reject(`not JSON: ${(error as Error).message}`, at ? Number(at[1]) + 1 : 1);
      return;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      into.reject('expected a JSON object, one session a line', 1);
      return;
    }
    const object = record as Record<string, unknown>;
    let wrong: { key: string; column: number } | null = null;
    readFields((field) => {
      const key = this.names[field].find((k) => Object.hasOwn(object, k));
      if (key === undefined) return undefined;
      const value = object[key];
      const column = line.indexOf(JSON.stringify(key)) + 1;
      if (typeof value === 'string') return { text: value, column };
      if (typeof value === 'number' && field === 'duration') return { text: String(value), column };
      if (value === null) return undefined;
      wrong ??= { key, column };
      return undefined;
    }, into);
    if (wrong !== null) {
      const { key, column } = wrong;
      into.reject(`"${key}" must be a string`, column);
    }
  }
}
