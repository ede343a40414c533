import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/program.js';

const exec = promisify(execFile);

/** The package folder, where the CLI runs as a user would run it. */
export const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** What the in-process CLI sees around it; by default two pipes, an empty environment and one core. */
export interface Surroundings {
  readonly env?: Readonly<Record<string, string>>;
  /** Standard output is a terminal. */
  readonly stdoutTTY?: boolean;
  /** Standard error is a terminal. */
  readonly stderrTTY?: boolean;
  /** The terminal's width. */
  readonly columns?: number;
  /** The wall clock the progress line reads, in ms. */
  readonly now?: () => number;
}

/**
 * Runs `licensim ARGS` through `main` in this process, from the package folder (vitest's working folder),
 * and captures what it writes and its exit code. Nothing in the machine's environment reaches it (no
 * FORCE_COLOR from the test runner); `licensim test` runs its files in this thread, since its worker
 * threads start from the built bundle: `licensimBuilt` runs that.
 */
export function licensim(...args: string[]): Promise<InProcessOutcome> {
  return licensimIn({}, ...args);
}

/** What an in-process run wrote, also write by write. */
export interface InProcessOutcome extends Outcome {
  /** Each write to standard output, in order: what a reader saw appear, piece by piece. */
  stdoutWrites: readonly string[];
}

/** `licensim` with the given surroundings: a terminal, an environment, a clock. */
export async function licensimIn(around: Surroundings, ...args: string[]): Promise<InProcessOutcome> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: { write: (text) => stdout.push(text), isTTY: around.stdoutTTY ?? false },
    stderr: {
      write: (text) => stderr.push(text),
      isTTY: around.stderrTTY ?? false,
      columns: around.columns,
    },
    env: around.env ?? {},
    cores: 1,
    now: around.now ?? (() => 0),
  };
  const code = await main(args, io);
  return { code, stdout: stdout.join(''), stderr: stderr.join(''), stdoutWrites: stdout };
}

/**
 * Runs the built CLI (test/global-setup.ts builds it) as a child process from the package folder, without
 * colours: for what only a process shows (start-up, signals, worker threads, a failing standard output).
 */
export async function licensimBuilt(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['bin/licensim.js', ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** The team table of the WALLIX guide (W5) as the CSV a user would write. */
export const SEED_TEAMS_CSV = `name,users,concurrency
Linux Admins,50,25%
Windows Admins,40,30%
Database Admins,30,20%
Network Admins,20,15%
Security Team,15,40%
DevOps Team,45,35%
Contractors,25,10%
`;

/** Checks a `--format json` report against schemas/report.schema.json, as a consumer of the report would. */
export function expectValidReport(report: unknown): void {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'schemas/report.schema.json'), 'utf8')));
  validate(report);
  expect(validate.errors ?? []).toEqual([]);
}
