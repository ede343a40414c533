import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/config/diagnostics.js';
import { parseYamlSource } from '../../src/config/yaml-source.js';
import { documentFrom } from '../../src/model/load.js';
import { renderRunText } from '../../src/report/text.js';
import { executeRun } from '../../src/run/execute.js';
import { runReport } from '../../src/run/report.js';
import { prepareScenario } from '../../src/run/simulate.js';
import { policyYaml, runScenario, scenarioYaml, timedState } from '../support/build.js';

/**
 * P13: "Once every 3 months if there are no expiring licenses. Once a month if a license is expiring
 * within the next 3 months. Once a week if a license is expiring within the next 2 weeks. Once a day if a
 * license grace period is expiring within the next week." The downloads are trace records, and a key held
 * uninstalled with an `available` day is installed by the first download on or after it.
 */

const ZONE = 'America/New_York';
const local = (iso: string) => Date.parse(iso);

describe('P13: the key-download schedule', () => {
  it('P13: the bundled scenario downloads every 3 months, then monthly, weekly in the last two weeks, and daily a week before grace ends', async () => {
    const [run] = (await prepareScenario('scenarios/pulse-key-downloads.yaml')).runs;
    const { results } = await executeRun(run!);
    const downloads = results.keyDownloads.items.map((d) => [new Date(d.at).toISOString(), d.every]);
    expect(downloads).toEqual([
      ['2026-01-01T05:00:00.000Z', 'P3M'],
      ['2026-04-01T04:00:00.000Z', 'P1M'],
      ['2026-05-01T04:00:00.000Z', 'P1M'],
      ['2026-06-01T04:00:00.000Z', 'P1M'],
      // Two weeks before 1 July the weekly step begins: the download comes then, not a month on.
      ['2026-06-17T04:00:00.000Z', 'P7D'],
      ['2026-06-24T04:00:00.000Z', 'P7D'],
      ['2026-07-01T04:00:00.000Z', 'P3M'],
      // A week before the lab's grace period (from 1 July, P30D) ends, downloads would turn daily; the
      // first installs the lab's renewal, and nothing ends soon after it.
      ['2026-07-24T04:00:00.000Z', 'P3M'],
    ]);
    const installed = results.entitlements.items.filter((e) => e.action === 'downloaded');
    expect(installed.map((e) => [e.license, new Date(e.at).toISOString(), e.ruleIds])).toEqual([
      ['users-h2', '2026-06-24T04:00:00.000Z', 'P13'],
      ['lab-h2', '2026-07-24T04:00:00.000Z', 'P13'],
    ]);
    expect(results.fired.ruleIds).toContain('P13');
  });

  it('P13: a key bought after the last download waits for the next; on the plain 3-month schedule the pool expires first', async () => {
    const policy = (keyDownloads: object) =>
      policyYaml({
        timeZone: ZONE,
        licenses: [
          { id: 'a', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-03-31' },
          {
            id: 'b',
            kind: 'renewal',
            count: 10,
            term: 'subscription',
            start: '2026-04-01',
            end: '2026-06-30',
            installed: false,
            available: '2026-03-20',
          },
        ],
        pools: [{ id: 'main', licenses: ['a', 'b'] }],
        lifecycle: { states: { grace: timedState('P10D', 'expired') } },
        entitlements: { keyDownloads },
      });
    const scenario = scenarioYaml({ start: '2026-01-01T00:00:00-05:00', duration: 'P120D', seed: 1 });
    // The seed's schedule: monthly from the start (a ends within 3 months), weekly from 18 March, two weeks
    // before a ends, so the download of 25 March installs b in time.
    const tight = await runScenario(policy({}), scenario);
    expect(tight.of('transition').map((t) => t.to)).toEqual(['active']);
    expect(tight.of('entitlement').find((e) => e.action === 'downloaded')?.at).toBe(
      local('2026-03-25T04:00:00Z'),
    );
    // Every 3 months and nothing sooner: the next download after 1 January is 1 April, the instant a
    // ends, so the pool falls into grace and leaves it at that same instant, when the download installs b.
    const plain = await runScenario(
      policy({ whenExpiring: [], whenGraceEnding: { within: 'P1D', every: 'P1D' } }),
      scenario,
    );
    expect(plain.of('transition').map((t) => [t.to, new Date(t.at).toISOString()])).toEqual([
      ['active', '2026-01-01T05:00:00.000Z'],
      ['grace', '2026-04-01T04:00:00.000Z'],
      ['active', '2026-04-01T04:00:00.000Z'],
    ]);
    const downloads = plain.of('key-download');
    expect(downloads.map((d) => [new Date(d.at).toISOString(), d.every])).toEqual([
      ['2026-01-01T05:00:00.000Z', 'P3M'],
      ['2026-04-01T04:00:00.000Z', 'P3M'],
    ]);
    expect(downloads[1]!.reason).toBe('no grace period within P1D');
    expect(downloads[0]!.next).toBe(downloads[1]!.at);
    // The run ends on 1 May: the download of 1 July falls after it.
    expect(downloads[1]!.next).toBeNull();
  });

  it('P13: a key with an available day must be held uninstalled, by a policy that downloads keys; downloads at most hourly', () => {
    const text = (license: string, entitlements: string) =>
      [
        'apiVersion: licensim/v1',
        'kind: Policy',
        'metadata: { name: keys }',
        'spec:',
        '  timeZone: UTC',
        '  licenses:',
        `    - ${license}`,
        '  pools: [{ id: main, licenses: [a] }]',
        entitlements,
        '',
      ].join('\n');
    const problems = (t: string) =>
      documentFrom(parseYamlSource('keys.yaml', t)).diagnostics.map(formatDiagnostic);
    const key = (installed: string) =>
      `{ id: a, count: 5, term: perpetual, ${installed}available: 2026-02-01 }`;
    expect(problems(text(key(''), '  entitlements: { keyDownloads: {} }'))).toEqual([
      "keys.yaml:7:54: available is the day 'a' can be downloaded: it needs installed: false (P13)",
    ]);
    expect(problems(text(key('installed: false, '), '  entitlements: {}'))).toEqual([
      "keys.yaml:7:72: 'a' is installed by a key download, and the policy has none: add entitlements.keyDownloads (P13)",
    ]);
    expect(
      problems(
        text(
          key('installed: false, '),
          '  entitlements: { keyDownloads: { every: PT5M, whenExpiring: [{ within: P1D, every: PT1S }] } }',
        ),
      ),
    ).toEqual([
      'keys.yaml:9:42: downloads every PT5M are too often: at least PT1H (products download daily, P1D)',
      'keys.yaml:9:85: downloads every PT1S are too often: at least PT1H (products download daily, P1D)',
    ]);
  });

  it('P13: the JSON report lists the downloads with the instant of the next, and the text report shows them', async () => {
    const [run] = (await prepareScenario('scenarios/pulse-key-downloads.yaml')).runs;
    const report = runReport(run!, await executeRun(run!), []);
    const downloads = report.entitlements?.keyDownloads?.downloads ?? [];
    expect(downloads).toHaveLength(8);
    expect(downloads[3]).toEqual({
      at: '2026-06-01T04:00:00.000Z',
      every: 'P1M',
      // Brought forward from 1 July: the weekly step begins two weeks before users-h1 ends.
      next: '2026-06-17T04:00:00.000Z',
      reason: 'users-h1 ends 2026-07-01 00:00 -04:00, within P3M',
    });
    expect(downloads.at(-1)?.next).toBeNull();
    const text = renderRunText(report);
    expect(text).toContain('  Key downloads (P13): 8\n');
    expect(text).toContain(
      '2026-06-17 00:00 -04:00  then every P7D: users-h1 ends 2026-07-01 00:00 -04:00, within P14D',
    );
  });
});
