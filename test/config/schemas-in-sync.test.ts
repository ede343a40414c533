import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { schemaFiles } from '../../src/config/schema/files.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const yamlFiles = ['policies', 'scenarios'].flatMap((folder) =>
  readdirSync(join(root, folder))
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .map((f) => `${folder}/${f}`),
);

describe('published JSON Schemas', () => {
  it.each(schemaFiles().map((s) => [s.file, s.schema] as const))(
    '%s is what `npm run schemas` writes from the TypeBox definitions',
    (file, schema) => {
      const committed = readFileSync(join(root, file), 'utf8');
      expect(JSON.parse(committed)).toEqual(schema);
      expect(committed).toBe(`${JSON.stringify(schema, null, 2)}\n`);
    },
  );

  it('every schema in schemas/ is one that `npm run schemas` writes (none left over)', () => {
    const written = schemaFiles().map((s) => s.file);
    const present = readdirSync(join(root, 'schemas'))
      .filter((f) => f.endsWith('.schema.json'))
      .map((f) => `schemas/${f}`);
    expect(present.sort()).toEqual([...written].sort());
  });

  it.each(yamlFiles)('%s names its schema in a yaml-language-server modeline', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const modeline = /^# yaml-language-server: \$schema=(\S+)\s*$/m.exec(text);
    expect(modeline, `${file} has no '# yaml-language-server: $schema=' line`).not.toBeNull();
    const target = resolve(dirname(join(root, file)), modeline![1]!);
    expect(existsSync(target), `${file} points at ${modeline![1]}, which does not exist`).toBe(true);
    const kind = /^kind:\s*(\w+)/m.exec(text)?.[1]?.toLowerCase();
    expect(target).toBe(join(root, 'schemas', `${kind}.schema.json`));
  });

  it.each(schemaFiles().map((s) => [s.file, s.schema] as const))(
    '%s has a stable $id and describes every key it defines',
    (file, schema) => {
      const name = /schemas\/(\w+)\.schema\.json$/.exec(file)![1];
      expect((schema as { $id?: string }).$id).toBe(`urn:licensim:schema:${name}:v1`);
      const undescribed: string[] = [];
      const walk = (node: unknown, path: string): void => {
        if (typeof node !== 'object' || node === null) return;
        const n = node as Record<string, unknown>;
        for (const [key, value] of Object.entries((n.properties ?? {}) as Record<string, unknown>)) {
          if (!(value as { description?: string }).description) undescribed.push(`${path}.${key}`);
          walk(value, `${path}.${key}`);
        }
        if (n.items) walk(n.items, `${path}[]`);
        for (const k of ['anyOf', 'oneOf', 'allOf'])
          for (const branch of (n[k] ?? []) as unknown[]) walk(branch, path);
        if (typeof n.additionalProperties === 'object') walk(n.additionalProperties, `${path}{}`);
      };
      walk(schema, '');
      expect(undescribed).toEqual([]);
    },
  );
});
