// Writes the JSON Schemas in schemas/ from their TypeBox definitions in src/config/schema, the one source
// of truth for both the TypeScript types and the schemas editors and ajv read. A test checks they agree.
import { writeFileSync } from 'node:fs';
import { schemaFiles } from '../src/config/schema/files.js';

for (const { file, schema } of schemaFiles()) {
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${file}`);
}
