import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../src/config/yaml-source.js';
import { documentFrom } from '../../src/model/load.js';
import { DAY, HOUR, policyYaml, runScenario, timedState } from '../support/build.js';
import { cluster, scenario, T0 } from '../support/fixtures.js';

/** X4: a product that checks its license periodically notices a change of contact at a check. */

const checkedEvery = (interval: string) =>
  cluster(10, {
    lifecycle: {
      contactCheck: interval,
      states: { grace: timedState('P14D', 'restricted-access') },
      on: { contactLost: 'grace' },
    },
  });

const transitions = (r: Awaited<ReturnType<typeof runScenario>>) =>
  r.of('transition').map((t) => [t.at - T0, t.to, t.event, t.reason]);

describe('periodic license checks (X4)', () => {
  it('X4: a loss of contact is noticed at the first check that fails, its end at the first that succeeds', async () => {
    const r = await runScenario(
      checkedEvery('PT6H'),
      scenario([], [{ at: 'PT1H', outage: { licenseServer: true, duration: 'PT9H' } }]),
    );
    expect(transitions(r)).toEqual([
      [0, 'active', 'start', 'initial state'],
      [
        6 * HOUR,
        'grace',
        'CONTACT_LOST',
        'license check failed: license server unreachable (last successful check 2026-03-02 00:00 +00:00)',
      ],
      [12 * HOUR, 'active', 'CONTACT_RESTORED', 'license check succeeded after 0.5 days without contact'],
    ]);
  });

  it('X4: an outage between two checks goes unnoticed', async () => {
    const r = await runScenario(
      checkedEvery('P1D'),
      scenario([], [{ at: 'PT2H', outage: { licenseServer: true, duration: 'PT20H' } }], { duration: 'P3D' }),
    );
    expect(transitions(r)).toEqual([[0, 'active', 'start', 'initial state']]);
  });

  it('X4: the 14 days start at the failed check, and the partner is told the days since the last good one', async () => {
    const r = await runScenario(
      checkedEvery('P1D'),
      scenario([], [{ at: 'PT10H', outage: { licenseServer: true, duration: 'P15D' } }], {
        duration: 'P20D',
      }),
    );
    expect(transitions(r).map(([at, to, event]) => [at, to, event])).toEqual([
      [0, 'active', 'start'],
      [DAY, 'grace', 'CONTACT_LOST'],
      [15 * DAY, 'restricted-access', 'timeout'],
      [16 * DAY, 'active', 'CONTACT_RESTORED'],
    ]);
    expect(transitions(r).at(-1)?.[3]).toBe('license check succeeded after 16 days without contact');
  });

  it('X4: without periodic checks, contact is lost and restored at the instants of the outage', async () => {
    const r = await runScenario(
      cluster(10, {
        lifecycle: { states: { grace: timedState('P14D', 'expired') }, on: { contactLost: 'grace' } },
      }),
      scenario([], [{ at: 'PT1H', outage: { licenseServer: true, duration: 'PT9H' } }]),
    );
    expect(transitions(r).map(([at, to]) => [at, to])).toEqual([
      [0, 'active'],
      [HOUR, 'grace'],
      [10 * HOUR, 'active'],
    ]);
  });

  it('X4: a check more often than hourly is a located error', () => {
    const text = policyYaml({
      timeZone: 'UTC',
      licenses: [{ id: 'key', count: 10, term: 'perpetual' }],
      pools: [{ id: 'pool', licenses: ['key'] }],
      lifecycle: { contactCheck: 'PT30M' },
    });
    const { loaded, diagnostics } = documentFrom(parseYamlSource('p.yaml', text));
    expect(loaded).toBeUndefined();
    expect(diagnostics.map((d) => `${d.line}: ${d.message}`)).toEqual([
      expect.stringMatching(/^\d+: contactCheck must be at least PT1H \(got PT30M\)/),
    ]);
    const line = text.split('\n').findIndex((l) => l.includes('contactCheck')) + 1;
    expect(diagnostics[0]!.line).toBe(line);
  });
});
