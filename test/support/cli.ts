import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';

const exec = promisify(execFile);

/** The package folder, where the CLI runs as a user would run it. */
export const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (test/global-setup.ts builds it) from the package folder, without colours. */
export async function licensim(...args: string[]): Promise<Outcome> {
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
