/** What only the PostgreSQL backend does: migrations raced by replicas, a throwaway view, pooled transactions. */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openStore, openStoreCopy } from '../../src/store/open.js';
import { freshPostgresUrl, postgresMissing, postgresUrl } from '../support/postgres.js';
import { finding, report, scanOf } from './fixtures.js';

const publicInvoke = (arn: string) => finding('policy-public-invoke', arn, 'critical');

describe.skipIf(!postgresUrl)(`PostgreSQL${postgresUrl ? '' : ` (skipped: ${postgresMissing})`}`, () => {
  it('three replicas starting together migrate the database once', async () => {
    const url = await freshPostgresUrl();
    const stores = await Promise.all([openStore(url), openStore(url), openStore(url)]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT version FROM schema_version ORDER BY version');
    await client.end();
    expect(rows.map((r: { version: number }) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
    for (const store of stores) await store.close();
  });

  it('openStoreCopy sees the data and keeps nothing it writes', async () => {
    const url = await freshPostgresUrl();
    const real = await openStore(url);
    await real.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    const copy = await openStoreCopy(url);
    expect((await copy.findings())[0]?.state).toBe('open');
    await copy.recordScan(scanOf([report('a', [])]));
    expect((await copy.findings())[0]?.state).toBe('fixed');
    await copy.close();
    expect((await real.findings())[0]?.state).toBe('open');
    await real.close();
  });

  it('fails rather than hangs when the server cannot be reached', async () => {
    const url = new URL(postgresUrl);
    url.port = '1';
    await expect(openStore(url.toString())).rejects.toThrow();
  });
});
