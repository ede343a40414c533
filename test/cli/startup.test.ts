import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { root } from '../support/cli.js';

/**
 * What the CLI loads, checked on its structure (never on timings, which a busy machine would fail):
 * `--version` and `--help` load commander and the command table only; a command loads its own code and
 * the library when it runs; dependencies come bundled, so nothing is read from node_modules.
 */

/** Packages that only the commands' work needs; each costs start-up time when loaded. */
const heavy = [
  'yaml',
  'ajv',
  'ajv-formats',
  '@sinclair/typebox',
  'xstate',
  'json-rules-engine',
  'luxon',
  'csv-parse',
];

interface Loads {
  stdout: string;
  /** URLs of the modules the process loaded. */
  urls: string[];
  /** The source files bundled into the loaded modules, from their source maps. */
  sources: string[];
}

/** Runs the built CLI with a loader hook that records every module it loads. */
async function loadsOf(...args: string[]): Promise<Loads> {
  const dir = await mkdtemp(join(tmpdir(), 'licensim-loads-'));
  const record = join(dir, 'loads.txt');
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', './test/support/record-loads.mjs', 'bin/licensim.js', ...args],
      { cwd: root, env: { ...process.env, NO_COLOR: '1', LICENSIM_RECORD_LOADS: record } },
    );
    const urls = (await readFile(record, 'utf8')).trim().split('\n');
    const sources: string[] = [];
    for (const url of urls.filter((u) => u.startsWith('file:') && u.includes('/dist/'))) {
      const map = JSON.parse(await readFile(`${fileURLToPath(url)}.map`, 'utf8')) as { sources: string[] };
      sources.push(...map.sources);
    }
    return { stdout, urls, sources };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const heavyIn = (sources: readonly string[]) =>
  heavy.filter((name) => sources.some((s) => s.includes(`node_modules/${name}/`)));
const commandsIn = (sources: readonly string[]) =>
  sources.flatMap((s) => /src\/cli\/commands\/(\w+)\/run\.ts$/.exec(s)?.[1] ?? []);
const libraryIn = (sources: readonly string[]) =>
  sources.filter((s) => s.includes('src/') && !s.includes('src/cli/'));

describe('start-up', () => {
  it('--version loads no command, none of the library and none of its dependencies', async () => {
    const { stdout, sources } = await loadsOf('--version');
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(heavyIn(sources)).toEqual([]);
    expect(commandsIn(sources)).toEqual([]);
    // The size command's help names the default tier steps: the one library module, a constant.
    expect(libraryIn(sources)).toEqual(['../src/model/tiers.ts']);
  });

  it('--help loads no command, none of the library and none of its dependencies', async () => {
    const { stdout, sources } = await loadsOf('--help');
    expect(stdout).toContain('Commands:');
    expect(heavyIn(sources)).toEqual([]);
    expect(commandsIn(sources)).toEqual([]);
    expect(libraryIn(sources)).toEqual(['../src/model/tiers.ts']);
  });

  it('validate of a policy loads its own code and what reading a policy needs, bundled: no simulator, no schema compiler', async () => {
    const { stdout, urls, sources } = await loadsOf('validate', 'policies/wallix-bastion-ha.yaml');
    expect(stdout).toContain('ok ');
    expect(commandsIn(sources)).toEqual(['validate']);
    expect(heavyIn(sources)).toEqual(expect.arrayContaining(['yaml', '@sinclair/typebox', 'luxon']));
    // The policy's validator was compiled when the CLI was built; the simulator is a scenario's concern.
    expect(heavyIn(sources)).not.toEqual(expect.arrayContaining(['ajv']));
    for (const name of ['xstate', 'json-rules-engine', 'csv-parse'])
      expect(heavyIn(sources)).not.toContain(name);
    expect(urls.filter((u) => u.includes('/node_modules/'))).toEqual([]);
  });
});
