import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Outcome, root } from '../support/cli.js';

/**
 * Issue "Fit for CI and for newcomers": a package that installs. The package is packed as `npm pack`
 * packs it for a release, installed with production dependencies only into an empty folder, and used
 * there: its command line, and its library from TypeScript.
 *
 * It is packed from a copy of the checkout, never from the checkout itself: `npm pack` runs `prepare`,
 * which empties and rebuilds dist/ while the other test files run the CLI from it. Installing reaches the
 * npm registry (through the npm cache), so this file takes tens of seconds: it has a generous timeout
 * and no assertion on time.
 */

const exec = promisify(execFile);
const INSTALL_TIMEOUT_MS = 10 * 60 * 1000;
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };

let work: string;
let consumer: string;
let installed: string;

/** Runs a program to its end and returns its exit code and output, whatever the code. */
async function run(file: string, args: readonly string[], cwd: string): Promise<Outcome> {
  try {
    const { stdout, stderr } = await exec(file, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Runs a program that must succeed; a failure shows its output. */
async function mustRun(file: string, args: readonly string[], cwd: string): Promise<Outcome> {
  const outcome = await run(file, args, cwd);
  if (outcome.code !== 0)
    throw new Error(`${file} ${args.join(' ')} exited ${outcome.code}:\n${outcome.stdout}${outcome.stderr}`);
  return outcome;
}

/**
 * What a clone holds: the checkout without what a build or an install makes, nor the validators that
 * test/config/compiled-validators.test.ts writes at the root for a moment.
 */
const inClone = (from: string) => {
  const top = relative(root, from).split('/')[0]!;
  return !['node_modules', 'dist', '.git', 'coverage', 'tmp'].includes(top) && !top.startsWith('.compiled-');
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'licensim-package-'));
  const clone = join(work, 'clone');
  await cp(root, clone, { recursive: true, filter: inClone });
  // The checkout's dependencies, development ones included, as `npm ci` leaves them in a clone.
  await symlink(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir');
  const packed = join(work, 'packed');
  await mkdir(packed);
  await mustRun('npm', ['pack', '--pack-destination', packed], clone);
  const [tarball] = await readdir(packed);

  consumer = join(work, 'consumer');
  await mkdir(consumer);
  await writeFile(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  await mustRun(
    'npm',
    ['install', '--omit=dev', '--no-audit', '--no-fund', join(packed, tarball!)],
    consumer,
  );
  installed = join(consumer, 'node_modules/licensim');
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const licensim = (...args: string[]) => run(join(consumer, 'node_modules/.bin/licensim'), args, consumer);

describe('a package that installs', () => {
  it('the tarball holds the built CLI, the library with its types, the schemas, policies and scenarios', async () => {
    const files = new Set(await readdir(installed, { recursive: true }));
    const bundled = async (dir: string) => (await readdir(join(root, dir))).map((f) => `${dir}/${f}`);
    const wanted = [
      'bin/licensim.js',
      'dist/cli.js',
      'dist/test-worker.js',
      'dist/index.js',
      'dist/types/index.d.ts',
      ...(await bundled('schemas')),
      ...(await bundled('policies')),
      ...(await bundled('scenarios')),
    ];
    expect(wanted.filter((f) => !files.has(f))).toEqual([]);
    // Sources, tests, examples and the benchmark stay in the repository.
    const unwanted = [...files].filter((f) => /^(src|test|bench|scripts|examples)\/|^dist\/bench\./.test(f));
    expect(unwanted).toEqual([]);
  });

  it('licensim --version prints the version of the package', async () => {
    const outcome = await licensim('--version');
    expect(outcome).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('licensim validate accepts a bundled policy and refuses a broken one with exit code 2', async () => {
    const ok = await licensim('validate', 'node_modules/licensim/policies/wallix-bastion-ha.yaml');
    expect(ok.stdout).toBe(
      'ok       node_modules/licensim/policies/wallix-bastion-ha.yaml  (Policy wallix-bastion-ha)\n',
    );
    expect(ok.code).toBe(0);
    await writeFile(join(consumer, 'broken.yaml'), 'apiVersion: licensim/v1\nkind: Policy\n');
    const broken = await licensim('validate', 'broken.yaml');
    expect(broken.stderr).toMatch(/^broken\.yaml:\d+:\d+: top level: missing required key 'metadata'/m);
    expect(broken.code).toBe(2);
  });

  it('licensim simulate replays a bundled scenario and its expectations pass', async () => {
    const outcome = await licensim('simulate', 'node_modules/licensim/scenarios/wallix-ha-failover.yaml');
    expect(outcome.stdout).toMatch(/^Scenario wallix-ha-failover /);
    expect(outcome.stdout).toMatch(/\nAll \d+ expectations passed\.\n$/);
    expect(outcome.code).toBe(0);
  });

  it(
    "the README's library example compiles against the installed types and runs",
    async () => {
      await cp(join(root, 'examples/library.ts'), join(consumer, 'library.ts'));
      // Fails to compile if the declarations were missing or gave `any`: the error it expects would not occur.
      await writeFile(
        join(consumer, 'real-types.ts'),
        [
          "import { type ScenarioRunReport, simulateScenario } from 'licensim';",
          "const reports: ScenarioRunReport[] = await simulateScenario('scenario.yaml');",
          '// @ts-expect-error: a policy is named by a string',
          'export const policy: number = reports[0]!.policy;',
          '',
        ].join('\n'),
      );
      await writeFile(
        join(consumer, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2023',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            noEmit: true,
            // The package's declarations and those of its dependencies are checked too.
            skipLibCheck: false,
            types: ['node'],
            typeRoots: [join(root, 'node_modules/@types')],
          },
          files: ['library.ts', 'real-types.ts'],
        }),
      );
      const tsc = await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc')], consumer);
      expect(tsc.stdout).toBe('');
      expect(tsc.code).toBe(0);

      const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
      const scenario = 'node_modules/licensim/scenarios/wallix-ha-failover.yaml';
      const example = await run(process.execPath, [tsx, 'library.ts', scenario], consumer);
      expect(example.stdout).toMatch(/^wallix-bastion-ha: [1-9]\d* denied, (\d+)\/\1 expectations held\n$/);
      expect(example.code).toBe(0);
    },
    INSTALL_TIMEOUT_MS,
  ); // checking every declaration file takes tsc tens of seconds on a busy machine
});
