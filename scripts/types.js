// Writes the library API's type declarations (dist/types) for TypeScript users of `import … from
// 'licensim'`. TypeScript is a development dependency: an install without it (npm ci --omit=dev) builds
// the CLI and skips the declarations, which only a TypeScript consumer of the library needs.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  process.stderr.write('types: typescript is not installed; skipping the library type declarations\n');
  process.exit(0);
}
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.types.json'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
