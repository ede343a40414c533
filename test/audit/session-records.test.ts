import { describe, expect, it } from 'vitest';
import type { LogParser } from '../../src/audit/parsed-line.js';
import { LineKind, ParsedLine } from '../../src/audit/parsed-line.js';
import { CsvRecords, JsonLinesRecords, MappingError } from '../../src/audit/session-records.js';

function parseAll(parser: LogParser, lines: readonly string[]): ParsedLine[] {
  return lines.map((line) => {
    const into = new ParsedLine();
    parser.parse(line, into);
    return into;
  });
}

describe('CSV session records', () => {
  it('a header, then one session a line with start and end or duration', () => {
    const [header, a, b] = parseAll(new CsvRecords(), [
      'start,end,duration,user,host,feature,client',
      '2026-03-02T08:00:00Z,2026-03-02T09:30:00Z,,ana,ws-1,solver,gw-paris',
      '2026-03-02T08:10:00+01:00,,5400,"bo, jr",ws-2,solver,',
    ]);
    expect(header!.kind).toBe(LineKind.context);
    expect(a).toMatchObject({
      kind: LineKind.session,
      user: 'ana',
      host: 'ws-1',
      site: 'gw-paris',
      durationMs: 5_400_000,
    });
    expect(a!.atMs).toBe(Date.parse('2026-03-02T08:00:00Z'));
    expect(b).toMatchObject({ user: 'bo, jr', durationMs: 5_400_000, site: '' });
    expect(b!.atMs).toBe(Date.parse('2026-03-02T07:10:00Z'));
  });

  it('the column mapping names the columns of each field; header names match whatever their case', () => {
    const [, a] = parseAll(
      new CsvRecords({ start: 'Begin', end: 'Finish', user: 'Login', feature: 'Product' }),
      ['BEGIN,Finish,LOGIN,Product,Realm', '2026-03-02T08:00:00Z,2026-03-02T08:30:00Z,ana,solver,ENG'],
    );
    expect(a).toMatchObject({
      kind: LineKind.session,
      user: 'ana',
      feature: 'solver',
      realm: 'ENG',
      durationMs: 1_800_000,
    });
  });

  it('a header without a column the records need cannot be read: MappingError naming the columns', () => {
    const parser = new CsvRecords({ user: 'Login' });
    expect(() => parseAll(parser, ['start,end,user,feature'])).toThrow(MappingError);
    expect(() => parseAll(new CsvRecords(), ['start,user,feature'])).toThrow(/no column 'end' or 'duration'/);
  });

  it('bad values are rejected at their column', () => {
    const lines = parseAll(new CsvRecords(), [
      'start,end,user,feature',
      'yesterday,2026-03-02T09:30:00Z,ana,solver',
      '2026-03-02T10:00:00Z,2026-03-02T09:30:00Z,ana,solver',
      '2026-03-02T08:00:00Z,2026-03-02T09:30:00Z,,solver',
      '2026-03-02T08:00:00Z,"2026-03-02T09:30:00Z,ana,solver',
    ]);
    expect(lines.slice(1).map((l) => [l.kind, l.column, l.reason])).toEqual([
      [LineKind.rejected, 1, expect.stringContaining('start "yesterday" is not an instant')],
      [LineKind.rejected, 22, 'end 2026-03-02T09:30:00Z is before start 2026-03-02T10:00:00Z'],
      [LineKind.rejected, 43, expect.stringContaining('no user')],
      [LineKind.rejected, 22, 'a quoted field is not closed on its line'],
    ]);
  });
});

describe('JSON Lines session records', () => {
  it('one object a line; a duration in seconds or ISO 8601, or an end', () => {
    const [a, b] = parseAll(new JsonLinesRecords(), [
      '{"start":"2026-03-02T09:00:00Z","duration":1800,"user":"u1","host":"h1","feature":"solver"}',
      '{"start":"2026-03-02T09:05:00Z","duration":"PT55M","user":"u2","feature":"solver","site":"paris"}',
    ]);
    expect(a).toMatchObject({ kind: LineKind.session, durationMs: 1_800_000, host: 'h1' });
    expect(b).toMatchObject({ kind: LineKind.session, durationMs: 3_300_000, host: '', site: 'paris' });
  });

  it('not JSON, not an object, or a field of the wrong type: rejected with why', () => {
    const lines = parseAll(new JsonLinesRecords(), [
      '{"start": ',
      '[1,2]',
      '{"start":"2026-03-02T09:00:00Z","duration":60,"user":7,"feature":"solver"}',
    ]);
    expect(lines.map((l) => l.kind)).toEqual([LineKind.rejected, LineKind.rejected, LineKind.rejected]);
    expect(lines[0]!.reason).toMatch(/^not JSON/);
    expect(lines[1]!.reason).toBe('expected a JSON object, one session a line');
    expect(lines[2]).toMatchObject({ reason: '"user" must be a string', column: 47 });
  });
});
