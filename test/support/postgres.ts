/**
 * Per-test PostgreSQL databases on the run's throwaway server (postgres-server.ts): each call
 * makes a fresh schema and returns a URL whose connections use it, so tests running in
 * parallel never see each other's rows. Schemas are dropped with the server at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export const postgresUrl = inject('postgresUrl');
export const postgresMissing = inject('postgresMissing');

/** A URL on a new, empty schema of the test server. */
export async function freshPostgresUrl(): Promise<string> {
  if (!postgresUrl) throw new Error(`no PostgreSQL server for the tests: ${postgresMissing}`);
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  const url = new URL(postgresUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
