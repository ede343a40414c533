import type { Command } from 'commander';
import type { Invocation } from '../../io.js';
import { parseNumber } from '../../options.js';

export interface WatchOptions {
  policy?: string;
  speed?: number;
  seed?: number;
}

/** `licensim watch`: its arguments, options and help; the work loads from `./run.js` when it runs. */
export function registerWatch(program: Command, invocation: Invocation): void {
  program
    .command('watch')
    .argument('<scenario>', 'scenario YAML file')
    .summary('replay a scenario live in the terminal')
    .description(
      [
        "Replay a scenario against one of its policies on a live terminal view: each pool's gauge against",
        'its capacity and warning/critical thresholds, its lifecycle state, the latest alerts and denials,',
        'and the virtual clock. Keys: space pause/resume, s step one slice while paused, + faster, - slower,',
        'q quit. When standard output is not a terminal, prints plain progress lines instead.',
      ].join(' '),
    )
    .option('--policy <name>', 'the policy to watch, when the scenario compares several (default: the first)')
    .option(
      '--speed <seconds>',
      'simulated seconds per real second (default: the whole run in about a minute)',
      parseNumber('--speed', { min: 1 }),
    )
    .option('--seed <n>', "override the scenario's random seed", parseNumber('--seed', { integer: true }))
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  licensim watch scenarios/wallix-4-sites-compare.yaml',
        '  licensim watch scenarios/wallix-trial.yaml --speed 86400',
        '  licensim watch scenarios/wallix-4-sites-compare.yaml --policy wallix-4-sites-hybrid | tail -1',
      ].join('\n'),
    )
    .action(async (file: string, options: WatchOptions) => {
      const { watch } = await import('./run.js');
      invocation.exitCode = await watch(file, options, invocation.io);
    });
}
