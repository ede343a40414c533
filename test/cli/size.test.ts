import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { licensim, SEED_TEAMS_CSV } from '../support/cli.js';

async function sizeJson(...args: string[]) {
  const out = await licensim('size', ...args, '--format', 'json');
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licensim-size-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('licensim size', () => {
  it('W4: 200 users at 20 % × 1.5 × 1.2 need 72 sessions → 100 tier (Bastion Medium)', async () => {
    const result = await sizeJson(
      ...[
        '--users',
        '200',
        '--concurrency',
        '0.2',
        '--peak-factor',
        '1.5',
        '--margin',
        '1.2',
        '--policy',
        'policies/wallix-bastion-ha.yaml',
      ],
    );
    expect(result).toMatchObject({
      method: 'formula',
      inputs: {
        users: 200,
        concurrency: 0.2,
        peakFactor: 1.5,
        margin: 1.2,
        policy: 'policies/wallix-bastion-ha.yaml',
      },
      required: 72,
      recommendedTier: 100,
      tierName: 'Medium',
      tiers: [10, 25, 50, 100, 250, 500, 1000, 2000],
    });
    expect(result).not.toHaveProperty('teams');
  });

  it('W4: the text output shows the arithmetic and the tier', async () => {
    const out = await licensim(
      ...[
        'size',
        '--users',
        '200',
        '--concurrency',
        '20%',
        '--peak-factor',
        '1.5',
        '--margin',
        '1.2',
        '--policy',
        'policies/wallix-bastion-ha.yaml',
      ],
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('200 users × 0.20 concurrency × 1.5 peak × 1.2 margin = 72 sessions');
    expect(out.stdout).toContain('Recommended tier: 100 sessions (Medium)');
  });

  it('W5: the WALLIX guide teams CSV needs 59 sessions, 77 with a 30 % buffer → 100 tier', async () => {
    const teams = join(dir, 'teams.csv');
    await writeFile(teams, SEED_TEAMS_CSV);
    const result = await sizeJson('--teams', teams, '--buffer', '30%');
    expect(result).toMatchObject({ method: 'teams', subtotal: 59, required: 77, recommendedTier: 100 });
    expect(result.teams[0]).toEqual({ name: 'Linux Admins', users: 50, concurrency: 0.25, sessions: 13 });
    expect(result.teams.map((t: { sessions: number }) => t.sessions)).toEqual([13, 12, 6, 3, 6, 16, 3]);

    const text = await licensim('size', '--teams', teams);
    expect(text.stdout).toMatch(/Linux Admins\s+50\s+25%\s+13/);
    expect(text.stdout).toMatch(/Total\s+225\s+59/);
    expect(text.stdout).toContain('With 30% buffer: 59 × 1.3 = 76.7 → 77 sessions');
  });

  it('W6: 500 users at 15 % × 1.3 need 98 sessions → 100 tier, named Starter by the Access Manager policy', async () => {
    const policy = ['--policy', 'policies/wallix-access-manager.yaml'];
    const result = await sizeJson(
      '--users',
      '500',
      '--concurrency',
      '0.15',
      '--peak-factor',
      '1.3',
      ...policy,
    );
    expect(result).toMatchObject({ required: 98, recommendedTier: 100, tierName: 'Starter' });
    expect(result.tiers).toEqual([25, 50, 100, 250, 500, 1000, 2000]);
  });

  it('W3: beyond the largest tier the recommendation is empty, with advice to ask the vendor', async () => {
    const result = await sizeJson('--users', '3000', '--concurrency', '1', '--tiers', '100,500,1000');
    expect(result).toMatchObject({
      required: 3000,
      recommendedTier: null,
      tierName: null,
      tiers: [100, 500, 1000],
    });
    expect(result.note).toMatch(/more than the largest tier 1000: contact the vendor/);
  });

  it('Erlang B: 84.06 erlangs at ≤ 1 % blocking need 100 sessions', async () => {
    const result = await sizeJson('--offered-load', '84.06', '--blocking', '0.01');
    expect(result).toMatchObject({ method: 'erlang-b', required: 100, recommendedTier: 100 });
    expect(result.blockingAtRequired).toBeLessThanOrEqual(0.01);
  });

  it('W5: a teams CSV with a bad row exits 2 and names file:line:col', async () => {
    const teams = join(dir, 'bad.csv');
    await writeFile(teams, 'name,users,concurrency\nLinux Admins,50,25%\nWindows Admins,forty,30%\n');
    const out = await licensim('size', '--teams', teams, '--format', 'json');
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(`${teams}:3:16: users must be a non-negative integer (got 'forty')`);
  });

  it('rejects --users -5 with exit 2 and says what is allowed', async () => {
    const out = await licensim('size', '--users', '-5', '--concurrency', '0.2');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("--users must be an integer >= 0 and <= 1000000000 (got '-5')");
  });

  it('issue 7: size --users 9007199254740993 --margin 1e300 exits 2 with one line, never 3', async () => {
    const out = await licensim(
      'size',
      '--users',
      '9007199254740993',
      '--concurrency',
      '0.5',
      '--margin',
      '1e300',
    );
    expect(out.code).toBe(2);
    expect(out.stderr.trim().split('\n')).toEqual([
      "licensim: --users must be an integer >= 0 and <= 1000000000 (got '9007199254740993')",
    ]);
    const margin = await licensim('size', '--users', '1000', '--concurrency', '0.5', '--margin', '1e300');
    expect(margin.code).toBe(2);
    expect(margin.stderr).toContain("--margin must be a number >= 1 and <= 100 (got '1e300')");
  });

  it('exits 2 for missing or contradictory options, saying how to fix them', async () => {
    const cases: [string[], RegExp][] = [
      [[], /say what to size: --users N --concurrency R/],
      [['--users', '10'], /sizing by formula also needs --concurrency R/],
      [['--peak-factor', '1.5'], /needs --users N .* and --concurrency R/],
      [
        ['--users', '10', '--concurrency', '0.2', '--teams', 'x.csv'],
        /--users and --teams belong to different/,
      ],
      [['--users', '10', '--concurrency', '20'], /for 20 % write 20% or 0\.2/],
      [['--users', '10', '--concurrency', '0.2', '--margin', '0.2'], /\+20% is 1\.2/],
      [['--users', '10', '--concurrency', '0.2', '--tiers', '50,25'], /ascend/],
      [['--offered-load', '5'], /--offered-load needs --blocking/],
    ];
    const outcomes = await Promise.all(cases.map(([args]) => licensim('size', ...args)));
    for (const [i, [args, message]] of cases.entries()) {
      expect(outcomes[i]?.code, args.join(' ')).toBe(2);
      expect(outcomes[i]?.stderr).toMatch(message);
    }
  });

  it('writes the report to --out FILE', async () => {
    const target = join(dir, 'size.json');
    const out = await licensim(
      'size',
      '--users',
      '200',
      '--concurrency',
      '0.2',
      '--format',
      'json',
      '--out',
      target,
    );
    expect(out).toMatchObject({ code: 0, stdout: '' });
    expect(JSON.parse(await readFile(target, 'utf8'))).toMatchObject({ required: 40, recommendedTier: 50 });
  });

  it('--help gives an example for each way of sizing', async () => {
    const out = await licensim('size', '--help');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(
      'licensim size --users 200 --concurrency 0.2 --peak-factor 1.5 --margin 1.2',
    );
    expect(out.stdout).toContain('licensim size --teams teams.csv');
    expect(out.stdout).toContain('licensim size --offered-load 84 --blocking 1%');
  });
});
