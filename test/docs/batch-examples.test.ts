import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { licensim } from '../support/cli.js';

/**
 * The batch examples (examples/batch/) run as written: each shard command of the GitHub Actions matrix and
 * of the Kubernetes Indexed Job, then the merge, give the report of one unsharded run byte for byte. Two
 * things change: the replications (8, not 200, to stay quick) and where partials are kept (a temporary
 * folder stands for the artifacts and the shared volume).
 */

const REPLICATIONS = '8';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licensim-batch-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs one command line of an example (`npx licensim …`) in process; partials go to `folder`. */
async function runLine(line: string, folder: string): Promise<void> {
  const words = line
    .replace('--replications 200', `--replications ${REPLICATIONS}`)
    .replaceAll('/results/', `${folder}/`)
    .replaceAll('partials/', `${folder}/`)
    .replace(/--out partial-/, `--out ${folder}/partial-`)
    .replace('--out replications.json', `--out ${folder}/replications.json`)
    .trim()
    .split(/\s+/);
  expect(words.slice(0, 2)).toEqual(['npx', 'licensim']);
  // Every file written lands in the temporary folder, never in the package.
  expect(words[words.indexOf('--out') + 1]!.startsWith(folder)).toBe(true);
  const out = await licensim(...words.slice(2));
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
}

async function unsharded(): Promise<string> {
  const out = await licensim(
    'simulate',
    'scenarios/wallix-4-sites-compare.yaml',
    '--replications',
    REPLICATIONS,
    '--format',
    'json',
  );
  expect(out.code).toBe(0);
  return out.stdout;
}

describe('batch examples: sharded replications merged', () => {
  it('the GitHub Actions matrix: one shard per job, then the merge job', async () => {
    const workflow = parse(await readFile('examples/batch/github-actions.yml', 'utf8'));
    const shardRun: string = workflow.jobs.shard.steps.find((s: { run?: string }) =>
      s.run?.includes('licensim simulate'),
    ).run;
    const mergeRun: string = workflow.jobs.merge.steps.find((s: { run?: string }) =>
      s.run?.includes('licensim merge'),
    ).run;
    const folder = join(dir, 'actions');
    const shards: number[] = workflow.jobs.shard.strategy.matrix.shard;
    expect(shards).toEqual([1, 2, 3, 4]);
    await mkdir(folder);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub Actions' expression syntax, not a template.
    const expression = '${{ matrix.shard }}';
    for (const shard of shards) await runLine(shardRun.replaceAll(expression, String(shard)), folder);
    await runLine(mergeRun, folder);
    expect(await readFile(join(folder, 'replications.json'), 'utf8')).toBe(await unsharded());
  });

  it('the Kubernetes Indexed Job: pod k runs shard k + 1, then the merge Job', async () => {
    const [shardJob, mergeJob] = parseAllDocuments(
      await readFile('examples/batch/kubernetes-indexed-job.yaml', 'utf8'),
    ).map((d) => d.toJS());
    expect(shardJob.spec.completionMode).toBe('Indexed');
    const shardArgs: string = shardJob.spec.template.spec.containers[0].args[0];
    const mergeArgs: string = mergeJob.spec.template.spec.containers[0].args[0];
    const folder = join(dir, 'kubernetes');
    await mkdir(folder);
    for (let index = 0; index < shardJob.spec.completions; index++) {
      // What sh does with $((JOB_COMPLETION_INDEX + 1)) in pod `index`.
      await runLine(shardArgs.replaceAll('$((JOB_COMPLETION_INDEX + 1))', String(index + 1)), folder);
    }
    await runLine(mergeArgs, folder);
    expect(await readFile(join(folder, 'replications.json'), 'utf8')).toBe(await unsharded());
  });
});
