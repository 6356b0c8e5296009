// Regenerates docs/checks.md, the check catalog, from the registry.
// Run: npm run catalog
import { mkdirSync, writeFileSync } from 'node:fs';
import { checks } from '../src/checks/index.js';
import { packagePath } from '../src/paths.js';
import { catalogMarkdown } from '../src/render/catalog.js';

mkdirSync(packagePath('docs'), { recursive: true });
writeFileSync(packagePath('docs', 'checks.md'), catalogMarkdown(checks));
process.stdout.write('wrote docs/checks.md\n');
