#!/usr/bin/env node
// The command-line entry point: runs the bundled CLI that `npm ci` (prepare) or `npm run build` produces.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('licensim: the CLI is not built yet; run `npm run build` in the package folder.\n');
  process.exit(3);
}
await import(cli.href);
