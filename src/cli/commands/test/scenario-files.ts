import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { readYamlFile } from '../../../config/yaml-source.js';
import { UsageError } from '../../exit-codes.js';

/**
 * The files `licensim test` runs among `paths`: files as given, and every `.yaml`/`.yml` file under a
 * folder except policies. A file that is not a policy is a scenario or an error: a misspelt `kind`, a
 * YAML error or an unreadable file is run as a scenario and fails there with its located messages, rather
 * than being skipped while CI stays green.
 */
export async function scenarioFiles(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info === null) throw new UsageError(`no such file or folder: ${path}`);
    if (!info.isDirectory()) {
      found.push(path);
      continue;
    }
    const entries = (await readdir(path, { recursive: true, withFileTypes: true }))
      .filter((e) => !e.isDirectory() && ['.yaml', '.yml'].includes(extname(e.name)))
      .map((e) => join(e.parentPath, e.name))
      .sort();
    for (const file of entries) if (!(await isPolicy(file))) found.push(file);
  }
  return found;
}

async function isPolicy(file: string): Promise<boolean> {
  const { value } = await readYamlFile(file);
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Policy';
}
