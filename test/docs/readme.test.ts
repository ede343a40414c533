import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../src/config/yaml-source.js';
import { documentFrom } from '../../src/model/load.js';
import { prepareScenario } from '../../src/run/simulate.js';
import { root } from '../support/cli.js';
import { asShown, consoleCommands, type FencedBlock, fencedBlocks } from '../support/readme.js';

/**
 * The README's examples run as written, so that the README cannot drift from what licensim does.
 *
 * Conventions for the fenced blocks of README.md:
 * - ```console: a line starting with `$ ` is a command, run from the project root; the lines after it, up
 *   to the next `$ ` line, are what a terminal shows: standard output and standard error together, in
 *   the order written. A line holding only `…` stands for any number of lines. The command must exit 0
 *   unless its line ends with `# exits N`. `licensim` and `npx licensim` run the built CLI
 *   (`node bin/licensim.js`), `npx tsx` the project's tsx; any other command fails the test.
 * - ```yaml: a whole policy or scenario, which loads without a single diagnostic. After a line
 *   `<!-- file: PATH -->` the block is that file, verbatim; such a scenario also binds to its policies.
 * - ```json: JSON Lines; a trace record is one that `licensim simulate --trace` writes for its scenario.
 * - ```ts: after `<!-- file: PATH -->`, that file verbatim (test/package/install.test.ts compiles it
 *   against the packed package and runs it).
 * - After a line `<!-- not run: WHY -->` a block is skipped; every other block fails the test.
 * Nothing in an output is normalised: the commands shown print no version, wall time or temporary path.
 *
 * Commands run as child processes of the built CLI, as a reader would run them, rather than through
 * `main()` in this process: `licensim test` starts its worker threads from the built bundle, and the
 * output goes to a file, not a terminal, so it has no colour and no progress line.
 */

const readme = await readFile(join(root, 'README.md'), 'utf8');
const blocks = fencedBlocks(readme);
const at = (b: { line: number }) => `README.md:${b.line}`;
const fileOf = (b: FencedBlock) => (b.note && 'file' in b.note ? b.note.file : undefined);
const isRun = (b: FencedBlock) => !(b.note && 'notRun' in b.note);

const consoleBlocks = blocks.filter((b) => isRun(b) && b.info === 'console');
const yamlBlocks = blocks.filter((b) => isRun(b) && b.info === 'yaml');
const jsonBlocks = blocks.filter((b) => isRun(b) && b.info === 'json');
const tsBlocks = blocks.filter((b) => isRun(b) && b.info === 'ts');

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'licensim-readme-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

interface Shown {
  code: number | null;
  /** Standard output and standard error as a terminal shows them: one stream, in the order written. */
  terminal: string;
}

/** What to spawn for a README command; `undefined` for a command this test cannot run. */
function programFor(command: string): string[] | undefined {
  // No shell runs these commands: a whole word in single quotes is taken as it is written; any other
  // quoting, a pipe or a redirection is refused.
  const words: string[] = [];
  for (const [, quoted, plain] of command.matchAll(/'([^']*)'|(\S+)/g)) {
    if (plain !== undefined && /["'`$|&;<>*\\]/.test(plain)) return undefined;
    words.push(quoted ?? plain!);
  }
  const [first, second, ...rest] = words;
  if (first === 'licensim') return [join(root, 'bin/licensim.js'), ...(second ? [second] : []), ...rest];
  if (first === 'npx' && second === 'licensim') return [join(root, 'bin/licensim.js'), ...rest];
  if (first === 'npx' && second === 'tsx') return [join(root, 'node_modules/tsx/dist/cli.mjs'), ...rest];
  return undefined;
}

async function runShown(args: readonly string[]): Promise<Shown> {
  const file = join(scratch, 'terminal.txt');
  const terminal = await open(file, 'w');
  try {
    // One file for both streams keeps their lines in the order they were written, as a terminal does.
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: ['ignore', terminal.fd, terminal.fd],
      env: { ...process.env, NO_COLOR: '1' },
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    return { code, terminal: await readFile(file, 'utf8') };
  } finally {
    await terminal.close();
  }
}

describe('README.md: a README whose examples run', () => {
  it('every block is run, shows a file that is checked, or says why it is not run', () => {
    const unchecked = blocks
      .filter((b) => isRun(b) && !['console', 'yaml', 'json', 'ts'].includes(b.info))
      .map((b) => `${at(b)}: a \`\`\`${b.info} block; run it or mark it <!-- not run: WHY -->`);
    expect(unchecked).toEqual([]);
    expect(tsBlocks.every((b) => fileOf(b) !== undefined)).toBe(true);
  });

  it('the quick start is two commands after cloning: one installs and runs the main job, one tests', () => {
    const heading = readme.split('\n').indexOf('## Quick start') + 1;
    const block = blocks.find((b) => b.line > heading)!;
    const commands = block.text.trim().split('\n');
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/^npm ci && npm start\s/);
    expect(commands[1]).toMatch(/^npm test\s/);
  });

  it('every examples/ file the README names is shipped, and every shipped example is named', async () => {
    const named = new Set([...readme.matchAll(/examples\/[\w.-]+/g)].map((m) => m[0]));
    const shipped = (await readdir(join(root, 'examples'))).map((f) => `examples/${f}`);
    expect([...named].filter((f) => !existsSync(join(root, f)))).toEqual([]);
    expect(shipped.filter((f) => !named.has(f))).toEqual([]);
  });

  const commands = consoleBlocks.flatMap(consoleCommands);
  it.each(commands.map((c) => [`${at(c)}: $ ${c.command}`, c] as const))(
    '%s shows what the README shows',
    async (_, c) => {
      const program = programFor(c.command);
      expect(program, `${at(c)}: the README test cannot run \`${c.command}\``).toBeDefined();
      const shown = await runShown(program!);
      expect(asShown(shown.terminal, c.output)).toBe(c.output);
      expect(shown.code).toBe(c.exitCode);
    },
  );

  it.each(yamlBlocks.map((b) => [at(b), b] as const))(
    '%s (yaml) loads without a diagnostic, and equals its file',
    async (_, block) => {
      const file = fileOf(block);
      if (file !== undefined) expect(block.text).toBe(await readFile(join(root, file), 'utf8'));
      const source = parseYamlSource(join(root, file ?? `${at(block)}.yaml`), block.text);
      const { loaded, diagnostics } = documentFrom(source);
      expect(diagnostics).toEqual([]);
      if (file !== undefined && loaded?.kind === 'Scenario') {
        expect((await prepareScenario(join(root, file))).warnings).toEqual([]);
      }
    },
  );

  it.each(jsonBlocks.map((b) => [at(b), b] as const))(
    '%s (json) is a trace record that simulate --trace writes',
    async (_, block) => {
      for (const line of block.text.trim().split('\n')) {
        const record = JSON.parse(line) as { scenario?: string };
        expect(record.scenario, 'a trace record names its scenario').toBeTypeOf('string');
        const scenario = ['scenarios', 'examples']
          .map((dir) => `${dir}/${record.scenario}.yaml`)
          .find((f) => existsSync(join(root, f)));
        expect(scenario, `no scenarios/${record.scenario}.yaml`).toBeDefined();
        const trace = join(scratch, 'trace.jsonl');
        const run = await runShown([
          join(root, 'bin/licensim.js'),
          'simulate',
          scenario!,
          '--trace',
          trace,
          '--out',
          '/dev/null',
        ]);
        expect(run.code).toBe(0);
        const traces = (await readdir(scratch)).filter((f) => f.startsWith('trace.'));
        const written = await Promise.all(traces.map((f) => readFile(join(scratch, f), 'utf8')));
        expect(written.some((text) => text.split('\n').includes(line))).toBe(true);
      }
    },
  );

  it.each(tsBlocks.map((b) => [at(b), b] as const))('%s (ts) equals its file', async (_, block) => {
    expect(block.text).toBe(await readFile(join(root, fileOf(block)!), 'utf8'));
  });
});

describe('README.md conventions, checked on themselves', () => {
  it('an output matches only line for line, a … line standing for any run of lines', () => {
    expect(asShown('a\nb\nc\n', 'a\n…\nc\n')).toBe('a\n…\nc\n');
    expect(asShown('a\nc\n', 'a\n…\nc\n')).toBe('a\n…\nc\n');
    expect(asShown('a\nb\nd\n', 'a\n…\nc\n')).toBe('a\nb\nd\n');
    expect(asShown('a\nb\n', 'a\n')).toBe('a\nb\n');
    expect(asShown('a \n', 'a\n')).toBe('a \n');
  });

  it('a console block is split into commands, their outputs and their stated exit codes', () => {
    const [block] = fencedBlocks('<!-- file: x -->\n```console\n$ licensim a   # exits 2\nout\n\n$ b\n```\n');
    expect(block!.note).toEqual({ file: 'x' });
    expect(consoleCommands(block!)).toEqual([
      { line: 3, command: 'licensim a', exitCode: 2, output: 'out\n' },
      { line: 6, command: 'b', exitCode: 0, output: '' },
    ]);
  });
});
