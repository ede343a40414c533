import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OutputError,
  OutputFile,
  removeTemporaryFiles,
  writeOutputFile,
} from '../../src/report/output-file.js';
import { policyYaml, scenarioYaml, writeFixture } from '../support/build.js';
import { licensim, root } from '../support/cli.js';

/** Regression tests for the output findings of the reliability issue (10–13, 15, 16). */

const policy = policyYaml({
  timeZone: 'UTC',
  licenses: [{ id: 'key', count: 100, term: 'perpetual' }],
  pools: [{ id: 'pool', licenses: ['key'] }],
});
const scenario = (duration: string, perHour: number) =>
  scenarioYaml({
    start: '2026-05-04T08:00:00Z',
    duration,
    load: [{ users: 1000, arrivals: { perHour }, holding: { mean: 'PT30M' } }],
    expect: [{ peakAtLeast: 0 }],
  } as never);

let dir: string;
beforeAll(async () => {
  dir = await writeFixture({
    'policy.yaml': policy,
    's.yaml': scenario('PT2H', 10),
    'long.yaml': scenario('P365D', 5000),
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const leftovers = async () => (await readdir(dir)).filter((f) => f.endsWith('.tmp'));

describe('outputs that cannot destroy files', () => {
  it('finding 10: temporary names are unpredictable and created exclusively, so a planted link redirects nothing', async () => {
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'IMPORTANT');
    // The names an attacker could guess: the pid-based ones of earlier versions.
    for (const name of ['out.txt', 'trace.jsonl']) {
      await symlink(victim, join(dir, `.${name}.${process.pid}.tmp`));
    }
    writeOutputFile(join(dir, 'out.txt'), 'report\n');
    const a = OutputFile.open(join(dir, 'trace.jsonl'));
    const b = OutputFile.open(join(dir, 'other.jsonl'));
    a.write('x\n');
    a.commit();
    b.abandon();
    expect(await readFile(victim, 'utf8')).toBe('IMPORTANT');
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe('report\n');
    expect(await readFile(join(dir, 'trace.jsonl'), 'utf8')).toBe('x\n');
    // Only the planted links are left: no temporary file of licensim's.
    const planted = (await leftovers()).sort();
    expect(planted).toEqual([`.out.txt.${process.pid}.tmp`, `.trace.jsonl.${process.pid}.tmp`]);
    for (const link of planted) await rm(join(dir, link));
  });

  it('finding 11: a device is written in place, a replaced file keeps its mode, a link keeps pointing', async () => {
    writeOutputFile('/dev/null', 'nothing\n');
    expect((await stat('/dev/null')).isCharacterDevice()).toBe(true);
    const secret = join(dir, 'private.txt');
    await writeFile(secret, 'old');
    await chmod(secret, 0o600);
    writeOutputFile(secret, 'new\n');
    expect((await stat(secret)).mode & 0o777).toBe(0o600);
    const target = join(dir, 'target.txt');
    await writeFile(target, 'old');
    await symlink(target, join(dir, 'link.txt'));
    writeOutputFile(join(dir, 'link.txt'), 'through the link\n');
    expect(await readFile(target, 'utf8')).toBe('through the link\n');
  });

  it('finding 15: a folder as output is refused with a plain message, nothing left behind', async () => {
    await mkdir(join(dir, 'adir'));
    expect(() => OutputFile.open(join(dir, 'adir'))).toThrow(OutputError);
    expect(() => OutputFile.open(join(dir, 'adir'))).toThrow(/it is a folder/);
    const r = await licensim('simulate', join(dir, 's.yaml'), '--trace', join(dir, 'adir'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write .*adir: it is a folder/);
    expect(await leftovers()).toEqual([]);
  });

  it('finding 12: an output naming an input or the other output is refused (exit 2), the input untouched', async () => {
    const s = join(dir, 's.yaml');
    const before = await readFile(s, 'utf8');
    const onScenario = await licensim('simulate', s, '--out', s);
    const onPolicy = await licensim('simulate', s, '--out', join(dir, 'policy.yaml'));
    const onTrace = await licensim('simulate', s, '--trace', join(dir, 'r.txt'), '--out', join(dir, 'r.txt'));
    expect([onScenario.code, onPolicy.code, onTrace.code]).toEqual([2, 2, 2]);
    expect(onScenario.stderr).toMatch(/would overwrite the input/);
    expect(onTrace.stderr).toMatch(/both name/);
    expect(await readFile(s, 'utf8')).toBe(before);
    expect(await readFile(join(dir, 'policy.yaml'), 'utf8')).toBe(policy);
  });

  it('finding 13: SIGINT during a long run removes the temporary trace file', async () => {
    const child = spawn(
      process.execPath,
      ['bin/licensim.js', 'simulate', join(dir, 'long.yaml'), '--trace', join(dir, 't.jsonl')],
      {
        cwd: root,
        stdio: 'ignore',
      },
    );
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    // Wait for the temporary file to appear, then interrupt.
    while ((await leftovers()).length === 0 && child.exitCode === null)
      await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(await leftovers()).toEqual([]);
  });

  it('finding 16: a failed write to standard output exits 2 with one line, no stack trace', async () => {
    const full = openSync('/dev/full', 'w');
    const child = spawn(process.execPath, ['bin/licensim.js', 'simulate', join(dir, 's.yaml')], {
      cwd: root,
      stdio: ['ignore', full, 'pipe'],
    });
    closeSync(full);
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual(['licensim: cannot write to standard output: ENOSPC']);
  });

  it('removeTemporaryFiles drops what an interrupted output left', async () => {
    const out = OutputFile.open(join(dir, 'half.txt'));
    out.write('half');
    expect((await leftovers()).length).toBe(1);
    removeTemporaryFiles();
    expect(await leftovers()).toEqual([]);
  });
});
