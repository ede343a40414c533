// Measures how long the CLI takes to start, as whole processes, against `node -e 0` run in the same
// loop: machine noise moves all three alike, so the ratios compare across machines and runs where the
// milliseconds do not. The three commands alternate so that a busy spell slows each of them alike.
//
//   node scripts/startup.js            medians and ratios for people
//   node scripts/startup.js --json     { nodeMs, versionMs, validateMs, versionRatio, validateRatio }
//   node scripts/startup.js --runs 21  more runs per command (default 11)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_RUNS = 11;

const commands = {
  node: ['-e', '0'],
  version: ['bin/licensim.js', '--version'],
  validate: ['bin/licensim.js', 'validate', 'policies/wallix-bastion-ha.yaml'],
};

/** Milliseconds one process takes from spawn to exit; a failing command is an error, not a figure. */
function timeProcess(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.toString().trim()}`);
  }
  return ms;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function runsOption(argv) {
  const at = argv.indexOf('--runs');
  if (at === -1) return DEFAULT_RUNS;
  const runs = Number(argv[at + 1]);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive integer (got '${argv[at + 1]}')`);
  return runs;
}

const runs = runsOption(process.argv);
const samples = { node: [], version: [], validate: [] };
timeProcess(commands.validate); // warms the file cache, so that the first measured run is not the odd one out
for (let i = 0; i < runs; i++) {
  for (const [name, args] of Object.entries(commands)) samples[name].push(timeProcess(args));
}

const round = (n) => Math.round(n * 10) / 10;
const nodeMs = median(samples.node);
const versionMs = median(samples.version);
const validateMs = median(samples.validate);
const result = {
  nodeMs: round(nodeMs),
  versionMs: round(versionMs),
  validateMs: round(validateMs),
  versionRatio: Math.round((versionMs / nodeMs) * 100) / 100,
  validateRatio: Math.round((validateMs / nodeMs) * 100) / 100,
};

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  process.stdout.write(
    [
      `start-up, medians of ${runs} alternating runs each`,
      `  node -e 0                                        ${result.nodeMs} ms`,
      `  licensim --version                               ${result.versionMs} ms  (${result.versionRatio}×)`,
      `  licensim validate policies/wallix-bastion-ha.yaml ${result.validateMs} ms  (${result.validateRatio}×)`,
      '',
    ].join('\n'),
  );
}
