import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildContext, copySources, isIgnored, parseDockerignore } from '../../scripts/docker-context.js';
import { packagePath } from '../../src/paths.js';

const root = packagePath();
const patterns = parseDockerignore(readFileSync(packagePath('.dockerignore'), 'utf8'));

describe('.dockerignore, read as Docker reads it', () => {
  it('anchors patterns at the root, lets ** cross folders and ! bring files back', () => {
    const rules = parseDockerignore('*.db\n**/*.log\ntest\n!test/fakes\ntest/fakes/**/*.test.ts\n/dist/\n');
    expect(isIgnored(rules, 'local.db')).toBe(true);
    expect(isIgnored(rules, 'data/local.db')).toBe(false);
    expect(isIgnored(rules, 'a/b/c.log')).toBe(true);
    expect(isIgnored(rules, 'test/e2e/scan.test.ts')).toBe(true);
    expect(isIgnored(rules, 'test/fakes/aws/server.ts')).toBe(false);
    expect(isIgnored(rules, 'test/fakes/aws/iam.test.ts')).toBe(true);
    expect(isIgnored(rules, 'dist/src/main.js')).toBe(true);
  });

  it('keeps local databases, secrets, installed and built trees out of every folder', () => {
    for (const path of [
      'data/lambda-audit.db',
      'data/lambda-audit.db-wal',
      'var/x.db',
      'node_modules/pg/index.js',
      'test/fakes/node_modules/x/index.js',
      'dist/src/main.js',
      '.git/HEAD',
      'config/.env',
      '.env.production',
      'lambda-audit-0.1.0.tgz',
      'bench/org-scan.ts',
    ])
      expect(isIgnored(patterns, path), path).toBe(true);
  });

  it('sends what the Dockerfile copies from the context, and little else', () => {
    const context = buildContext(root).map((f) => f.path);
    const sources = copySources(readFileSync(packagePath('Dockerfile'), 'utf8'));
    expect(sources).toContain('package-lock.json');
    const missing = sources.filter((s) => !context.some((path) => path === s || path.startsWith(`${s}/`)));
    expect(missing).toEqual([]);
    expect(context.filter((path) => /(^|\/)(node_modules|dist|\.git)\/|\.db|\.env/.test(path))).toEqual([]);
    const bytes = buildContext(root).reduce((sum, f) => sum + f.bytes, 0);
    expect(bytes).toBeLessThan(10 * 1024 * 1024);
  });
});

describe('the published package', () => {
  it('ships the data files the CLI reads, and no local database', () => {
    const [pack] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: root,
        encoding: 'utf8',
      }),
    ) as [{ files: { path: string }[] }];
    const paths = pack.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['data/iam-actions.json', 'data/runtimes.json', 'bin/lambda-audit.js']),
    );
    expect(paths.filter((path) => /\.db/.test(path))).toEqual([]);
  });
});
