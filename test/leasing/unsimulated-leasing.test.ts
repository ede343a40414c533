import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputError } from '../../src/config/diagnostics.js';
import { prepareScenario } from '../../src/run/simulate.js';
import { writeFixture } from '../support/build.js';

describe('license-server features leasing does not simulate', () => {
  it('P4: a license-server outage on a leasing policy is refused: disconnected clients would auto-lease', async () => {
    const policy = await readFile('policies/pulse-license-server.yaml', 'utf8');
    const dir = await writeFixture({
      'ls.yaml': policy,
      's.yaml': [
        'apiVersion: licensim/v1',
        'kind: Scenario',
        'metadata: { name: s }',
        'spec:',
        '  policy: ls.yaml',
        '  start: 2026-03-02T00:00:00Z',
        '  duration: P1D',
        '  timeline: [{ at: PT1H, outage: { licenseServer: true, duration: PT2H } }]',
        '',
      ].join('\n'),
    });
    const error = await prepareScenario(join(dir, 's.yaml')).catch((e: unknown) => e);
    const errors = (error as InputError).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.line, d.message])).toEqual([
      [
        5,
        "policy 'pulse-license-server' relies on license-server features licensim does not simulate yet: a license-server outage disconnects its clients (auto-leasing, P4)",
      ],
    ]);
  });
});
