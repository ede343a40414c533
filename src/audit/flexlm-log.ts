import { LineKind, type LogParser, type ParsedLine } from './parsed-line.js';

const DAY_MS = 86_400_000;

/** `H:MM:SS (daemon) message`: the time of day of the server that wrote the line. */
const TIMED = /^\s*(\d{1,2}):(\d{2}):(\d{2}) \(([^()\s]+)\) (.*)$/;
/** `-datestamp` logs: `YYYY-MM-DD HH:MM:SS (daemon) message` (or a T between date and time). */
const DATESTAMPED = /^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2}) \(([^()\s]+)\) (.*)$/;
const USAGE = /^(OUT|IN|DENIED): "([^"]*)" (\S+)(.*)$/;
const LICENSES = /^\s*\((\d+) licenses\)/;
const TIMESTAMP = /^TIMESTAMP (\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/;
/** lmgrd's start-up line ends with the date it started: `… started on myhost (linux) (3/4/2026)`. */
const STARTED = /started on .*\((\d{1,2})\/(\d{1,2})\/(\d{4})\)\s*$/;
/** lmgrd's start-up line `Server's System Date and Time: Wed Mar 04 2026 08:23:01 PST`. */
const SYSTEM_DATE = /System Date and Time: \w{3} (\w{3}) (\d{2}) (\d{4}) /;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const usageKinds = { OUT: LineKind.checkout, IN: LineKind.checkin, DENIED: LineKind.denied } as const;

/**
 * FlexLM-style debug logs (lmgrd and vendor daemons). Lines carry only a time of day: the date comes from
 * `TIMESTAMP M/D/YYYY` lines and lmgrd's start-up lines, and a time earlier than the line before means
 * midnight has passed. Logs written with `-datestamp` carry the date on every line. Times are read as UTC.
 *
 * @example
 * parser.parse(' 9:00:00 (demo) TIMESTAMP 3/2/2026', line);    // context: the date is 2026-03-02
 * parser.parse('10:15:32 (demo) OUT: "f1" ana@ws-1', line);    // checkout at 2026-03-02T10:15:32Z
 * parser.parse(' 0:05:00 (demo) IN: "f1" ana@ws-1', line);     // checkin at 2026-03-03T00:05:00Z
 */
export class FlexlmParser implements LogParser {
  /** 00:00 UTC of the day the latest line fell on, or NaN before any date is known. */
  private dayMs = Number.NaN;
  /** Seconds into that day of the latest timed line. */
  private lastSecond = -1;

  parse(line: string, into: ParsedLine): void {
    if (this.fastUsage(line, into)) return;
    const timed = TIMED.exec(line);
    if (timed !== null) {
      const second = secondOfDay(timed[1]!, timed[2]!, timed[3]!);
      if (second < 0) {
        into.reject(`no such time of day: ${timed[1]}:${timed[2]}:${timed[3]}`, line.search(/\d/) + 1);
        return;
      }
      const message = timed[5]!;
      if (this.setDate(message, second, into)) return;
      if (!Number.isNaN(this.dayMs) && second < this.lastSecond) this.dayMs += DAY_MS;
      this.lastSecond = second;
      this.usage(message, this.dayMs + second * 1000, line.length - message.length, into);
      return;
    }
    const stamped = DATESTAMPED.exec(line);
    if (stamped !== null) {
      const day = dayMs(stamped[1]!, stamped[2]!, stamped[3]!);
      const second = secondOfDay(stamped[4]!, stamped[5]!, stamped[6]!);
      if (day === null || second < 0) {
        into.reject(`no such date and time: ${line.trim().slice(0, 19)}`, line.search(/\d/) + 1);
        return;
      }
      this.dayMs = day;
      this.lastSecond = second;
      const message = stamped[8]!;
      this.usage(message, day + second * 1000, line.length - message.length, into);
      return;
    }
    if (line.trim() === '') {
      into.note(LineKind.ignored, 'blank line');
      return;
    }
    into.reject(
      'not a FlexLM debug log line: expected "H:MM:SS (daemon) message" or "YYYY-MM-DD HH:MM:SS (daemon) message"',
      1,
    );
  }

  /**
   * The common lines, `H:MM:SS (daemon) OUT: "feature" user@host` and its IN and DENIED, read without a
   * regular expression (they are nearly every line of a log, and the expressions cost more than the rest
   * of the import). False for any other line, or a usage line with anything unusual, which the general
   * path then reads (and rejects with its reason when it must).
   */
  private fastUsage(line: string, into: ParsedLine): boolean {
    // The hour takes two columns, the first a space before 10:00, so the rest is at fixed columns.
    let i = 0;
    const h1 = line.charCodeAt(0) === 0x20 ? 0 : digit(line, 0);
    const h2 = digit(line, 1);
    if (h1 < 0 || h2 < 0 || line.charCodeAt(2) !== 0x3a) return false;
    const m = digit(line, i + 3) * 10 + digit(line, i + 4);
    const s = digit(line, i + 6) * 10 + digit(line, i + 7);
    const h = h1 * 10 + h2;
    if (
      line.charCodeAt(i + 5) !== 0x3a ||
      line.charCodeAt(i + 8) !== 0x20 ||
      line.charCodeAt(i + 9) !== 0x28
    ) {
      return false;
    }
    if (h > 23 || m < 0 || m > 59 || s < 0 || s > 59 || Number.isNaN(this.dayMs)) return false;
    const close = line.indexOf(') ', i + 10);
    if (close < 0) return false;
    i = close + 2;
    let kind: LineKind;
    if (line.startsWith('OUT: "', i)) {
      kind = LineKind.checkout;
      i += 6;
    } else if (line.startsWith('IN: "', i)) {
      kind = LineKind.checkin;
      i += 5;
    } else if (line.startsWith('DENIED: "', i)) {
      kind = LineKind.denied;
      i += 9;
    } else return false;
    const quote = line.indexOf('"', i);
    if (quote < 0 || line.charCodeAt(quote + 1) !== 0x20) return false;
    const whoStart = quote + 2;
    let whoEnd = line.indexOf(' ', whoStart);
    if (whoEnd < 0) whoEnd = line.length;
    const at = line.lastIndexOf('@', whoEnd - 1);
    if (at <= whoStart || at >= whoEnd - 1) return false;
    for (let k = whoEnd; k < line.length; k++) if (line.charCodeAt(k) !== 0x20) return false;
    const second = h * 3600 + m * 60 + s;
    if (second < this.lastSecond) this.dayMs += DAY_MS;
    this.lastSecond = second;
    into.usage(
      kind,
      this.dayMs + second * 1000,
      line.slice(i, quote),
      line.slice(whoStart, at),
      line.slice(at + 1, whoEnd),
    );
    into.who = line.slice(whoStart, whoEnd);
    return true;
  }

  /** A line that gives the date (TIMESTAMP or a start-up line): true when `message` is one. */
  private setDate(message: string, second: number, into: ParsedLine): boolean {
    const m = TIMESTAMP.exec(message) ?? STARTED.exec(message);
    let day: number | null = null;
    if (m !== null) day = dayMs(m[3]!, m[1]!, m[2]!);
    else {
      const s = SYSTEM_DATE.exec(message);
      if (s === null) return false;
      const month = MONTHS.indexOf(s[1]!) + 1;
      day = month > 0 ? dayMs(s[3]!, String(month), s[2]!) : null;
    }
    if (day === null) {
      into.reject(`no such date in "${message.trim()}"`, 1);
      return true;
    }
    this.dayMs = day;
    this.lastSecond = second;
    into.note(LineKind.context, 'date');
    return true;
  }

  /** The message of a timed line: OUT, IN or DENIED, or an informational message. */
  private usage(message: string, atMs: number, messageColumn: number, into: ParsedLine): void {
    const m = USAGE.exec(message);
    if (m === null) {
      if (/^(OUT|IN|DENIED):/.test(message)) {
        into.reject(`expected ${message.split(':')[0]}: "feature" user@host`, messageColumn + 1);
      } else {
        into.note(LineKind.ignored, 'informational message');
      }
      return;
    }
    const who = m[3]!;
    const at = who.lastIndexOf('@');
    if (at <= 0 || at === who.length - 1) {
      into.reject(`expected user@host, found "${who}"`, messageColumn + message.indexOf(who) + 1);
      return;
    }
    if (Number.isNaN(atMs)) {
      into.reject(
        'no date known yet: a TIMESTAMP line or the start-up line must come before the first OUT, IN or DENIED',
        1,
      );
      return;
    }
    into.usage(usageKinds[m[1] as keyof typeof usageKinds], atMs, m[2]!, who.slice(0, at), who.slice(at + 1));
    const rest = m[4]!;
    const licenses = LICENSES.exec(rest);
    if (licenses !== null) {
      const count = Number(licenses[1]);
      if (count < 1) {
        into.reject('a checkout takes at least 1 license', messageColumn + m[0].length - rest.length + 1);
        return;
      }
      into.count = count;
    } else if (into.kind === LineKind.denied) {
      into.reason = rest.trim().replace(/^\((.*)\)$/, '$1');
    }
  }
}

/** The decimal digit at `i`, or -1000 when there is none there (so that sums with it stay negative). */
function digit(line: string, i: number): number {
  const c = line.charCodeAt(i) - 0x30;
  return c >= 0 && c <= 9 ? c : -1000;
}

/** Seconds since midnight, or -1 for an impossible time. */
function secondOfDay(h: string, m: string, s: string): number {
  const hh = Number(h);
  const mm = Number(m);
  const ss = Number(s);
  return hh > 23 || mm > 59 || ss > 59 ? -1 : hh * 3600 + mm * 60 + ss;
}

/** 00:00 UTC of a calendar date, or null when there is no such date. */
function dayMs(year: string, month: string, day: string): number | null {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  return y >= 1970 && back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d
    ? t
    : null;
}
