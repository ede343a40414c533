import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './loads.js';
import { spread, timed } from './spread.js';

/** Whole-process start-up of the CLI, each command against `node -e 0` (Node starting and exiting). */
const COMMANDS = [
  { name: 'node -e 0', args: ['-e', '0'], target: null },
  { name: 'licensim --version', args: ['bin/licensim.js', '--version'], target: 2 },
  {
    name: 'licensim validate policies/wallix-bastion-ha.yaml',
    args: ['bin/licensim.js', 'validate', 'policies/wallix-bastion-ha.yaml'],
    target: 3,
  },
] as const;

export interface StartupFigures {
  readonly runs: number;
  readonly commands: readonly {
    readonly name: string;
    readonly medianMs: number;
    readonly minMs: number;
    readonly maxMs: number;
    /** Median ÷ the median of `node -e 0`. */
    readonly ratio: number;
    readonly target: number | null;
    readonly met: boolean | null;
  }[];
}

/**
 * Spawns each command `runs` times, the commands taking turns (and rotating which goes first) so that
 * a slow spell on the machine falls on all of them, and reports medians of the wall time from spawn to
 * exit. Needs the bundled CLI (`npm run build`).
 */
export function measureStartup(runs: number): StartupFigures {
  const ms: number[][] = COMMANDS.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < COMMANDS.length; k++) {
      const i = (r + k) % COMMANDS.length;
      const { name, args } = COMMANDS[i]!;
      const { result, seconds } = timed(() =>
        spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: 'ignore' }),
      );
      if (result.status !== 0)
        throw new Error(`start-up: '${name}' exited with ${result.status ?? result.signal}`);
      ms[i]!.push(seconds * 1000);
    }
  }
  const base = spread(ms[0]!).median;
  return {
    runs,
    commands: COMMANDS.map(({ name, target }, i) => {
      const { min, median, max } = spread(ms[i]!);
      const ratio = median / base;
      return {
        name,
        medianMs: median,
        minMs: min,
        maxMs: max,
        ratio,
        target,
        met: target === null ? null : ratio <= target,
      };
    }),
  };
}
