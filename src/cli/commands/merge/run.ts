import { InputError } from '../../../config/diagnostics.js';
import { readTextFile } from '../../../config/text-file.js';
import { renderReplications } from '../../../report/replications-text.js';
import { mergePartials, type PartialFile } from '../../../run/merge.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { emit, toJson } from '../../output.js';
import type { MergeOptions } from './register.js';

/** A partial holds raw figures per replication: a million replications of a few pools fit well within. */
const MAX_PARTIAL_BYTES = 512 * 1024 * 1024;

/** Reads the partials, merges them and prints the report an unsharded run would have printed. */
export async function merge(files: readonly string[], options: MergeOptions, io: CliIo): Promise<ExitCode> {
  const read: PartialFile[] = [];
  for (const file of files) {
    const got = await readTextFile(file, MAX_PARTIAL_BYTES);
    const fault = (message: string, line = 1, column = 1) =>
      new InputError([{ file, line, column, severity: 'error', message }]);
    if ('failure' in got)
      throw fault(
        got.failure === 'unreadable' ? `cannot read: ${got.reason}` : `cannot read: ${got.failure}`,
        got.line,
        got.column,
      );
    try {
      read.push({ file, value: JSON.parse(got.text) });
    } catch {
      throw fault('not JSON: a partial is the JSON that simulate --replications N --shard i/n writes');
    }
  }
  const report = mergePartials(read);
  await emit(options.format === 'json' ? toJson(report) : renderReplications(report), options.out, io);
  return ExitCode.ok;
}
