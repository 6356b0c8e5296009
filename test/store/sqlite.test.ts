/** What only the SQLite backend does: files, in-memory copies, DATABASE_URL spellings, migrations on a file. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { openStore, openStoreCopy, sqlitePath } from '../../src/store/open.js';
import { SqliteSql } from '../../src/store/sqlite-sql.js';
import { finding, report, scanOf } from './fixtures.js';

const clock = () => new Date('2026-03-02T09:00:00.000Z');
const publicInvoke = (arn: string) => finding('policy-public-invoke', arn, 'critical');

describe('migrations', () => {
  it('brings a new database to the latest version once, and records each step', async () => {
    const db = new BetterSqlite3(':memory:');
    const sql = new SqliteSql(db);
    expect(await migrate(sql)).toBe(MIGRATIONS.length);
    expect(await migrate(sql)).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT version FROM schema_version').all()).toHaveLength(MIGRATIONS.length);
    db.close();
  });

  it('rolls a failing migration back whole, leaving the previous version', async () => {
    const db = new BetterSqlite3(':memory:');
    const sql = new SqliteSql(db);
    await migrate(sql);
    const broken = [
      ...MIGRATIONS,
      { version: 99, name: 'broken', sql: 'CREATE TABLE x (a INT); SELECT nope FROM nowhere;' },
    ];
    await expect(migrate(sql, broken)).rejects.toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'x'").get()).toBeUndefined();
    expect(await migrate(sql)).toBe(MIGRATIONS.length);
    db.close();
  });
});

describe('files', () => {
  it('creates the folder of a file: URL, and keeps data across reopening', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const url = `file:${join(dir, 'nested', 'audit.db')}`;
    const a = await openStore(url, { now: clock });
    await a.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    await a.close();
    const b = await openStore(url, { now: clock });
    expect(await b.findings()).toHaveLength(1);
    await b.close();
  });

  it('openStoreCopy never creates or writes the real file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const path = join(dir, 'audit.db');
    const missing = await openStoreCopy(`file:${path}`);
    await missing.recordScan(scanOf([report('a', [])]));
    await missing.close();
    expect(existsSync(path)).toBe(false);
    const real = await openStore(`file:${path}`);
    await real.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    const copy = await openStoreCopy(`file:${path}`);
    expect((await copy.findings())[0]?.state).toBe('open');
    await copy.recordScan(scanOf([report('a', [])]));
    await copy.close();
    expect((await real.findings())[0]?.state).toBe('open');
    await real.close();
  });

  it.each([
    ['file:./data/lambda-audit.db', './data/lambda-audit.db'],
    [':memory:', ':memory:'],
    ['file::memory:', ':memory:'],
    ['file:///var/lib/la.db', '/var/lib/la.db'],
  ])('reads DATABASE_URL %s as %s', (url, path) => {
    expect(sqlitePath(url)).toBe(path);
  });

  it('refuses another scheme with a line naming DATABASE_URL', () => {
    expect(() => sqlitePath('mysql://db/audit')).toThrow(/DATABASE_URL/);
  });
});
