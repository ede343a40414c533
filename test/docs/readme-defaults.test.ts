import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stateDefaults, stateNames } from '../../src/vocabulary.js';

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
});
