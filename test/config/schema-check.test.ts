import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/config/diagnostics.js';
import { ScenarioDocument } from '../../src/config/schema/scenario.js';
import { checkSchema, PATTERN_HINT } from '../../src/config/schema-check.js';
import { compileSchema } from '../../src/config/schema-compiler.js';
import { parseYamlSource } from '../../src/config/yaml-source.js';

const check = (schema: object, text: string) =>
  checkSchema(parseYamlSource('p.yaml', text), compileSchema(schema)).map(formatDiagnostic);

const pool = {
  type: 'object',
  properties: { id: { type: 'string', description: 'Pool name.' }, size: { type: 'number', minimum: 0 } },
  required: ['id'],
  additionalProperties: false,
};
const policy = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        licenses: { type: 'array' },
        pools: { type: 'array', items: pool },
        limits: {
          type: 'object',
          properties: { overLimit: { enum: ['deny', 'allow-and-alert', 'restrict'] } },
        },
      },
      additionalProperties: false,
    },
  },
};

describe('checkSchema', () => {
  it('returns nothing for a valid document', () => {
    expect(check(policy, 'spec:\n  pools:\n    - id: a\n')).toEqual([]);
  });

  it("locates an unknown key at the key's line and column and lists the allowed keys", () => {
    expect(check(policy, 'spec:\n  pools: []\n  bogusTopLevelKey: 1\n')).toEqual([
      "p.yaml:3:3: unknown key 'bogusTopLevelKey' in spec (allowed: licenses, pools, limits)",
    ]);
  });

  it('suggests the allowed key closest to a misspelt one', () => {
    expect(check(policy, 'spec:\n  pool: []\n')).toEqual([
      "p.yaml:2:3: unknown key 'pool' in spec; did you mean 'pools'? (allowed: licenses, pools, limits)",
    ]);
  });

  it('reports a missing required key at the node that lacks it', () => {
    expect(check(policy, 'spec:\n  pools:\n    - size: 1\n')).toEqual([
      "p.yaml:3:7: spec.pools[0]: missing required key 'id' (Pool name)",
    ]);
  });

  it('names the allowed values of an enum and the value found', () => {
    expect(check(policy, 'spec:\n  limits:\n    overLimit: block\n')).toEqual([
      "p.yaml:3:16: spec.limits.overLimit: must be one of deny, allow-and-alert, restrict (got 'block')",
    ]);
  });

  it('names the expected type and the type found', () => {
    expect(check(policy, "spec:\n  pools:\n    - id: a\n      size: '12'\n")).toEqual([
      "p.yaml:4:13: spec.pools[0].size: must be a number (got string '12')",
    ]);
  });

  it('reports an empty value as empty, at its key', () => {
    expect(check(policy, 'spec:\n')).toEqual(['p.yaml:1:1: spec: must be a mapping (got an empty value)']);
  });

  it('states the limit of minimum, and a pattern by its hint or else its description', () => {
    const schema = {
      type: 'object',
      properties: {
        size: { type: 'number', minimum: 0 },
        every: { type: 'string', pattern: '^P\\d+D$', [PATTERN_HINT]: 'a duration in days such as P30D' },
        code: { type: 'string', pattern: '^[A-Z]\\d+$', description: 'A rule ID such as W1.' },
      },
    };
    expect(check(schema, 'size: -1\nevery: 30 days\ncode: w1\n')).toEqual([
      'p.yaml:1:7: size: must be at least 0 (got -1)',
      "p.yaml:2:8: every: must be a duration in days such as P30D (got '30 days')",
      "p.yaml:3:7: code: must be a string matching /^[A-Z]\\d+$/ (got 'w1'). A rule ID such as W1.",
    ]);
  });

  it('names the expected format', () => {
    const schema = { type: 'object', properties: { day: { type: 'string', format: 'date' } } };
    expect(check(schema, 'day: 2026-13-01\n')).toEqual([
      "p.yaml:1:6: day: must be a date such as 2026-03-02 (got '2026-13-01')",
    ]);
  });

  it('reports every problem at once, sorted by position', () => {
    const text = 'spec:\n  limits:\n    overLimit: block\n  pools:\n    - size: x\n  extra: 1\n';
    expect(check(policy, text)).toEqual([
      "p.yaml:3:16: spec.limits.overLimit: must be one of deny, allow-and-alert, restrict (got 'block')",
      "p.yaml:5:7: spec.pools[0]: missing required key 'id' (Pool name)",
      "p.yaml:5:13: spec.pools[0].size: must be a number (got string 'x')",
      "p.yaml:6:3: unknown key 'extra' in spec (allowed: licenses, pools, limits)",
    ]);
  });

  it('reports the same problem at the same place only once', () => {
    const schema = { allOf: [{ required: ['a'] }, { required: ['a'] }] };
    expect(check(schema, 'b: 1\n')).toEqual(["p.yaml:1:1: top level: missing required key 'a'"]);
  });

  it('checks nothing when the YAML itself could not be read', () => {
    expect(checkSchema(parseYamlSource('p.yaml', 'a: 1\na: 2\n'), compileSchema({ type: 'string' }))).toEqual(
      [],
    );
  });
});

describe('checkSchema on unions (anyOf / oneOf)', () => {
  const moment = {
    anyOf: [
      { type: 'string', pattern: '^P\\d+D$', [PATTERN_HINT]: 'an offset such as P2D' },
      { type: 'string', format: 'date-time' },
    ],
  };

  it('gives one message listing what each alternative accepts', () => {
    expect(check({ type: 'object', properties: { at: moment } }, 'at: soon\n')).toEqual([
      "p.yaml:1:5: at: must be an offset such as P2D, or a date-time with offset such as 2026-03-02T08:00:00Z (got 'soon')",
    ]);
  });

  it('merges unions of constants into one list of allowed values', () => {
    const state = { oneOf: [{ enum: ['trial', 'active'] }, { const: 'none' }] };
    expect(check({ type: 'object', properties: { s: state } }, 's: expired\n')).toEqual([
      "p.yaml:1:4: s: must be one of trial, active, none (got 'expired')",
    ]);
  });

  const event = (type: string, field: string) => ({
    type: 'object',
    properties: { type: { const: type }, [field]: { type: 'integer' } },
    required: ['type', field],
    additionalProperties: false,
  });
  const events = {
    type: 'object',
    properties: {
      events: { type: 'array', items: { oneOf: [event('connect', 'count'), event('fail', 'site')] } },
    },
  };

  it('explains a union of mappings through the alternative its discriminating key selects', () => {
    expect(check(events, 'events:\n  - type: connect\n    count: many\n')).toEqual([
      "p.yaml:3:12: events[0].count: must be a whole number (got string 'many')",
    ]);
  });

  it('lists the discriminating values when none matches', () => {
    expect(check(events, 'events:\n  - type: explode\n')).toEqual([
      "p.yaml:2:11: events[0].type: must be one of connect, fail (got 'explode')",
    ]);
  });

  it('names titled alternatives when no single one fits best', () => {
    const schema = {
      type: 'object',
      properties: {
        s: {
          anyOf: [
            { title: 'an X form', type: 'object', required: ['x'] },
            { title: 'a Y form', type: 'object', required: ['y'] },
          ],
        },
      },
    };
    expect(check(schema, 's: {z: 1}\n')).toEqual([
      'p.yaml:1:4: s: does not match any of the allowed forms: an X form or a Y form',
    ]);
  });

  it('says when a value matches more than one oneOf alternative', () => {
    const schema = {
      type: 'object',
      properties: { n: { oneOf: [{ type: 'number' }, { type: 'integer' }] } },
    };
    expect(check(schema, 'n: 3\n')).toEqual([
      'p.yaml:1:4: n: matches more than one of the allowed forms (alternative 1 and alternative 2); make it match exactly one',
    ]);
  });

  it('follows $ref alternatives to the errors inside them', () => {
    const schema = {
      definitions: { Pool: pool },
      type: 'object',
      properties: { p: { anyOf: [{ $ref: '#/definitions/Pool' }, { type: 'string' }] } },
    };
    expect(check(schema, 'p: {id: a, size: -2}\n')).toEqual([
      'p.yaml:1:18: p.size: must be at least 0 (got -2)',
    ]);
  });
});

describe('checkSchema: a wrong value in an expectation names the value, not a key', () => {
  const expectation = (entry: string) =>
    checkSchema(
      parseYamlSource(
        's.yaml',
        `apiVersion: licensim/v1\nkind: Scenario\nmetadata: { name: s }\nspec:\n  policy: p.yaml\n  start: 2026-05-04T08:00:00Z\n  duration: P1D\n  expect:\n    - ${entry}\n`,
      ),
      compileSchema(ScenarioDocument),
    ).map((d) => d.message);

  it("alert: usage-crit is reported against the alert form, with 'usage-critical' suggested", () => {
    const [message, ...rest] = expectation('{ alert: usage-crit }');
    expect(rest).toEqual([]);
    expect(message).toMatch(
      /^spec\.expect\[0\]\.alert: must be one of .* \(got 'usage-crit'\); did you mean 'usage-critical'\?$/,
    );
    expect(message).not.toContain("unknown key 'alert'");
  });

  it("state: actve and transition to: expird suggest 'active' and 'expired'", () => {
    expect(expectation('{ at: PT1H, state: actve }')).toEqual([
      expect.stringMatching(/^spec\.expect\[0\]\.state: .*; did you mean 'active'\?$/),
    ]);
    expect(expectation('{ transition: { to: expird } }')).toEqual([
      expect.stringMatching(/^spec\.expect\[0\]\.transition\.to: .*; did you mean 'expired'\?$/),
    ]);
  });
});
