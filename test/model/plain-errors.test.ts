import { mkdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYamlSource, readYamlFile } from '../../src/config/yaml-source.js';
import { bindRun } from '../../src/model/bind.js';
import { documentFrom } from '../../src/model/load.js';
import { policyFrom, policyYaml, scenarioFrom, scenarioYaml, writeFixture } from '../support/build.js';

/** Issue 6, "errors that name the real mistake": messages a newcomer meets first. */

let dir: string;
beforeAll(async () => {
  dir = await writeFixture({ 'empty.yaml': '' });
  await mkdir(join(dir, 'folder.yaml'));
  await symlink('loop-b.yaml', join(dir, 'loop-a.yaml'));
  await symlink('loop-a.yaml', join(dir, 'loop-b.yaml'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const messageOf = async (file: string) => {
  const source = await readYamlFile(join(dir, file));
  return documentFrom(source).diagnostics.map((d) => d.message);
};

const twoSites = policyFrom(
  policyYaml({
    timeZone: 'UTC',
    sites: [{ id: 'paris' }, { id: 'lyon' }],
    licenses: [{ id: 'key', count: 5, term: 'subscription', start: '2020-01-01', end: '2021-12-31' }],
    pools: [{ id: 'shared', licenses: ['key'], sites: ['paris', 'lyon'] }],
  }),
);
const scenario = (spec: object) =>
  scenarioFrom(scenarioYaml({ start: '2026-05-04T08:00:00Z', duration: 'P1D', ...spec } as never));

describe('errors in plain words', () => {
  it('an empty file, a folder, a missing file and a link loop each say what they are', async () => {
    expect(await messageOf('empty.yaml')).toEqual([expect.stringMatching(/^the file is empty/)]);
    expect(await messageOf('folder.yaml')).toEqual(['cannot read file: it is a folder, not a file']);
    expect(await messageOf('absent.yaml')).toEqual(['cannot read file: no such file']);
    expect(await messageOf('loop-a.yaml')).toEqual([
      expect.stringMatching(/too many levels of symbolic links/),
    ]);
  });

  it('a tab in indentation gives one message saying that YAML indents with spaces', () => {
    const source = parseYamlSource('tab.yaml', 'a:\n\tb: 1\n\tc:\n\t\t- x\n');
    expect(source.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual([
      '2:1: invalid YAML: a tab indents this line; YAML indents with spaces only',
    ]);
  });

  it('a load with no site in a multi-site policy is an error, not load sent to the first site', () => {
    const { scenario: s, source } = scenario({
      load: [{ users: 5, arrivals: { perHour: 2 }, holding: { mean: 'PT30M' } }],
    });
    const errors = bindRun(s, twoSites, source).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.message)).toEqual([
      "name the site this load arrives at: policy 'test-policy' has several (paris, lyon)",
    ]);
  });

  it('a pool whose licenses all ended before the start is a warning, unless the timeline renews one', () => {
    const plain = scenario({ sessions: [{ user: 'u', site: 'paris', at: 'PT1H', duration: 'PT1H' }] });
    const warnings = bindRun(plain.scenario, twoSites, plain.source).diagnostics;
    expect(warnings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(/pool 'shared' .* has ended before/),
      }),
    ]);
    const renewed = scenario({
      sessions: [{ user: 'u', site: 'paris', at: 'PT1H', duration: 'PT1H' }],
      timeline: [{ at: 'PT0S', renew: { license: 'key', end: '2027-12-31' } }],
    });
    expect(bindRun(renewed.scenario, twoSites, renewed.source).diagnostics).toEqual([]);
  });
});
