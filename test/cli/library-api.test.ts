import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../support/cli.js';

/**
 * The CLI uses the library as any user would: every name it imports from outside src/cli is one that
 * src/index.ts exports. It imports each from the module defining it, not through the index, so that the
 * bundler gives each command only the modules it needs: through the index, `validate` of a policy loaded
 * the simulator, the audit readers and 1.8 MB of code.
 */

const src = join(root, 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `module (relative to src, no extension)` → names imported or exported from it in `text`. */
function namesByModule(text: string, from: string, keyword: 'import' | 'export'): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const pattern = new RegExp(`${keyword}\\s+(?:type\\s+)?\\{([^}]*)\\}\\s+from\\s+'(\\.[^']+)'`, 'g');
  for (const [, names, specifier] of text.matchAll(pattern)) {
    const module = relative(src, join(dirname(from), specifier!)).replace(/\.js$/, '');
    const list = names!
      .split(',')
      .map((n) => n.trim().replace(/^type\s+/, ''))
      .filter((n) => n !== '');
    found.set(module, [...(found.get(module) ?? []), ...list]);
  }
  return found;
}

const publicApi = namesByModule(readFileSync(join(src, 'index.ts'), 'utf8'), join(src, 'index.ts'), 'export');

describe('the CLI and the library API', () => {
  const cliFiles = filesUnder(join(src, 'cli'));

  it('imports from outside src/cli only names src/index.ts exports from the same module', () => {
    const outsideApi: string[] = [];
    for (const file of cliFiles) {
      for (const [module, names] of namesByModule(readFileSync(file, 'utf8'), file, 'import')) {
        if (module.startsWith('cli/')) continue;
        for (const name of names)
          if (!publicApi.get(module)?.includes(name))
            outsideApi.push(`${relative(root, file)}: ${name} from ${module}`);
      }
    }
    expect(outsideApi).toEqual([]);
  });

  it('never imports the index itself, which would give every command the whole library', () => {
    const throughIndex = cliFiles.filter((file) =>
      /from\s+'(\.\.\/)+index\.js'|import\('(\.\.\/)+index\.js'\)/.test(readFileSync(file, 'utf8')),
    );
    expect(throughIndex.map((f) => relative(root, f))).toEqual([]);
  });

  it('sees the imports it checks (the check would pass vacuously on a pattern that matches nothing)', () => {
    const validate = readFileSync(join(src, 'cli/commands/validate/run.ts'), 'utf8');
    expect(
      namesByModule(validate, join(src, 'cli/commands/validate/run.ts'), 'import').get('model/load'),
    ).toEqual(['loadDocument']);
  });
});
