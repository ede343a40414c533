import { PolicyDocument } from './policy.js';
import { Report } from './report.js';
import { ScenarioDocument } from './scenario.js';

/** The published JSON Schemas (draft-07, the best supported by YAML editors), keyed by their file in schemas/. */
export function schemaFiles(): { file: string; schema: object }[] {
  const entries: [string, string, object][] = [
    ['policy', 'licensim Policy', PolicyDocument],
    ['scenario', 'licensim Scenario', ScenarioDocument],
    ['report', 'licensim report (simulate and test --format json)', Report],
  ];
  return entries.map(([name, title, schema]) => ({
    file: `schemas/${name}.schema.json`,
    // JSON round trip drops TypeBox's symbol keys, leaving plain JSON Schema.
    schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      // A stable identifier, independent of where the file is served or checked out.
      $id: `urn:licensim:schema:${name}:v1`,
      title,
      ...JSON.parse(JSON.stringify(schema)),
    },
  }));
}
