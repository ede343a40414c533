import { execFileSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duration } from '../../src/cli/progress.js';
import { policyYaml, scenarioYaml, writeFixture } from '../support/build.js';
import { licensim, licensimIn } from '../support/cli.js';

/**
 * Terminal manners: colour only for a person at a terminal (or when FORCE_COLOR asks), never with
 * NO_COLOR, in a file or in JSON/JUnit; a progress line on a long run at a terminal, nothing on a pipe.
 * The CLI runs in-process with its streams stubbed as terminals or pipes.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding colour escapes is the point.
const ANSI = /\u001b\[[0-9;]*m/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding colour escapes is the point.
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');
const RED = '\u001b[31m';
const GREEN = '\u001b[32m';
const CYAN = '\u001b[36m';
/** Back to the default colour. */
const END = '\u001b[39m';
const ERASE = '\r\u001b[K';

/** Five licenses; seven sessions at once, so two are refused. */
const policy = policyYaml(
  {
    timeZone: 'UTC',
    licenses: [{ id: 'key', count: 5, term: 'perpetual' }],
    pools: [{ id: 'pool', licenses: ['key'] }],
  },
  'five',
);
const sevenAtOnce = scenarioYaml(
  {
    start: '2026-03-02T08:00:00Z',
    duration: 'PT2H',
    sessions: [{ user: 'u', distinctUsers: true, at: 'PT0S', duration: 'PT1H', count: 7 }],
    expect: [
      { name: 'two are refused', deniedAtLeast: 2 },
      { name: 'nobody is refused', deniedAtMost: 0 },
    ],
  },
  'seven',
);
/** About 800,000 events: a dozen of the kernel's turns. */
const long = scenarioYaml(
  {
    start: '2026-05-04T08:00:00Z',
    duration: 'P5D',
    load: [{ users: 1000, arrivals: { perHour: 5000 }, holding: { mean: 'PT30M' } }],
    expect: [{ peakAtLeast: 1 }],
  },
  'long',
);

let dir: string;
beforeAll(async () => {
  dir = await writeFixture({ 'policy.yaml': policy, 'seven.yaml': sevenAtOnce, 'long.yaml': long });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const terminal = { stdoutTTY: true, stderrTTY: true };

describe('colour', () => {
  it('FORCE_COLOR=1 colours the text report on a pipe: ✓ green, ✗ and denial counts red', async () => {
    const out = await licensimIn({ env: { FORCE_COLOR: '1' } }, 'simulate', join(dir, 'seven.yaml'));
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`${GREEN}✓${END} two are refused`);
    expect(out.stdout).toContain(`${RED}✗${END} nobody is refused`);
    expect(out.stdout).toContain(`pool: ${RED}2${END} × "`);
  });

  it('a terminal gets colour; colour adds only escapes, so the text and its columns are the plain text', async () => {
    const file = join(dir, 'seven.yaml');
    const [coloured, plain] = await Promise.all([
      licensimIn(terminal, 'simulate', file),
      licensim('simulate', file),
    ]);
    expect(coloured.stdout).toMatch(ANSI);
    expect(plain.stdout).not.toMatch(ANSI);
    expect(stripAnsi(coloured.stdout)).toBe(plain.stdout);
  });

  it('lifecycle states are coloured by what they mean: trial cyan, expired red, active green', async () => {
    const out = await licensimIn(terminal, 'simulate', 'scenarios/wallix-trial.yaml');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`start: bastion ${CYAN}trial${END}`);
    expect(out.stdout).toContain(`${CYAN}trial${END} → ${RED}expired${END}`);
    expect(out.stdout).toContain(`${RED}expired${END} → ${GREEN}active${END}`);
  });

  it('NO_COLOR=1 turns colour off on a terminal, even with FORCE_COLOR=1', async () => {
    const env = { NO_COLOR: '1', FORCE_COLOR: '1' };
    const out = await licensimIn({ ...terminal, env }, 'simulate', join(dir, 'seven.yaml'));
    expect(out.stdout).toContain('✓ two are refused');
    expect(out.stdout).not.toMatch(ANSI);
  });

  it('a pipe gets no colour, and neither does FORCE_COLOR=0 or TERM=dumb on a terminal', async () => {
    const file = join(dir, 'seven.yaml');
    const outs = await Promise.all([
      licensim('simulate', file),
      licensimIn({ ...terminal, env: { FORCE_COLOR: '0' } }, 'simulate', file),
      licensimIn({ ...terminal, env: { TERM: 'dumb' } }, 'simulate', file),
    ]);
    for (const out of outs) {
      expect(out.stdout).toContain('✓ two are refused');
      expect(out.stdout).not.toMatch(ANSI);
    }
  });

  it('--out FILE, --format json and JUnit are never coloured, even with FORCE_COLOR=1 on a terminal', async () => {
    const around = { ...terminal, env: { FORCE_COLOR: '1' } };
    const file = join(dir, 'seven.yaml');
    const target = join(dir, 'report.txt');
    const [written, json, junit] = await Promise.all([
      licensimIn(around, 'simulate', file, '--out', target),
      licensimIn(around, 'simulate', file, '--format', 'json'),
      licensimIn(around, 'test', file, '--reporter', 'junit'),
    ]);
    expect(written.code).toBe(1);
    const text = await readFile(target, 'utf8');
    expect(text).toContain('✓ two are refused');
    expect(text).not.toMatch(ANSI);
    expect(JSON.parse(json.stdout).passed).toBe(false);
    expect(json.stdout).not.toMatch(ANSI);
    expect(junit.stdout).toContain('<testsuites ');
    expect(junit.stdout).not.toMatch(ANSI);
  });

  it("licensim test colours each run's ✓/✗ but leaves the closing `N passed, N failed` line plain for CI", async () => {
    const out = await licensimIn(terminal, 'test', join(dir, 'seven.yaml'));
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`${RED}✗${END} seven × five`);
    expect(out.stdout).toMatch(/\n1 passed, 1 failed\n$/);
  });

  it('each stream is judged on its own: diagnostics coloured on a terminal, the report on a pipe plain', async () => {
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, sevenAtOnce.replace('policy: policy.yaml', 'policy: nowhere.yaml'));
    const errors = await licensimIn({ stderrTTY: true }, 'validate', broken);
    expect(errors.code).toBe(2);
    expect(errors.stderr).toMatch(
      new RegExp(`^\\u001b\\[31m${escapeRegExp(broken)}:\\d+:\\d+:\\u001b\\[39m `),
    );
    expect(errors.stdout).toContain('invalid');
    expect(errors.stdout).not.toMatch(ANSI);
    const piped = await licensim('validate', broken);
    expect(piped.stderr).not.toMatch(ANSI);
    expect(piped.stderr).toBe(stripAnsi(errors.stderr));
  });
});

describe('progress line', () => {
  /** A clock that moves 300 ms each time it is read, so that a run "takes" seconds whatever the machine. */
  const slowClock = () => {
    let t = 0;
    return () => {
      t += 300;
      return t;
    };
  };

  it('a long simulate on a terminal shows a progress line on stderr, rewritten in place, erased before the report', async () => {
    const file = join(dir, 'long.yaml');
    const [shown, piped] = await Promise.all([
      licensimIn({ stderrTTY: true, now: slowClock() }, 'simulate', file),
      licensim('simulate', file),
    ]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(piped.stdout);
    const draws = shown.stderr.split(ERASE).filter((part) => part !== '');
    expect(draws.length).toBeGreaterThan(1);
    for (const line of draws)
      expect(line).toMatch(
        /^simulating long × five {2}[█░]{20} \d+% {2}[\d.]+[kM]? events\/s( {2}(\d+s|\d+m\d\ds|\d+h\d\dm) left)?$/,
      );
    // The bar fills as the share done grows, a cell per 5 %; the time left shows once there is a pace.
    for (const line of draws) {
      const percent = Number(/(\d+)%/.exec(line)![1]);
      expect(line.split('█').length - 1).toBe(Math.floor(percent / 5));
    }
    expect(draws.some((line) => line.endsWith(' left'))).toBe(true);
    const percents = draws.map((line) => Number(/(\d+)%/.exec(line)![1]));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBeLessThan(100);
    // Erased at the end: the last thing written is the erase, and nothing else is on the line.
    expect(shown.stderr.endsWith(ERASE)).toBe(true);
    expect(shown.stderr).not.toContain('\n');
  });

  it('a suite run by licensim test on a terminal shows files done, files/s and time left, erased at the end', async () => {
    const files = [
      'scenarios/wallix-trial.yaml',
      'scenarios/wallix-shift-start.yaml',
      'scenarios/wallix-access-manager.yaml',
    ];
    const [shown, piped] = await Promise.all([
      licensimIn({ stderrTTY: true, now: slowClock() }, 'test', ...files, '--jobs', '1'),
      licensim('test', ...files, '--jobs', '1'),
    ]);
    expect(shown.code).toBe(0);
    expect(piped.stderr).toBe(''); // nothing on a pipe
    const draws = shown.stderr.split(ERASE).filter((part) => part !== '');
    expect(draws.length).toBeGreaterThan(0);
    for (const line of draws) {
      expect(line).toMatch(
        /^testing 3 scenario files {2}[█░]{20} (33|66|100)% {2}[\d.]+ files\/s {2}(\d+s|\d+m\d\ds) left$/,
      );
    }
    expect(shown.stderr.endsWith(ERASE)).toBe(true);
    expect(shown.stdout.replaceAll(ERASE, '')).toBe(piped.stdout);
  });

  it('an audit on a terminal shows the reading of the log by its bytes, in lines/s, then the replay', async () => {
    // 30,000 lines, 1.6 MB: several 256 KiB chunks, each a step of the line.
    const log = join(dir, 'usage.log');
    const policy = join(dir, 'usage-policy.yaml');
    execFileSync(process.execPath, [
      'scripts/usage-log.mjs',
      '--lines',
      '30000',
      '--out',
      log,
      '--policy',
      policy,
    ]);
    const [shown, piped] = await Promise.all([
      licensimIn({ stderrTTY: true, now: slowClock() }, 'audit', '--policy', policy, '--usage', log),
      licensim('audit', '--policy', policy, '--usage', log),
    ]);
    // The generated log over-uses its policy at times (exit 1, A3): a terminal changes none of that.
    expect([0, 1]).toContain(shown.code);
    expect(shown.code).toBe(piped.code);
    expect(shown.stdout).toBe(piped.stdout);
    expect(piped.stderr).toBe('');
    const draws = shown.stderr.split(ERASE).filter((part) => part !== '');
    const reading = draws.filter((line) => line.startsWith('reading the usage log'));
    expect(reading.length).toBeGreaterThan(1);
    for (const line of reading) {
      expect(line).toMatch(/^reading the usage log {2}[█░]{20} \d+% {2}[\d.]+[kM]? lines\/s( {2}\S+ left)?$/);
    }
    const percents = reading.map((line) => Number(/(\d+)%/.exec(line)![1]));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(shown.stderr.endsWith(ERASE)).toBe(true);
  });

  it('reads the time left to the second below an hour', () => {
    expect([0.2, 59, 61, 3599, 3600, 7322].map(duration)).toEqual([
      '1s',
      '59s',
      '1m01s',
      '59m59s',
      '1h00m',
      '2h02m',
    ]);
  });

  it('is cut to the width of the terminal, so that it never wraps onto a second line', async () => {
    const out = await licensimIn(
      { stderrTTY: true, columns: 20, now: slowClock() },
      'simulate',
      join(dir, 'long.yaml'),
    );
    const draws = out.stderr.split(ERASE).filter((part) => part !== '');
    expect(draws.length).toBeGreaterThan(1);
    // 19 characters: one column is left free, where the cursor stands.
    for (const line of draws) expect(line).toBe('simulating long × …');
  });

  it('writes nothing on a pipe, however long the run', async () => {
    const out = await licensimIn({ stdoutTTY: true, now: slowClock() }, 'simulate', join(dir, 'long.yaml'));
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
  });

  it('writes nothing for a run under a second, nor on a TERM=dumb terminal', async () => {
    const file = join(dir, 'long.yaml');
    const quick = await licensimIn({ stderrTTY: true, now: () => 0 }, 'simulate', file);
    const dumb = await licensimIn(
      { stderrTTY: true, now: slowClock(), env: { TERM: 'dumb' } },
      'simulate',
      file,
    );
    expect(quick.stderr).toBe('');
    expect(dumb.stderr).toBe('');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
