import { stat } from 'node:fs/promises';
import type { CheckoutChunk, RecordedUsage } from '../model/recorded-usage.js';
import { CheckoutSpool } from './checkout-spool.js';
import { type LogFormat, parserFor } from './log-format.js';
import { LogLines } from './log-lines.js';
import { LogUsers, Names } from './names.js';
import { LineKind, type ParsedLine } from './parsed-line.js';
import type { ColumnMapping } from './session-records.js';

/**
 * Lines listed one by one at most, per list (rejected lines, unmatched checkouts and checkins); the rest
 * are counted. A log of millions of lines may reject all of them: the first hundred say why.
 */
export const MAX_LISTED_LINES = 100;

/** What to do with checkouts still open when the log ends (no IN for them). */
export const openSessionEndings = ['close-at-end', 'drop'] as const;
export type OpenSessionEnding = (typeof openSessionEndings)[number];

export interface UsageImportOptions {
  readonly format: LogFormat;
  readonly columns?: ColumnMapping;
  /** close-at-end (the default): they end at the log's last instant; drop: they are not replayed. */
  readonly openSessions?: OpenSessionEnding;
  /** Told after each chunk read (256 KiB): the share of the file's bytes read and the lines so far. */
  readonly onProgress?: (progress: { readonly done: number; readonly events: number }) => void;
}

export interface ListedLine {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Lines of one kind: how many, and the first MAX_LISTED_LINES of them. */
export interface LineList {
  count: number;
  readonly first: ListedLine[];
}

/** What importing a usage log found: every line accounted for, and what the replay needs. */
export interface UsageImport {
  readonly file: string;
  readonly format: LogFormat;
  readonly openSessions: OpenSessionEnding;
  /** Lines read = used + ignored + rejected. */
  readonly lines: { read: number; used: number; ignored: number; rejected: number };
  /** Ignored lines by why (blank line, informational message). */
  readonly ignored: Record<string, number>;
  readonly rejected: LineList;
  /** Checkouts (OUT lines, session records) and the licenses they took. */
  readonly checkouts: { count: number; licenses: number };
  readonly checkins: number;
  readonly denials: number;
  /** OUT lines with no IN by the log's end, closed or dropped as `openSessions` says. */
  readonly openAtEnd: LineList;
  /** The first and last instants of the log's usage lines; NaN when it has none. */
  readonly firstMs: number;
  readonly lastMs: number;
  readonly users: LogUsers;
  readonly features: Names;
  readonly sites: Names;
  readonly realms: Names;
  /** Per feature (by number): checkouts and denials in the log. */
  readonly perFeature: { checkouts: number[]; denials: number[] };
  /** The checkouts' lengths by checkout number; -1 for one not replayed. */
  readonly durations: Float64Array;
  /** The checkouts themselves, for the replay; `spool.dispose()` removes its file once done. */
  readonly spool: CheckoutSpool;
}

/**
 * Reads a usage log once, streaming, and accounts for every line: used, ignored (well-formed but not
 * usage) or rejected with its line, column and reason. FlexLM OUT and IN lines are paired by feature and
 * user@host, the oldest open checkout first. Memory holds names, open checkouts and one number per
 * checkout, never the lines; the checkouts go to a temporary file for the replay (`spool`).
 *
 * Throws the file system's error when the file cannot be read, and a MappingError when a CSV header
 * lacks a column the records need.
 */
export async function importUsageLog(file: string, options: UsageImportOptions): Promise<UsageImport> {
  const openSessions = options.openSessions ?? 'close-at-end';
  const lines = { read: 0, used: 0, ignored: 0, rejected: 0 };
  const ignored: Record<string, number> = {};
  const rejected: LineList = { count: 0, first: [] };
  const openAtEnd: LineList = { count: 0, first: [] };
  const users = new LogUsers();
  const features = new Names();
  const sites = new Names();
  const realms = new Names();
  const perFeature = { checkouts: [] as number[], denials: [] as number[] };
  let durations = new Float64Array(1024);
  const checkouts = { count: 0, licenses: 0 };
  let checkins = 0;
  let denials = 0;
  let firstMs = Number.NaN;
  let lastMs = Number.NaN;
  /** Open checkouts by feature and user@host: [checkout number, start, line] triples, oldest first. */
  const open = new Map<number, number[]>();
  /**
   * One number for a feature and a user-host pair: a small integer (which V8 hashes fast) for fewer than
   * 1024 features and 2^20 pairs, else a negative double that no small key equals.
   */
  const openKey = (feature: number, pair: number) =>
    feature < 1024 && pair < 1 << 20 ? pair * 1024 + feature : -(feature * 2 ** 32 + pair) - 1;
  const spool = new CheckoutSpool();

  const reject = (lineNo: number, column: number, message: string) => {
    lines.rejected++;
    list(rejected, { line: lineNo, column, message });
  };
  const seen = (atMs: number) => {
    if (!(atMs >= firstMs)) firstMs = atMs;
    if (!(atMs <= lastMs)) lastMs = atMs;
  };
  const featureOf = (name: string) => {
    const f = features.of(name);
    if (f === perFeature.checkouts.length) {
      perFeature.checkouts.push(0);
      perFeature.denials.push(0);
    }
    return f;
  };

  const visit = (lineNo: number, p: ParsedLine) => {
    lines.read++;
    switch (p.kind) {
      case LineKind.rejected:
        reject(lineNo, p.column, p.reason);
        return;
      case LineKind.ignored:
        lines.ignored++;
        ignored[p.reason] = (ignored[p.reason] ?? 0) + 1;
        return;
      case LineKind.context:
        lines.used++;
        return;
      case LineKind.denied:
        lines.used++;
        denials++;
        perFeature.denials[featureOf(p.feature)]!++;
        seen(p.atMs);
        return;
      case LineKind.checkin: {
        const pair = users.find(p.user, p.host, p.who);
        const feature = features.find(p.feature);
        const key = openKey(feature, pair);
        const queue = pair < 0 || feature < 0 ? undefined : open.get(key);
        if (queue === undefined) {
          reject(
            lineNo,
            1,
            `IN with no open OUT of "${p.feature}" by ${p.user}@${p.host} (checked out before the log starts?)`,
          );
          return;
        }
        const [n, start] = queue.splice(0, 3) as [number, number, number];
        if (queue.length === 0) open.delete(key);
        durations[n] = p.atMs - start;
        lines.used++;
        checkins++;
        seen(p.atMs);
        return;
      }
      default: {
        // A checkout: an OUT line, or a whole session record.
        const n = checkouts.count++;
        if (n === durations.length) {
          const grown = new Float64Array(n * 2);
          grown.set(durations);
          durations = grown;
        }
        checkouts.licenses += p.count;
        lines.used++;
        const pair = users.of(p.user, p.host, p.who);
        const feature = featureOf(p.feature);
        perFeature.checkouts[feature]!++;
        spool.add(p.atMs, pair, feature, p.site === '' ? -1 : sites.of(p.site), p.count);
        if (p.realm !== '') realms.of(p.realm);
        seen(p.atMs);
        if (p.kind === LineKind.session) {
          durations[n] = p.durationMs;
          seen(p.atMs + p.durationMs);
        } else {
          durations[n] = -1;
          const key = openKey(feature, pair);
          const queue = open.get(key);
          if (queue === undefined) open.set(key, [n, p.atMs, lineNo]);
          else queue.push(n, p.atMs, lineNo);
        }
      }
    }
  };

  const parser = new LogLines(file, parserFor(options.format, options.columns ?? {}));
  try {
    const size = options.onProgress ? (await stat(file)).size : 0;
    for await (const chunk of parser.chunks(visit)) {
      options.onProgress?.({ done: size > 0 ? chunk.bytesRead / size : 1, events: lines.read });
    }
    spool.finish();
  } catch (error) {
    spool.dispose();
    throw error;
  }

  // Checkouts never checked in: listed by line, then closed at the log's end or left out of the replay.
  const stillOpen: number[][] = [...open.values()];
  const triples: [number, number, number][] = [];
  for (const queue of stillOpen) {
    for (let i = 0; i < queue.length; i += 3) triples.push([queue[i]!, queue[i + 1]!, queue[i + 2]!]);
  }
  triples.sort((a, b) => a[2] - b[2]);
  for (const [n, start, lineNo] of triples) {
    durations[n] = openSessions === 'drop' ? -1 : lastMs - start;
    list(openAtEnd, {
      line: lineNo,
      column: 1,
      message:
        openSessions === 'drop'
          ? 'OUT with no IN by the end of the log: not replayed (--open-sessions drop)'
          : 'OUT with no IN by the end of the log: closed at its last instant',
    });
  }
  return {
    file,
    format: options.format,
    openSessions,
    lines,
    ignored,
    rejected,
    checkouts,
    checkins,
    denials,
    openAtEnd,
    firstMs,
    lastMs,
    users,
    features,
    sites,
    realms,
    perFeature,
    durations: durations.subarray(0, checkouts.count),
    spool,
  };
}

function list(into: LineList, line: ListedLine): void {
  into.count++;
  if (into.first.length < MAX_LISTED_LINES) into.first.push(line);
}

/**
 * The imported log as the load of a replay: its names, and its checkouts read back from the import's
 * spool in start order, with the lengths the import found.
 */
export function recordedUsage(imported: UsageImport): RecordedUsage {
  const { users, features, sites, durations, spool } = imported;
  return {
    userNames: users.pairs.list,
    features: features.list,
    sites: sites.list,
    async *checkouts(): AsyncGenerator<CheckoutChunk> {
      yield* spool.chunks(durations);
    },
  };
}
