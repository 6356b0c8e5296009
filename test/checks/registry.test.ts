import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountChecks, checks } from '../../src/checks/index.js';
import { CATEGORIES, SEVERITIES } from '../../src/model.js';
import { packagePath } from '../../src/paths.js';
import { catalogMarkdown } from '../../src/render/catalog.js';

function checkModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return checkModules(path);
    return entry.name.endsWith('.ts') && entry.name !== 'index.ts' ? [path] : [];
  });
}

describe('the check registry', () => {
  it.each(accountChecks.map((c) => [c.id, c] as const))(
    '%s (about an account and region) has a known severity, a fix and permissions',
    (_id, check) => {
      expect(SEVERITIES).toContain(check.severity);
      expect(check.remediation.length).toBeGreaterThan(10);
      expect(check.actions.length).toBeGreaterThan(0);
    },
  );

  it('lists each id once', () => {
    const ids = [...checks, ...accountChecks].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is the catalog in docs/checks.md (regenerate with `npm run catalog`)', () => {
    expect(readFileSync(packagePath('docs', 'checks.md'), 'utf8')).toBe(catalogMarkdown(checks));
  });

  it.each(checks.map((c) => [c.id, c] as const))('%s has a known default severity', (_id, check) => {
    expect(SEVERITIES).toContain(check.severity);
  });

  it.each(checks.map((c) => [c.id, c] as const))(
    '%s states its problem, risk, fix, data and permissions',
    (_id, check) => {
      expect(check.title).not.toMatch(/^Ensure/i);
      expect(check.title.length).toBeGreaterThan(10);
      expect(check.risk.length).toBeGreaterThan(10);
      expect(check.remediation.length).toBeGreaterThan(10);
      expect(check.actions.length).toBeGreaterThan(0);
      for (const action of check.actions) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
    },
  );

  it.each(checks.map((c) => [c.id, c] as const))(
    '%s declares its categories from the closed set',
    (_id, check) => {
      expect(check.categories.length).toBeGreaterThan(0);
      for (const category of check.categories) expect(CATEGORIES).toContain(category);
      expect(new Set(check.categories).size).toBe(check.categories.length);
    },
  );

  it.each([...checks, ...accountChecks].map((c) => [c.id, c] as const))(
    '%s has its own fires, silent and data-missing cases (test/checks/cases.ts)',
    (id, check) => {
      const module = checkModules(packagePath('src', 'checks')).find((path) => path.endsWith(`/${id}.ts`));
      expect(module, `src/checks/**/${id}.ts`).toBeDefined();
      const test = relative(packagePath(), module ?? '')
        .replace(/^src\//, 'test/')
        .replace(/\.ts$/, '.test.ts');
      const text = readFileSync(packagePath(test), 'utf8');
      // The cases are this check's: the name given to checkCases is imported from its own module.
      const given = /\b(?:checkCases|accountCheckCases)\((\w+)\)/.exec(text)?.[1];
      expect(given, `${test} takes its cases from checkCases/accountCheckCases`).toBeDefined();
      expect(text).toMatch(
        new RegExp(`import \\{[^}]*\\b${given}\\b[^}]*\\} from '[./]*/src/checks/[a-z]+/${id}\\.js'`),
      );
      // Without lambda:GetFunction there is no snapshot: the audit stops naming it
      // (test/e2e/deny-each-api.test.ts), so a check that reads nothing else has no data-missing case.
      const onlyConfiguration =
        check.actions.every((action) => action === 'lambda:GetFunction') &&
        !('dependsOn' in check && check.dependsOn);
      const kinds = onlyConfiguration ? ['fires', 'silent'] : ['fires', 'silent', 'dataMissing'];
      const missing = kinds.filter((kind) => !new RegExp(`\\b${kind}\\(`).test(text));
      expect(missing, test).toEqual([]);
    },
  );

  it('has a test file at the mirrored path for every check module', () => {
    const root = packagePath('src', 'checks');
    const untested = checkModules(root)
      .filter((path) => !/\/checks\/(check|[a-z-]*dates)\.ts$/.test(path) && !path.endsWith('-dates.ts'))
      .map((path) => relative(packagePath(), path))
      .filter((path) => {
        const test = path.replace(/^src\//, 'test/').replace(/\.ts$/, '.test.ts');
        return !existsSync(packagePath(test));
      });
    expect(untested).toEqual([]);
  });
});
