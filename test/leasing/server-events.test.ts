import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputError } from '../../src/config/diagnostics.js';
import { prepareScenario } from '../../src/run/simulate.js';
import { writeFixture } from '../support/build.js';

async function errorsOf(lines: readonly string[]) {
  const policy = await readFile('policies/pulse-license-server-active-passive.yaml', 'utf8');
  const scenario = [
    'apiVersion: licensim/v1',
    'kind: Scenario',
    'metadata: { name: s }',
    'spec:',
    '  policy: ls.yaml',
    '  start: 2026-03-02T00:00:00Z',
    '  duration: P2D',
    ...lines,
    '',
  ].join('\n');
  const dir = await writeFixture({ 'ls.yaml': policy, 's.yaml': scenario });
  const error = await prepareScenario(join(dir, 's.yaml')).catch((e: unknown) => e);
  return (error as InputError).diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
}

describe('timeline events aimed at license servers', () => {
  it('P8, P9: each server event names a server that can have it, located at the name', async () => {
    const errors = await errorsOf([
      '  timeline:',
      '    - { at: PT1H, outage: { haLink: ls-active, duration: PT1H } }',
      '    - { at: PT1H, outage: { vendorCloud: ls-active, duration: PT1H } }',
      '    - { at: PT1H, outage: { haServer: ls-nope, duration: PT1H } }',
      '    - { at: PT1H, restore: { licenseServer: ls-passive } }',
    ]);
    expect(errors).toEqual([
      "9:37: license server 'ls-active' is one of an active/passive pair: a split (haLink) is of an active/active pair; an active/passive pair fails over (haServer) (P8)",
      "10:42: license server 'ls-active' is hardware; only a virtual server reports to the vendor cloud and is restored from a backup (P9)",
      "11:39: unknown license server of an HA pair 'ls-nope' in policy 'pulse-license-server-active-passive' (known: ls-active, ls-passive)",
      "12:45: license server 'ls-passive' is hardware; only a virtual server reports to the vendor cloud and is restored from a backup (P9)",
    ]);
  });

  it('P8: a state expectation names a license server of the policy, and not a pool beside it', async () => {
    expect(await errorsOf(['  expect:', '    - { server: ls-gone, at: PT1H, state: grace }'])).toEqual([
      "9:17: unknown license server 'ls-gone' in policy 'pulse-license-server-active-passive' (known: ls-active, ls-passive)",
    ]);
    expect(
      await errorsOf(['  expect:', '    - { server: ls-active, pool: boston, at: PT1H, state: grace }']),
    ).toEqual(['9:7: name a pool or a server, not both']);
  });
});
