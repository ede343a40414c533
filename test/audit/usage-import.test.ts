import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lineChunks, MAX_LINE_BYTES } from '../../src/audit/line-chunks.js';
import {
  importUsageLog as importOnce,
  MAX_LISTED_LINES,
  recordedUsage,
  type UsageImportOptions,
} from '../../src/audit/usage-import.js';

const fixtures = join(import.meta.dirname, 'fixtures');
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'licensim-audit-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Imports, and removes each import's spool after the test. */
const spools: { dispose(): void }[] = [];
afterEach(() => {
  for (const s of spools.splice(0)) s.dispose();
});
async function importUsageLog(path: string, options: UsageImportOptions) {
  const imported = await importOnce(path, options);
  spools.push(imported.spool);
  return imported;
}

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, content);
  return path;
}

describe('usage log import: every line accounted for', () => {
  it('a FlexLM log with midnight rollovers and DENIED lines: read = used + ignored + rejected, each rejection located', async () => {
    const imported = await importUsageLog(join(fixtures, 'rollover.log'), { format: 'flexlm' });
    const { read, used, ignored, rejected } = imported.lines;
    expect(read).toBe(11);
    expect(used + ignored + rejected).toBe(read);
    expect([used, ignored, rejected]).toEqual([8, 0, 3]);
    expect(imported.rejected.first.map((r) => [r.line, r.column])).toEqual([
      [9, 1],
      [10, 1],
      [11, 17],
    ]);
    expect(imported.rejected.first[0]!.message).toMatch(/IN with no open OUT of "solver" by dee@ws-4/);
    expect(imported.checkouts).toEqual({ count: 3, licenses: 4 });
    expect([imported.checkins, imported.denials]).toEqual([2, 1]);
    expect(new Date(imported.lastMs).toISOString()).toBe('2026-03-04T01:00:00.000Z');
  });

  it('OUT and IN pair by feature and user@host, across midnight; the lengths are what the log says', async () => {
    const imported = await importUsageLog(join(fixtures, 'rollover.log'), { format: 'flexlm' });
    // ana 23:50 → 00:10 (2 licenses), bo 23:59:59 → 01:00 next night but one, cy's viewer left open.
    expect([...imported.durations]).toEqual([20 * 60_000, 25 * 3_600_000 + 1_000, 2 * 3_600_000]);
  });

  it('checkouts still open at the end are listed, then closed at the last instant or dropped, as asked', async () => {
    const closed = await importUsageLog(join(fixtures, 'rollover.log'), { format: 'flexlm' });
    expect(closed.openAtEnd).toEqual({ count: 1, first: [expect.objectContaining({ line: 7 })] });
    expect(closed.durations[2]).toBe(2 * 3_600_000);
    const dropped = await importUsageLog(join(fixtures, 'rollover.log'), {
      format: 'flexlm',
      openSessions: 'drop',
    });
    expect(dropped.durations[2]).toBe(-1);
  });

  it('the replay reads the same checkouts again, in start order, with the import numbering', async () => {
    const imported = await importUsageLog(join(fixtures, 'rollover.log'), { format: 'flexlm' });
    const seen: [string, string, number, number][] = [];
    const usage = recordedUsage(imported);
    for await (const chunk of usage.checkouts()) {
      for (let i = 0; i < chunk.length; i++) {
        seen.push([
          usage.userNames[chunk.user[i]!]!,
          usage.features[chunk.feature[i]!]!,
          chunk.count[i]!,
          chunk.durationMs[i]!,
        ]);
      }
    }
    expect(seen).toEqual([
      ['ana@ws-1', 'solver', 2, 20 * 60_000],
      ['bo@ws-2', 'solver', 1, 25 * 3_600_000 + 1_000],
      ['cy@ws-3', 'viewer', 1, 2 * 3_600_000],
    ]);
  });

  it('the replay reads checkouts back across spool blocks, each with its own length, in order', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const start = new Date(Date.UTC(2026, 2, 2) + i * 1000).toISOString();
      return `${start},${i + 1},user${i % 7},host${i % 3},solver`;
    });
    const log = await file('many.csv', `start,duration,user,host,feature\n${rows.join('\n')}\n`);
    const imported = await importUsageLog(log, { format: 'csv' });
    const lengths: number[] = [];
    const starts: number[] = [];
    for await (const chunk of recordedUsage(imported).checkouts()) {
      for (let i = 0; i < chunk.length; i++) {
        lengths.push(chunk.durationMs[i]!);
        starts.push(chunk.atMs[i]!);
      }
    }
    expect(lengths).toEqual(rows.map((_, i) => (i + 1) * 1000));
    expect(starts).toEqual(rows.map((_, i) => Date.UTC(2026, 2, 2) + i * 1000));
    expect(imported.users.pairs.size).toBe(21);
  });

  it('a record starting before the one above is rejected: the replay takes checkouts in start order', async () => {
    const log = await file(
      'unsorted.csv',
      'start,end,user,feature\n2026-03-02T10:00:00Z,2026-03-02T11:00:00Z,ana,solver\n2026-03-02T09:00:00Z,2026-03-02T11:00:00Z,bo,solver\n',
    );
    const imported = await importUsageLog(log, { format: 'csv' });
    expect(imported.rejected.first).toEqual([
      { line: 3, column: 1, message: expect.stringContaining('before the checkout above') },
    ]);
  });

  it('non-UTF-8 bytes reject only their line, at the bad byte', async () => {
    const imported = await importUsageLog(join(fixtures, 'latin1.log'), { format: 'flexlm' });
    expect(imported.lines).toEqual({ read: 3, used: 2, ignored: 0, rejected: 1 });
    expect(imported.rejected.first[0]).toEqual({
      line: 2,
      column: 32,
      message: expect.stringMatching(/^not UTF-8: byte 0xe9/),
    });
  });

  it('a truncated last line is rejected with a hint that the log was cut short', async () => {
    const imported = await importUsageLog(join(fixtures, 'truncated.log'), { format: 'flexlm' });
    expect(imported.rejected.first).toEqual([
      { line: 3, column: 30, message: expect.stringContaining('the last line has no line break') },
    ]);
    expect(imported.openAtEnd.count).toBe(1);
  });

  it('CRLF line ends are read like LF', async () => {
    const log = await file(
      'crlf.log',
      ' 9:00:00 (demo) TIMESTAMP 3/2/2026\r\n 9:00:01 (demo) OUT: "solver" ana@ws-1\r\n',
    );
    const imported = await importUsageLog(log, { format: 'flexlm' });
    expect(imported.lines).toEqual({ read: 2, used: 2, ignored: 0, rejected: 0 });
    expect(imported.users.pairs.list).toEqual(['ana@ws-1']);
  });

  it('rejections past the first hundred are counted, not listed', async () => {
    const log = await file('noise.log', 'noise\n'.repeat(MAX_LISTED_LINES + 5));
    const imported = await importUsageLog(log, { format: 'flexlm' });
    expect(imported.rejected.count).toBe(MAX_LISTED_LINES + 5);
    expect(imported.rejected.first).toHaveLength(MAX_LISTED_LINES);
  });
});

describe('usage log import at scale', () => {
  it('a generated FlexLM log of 100,000 lines over weeks: the import accounts for each line as the file has it', async () => {
    const log = join(scratch, 'generated.log');
    execFileSync(process.execPath, ['scripts/usage-log.mjs', '--lines', '100000', '--out', log], {
      stdio: 'ignore',
    });
    const lines = (await readFile(log, 'utf8')).split('\n').slice(0, -1);
    const having = (word: string) => lines.filter((l) => l.includes(`(demo) ${word}`)).length;
    const imported = await importUsageLog(log, { format: 'flexlm' });
    expect(imported.lines).toEqual({ read: lines.length, used: lines.length - 1, ignored: 1, rejected: 0 });
    expect(imported.checkouts.count).toBe(having('OUT: '));
    expect(imported.checkins).toBe(having('IN: '));
    expect(imported.denials).toBe(having('DENIED: '));
    expect(imported.openAtEnd.count).toBe(having('OUT: ') - having('IN: '));
    expect(imported.lastMs - imported.firstMs).toBeGreaterThan(14 * 86_400_000);
  });

  it('dates rebuilt from midnight rollovers alone agree with the TIMESTAMP lines, over weeks', async () => {
    const log = join(scratch, 'generated.log');
    execFileSync(process.execPath, ['scripts/usage-log.mjs', '--lines', '50000', '--out', log], {
      stdio: 'ignore',
    });
    const lines = (await readFile(log, 'utf8')).split('\n');
    const stamps = lines.filter((l) => l.includes(' TIMESTAMP ')).length;
    expect(stamps).toBeGreaterThan(4 * 14);
    // Only the start-up line dates this copy: every later date comes from times going back at midnight.
    const bare = await file('no-stamps.log', lines.filter((l) => !l.includes(' TIMESTAMP ')).join('\n'));
    const stamped = await importUsageLog(log, { format: 'flexlm' });
    const inferred = await importUsageLog(bare, { format: 'flexlm' });
    expect([inferred.firstMs, inferred.lastMs]).toEqual([stamped.firstMs, stamped.lastMs]);
    expect([...inferred.durations]).toEqual([...stamped.durations]);
    expect(inferred.lines.read).toBe(stamped.lines.read - stamps);
  });
});

describe('line chunks: lines across read boundaries', () => {
  it('multi-byte characters and lines cut by the 256 KiB reads come out whole, numbered in order', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `ligne ${i} é€😀`);
    const path = await file('big.txt', `${lines.join('\n')}\n`);
    const read: string[] = [];
    for await (const chunk of lineChunks(path)) {
      expect(chunk.firstLine).toBe(read.length + 1);
      for (const l of chunk.lines) read.push(l!);
    }
    expect(read).toEqual(lines);
  });

  it('a line longer than the limit is reported once and skipped; the lines after it are read', async () => {
    const path = await file('long.txt', `a\n${'x'.repeat(MAX_LINE_BYTES * 5)}\nb\n`);
    const read: (string | null)[] = [];
    const reasons: string[] = [];
    for await (const chunk of lineChunks(path)) {
      for (const [i, why] of chunk.unreadable) reasons.push(`${chunk.firstLine + i}: ${why.reason}`);
      read.push(...chunk.lines);
    }
    expect(read).toEqual(['a', null, 'b']);
    expect(reasons).toEqual([expect.stringMatching(/^2: line longer than 64 KiB/)]);
  });
});
