import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../support/cli.js';

/**
 * The suite passes on a busy machine because no test judges speed: complexity is checked by counting
 * operations (events, lookups, pending events), and timings belong to the benchmark. A test that read
 * the wall clock to assert elapsed time would pass on an idle machine and fail on a loaded one.
 */

/** Ways to read the wall clock or time a span. */
const clockReads = ['performance.now(', 'Date.now(', 'process.hrtime', 'new Date()', 'console.time('];

async function testSources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|tsx|mjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('a suite that does not depend on the machine’s speed', () => {
  it('no test file reads the wall clock', async () => {
    const files = await testSources(join(root, 'test'));
    expect(files.length).toBeGreaterThan(40);
    const reads: string[] = [];
    for (const file of files) {
      // This file names the reads it looks for.
      if (file === new URL(import.meta.url).pathname) continue;
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines.forEach((line, i) => {
        const read = clockReads.find((r) => line.includes(r));
        if (read) reads.push(`${relative(root, file)}:${i + 1}: ${read}`);
      });
    }
    expect(reads).toEqual([]);
  });
});
