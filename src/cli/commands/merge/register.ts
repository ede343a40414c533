import type { Command } from 'commander';
import type { Invocation } from '../../io.js';
import { type OutputOptions, withOutputOptions } from '../../options.js';

export type MergeOptions = OutputOptions;

/** `licensim merge`: its arguments, options and help; the work loads from `./run.js` when it runs. */
export function registerMerge(program: Command, invocation: Invocation): void {
  withOutputOptions(
    program
      .command('merge')
      .argument('<partials...>', 'partial results written by simulate --replications N --shard i/n')
      .description(
        'Combine the shards of a replicated simulation into the report of one unsharded run, byte for byte.',
      ),
  )
    .addHelpText(
      'after',
      [
        '',
        'Example:',
        '  licensim simulate s.yaml --replications 40 --shard 1/2 --out part1.json',
        '  licensim simulate s.yaml --replications 40 --shard 2/2 --out part2.json',
        '  licensim merge part1.json part2.json --format json',
        '',
        'Every shard of the same scenario, seed and replication count must be given once (exit 2 otherwise).',
      ].join('\n'),
    )
    .action(async (files: string[], options: MergeOptions) => {
      const { merge } = await import('./run.js');
      invocation.exitCode = await merge(files, options, invocation.io);
    });
}
