import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INSTANT_PATTERN, MAX_INSTANT_MS, MIN_INSTANT_MS, parseInstant } from '../../src/config/instant.js';
import { formatInstant } from '../../src/model/time.js';
import { scenarioFrom } from '../support/build.js';
import { START, scenario } from '../support/fixtures.js';

// Issue 7, findings 1 and 5: one grammar for instants, read alike by the schema and the model.

const session = { user: 'u', at: 'PT1H', duration: 'PT1H' };

describe('instants: one grammar for the schema and the model (issue 7, finding 1)', () => {
  it('a leap second as the scenario start is a located error, never 1970', () => {
    expect(() => scenarioFrom(scenario([session], [], { start: '2026-06-30T23:59:60Z' }))).toThrow(
      /mem\/scenario\.yaml:\d+:\d+: spec\.start: must be an instant .*seconds 00 to 59.*\(got '2026-06-30T23:59:60Z'\)/,
    );
  });

  it('a space for T in the scenario start is a located error, never 1970', () => {
    expect(() => scenarioFrom(scenario([session], [], { start: '2026-06-30 10:00:00Z' }))).toThrow(
      /mem\/scenario\.yaml:\d+:\d+: spec\.start: must be an instant .*a T between date and time/,
    );
  });

  it('a leap second or a space for T in a timeline `at` is a located error, never the scenario start', () => {
    for (const at of ['2026-03-02T23:59:60Z', '2026-03-02 10:00:00Z']) {
      const upgrade = { at, upgrade: { license: 'key', count: 150 } };
      expect(() => scenarioFrom(scenario([session], [upgrade], { duration: 'P2D' }))).toThrow(
        new RegExp(
          `spec\\.timeline\\[0\\]\\.at: must be an ISO 8601 duration .* or an instant .*\\(got '${at}'\\)`,
        ),
      );
    }
  });

  it('an instant written with an offset runs at that instant', () => {
    const { scenario: s } = scenarioFrom(
      scenario([{ ...session, at: '2026-03-02T09:30:00+01:00' }], [], { start: '2026-03-02T01:00:00+01:00' }),
    );
    expect(formatInstant(s.startMs)).toBe('2026-03-02T00:00:00.000Z');
    expect(formatInstant(s.sessions[0]!.atMs)).toBe('2026-03-02T08:30:00.000Z');
  });

  it('parseInstant refuses what the grammar refuses: leap seconds, a space, 24:00, 30 February, 29 February 2027', () => {
    for (const text of [
      '2026-06-30T23:59:60Z',
      '2026-06-30 10:00:00Z',
      '2026-06-30t10:00:00z',
      '2026-06-30T24:00:00Z',
      '2026-02-30T00:00:00Z',
      '2027-02-29T00:00:00Z',
      '2026-06-30T10:00:00',
      '0000-01-01T00:00:00Z',
      '+010000-01-01T00:00:00Z',
    ]) {
      expect(parseInstant(text), text).toBeNull();
    }
    expect(parseInstant('2028-02-29T00:00:00Z')).toBe(Date.UTC(2028, 1, 29));
    expect(parseInstant('2000-02-29T12:00:00.5Z')).toBe(Date.UTC(2000, 1, 29, 12, 0, 0, 500));
  });

  it('years before 100 are read as written, not as 19xx', () => {
    expect(formatInstant(parseInstant('0099-03-01T00:00:00Z')!)).toBe('0099-03-01T00:00:00.000Z');
  });

  it('the schema pattern and parseInstant agree on every instant a report can print, and read it exactly', () => {
    const pattern = new RegExp(INSTANT_PATTERN);
    fc.assert(
      fc.property(fc.integer({ min: MIN_INSTANT_MS, max: MAX_INSTANT_MS }), (ms) => {
        const text = formatInstant(ms);
        expect(pattern.test(text)).toBe(true);
        expect(parseInstant(text)).toBe(ms);
      }),
      { numRuns: 500 },
    );
  });

  it('what the schema pattern accepts, parseInstant reads, unless its offset leaves years 0001–9999', () => {
    const pattern = new RegExp(INSTANT_PATTERN);
    const two = (n: number) => String(n).padStart(2, '0');
    const texts = fc
      .record({
        y: fc.integer({ min: 0, max: 9999 }),
        mo: fc.integer({ min: 0, max: 13 }),
        d: fc.integer({ min: 0, max: 32 }),
        h: fc.integer({ min: 0, max: 24 }),
        s: fc.integer({ min: 0, max: 60 }),
        offset: fc.constantFrom('Z', '+01:00', '-23:59', '+24:00'),
      })
      .map(
        ({ y, mo, d, h, s, offset }) =>
          `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}T${two(h)}:00:${two(s)}${offset}`,
      );
    fc.assert(
      fc.property(texts, (text) => {
        const ms = parseInstant(text);
        const edge = text.startsWith('0001-01-01') || text.startsWith('9999-12-31');
        if (!pattern.test(text)) expect(ms).toBeNull();
        else if (!edge) expect(ms).not.toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
});

describe('instants stay within years 0001–9999 (issue 7, finding 5)', () => {
  it('a scenario ending past 9999-12-31 is a located error at its duration', () => {
    expect(() =>
      scenarioFrom(scenario([], [], { start: '9999-12-31T23:00:00Z', duration: 'P100Y' })),
    ).toThrow(
      /mem\/scenario\.yaml:\d+:\d+: the scenario would end after 9999-12-31T23:59:59\.999Z \(9999-12-31T23:00:00Z \+ P100Y\)/,
    );
  });

  it('a start whose offset moves it before year 0001 is a located error', () => {
    expect(() => scenarioFrom(scenario([], [], { start: '0001-01-01T00:30:00+01:00' }))).toThrow(
      /mem\/scenario\.yaml:\d+:\d+: '0001-01-01T00:30:00\+01:00' is not an instant licensim can run/,
    );
  });

  it('an expectation moment past 9999 is a located error', () => {
    const text = scenario([session], [], {
      start: '9999-12-01T00:00:00Z',
      duration: 'P1D',
      expect: [{ at: 'P100D', state: 'active' }],
    });
    expect(() => scenarioFrom(text)).toThrow(
      /mem\/scenario\.yaml:\d+:\d+: P100D is after 9999-12-31T23:59:59\.999Z/,
    );
  });

  it('the start of the fixtures is still read as written', () => {
    expect(scenarioFrom(scenario([session])).scenario.startMs).toBe(Date.parse(START));
  });
});
