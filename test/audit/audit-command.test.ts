import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { licensim } from '../support/cli.js';

const policy = 'policies/flexlm-solver.yaml';
const fixture = (name: string) => `test/audit/fixtures/${name}`;
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'licensim-audit-cli-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The audit's JSON; its exit code is 0 when the log complies with the policy and 1 when not (A3). */
async function auditJson(...args: string[]) {
  const r = await licensim('audit', '--policy', policy, '--format', 'json', ...args);
  expect([0, 1], r.stderr).toContain(r.code);
  const audit = JSON.parse(r.stdout).audit;
  expect(r.code).toBe(audit.compliance.compliant ? 0 : 1);
  return audit;
}

describe('licensim audit', () => {
  it('L1: user1@host1, user2@host1, user1@host2 count 3 by user-host and 2 by username, from a FlexLM log', async () => {
    const audit = await auditJson('--usage', fixture('three-users.log'));
    expect(audit.users.userHost.total).toBe(3);
    expect(audit.users.username.total).toBe(2);
    expect(audit.users.countedBy).toBe('user-host');
    expect(audit.run.pools[0]).toMatchObject({ id: 'solver', admitted: 3, denied: 0, peak: 2 });
  });

  it('L1: the same sessions as CSV and as JSON Lines records count the same', async () => {
    for (const log of ['three-users.csv', 'three-users.jsonl']) {
      const audit = await auditJson('--usage', fixture(log));
      expect([audit.users.userHost.total, audit.users.username.total], log).toEqual([3, 2]);
    }
  });

  it('L2: denied users never count; a user denied by the replayed policy is not counted either', async () => {
    // The log denied user3; in the replay ana's 2 licenses fill the 2 seats, so bo is refused.
    const inLog = await auditJson('--usage', fixture('three-users.log'));
    expect(inLog.import.denials).toBe(1);
    expect(inLog.users.userHost.total).toBe(3);
    const replay = await auditJson('--usage', fixture('rollover.log'));
    expect(replay.run.pools[0]).toMatchObject({ admitted: 2, denied: 1 });
    expect(replay.users.userHost.total).toBe(1);
  });

  it('L2: realtime users are those seen in the last 14 days; all users over the whole history', async () => {
    const days = (d: number) => new Date(Date.UTC(2026, 2, 1 + d, 9)).toISOString();
    const rows = [
      [0, 'ana'],
      [1, 'bo'],
      [20, 'cy'],
      [21, 'ana'],
    ].map(([d, u]) => `${days(d as number)},60,${u},ws,solver`);
    const log = join(scratch, 'weeks.csv');
    await writeFile(log, `start,duration,user,host,feature\n${rows.join('\n')}\n`);
    const audit = await auditJson('--usage', log);
    expect(audit.users.userHost).toEqual({
      total: 3,
      realtimePeak: 2,
      realtimePeakAt: '2026-03-02T09:00:00.000Z',
    });
  });

  it('features the policy does not license are counted and not replayed', async () => {
    const audit = await auditJson('--usage', fixture('rollover.log'));
    expect(audit.import.features).toEqual([
      { feature: 'solver', checkouts: 2, denials: 1, licensed: true },
      { feature: 'viewer', checkouts: 1, denials: 0, licensed: false },
    ]);
    expect(audit.run.pools[0].admitted + audit.run.pools[0].denied).toBe(3); // ana's 2 licenses + bo
  });

  it('rejected lines go to standard error as file:line:col warnings; the audit goes on', async () => {
    const r = await licensim('audit', '--policy', policy, '--usage', fixture('rollover.log'));
    expect(r.code).toBe(1); // not compliant: see the A3 tests
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^test\/audit\/fixtures\/rollover\.log:9:1: warning: IN with no open OUT/),
      expect.stringMatching(
        /^test\/audit\/fixtures\/rollover\.log:10:1: warning: not a FlexLM debug log line/,
      ),
      expect.stringMatching(/^test\/audit\/fixtures\/rollover\.log:11:17: warning: expected OUT/),
    ]);
    expect(r.stdout).toContain('Lines: 11 read: 8 used, 0 ignored, 3 rejected');
  });

  it('A3: a log the policy allows throughout is compliant, exit 0', async () => {
    const audit = await auditJson('--usage', fixture('three-users.log'));
    expect(audit.compliance).toEqual({
      compliant: true,
      violations: 0,
      byRule: [],
      first: [],
      unlicensed: [],
    });
  });

  it('A3: checkouts the log granted that the policy refuses, and unlicensed features, are violations, exit 1', async () => {
    const audit = await auditJson('--usage', fixture('rollover.log'));
    expect(audit.compliance).toEqual({
      compliant: false,
      violations: 1,
      byRule: [
        {
          rule: 'pool-session-limit',
          ruleIds: 'W10',
          message: 'License session limit reached',
          count: 1,
        },
      ],
      first: [
        {
          at: '2026-03-02T23:59:59.000Z',
          session: 3,
          user: 'bo@ws-2',
          pool: 'solver',
          rule: 'pool-session-limit',
        },
      ],
      unlicensed: [{ feature: 'viewer', checkouts: 1 }],
    });
    const text = await licensim('audit', '--policy', policy, '--usage', fixture('rollover.log'));
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      'Compliance (A3): NOT COMPLIANT\n  1 checkout the log shows granted the policy refuses:',
    );
  });

  it('A4: right-sizing: the most checkouts open at once with no count limiting them, against what is licensed', async () => {
    // rollover.log has three solver checkouts open at once around midnight; the policy licenses two.
    const under = await auditJson('--usage', fixture('rollover.log'));
    expect(under.rightSizing).toEqual([
      {
        pool: 'solver',
        licensed: 2,
        needed: 3,
        peakDay: '2026-03-02',
        p95: expect.any(Number),
        verdict: 'under-licensed',
        by: 1,
        tier: { sessions: 10, name: null },
      },
    ]);
    // The seed's three users never hold more than two at once: the two licensed are the right size.
    const right = await auditJson('--usage', fixture('three-users.log'));
    expect(right.rightSizing[0]).toMatchObject({ licensed: 2, needed: 2, verdict: 'right-sized', by: 0 });
    const text = await licensim('audit', '--policy', policy, '--usage', fixture('rollover.log'));
    expect(text.stdout).toMatch(
      /Right-sizing \(A4\):.*\n {2}solver: licensed 2, needs 3 \(peak on 2026-03-02; p95 \d+\): under-licensed by 1; tier 10\n/,
    );
  });

  it('--policy given twice replays the log under the second too, as a what-if; the first decides the exit code', async () => {
    const one = join(scratch, 'solver-1.yaml');
    await writeFile(
      one,
      [
        'apiVersion: licensim/v1',
        'kind: Policy',
        'metadata: { name: solver-1 }',
        'spec:',
        '  timeZone: UTC',
        '  licenses: [{ id: solver-1, feature: solver, count: 1, term: perpetual }]',
        '  pools: [{ id: solver, licenses: [solver-1] }]',
        '',
      ].join('\n'),
    );
    // The three users comply with the two seats bought; one seat would have refused a checkout.
    const audit = await auditJson('--usage', fixture('three-users.log'), '--policy', one);
    expect(audit.compliance.compliant).toBe(true);
    expect(audit.alternatives).toHaveLength(1);
    const [whatIf] = audit.alternatives;
    expect(whatIf).toMatchObject({ policy: 'solver-1', compliance: { compliant: false, violations: 1 } });
    expect(whatIf.compliance.byRule[0].rule).toBe('pool-session-limit');
    expect(whatIf.rightSizing[0]).toMatchObject({ licensed: 1, needed: 2, verdict: 'under-licensed', by: 1 });
    expect(whatIf.run.policy).toBe('solver-1');
    const text = await licensim(
      'audit',
      '--policy',
      policy,
      '--policy',
      one,
      '--usage',
      fixture('three-users.log'),
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `What if: the log replayed under policy solver-1 (${one})\nCompliance (A3): NOT COMPLIANT`,
    );
  });

  it('--strict: rejected lines are errors, exit 2', async () => {
    const r = await licensim('audit', '--policy', policy, '--usage', fixture('rollover.log'), '--strict');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^test\/audit\/fixtures\/rollover\.log:9:1: IN with no open OUT/);
    expect(r.stdout).toBe('');
  });

  it('the same policy and log give byte-identical JSON', async () => {
    const a = await licensim(
      'audit',
      '--policy',
      policy,
      '--usage',
      fixture('rollover.log'),
      '--format',
      'json',
    );
    const b = await licensim(
      'audit',
      '--policy',
      policy,
      '--usage',
      fixture('rollover.log'),
      '--format',
      'json',
    );
    expect(a.stdout).toBe(b.stdout);
  });

  it.each([
    ['an empty log', [fixture('empty.log')], /empty\.log:1:1: the usage log is empty/],
    ['a missing log', [fixture('absent.log')], /absent\.log:1:1: cannot read the usage log: no such file/],
    ['a folder', ['test/audit/fixtures'], /fixtures:1:1: cannot read the usage log: it is a folder/],
    [
      'a CSV header without a needed column',
      [fixture('three-users.csv'), '--columns', 'user=Login'],
      /three-users\.csv:1:1: the header has no column 'Login'/,
    ],
    [
      'a log with no usage line',
      ['noise.log'],
      /noise\.log:2:1: no usage in the log: of 3 lines, 1 ignored and 2 rejected; the first rejected, line 2: not a FlexLM/,
    ],
  ])('%s: file:line:col and exit 2, no stack trace', async (_, [usage, ...rest], message) => {
    await writeFile(join(scratch, 'noise.log'), '\nnoise\nnoise\n');
    const log = usage === 'noise.log' ? join(scratch, usage) : usage!;
    const r = await licensim('audit', '--policy', policy, '--usage', log, ...rest);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help shows the options and examples that run', async () => {
    const r = await licensim('audit', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--count-users-by <how>');
    const example = r.stdout.split('\n').find((l) => l.includes('three-users.log'))!;
    const args = example.trim().split(/\s+/).slice(1);
    expect((await licensim(...args)).code).toBe(0);
  });

  it('an unknown field in --columns is a usage error, exit 2', async () => {
    const r = await licensim(
      'audit',
      '--policy',
      policy,
      '--usage',
      fixture('three-users.csv'),
      '--columns',
      'begin=Start',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--columns: no field 'begin'; the fields are start, end, duration/);
  });
});
