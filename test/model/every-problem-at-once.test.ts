import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/config/diagnostics.js';
import { parseYamlSource } from '../../src/config/yaml-source.js';
import { documentFrom } from '../../src/model/load.js';
import { prepareScenario } from '../../src/run/simulate.js';
import { writeFixture } from '../support/build.js';

/**
 * Issue "Fit for CI and for newcomers": validate reports every independent problem at once. A problem the
 * schema finds no longer hides the semantic ones that do not depend on it.
 */

const problemsOf = (text: string) => {
  const { loaded, diagnostics } = documentFrom(parseYamlSource('doc.yaml', text));
  return { loaded, found: diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`) };
};

const policy = (spec: string) =>
  `apiVersion: licensim/v1\nkind: Policy\nmetadata: { name: p }\nspec:\n${spec.replace(/^/gm, '  ')}\n`;

describe('every problem at once', () => {
  it('a missing timeZone, a negative count and an unknown license are all reported', () => {
    const { loaded, found } = problemsOf(
      policy(
        'licenses: [{ id: key-500, count: -5, term: perpetual }]\npools: [{ id: shared, licenses: [key-5OO] }]',
      ),
    );
    expect(found).toEqual([
      "5:3: spec: missing required key 'timeZone' (IANA time zone in which license dates are read, e.g. Europe/Paris)",
      "5:14: license 'key-500' is in no pool; list it in one pool's licenses",
      '5:36: spec.licenses[0].count: must be at least 0 (got -5)',
      "6:36: unknown license 'key-5OO'; did you mean 'key-500'? (known: key-500)",
    ]);
    expect(loaded).toBeUndefined();
  });

  it('a misspelt key does not hide an unknown site or an end before the start', () => {
    const { found } = problemsOf(
      policy(
        [
          'timeZone: UTC',
          'sites: [{ id: paris }]',
          'licenses: [{ id: k, count: 5, term: subscription, start: 2026-01-01, end: 2025-12-31 }]',
          'pools: [{ id: shared, licenses: [k], sites: [pari] }]',
          'limits: { overLimt: deny }',
        ].join('\n'),
      ),
    );
    expect(found).toEqual([
      "6:11: site 'paris' draws on no pool; list it in one pool's sites",
      '7:77: end 2025-12-31 is before start 2026-01-01',
      "8:48: unknown site 'pari'; did you mean 'paris'? (known: paris)",
      "9:13: unknown key 'overLimt' in spec.limits; did you mean 'overLimit'? (allowed: perUserSessions, idleTimeout, overLimit, limitMessage)",
    ]);
  });

  it('what stands in for a rejected value adds no problem of its own: no pool total, no missing end date', () => {
    const { found } = problemsOf(
      policy(
        [
          'timeZone: UTC',
          'licenses:',
          '  - { id: a, count: 20000000, term: perpetual }',
          '  - { id: b, count: 9000000, term: perpetual }',
          '  - { id: c, count: 5, term: subscription, end: 2025-13-01 }',
          'pools: [{ id: shared, licenses: [a, b, c] }]',
        ].join('\n'),
      ),
    );
    // Read as written, a + b would exceed a pool's 10,000,000 sessions, and c would lack its end date.
    expect(found).toEqual([
      '7:23: spec.licenses[0].count: must be at most 10000000 (got 20000000)',
      "9:51: spec.licenses[2].end: must be a date such as 2026-03-02 (years 0001 to 9999) (got '2025-13-01')",
    ]);
  });

  it('a rejected value that other checks read (a site id) stops the semantic checks', () => {
    const { found } = problemsOf(
      policy(
        [
          'timeZone: UTC',
          'sites: [{ id: "paris 1" }]',
          'licenses: [{ id: k, count: 5, term: perpetual }]',
          'pools: [{ id: shared, licenses: [k, unknown], sites: [lyon] }]',
        ].join('\n'),
      ),
    );
    // The pool's references cannot be judged while a site id is unreadable: no "unknown site" guess.
    expect(found).toEqual([expect.stringMatching(/^6:17: spec\.sites\[0\]\.id: must be a string matching/)]);
  });

  it('a scenario with a misspelt key still reports its semantic problems', () => {
    const { loaded, found } = problemsOf(
      [
        'apiVersion: licensim/v1',
        'kind: Scenario',
        'metadata: { name: s }',
        'spec:',
        '  policy: p.yaml',
        '  start: 2026-05-04T08:00:00Z',
        '  duration: P0D',
        '  seeed: 3',
      ].join('\n'),
    );
    expect(found).toEqual([
      '7:13: the scenario must last longer than zero',
      "8:3: unknown key 'seeed' in spec; did you mean 'seed'? (allowed: policy, policies, start, duration, seed, load, sessions, timeline, expect)",
    ]);
    expect(loaded).toBeUndefined();
  });

  it('a scenario with an error of its own still has the policy it names checked', async () => {
    const dir = await writeFixture({
      'policy.yaml': policy(
        'licenses: [{ id: k, count: 5, term: perpetual }]\npools: [{ id: shared, licenses: [k] }]',
      ),
      'scenario.yaml': [
        'apiVersion: licensim/v1',
        'kind: Scenario',
        'metadata: { name: s }',
        'spec:',
        '  policy: policy.yaml',
        '  start: 2026-05-04T08:00:00Z',
        '  duration: P1D',
        '  seeed: 3',
      ].join('\n'),
    });
    try {
      const error = await prepareScenario(join(dir, 'scenario.yaml')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      const found = (error as InputError).diagnostics.map(
        (d) => `${d.file.slice(dir.length + 1)}: ${d.message}`,
      );
      expect(found).toEqual([
        "policy.yaml: spec: missing required key 'timeZone' (IANA time zone in which license dates are read, e.g. Europe/Paris)",
        "scenario.yaml: unknown key 'seeed' in spec; did you mean 'seed'? (allowed: policy, policies, start, duration, seed, load, sessions, timeline, expect)",
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
