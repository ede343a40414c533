import { execFileSync } from 'node:child_process';

/** Builds the CLI bundle once before any test file runs, so end-to-end tests never race a rebuild. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.js'], { stdio: 'inherit' });
}
