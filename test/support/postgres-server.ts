/**
 * A throwaway PostgreSQL server for the test run (vitest globalSetup): initdb into a temporary
 * folder, start it on a free loopback port, hand its URL to the tests (`inject('postgresUrl')`),
 * stop it and delete the folder at the end. Real PostgreSQL, no mocks: the store suite and the
 * replica tests run against it.
 *
 * initdb and postgres refuse to run as root; as root they run as the `postgres` user (the
 * Debian package creates it) on a folder that user owns. Under CI=true a server that cannot
 * start fails the run; elsewhere the PostgreSQL tests skip, saying why.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server's URL (database `postgres`, user `postgres`); empty when it is not running. */
    postgresUrl: string;
    /** Why there is no server (empty when there is one). */
    postgresMissing: string;
  }
}

/** Where the server's programs are: PG_BIN, Debian's /usr/lib/postgresql/<major>/bin, or PATH. */
function binDir(): string | null {
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const majors = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (majors[0]) return join(root, majors[0], 'bin');
  }
  try {
    const found = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
    return found ? join(found, '..') : null;
  } catch {
    return null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Runner {
  run(program: string, args: string[]): void;
  /** Gives the folder to whoever runs the server. */
  own(path: string): void;
}

/** As root: everything as the `postgres` user, via runuser. Otherwise: as ourselves. */
function runner(bin: string): Runner {
  const asRoot = process.getuid?.() === 0;
  const quiet = { stdio: 'pipe' as const, timeout: 60_000 };
  if (!asRoot) return { run: (p, a) => void execFileSync(join(bin, p), a, quiet), own: () => undefined };
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return {
    run: (p, a) => void execFileSync('runuser', ['-u', 'postgres', '--', join(bin, p), ...a], quiet),
    own: (path) => chownSync(path, uid, gid),
  };
}

function describeFailure(error: unknown): string {
  const e = error as { message?: string; stderr?: Buffer | string };
  const stderr = e.stderr ? String(e.stderr).trim().split('\n').slice(-3).join(' | ') : '';
  return `${e.message ?? String(error)}${stderr ? ` (${stderr})` : ''}`;
}

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  /** Stops the server and deletes its folder. */
  stop(): void;
}

/**
 * Starts a throwaway server (for the tests, and for bench/replicas.ts). Throws, saying why, when
 * there is no PostgreSQL to start or it would not start.
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = binDir();
  if (!bin) throw new Error('no initdb found (install the postgresql package, or set PG_BIN)');
  const dir = mkdtempSync(join(tmpdir(), 'lambda-audit-pg-'));
  const data = join(dir, 'data');
  const pg = runner(bin);
  const stop = () => {
    try {
      pg.run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Not running (start failed): nothing to stop.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    pg.own(dir);
    pg.run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    const port = await freePort();
    // Durability off: the cluster dies with the run. Sockets in our folder, TCP on loopback only.
    const options = [
      `-p ${port}`,
      '-h 127.0.0.1',
      `-k ${dir}`,
      '-F',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c shared_buffers=32MB',
      '-c max_connections=300',
    ].join(' ');
    pg.run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '30', 'start']);
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
  } catch (error) {
    stop();
    throw new Error(`could not start a server from ${bin}: ${describeFailure(error)}`);
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  try {
    const server = await startPostgresServer();
    project.provide('postgresUrl', server.url);
    project.provide('postgresMissing', '');
    return server.stop;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    if (process.env.CI === 'true') throw new Error(`PostgreSQL for the tests: ${why}`);
    console.warn(`PostgreSQL tests skipped: ${why}`);
    project.provide('postgresUrl', '');
    project.provide('postgresMissing', why);
    return () => undefined;
  }
}
