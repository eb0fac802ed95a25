// `npm run docs:fields`: writes the field table generated from the bench schema into
// docs/format.md, between its markers (src/bench/field-table.test.ts fails until it is run
// after a change to the schema's tables).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fieldTableMarkdown, withFieldTable } from '../src/bench/field-table';

const file = join(import.meta.dirname, '..', 'docs', 'format.md');
const before = readFileSync(file, 'utf8');
const after = withFieldTable(before, fieldTableMarkdown());
if (after === before) console.log('docs/format.md: the field table is up to date.');
else {
  writeFileSync(file, after);
  console.log('docs/format.md: the field table was rewritten from src/bench/bench-schema.ts.');
}
