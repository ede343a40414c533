import { FlexlmParser } from './flexlm-log.js';
import type { LogParser } from './parsed-line.js';
import { type ColumnMapping, CsvRecords, JsonLinesRecords } from './session-records.js';

export const logFormats = ['flexlm', 'csv', 'jsonl'] as const;
export type LogFormat = (typeof logFormats)[number];

/** The format a log's name suggests: .csv, .jsonl / .ndjson, anything else a FlexLM debug log. */
export function formatOfFile(file: string): LogFormat {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  return 'flexlm';
}

/** A fresh parser for one reading of a log: parsers keep state from line to line. */
export function parserFor(format: LogFormat, mapping: ColumnMapping): LogParser {
  if (format === 'csv') return new CsvRecords(mapping);
  if (format === 'jsonl') return new JsonLinesRecords(mapping);
  return new FlexlmParser();
}
