/**
 * A run's functions are read in code-unit order (compareReports) on a PostgreSQL database whose
 * own collation is a locale's, where `ORDER BY name` alone would put `alpha` before `Beta`. The
 * test server runs `--no-locale` (collation C, where that order is the default anyway), so this
 * test makes a database with a locale collation: the OS's first libc locale that is not C, or
 * else ICU's `en-US` (PostgreSQL 15 and later, built with ICU). It skips, saying why, only when
 * the server has neither. The page query is also EXPLAINed there: with sorts priced out, it walks
 * migration 6's index (COLLATE "C") instead of sorting, so the order costs no sort of the run.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditReport, compareReports } from '../../src/model.js';
import type { ScanUnit } from '../../src/scan-units.js';
import { openStore } from '../../src/store/open.js';
import { functionsPageSql } from '../../src/store/scan-units.js';
import { numberedPlaceholders } from '../../src/store/sql.js';
import type { Store } from '../../src/store/store.js';
import { postgresMissing, postgresUrl } from '../support/postgres.js';
import { ACCOUNT, finding, REGION, report, scanOf } from './fixtures.js';

const UNITS: ScanUnit[] = [
  { account: ACCOUNT, region: REGION },
  { account: ACCOUNT, region: 'us-east-1' },
];
/** Names whose locale order differs from their code-unit order, and enough more for two pages. */
const NAMES = [
  'Zeta',
  'alpha',
  'Beta',
  'beta_1',
  'beta-2',
  'beta1',
  ...Array.from({ length: 230 }, (_, i) => `fn-${i}`),
];

const functionsOf = (region: string): AuditReport[] =>
  NAMES.map((name) => report(name, (arn) => [finding('function-url-public', `${arn}#${name}`)], [], region));

/** How to make a database with a locale collation on this server, or why it cannot be made. */
async function localeDatabase(admin: pg.Client, name: string): Promise<string | null> {
  const libc = await admin.query<{ collcollate: string }>(
    `SELECT collcollate FROM pg_collation WHERE collprovider = 'c'
       AND collcollate NOT IN ('C', 'POSIX', 'C.utf8', 'C.UTF-8', 'ucs_basic') ORDER BY collname LIMIT 1`,
  );
  const locale = libc.rows[0]?.collcollate;
  if (locale)
    return `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE '${locale}' LC_CTYPE '${locale}'`;
  const version = Number((await admin.query<{ v: string }>('SHOW server_version_num')).rows[0]?.v);
  const icu = await admin.query("SELECT 1 FROM pg_collation WHERE collprovider = 'i' LIMIT 1");
  if (version >= 150_000 && icu.rowCount)
    return `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`;
  return null;
}

describe('reading a run in order on a database with a locale collation', () => {
  const name = `locale_${randomBytes(4).toString('hex')}`;
  let admin: pg.Client | null = null;
  let url = '';
  let missing = postgresUrl ? '' : `needs PostgreSQL: ${postgresMissing}`;
  let store: Store | null = null;

  beforeAll(async () => {
    if (missing) return;
    admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    const create = await localeDatabase(admin, name);
    if (!create) {
      missing = 'the server has no locale collation: no libc locale but C and POSIX, and no ICU';
      return;
    }
    await admin.query(create);
    const at = new URL(postgresUrl);
    at.pathname = `/${name}`;
    url = at.toString();
    store = await openStore(url);
  });

  afterAll(async () => {
    await store?.close();
    if (url) await admin?.query(`DROP DATABASE ${name}`);
    await admin?.end();
  });

  it('sorts text by its locale, unlike the code-unit order, unless asked for "C"', async (test) => {
    if (missing) test.skip(missing);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const byDefault = await db.query<{ lower: boolean }>("SELECT 'alpha' < 'Beta' AS lower");
      const byCodeUnit = await db.query<{ lower: boolean }>(`SELECT 'alpha' < 'Beta' COLLATE "C" AS lower`);
      expect(byDefault.rows[0]?.lower).toBe(true);
      expect(byCodeUnit.rows[0]?.lower).toBe(false);
    } finally {
      await db.end();
    }
  });

  it('reads the run page by page in compareReports order, each page a walk along the index', async (test) => {
    if (missing || !store) return test.skip(missing);
    const ledger = store.unitLedger;
    const run = await ledger.begin(UNITS);
    for (let unit = await ledger.claim(run, 'a', 60_000); unit; unit = await ledger.claim(run, 'a', 60_000)) {
      for (const r of functionsOf(unit.region)) await ledger.keep(run, unit, r);
      await ledger.complete(run, unit, 'a', scanOf([]), 5);
    }
    const read: AuditReport[] = [];
    let pages = 0;
    for await (const page of ledger.functions(run)) {
      read.push(...page);
      pages++;
    }
    const all = UNITS.flatMap((u) => functionsOf(u.region)).sort(compareReports);
    expect(pages).toBeGreaterThan(2);
    expect(read.map((r) => r.function.arn)).toEqual(all.map((r) => r.function.arn));

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      // With sorts and sequential scans priced out, a plan that cannot take the order from the
      // index still sorts; one that can walks it.
      await db.query('SET enable_sort = off');
      await db.query('SET enable_seqscan = off');
      const first = all[0] as AuditReport;
      for (const after of [false, true]) {
        const sql = numberedPlaceholders(functionsPageSql('postgres', { after }));
        const params = after ? [run, `${ACCOUNT}/${REGION}`, first.function.name, first.function.arn] : [run];
        const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        expect(plan).toContain('scan_unit_functions_in_order');
        expect(plan).not.toMatch(/\bSort\b/);
      }
    } finally {
      await db.end();
    }
  });
});
