import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { UsageError } from '../../exit-codes.js';

/** Scenario files among `paths`: files as given, folders searched recursively for YAML files of kind Scenario. */
export async function scenarioFiles(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info === null) throw new UsageError(`no such file or folder: ${path}`);
    if (info.isFile()) {
      found.push(path);
      continue;
    }
    const entries = (await readdir(path, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile() && ['.yaml', '.yml'].includes(extname(e.name)))
      .map((e) => join(e.parentPath, e.name))
      .sort();
    for (const file of entries) if (await isScenario(file)) found.push(file);
  }
  return found;
}

async function isScenario(file: string): Promise<boolean> {
  const text = await readFile(file, 'utf8');
  return /^kind:\s*Scenario\s*$/m.test(text);
}
