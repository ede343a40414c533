import { type Diagnostic, InputError } from '../config/diagnostics.js';
import {
  type ReplicationPartial,
  type ReplicationPlan,
  type ReplicationReport,
  type ReplicationValues,
  summariseReplications,
} from './replications.js';

/** A partial as read from its file, not yet trusted. */
export interface PartialFile {
  readonly file: string;
  readonly value: unknown;
}

const planKeys = ['scenario', 'file', 'seed', 'replications', 'warmUpHours', 'runs'] as const;

/**
 * Combines the partials of `simulate --replications N --shard i/n` into the report of one unsharded run
 * of N replications: the same figures, summarised in the same replication order, so the same bytes.
 * Throws InputError naming each file at fault: not a partial, of another plan, a shard given twice or
 * missing.
 */
export function mergePartials(files: readonly PartialFile[]): ReplicationReport {
  const problems: Diagnostic[] = [];
  const fault = (file: string, message: string) =>
    problems.push({ file, line: 1, column: 1, severity: 'error', message });
  const partials: { file: string; partial: ReplicationPartial['partial'] }[] = [];
  for (const { file, value } of files) {
    const partial = partialOf(value);
    if (partial === null)
      fault(file, 'not a partial result: write one with simulate --replications N --shard i/n');
    else partials.push({ file, partial });
  }
  if (problems.length > 0) throw new InputError(problems);
  const first = partials[0]!;
  const plan = Object.fromEntries(planKeys.map((k) => [k, first.partial[k]])) as unknown as ReplicationPlan;
  const count = first.partial.shard.count;
  const seen = new Map<number, string>();
  for (const { file, partial } of partials) {
    const differs = planKeys.find((k) => JSON.stringify(partial[k]) !== JSON.stringify(plan[k]));
    if (differs !== undefined) {
      fault(file, `its ${differs} differs from ${first.file}'s: the partials are of different runs`);
    } else if (partial.shard.count !== count) {
      fault(
        file,
        `it is shard ${partial.shard.index}/${partial.shard.count}, not one of ${count} like ${first.file}`,
      );
    } else if (seen.has(partial.shard.index)) {
      fault(
        file,
        `shard ${partial.shard.index}/${count} is given twice (also ${seen.get(partial.shard.index)})`,
      );
    } else {
      seen.set(partial.shard.index, file);
    }
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (problems.length === 0 && missing.length > 0) {
    fault(
      first.file,
      `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing`,
    );
  }
  if (problems.length > 0) throw new InputError(problems);
  const values: ReplicationValues[] = new Array(plan.replications);
  for (const { file, partial } of partials) {
    for (const v of partial.values) {
      if (!(v.index >= 0 && v.index < plan.replications) || values[v.index] !== undefined) {
        fault(file, `replication ${v.index} is out of range or given twice`);
      } else values[v.index] = v;
    }
  }
  const absent = values.length - values.filter((v) => v !== undefined).length;
  if (problems.length === 0 && absent > 0)
    fault(first.file, `${absent} replications are missing from the shards`);
  if (problems.length > 0) throw new InputError(problems);
  return summariseReplications(plan, values);
}

function partialOf(value: unknown): ReplicationPartial['partial'] | null {
  if (typeof value !== 'object' || value === null) return null;
  const { licensim, partial } = value as Partial<ReplicationPartial>;
  if (licensim !== 'v1' || typeof partial !== 'object' || partial === null) return null;
  const ok =
    typeof partial.shard?.index === 'number' &&
    typeof partial.shard.count === 'number' &&
    Array.isArray(partial.values) &&
    Array.isArray(partial.runs) &&
    typeof partial.replications === 'number';
  return ok ? partial : null;
}
