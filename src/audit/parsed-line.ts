/** What one line of a usage log is, once read. */
export const LineKind = {
  /** A license checked out (FlexLM `OUT:`). */
  checkout: 0,
  /** A license checked in (FlexLM `IN:`). */
  checkin: 1,
  /** A checkout refused (FlexLM `DENIED:`). */
  denied: 2,
  /** A whole session with its start and length (CSV or JSON Lines records). */
  session: 3,
  /** A line that gives what later lines need: a date (FlexLM `TIMESTAMP`, start-up), a CSV header. */
  context: 4,
  /** A well-formed line that says nothing about usage (a daemon's informational message, a blank line). */
  ignored: 5,
  /** A line that cannot be used, with its reason and column. */
  rejected: 6,
} as const;
export type LineKind = (typeof LineKind)[keyof typeof LineKind];

/**
 * One line as a parser read it. Parsers fill one object line after line rather than make one per line:
 * a log of ten million lines would otherwise make ten million short-lived objects.
 */
export class ParsedLine {
  kind: LineKind = LineKind.ignored;
  atMs = 0;
  /** A session record's length; -1 for other kinds. */
  durationMs = -1;
  feature = '';
  user = '';
  /** '' when the log does not give one. */
  host = '';
  /** `user@host` as the line wrote it, when it did (FlexLM), else '': spares joining the two again. */
  who = '';
  /** The site or client the record names, or ''. */
  site = '';
  realm = '';
  /** Licenses the line moves (FlexLM's `(N licenses)`), 1 otherwise. */
  count = 1;
  /** Why the line is rejected (rejected), or the class of an ignored or context line. */
  reason = '';
  /** 1-based column a rejection points at. */
  column = 1;

  /** Resets the line to a usage record of `kind`. */
  usage(kind: LineKind, atMs: number, feature: string, user: string, host: string): this {
    this.kind = kind;
    this.atMs = atMs;
    this.durationMs = -1;
    this.feature = feature;
    this.user = user;
    this.host = host;
    this.who = '';
    this.site = '';
    this.realm = '';
    this.count = 1;
    this.reason = '';
    return this;
  }

  reject(reason: string, column: number): this {
    this.kind = LineKind.rejected;
    this.reason = reason;
    this.column = column;
    return this;
  }

  /** A line used for what later lines need (`reason` says what), or ignored. */
  note(kind: typeof LineKind.context | typeof LineKind.ignored, reason: string): this {
    this.kind = kind;
    this.reason = reason;
    return this;
  }
}

/** Reads one format of usage log, line after line; it may keep state between lines (a date, a header). */
export interface LogParser {
  /** Reads `line` (without its line break) into `into`. */
  parse(line: string, into: ParsedLine): void;
}
