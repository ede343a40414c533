import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { licenseServerDefaults, stateDefaults, stateNames } from '../../src/vocabulary.js';

describe('README: defaults', () => {
  it('the table of what each state allows by default is what the policy model uses', () => {
    const readme = readFileSync('README.md', 'utf8');
    const rows = readme
      .split('\n')
      .filter((l) => /^\| (trial|active|grace|restricted-access|expired) \|/.test(l))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    expect(rows.map((r) => r[0])).toEqual([...stateNames]);
    for (const [state, newSessions, existingSessions, message] of rows) {
      const d = stateDefaults[state as (typeof stateNames)[number]];
      expect({ state, newSessions, existingSessions, message }).toEqual({
        state,
        newSessions: d.newSessions,
        existingSessions: d.existingSessions,
        message: d.message || `No new sessions while ${state}`,
      });
    }
  });

  it('the table of license-server defaults is what the fleet model uses, every default listed once', () => {
    const readme = readFileSync('README.md', 'utf8');
    const rows = readme
      .split('\n')
      .filter((l) => /^\| `(leasing|ha|heartbeat)\./.test(l))
      .map((l) => l.split('|').map((c) => c.trim().replaceAll('`', '')));
    // `leasing.autoLease.penalty` names defaults.autoLease.penalty; `leasing.renewEvery` defaults.leasing.renewEvery.
    const inTable = rows.map(([, setting, value]) => {
      const path = setting!.split('.');
      const [section, key] = path.length === 3 ? [path[1]!, path[2]!] : [path[0]!, path[1]!];
      return [section, key, value];
    });
    const expected = Object.entries(licenseServerDefaults).flatMap(([section, values]) =>
      Object.entries(values).map(([key, value]) => [
        section,
        key,
        typeof value === 'number' ? `${value * 100}%` : value,
      ]),
    );
    expect(inTable).toEqual(expected);
  });
});
