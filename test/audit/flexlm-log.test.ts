import { describe, expect, it } from 'vitest';
import { FlexlmParser } from '../../src/audit/flexlm-log.js';
import { LineKind, ParsedLine } from '../../src/audit/parsed-line.js';

/** Parses lines in order with one parser, as a log is read; returns a copy of each parsed line. */
function parseAll(lines: readonly string[]): ParsedLine[] {
  const parser = new FlexlmParser();
  return lines.map((line) => {
    const into = new ParsedLine();
    parser.parse(line, into);
    return into;
  });
}

const utc = (iso: string) => Date.parse(iso);

describe('FlexLM debug log lines', () => {
  it('OUT, IN and DENIED carry feature, user and host, dated by the TIMESTAMP line before them', () => {
    const [date, out, inn, denied] = parseAll([
      ' 9:00:00 (demo) TIMESTAMP 3/2/2026',
      '10:15:32 (demo) OUT: "solver" ana@ws-1  ',
      '10:20:00 (demo) IN: "solver" ana@ws-1  ',
      '10:21:00 (demo) DENIED: "solver" bo@ws-2  (Licensed number of users already reached. (-4,342:104 ""))',
    ]);
    expect(date!.kind).toBe(LineKind.context);
    expect(out).toMatchObject({
      kind: LineKind.checkout,
      feature: 'solver',
      user: 'ana',
      host: 'ws-1',
      count: 1,
    });
    expect(out!.atMs).toBe(utc('2026-03-02T10:15:32Z'));
    expect(inn).toMatchObject({ kind: LineKind.checkin, atMs: utc('2026-03-02T10:20:00Z') });
    expect(denied).toMatchObject({
      kind: LineKind.denied,
      user: 'bo',
      reason: 'Licensed number of users already reached. (-4,342:104 "")',
    });
  });

  it('a time earlier than the line before means midnight passed: the date moves on a day', () => {
    const lines = parseAll([
      '22:00:00 (demo) TIMESTAMP 12/31/2026',
      '23:59:59 (demo) OUT: "solver" ana@ws-1',
      ' 0:00:01 (demo) IN: "solver" ana@ws-1',
      '23:00:00 (demo) OUT: "solver" ana@ws-1',
      ' 1:00:00 (demo) IN: "solver" ana@ws-1',
    ]);
    expect(lines.slice(1).map((l) => new Date(l.atMs).toISOString())).toEqual([
      '2026-12-31T23:59:59.000Z',
      '2027-01-01T00:00:01.000Z',
      '2027-01-01T23:00:00.000Z',
      '2027-01-02T01:00:00.000Z',
    ]);
  });

  it('a TIMESTAMP line resets the date, whatever was inferred before it', () => {
    const lines = parseAll([
      ' 1:00:00 (demo) TIMESTAMP 3/2/2026',
      ' 2:00:00 (demo) TIMESTAMP 3/5/2026',
      ' 3:00:00 (demo) OUT: "solver" ana@ws-1',
    ]);
    expect(lines[2]!.atMs).toBe(utc('2026-03-05T03:00:00Z'));
  });

  it("lmgrd's start-up lines give the date: 'started on … (M/D/YYYY)' and 'System Date and Time'", () => {
    const started = parseAll([
      ' 8:00:01 (lmgrd) FlexNet Licensing (v11.16.2.0 build 242433 x64_lsb) started on licsrv (linux) (3/2/2026)',
      ' 9:00:00 (demo) OUT: "solver" ana@ws-1',
    ]);
    expect(started[0]!.kind).toBe(LineKind.context);
    expect(started[1]!.atMs).toBe(utc('2026-03-02T09:00:00Z'));
    const system = parseAll([
      " 8:00:01 (lmgrd) Server's System Date and Time: Wed Apr 01 2026 08:00:01 UTC",
      ' 9:00:00 (demo) OUT: "solver" ana@ws-1',
    ]);
    expect(system[1]!.atMs).toBe(utc('2026-04-01T09:00:00Z'));
  });

  it('the (N licenses) variant: one checkout of N licenses', () => {
    const [, out] = parseAll([
      ' 9:00:00 (demo) TIMESTAMP 3/2/2026',
      ' 9:00:00 (demo) OUT: "solver" ana@ws-1  (3 licenses)',
    ]);
    expect(out).toMatchObject({ kind: LineKind.checkout, count: 3 });
  });

  it('-datestamp logs carry the ISO date on each line, with a space or a T', () => {
    const lines = parseAll([
      '2026-03-02 23:30:00 (demo) OUT: "solver" ana@ws-1',
      '2026-03-03T00:30:00 (demo) IN: "solver" ana@ws-1',
    ]);
    expect(lines.map((l) => l.atMs)).toEqual([utc('2026-03-02T23:30:00Z'), utc('2026-03-03T00:30:00Z')]);
  });

  it('the verbose variant (^^^ fields after user@host) still reads feature, user and host', () => {
    const [, out] = parseAll([
      ' 8:00:00 (demo) TIMESTAMP 3/2/2026',
      ' 8:41:54 (demo) OUT: "f1" ADas@BLR-LT-104276 ^^^ 1.0 ADas 127.0.0.1 29865 0x12CE',
    ]);
    expect(out).toMatchObject({ feature: 'f1', user: 'ADas', host: 'BLR-LT-104276' });
  });

  it('informational daemon lines and blank lines are ignored, with their class', () => {
    const lines = parseAll([' 8:00:03 (demo) Server started on licsrv for:\tsolver', '   ']);
    expect(lines.map((l) => [l.kind, l.reason])).toEqual([
      [LineKind.ignored, 'informational message'],
      [LineKind.ignored, 'blank line'],
    ]);
  });

  it('malformed lines are rejected with the column of the fault and why', () => {
    const lines = parseAll([
      'garbage',
      '25:00:00 (demo) OUT: "solver" ana@ws-1',
      ' 9:00:00 (demo) OUT: "solver" ana@ws-1',
      ' 9:00:00 (demo) TIMESTAMP 2/30/2026',
      ' 9:00:00 (demo) TIMESTAMP 3/2/2026',
      ' 9:00:01 (demo) OUT: solver ana@ws-1',
      ' 9:00:02 (demo) OUT: "solver" ana',
    ]);
    const rejected = lines.map((l) => (l.kind === LineKind.rejected ? [l.column, l.reason] : null));
    expect(rejected[0]).toEqual([1, expect.stringContaining('not a FlexLM debug log line')]);
    expect(rejected[1]).toEqual([1, 'no such time of day: 25:00:00']);
    expect(rejected[2]).toEqual([1, expect.stringContaining('no date known yet')]);
    expect(rejected[3]).toEqual([1, expect.stringContaining('no such date')]);
    expect(rejected[4]).toBeNull();
    expect(rejected[5]).toEqual([17, 'expected OUT: "feature" user@host']);
    expect(rejected[6]).toEqual([31, 'expected user@host, found "ana"']);
  });
});
