/**
 * Two replicas on PostgreSQL against one on SQLite: how fast /lambda-audit is acknowledged and
 * answered when 50 commands arrive at once, and what the digest's claims cost.
 *
 *   npx tsx bench/replicas.ts [commands=50]
 *
 * `lambda-audit serve` runs as its own process(es) (the sources through tsx's loader), with
 * every command recorded in the store before its ack; a throwaway PostgreSQL server is started
 * as the tests start it (test/support/postgres-server.ts). The fakes run in this process: AWS
 * with 50 ms added to every call, Slack taking the answers. Commands go round-robin to the
 * replicas, over 20 functions, all at once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { EVENTS_PATH } from '../src/slack/app.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { startFakeAws } from '../test/fakes/aws/index.js';
import { CREDENTIALS, REGION, testWorld } from '../test/fakes/aws/test-world.js';
import { sendSlashCommand, startFakeSlack } from '../test/fakes/slack/index.js';
import { startPostgresServer } from '../test/support/postgres-server.js';

const AWS_LATENCY_MS = 50;
const FUNCTIONS = 20;
const SECRET = 'bench-signing-secret';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIGESTS = 100;
const PARTS = 4;

interface Serve {
  child: ChildProcess;
  port: number;
}

async function startServe(env: Record<string, string>): Promise<Serve> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines = createInterface({ input: child.stderr as NodeJS.ReadableStream });
  for await (const line of lines) {
    const entry = JSON.parse(line) as { msg?: string; port?: number };
    if (entry.msg === 'listening') return { child, port: Number(entry.port) };
  }
  throw new Error('lambda-audit serve did not start');
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return (
    sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

/** 50 commands at once over `replicas`: their acks and the time to each audit's answer. */
async function burst(label: string, databaseUrls: string[], commands: number): Promise<string> {
  const aws = await startFakeAws({ world: testWorld(FUNCTIONS), latencyMs: AWS_LATENCY_MS });
  const answered = new Map<string, () => void>();
  const slack = await startFakeSlack({
    onResponse: (post) => {
      if (JSON.stringify(post.body).includes('Lambda audit:')) answered.get(post.id)?.();
    },
  });
  const replicas = await Promise.all(
    databaseUrls.map((url, i) =>
      startServe({
        DATABASE_URL: url,
        REPLICA_ID: `bench-${i}`,
        AWS_REGION: REGION,
        AUDIT_REGIONS: REGION,
        AWS_ENDPOINT_URL: aws.url,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        SLACK_BOT_TOKEN: 'xoxb-bench',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
      }),
    ),
  );
  const names = [
    'orders-api',
    ...Array.from({ length: FUNCTIONS - 1 }, (_, i) => `fn-${String(i).padStart(3, '0')}`),
  ];
  const run = async (prefix: string, i: number) => {
    const id = `${prefix}${i}`;
    const arrived = new Promise<void>((resolve) => answered.set(id, resolve));
    const replica = replicas[i % replicas.length] as Serve;
    const t0 = performance.now();
    const sent = await sendSlashCommand(`http://127.0.0.1:${replica.port}${EVENTS_PATH}`, SECRET, {
      text: names[i % names.length] as string,
      response_url: `${slack.url}/response/${id}`,
    });
    await arrived;
    return { ack: sent.ms, status: sent.status, answer: performance.now() - t0 };
  };
  try {
    // Warm-up: JIT, sockets, pools, the SDK's first credential resolution.
    await Promise.all(Array.from({ length: 20 }, (_, i) => run('warm', i)));
    const results = await Promise.all(Array.from({ length: commands }, (_, i) => run('burst', i)));
    const acks = results.map((r) => r.ack);
    const answers = results.map((r) => r.answer);
    const failed = results.filter((r) => r.status !== 200).length;
    return `${label}: ${commands} commands at once\n  ack    p50 ${ms(percentile(acks, 50))}  p99 ${ms(percentile(acks, 99))}  (non-200: ${failed})\n  answer p50 ${ms(percentile(answers, 50))}  p99 ${ms(percentile(answers, 99))}`;
  } finally {
    for (const replica of replicas) {
      replica.child.kill('SIGTERM');
      await once(replica.child, 'exit');
    }
    await slack.close();
    await aws.close();
  }
}

/** Posting DIGESTS digests of PARTS parts, store calls only: with the claims, and without them. */
async function claimCost(label: string, store: Store): Promise<string> {
  const payload = '{}';
  const seed = async (slot: string) => {
    await store.claimDigestSlot({ slotKey: slot, channel: 'C', owner: 'builder', leaseMs: 60_000 });
    await store.writeDigest(slot, 'builder', null, payload);
  };
  const time = async (claims: boolean) => {
    const slots = Array.from(
      { length: DIGESTS },
      (_, i) => `${claims ? 'c' : 'p'}-${String(i).padStart(4, '0')}`,
    );
    for (const slot of slots) await seed(slot);
    const t0 = performance.now();
    for (const slot of slots) {
      if (claims) await store.claimDigestPost({ slotKey: slot, owner: 'bench', leaseMs: 20_000 });
      for (let part = 0; part < PARTS; part++) {
        if (claims) await store.digestPartStarting(slot, 'bench', part, 20_000);
        await store.digestProgress(slot, part + 1, '1.1');
      }
      await store.markDigestPosted(slot);
    }
    return (performance.now() - t0) / DIGESTS;
  };
  const without = await time(false);
  const withClaims = await time(true);
  return `${label}: ${ms(withClaims)} a ${PARTS}-part digest in store calls (${ms(without)} without the claims): +${ms(withClaims - without)}`;
}

const commands = Number(process.argv[2] ?? 50);
const server = await startPostgresServer();
try {
  const sqliteUrl = `file:${join(mkdtempSync(join(tmpdir(), 'lambda-audit-bench-')), 'audit.db')}`;
  const lines = [
    `lambda-audit replicas bench on ${process.platform}/${process.arch}, node ${process.version}, ${cpus().length} CPUs; fake AWS +${AWS_LATENCY_MS} ms per call`,
    await burst('one replica on SQLite', [sqliteUrl], commands),
    await burst('two replicas on PostgreSQL', [server.url, server.url], commands),
  ];
  for (const [label, url] of [
    ['SQLite', `file:${join(mkdtempSync(join(tmpdir(), 'lambda-audit-bench-')), 'digest.db')}`],
    ['PostgreSQL', server.url],
  ] as const) {
    const store = await openStore(url);
    lines.push(await claimCost(`digest claims on ${label}`, store));
    await store.close();
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  server.stop();
}
