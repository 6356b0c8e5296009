/**
 * How fast the Slack app acknowledges /lambda-audit, and how long its answer and update take.
 *
 *   npx tsx bench/slack-ack.ts [requests=1000]     (BENCH_STORE=postgres: the store on PostgreSQL)
 *
 * Three processes, as in production: `lambda-audit serve` (the real Bolt app in HTTP mode with
 * signature verification, and the real engine), compiled as `npm run build` would and run with
 * plain node (tsx's loader would add its own cost to every lazy require), alone in one; the fakes
 * (bench/slack-ack-fakes.ts: AWS with 50 ms added to every call, and Slack taking the answers) in
 * another; this one only sends signed requests and times them, so neither fake's work shows up in
 * the figures. Slack gives an app 3 s to ack; the goal here is p99 <= 50 ms.
 *
 * 1. Ack: `requests` signed commands, one after another, rotating over 20 functions, so audits
 *    (and their response_url posts) keep running in the background as they would under use.
 * 2. Answer: 20 commands, each for a function whose role (and its customer-managed policy) no
 *    audit has read yet, as a first audit in Slack is, each sent when the app is idle (and its
 *    quota buckets full: IDLE_MS). Timed from
 *    send to the first answer at the fake response_url (everything but IAM's last-accessed job),
 *    and to the update that replaces it with the unused services once the job is done.
 *
 * Floors, from the fake's log of each answer's calls (bench/call-chain.ts): the first answer's is
 * its longest chain of dependent calls x 50 ms (goal: within 1.3x); the update's is the job's own
 * time: the calls it waited for, its own, and the reader's waits between polls (goal: within it,
 * plus rendering and the post). An answer that waited for no job (it finished first) has no update.
 *
 * Nothing waits forever: a command with no answer (or an early answer with no update) after
 * STUCK_MS is reported as stuck, with what arrived for it and its last AWS calls, and the bench
 * exits 1.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENTS_PATH, HEALTH_PATH } from '../src/slack/app.js';
import type { FakeAwsCall } from '../test/fakes/aws/index.js';
import { CREDENTIALS, REGION } from '../test/fakes/aws/test-world.js';
import { sendSlashCommand } from '../test/fakes/slack/index.js';
import { startPostgresServer } from '../test/support/postgres-server.js';
import { callGraph, chainName, isJobCall, jobChain, jobPolls } from './call-chain.js';
import { benchWorld, type Fakes, type Post, startFakes } from './slack-ack-fakes.js';

const AWS_LATENCY_MS = 50;
const FUNCTIONS = 20;
const ANSWERS = 20;
const SECRET = 'bench-signing-secret';
/**
 * How long the app is left idle before each timed answer: Lambda's control plane allows 15
 * calls/s (lambda:*) with a second's worth of burst, and an audit makes about 7 of them, so
 * answers sent back to back drain the bucket and end up paced at 15/s, measuring the quota,
 * not the answer. A second refills it, as for a first audit in Slack.
 */
const IDLE_MS = 1_000;
/** How long a command may go without its answer (or an early answer without its update). */
const STUCK_MS = 15_000;
const ANSWER: Post['kind'][] = ['early', 'complete'];
const UPDATE: Post['kind'][] = ['update', 'update-failed'];

const epochNow = () => performance.timeOrigin + performance.now();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Compiles the app into a temporary folder (never the repository's dist/), with links to the
 * repository's node_modules. Null when the build produced no main.js; the bench then runs the
 * sources through tsx and says so.
 */
function build(): string | null {
  const out = mkdtempSync(join(tmpdir(), 'lambda-audit-bench-'));
  // tsc still emits when some other file has a type error; main.js existing is what counts.
  spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json', '--outDir', out], {
    cwd: ROOT,
  });
  if (!existsSync(join(out, 'src', 'main.js'))) return null;
  symlinkSync(join(ROOT, 'node_modules'), join(out, 'node_modules'));
  // The package root is where package.json is: the data files tsc does not emit (the IAM action
  // catalog, read at run time) go beside it.
  for (const name of readdirSync(join(ROOT, 'data'))) {
    if (name.endsWith('.json') && !existsSync(join(out, 'data', name)))
      symlinkSync(join(ROOT, 'data', name), join(out, 'data', name));
  }
  writeFileSync(
    join(out, 'package.json'),
    JSON.stringify({ name: 'lambda-audit', version: '0.0.0', type: 'module' }),
  );
  return out;
}

/** `lambda-audit serve`, configured only through its environment. */
async function startServe(
  fakes: Fakes,
  built: string | null,
  databaseUrl: string | null,
): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const prof = process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [];
  const entry = built ? [join(built, 'src', 'main.js')] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, [...prof, ...entry, 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL: fakes.aws,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fakes.slackApi,
      PORT: String(port),
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let tries = 0; ; tries++) {
    const up = await fetch(`http://127.0.0.1:${port}${HEALTH_PATH}`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { port, child };
    if (tries > 300 || child.exitCode !== null) throw new Error('lambda-audit serve did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (n: number) => `${n.toFixed(1)} ms`;
  return `${label}\n  n=${sorted.length}  min ${f(sorted[0] ?? Number.NaN)}  p50 ${f(percentile(sorted, 50))}  p95 ${f(percentile(sorted, 95))}  p99 ${f(percentile(sorted, 99))}  max ${f(sorted.at(-1) ?? Number.NaN)}`;
}

/** One command of the answer phase: when it was sent, its first answer and update, its calls. */
interface Answered {
  sent: number;
  first: Post;
  update: Post | null;
  /** The calls answered between its send and its last post. */
  calls: FakeAwsCall[];
}

/** What arrived for a command that got stuck, and the AWS calls answered last before the timeout. */
function stuckReport(fakes: Fakes, id: string, since: number, waitedFor: string): string {
  const posts = fakes.posts(id).map((p) => `${p.kind} +${(p.at - since).toFixed(0)} ms`);
  const calls = fakes.calls
    .filter((c) => c.arrived >= since)
    .slice(-8)
    .map((c) => `${c.api} +${(c.arrived - since).toFixed(0)}..${(c.answered - since).toFixed(0)}`);
  return `STUCK ${id}: no ${waitedFor} after ${STUCK_MS} ms; arrived: ${posts.join(', ') || 'nothing'}; last calls: ${calls.join(', ') || 'none'}`;
}

/** Sends commands for `names` one at a time, each when the previous one's answer (and update) are in. */
async function answerPhase(
  fakes: Fakes,
  send: (text: string, id: string) => Promise<unknown>,
  names: readonly string[],
  stuck: string[],
): Promise<Answered[]> {
  const out: Answered[] = [];
  for (const [i, name] of names.entries()) {
    const id = `answer${i}`;
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const sent = epochNow();
    await send(name, id);
    const first = await fakes.arrival(id, ANSWER, STUCK_MS);
    if (!first) {
      stuck.push(stuckReport(fakes, id, sent, 'answer'));
      continue;
    }
    const update = first.kind === 'early' ? await fakes.arrival(id, UPDATE, STUCK_MS) : null;
    if (first.kind === 'early' && !update) stuck.push(stuckReport(fakes, id, sent, 'update'));
    if (update?.kind === 'update-failed')
      stuck.push(`FAILED ${id}: the update says the job could not be read`);
    const end = (update ?? first).at;
    const calls = fakes.calls.filter((c) => c.arrived >= sent && c.answered <= end);
    out.push({ sent, first, update, calls });
  }
  return out;
}

/** The first answers and the updates against their floors (chains from the call logs), in lines. */
function answerLines(answered: readonly Answered[]): string[] {
  const firstCalls = answered.map((a) => a.calls.filter((c) => c.answered <= a.first.at && !isJobCall(c)));
  const chain = callGraph(firstCalls).longest();
  const chainMs = chain.length * AWS_LATENCY_MS;
  const firsts = answered.map((a) => a.first.at - a.sent);
  const updated = answered.filter((a) => a.update);
  const jobs = callGraph(updated.map((a) => a.calls));
  const updates: number[] = [];
  const overJob: number[] = [];
  const afterJob: number[] = [];
  let jobShape = '';
  for (const a of updated) {
    const polls = jobPolls(a.calls);
    const at = a.update?.at ?? 0;
    updates.push(at - a.sent);
    if (!polls) continue;
    const job = jobChain(jobs, polls.polls);
    const floor = job.chain.length * AWS_LATENCY_MS + job.waitsMs;
    jobShape ||= `${chainName(job.chain)}, ${job.chain.length} calls x ${AWS_LATENCY_MS} ms + ${job.waitsMs} ms of waits between polls = ${floor} ms`;
    overJob.push(at - a.sent - floor);
    afterJob.push(at - polls.doneAt);
  }
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  return [
    summary(
      `first answer at response_url (all but IAM's last-accessed job), app idle, fake AWS +${AWS_LATENCY_MS} ms per call, roles not yet read`,
      firsts,
    ),
    `  its longest chain of dependent calls (from the fake's call logs of the ${firstCalls.length} answers): ${chainName(chain)}, ${chain.length} calls = ${chainMs} ms`,
    `  answer / chain: p50 ${(pct(firsts, 50) / chainMs).toFixed(2)}x, p95 ${(pct(firsts, 95) / chainMs).toFixed(2)}x (goal <= 1.3x)`,
    summary('update replacing it with the unused services (the job done)', updates),
    `  ${answered.length - updated.length} of ${answered.length} answers were complete at once (the job ended first: no update)`,
    jobShape
      ? `  the job's own time: ${jobShape}; update - that: p50 ${ms(pct(overJob, 50))}, p95 ${ms(pct(overJob, 95))}`
      : '  no update to compare with the job',
    afterJob.length
      ? `  update after the job's last poll was answered: p50 ${ms(pct(afterJob, 50))}, p95 ${ms(pct(afterJob, 95))}`
      : '',
  ];
}

const pct = (samples: readonly number[], p: number) =>
  percentile(
    [...samples].sort((a, b) => a - b),
    p,
  );

async function main(requests: number): Promise<number> {
  const built = build();
  const worldPath = join(tmpdir(), `lambda-audit-bench-world-${process.pid}.json`);
  writeFileSync(worldPath, JSON.stringify(benchWorld(FUNCTIONS, ANSWERS)));
  const fakes = await startFakes(worldPath, AWS_LATENCY_MS);
  // BENCH_STORE=postgres: the store on a throwaway PostgreSQL server (as replicas run), where
  // each store read on the answer's path is a round trip; SQLite otherwise.
  const postgres = process.env.BENCH_STORE === 'postgres' ? await startPostgresServer() : null;
  const app = await startServe(fakes, built, postgres?.url ?? null);
  const url = `http://127.0.0.1:${app.port}${EVENTS_PATH}`;
  const names = [
    'orders-api',
    ...Array.from({ length: FUNCTIONS - 1 }, (_, i) => `fn-${String(i).padStart(3, '0')}`),
  ];
  const send = (text: string, id: string) =>
    sendSlashCommand(url, SECRET, { text, response_url: `${fakes.slack}/response/${id}` });
  const stuck: string[] = [];
  /** The answer to `id`, then its update when the answer waits for one; stuck ones are noted. */
  const settled = async (id: string, since: number) => {
    const first = await fakes.arrival(id, ANSWER, STUCK_MS);
    if (!first) stuck.push(stuckReport(fakes, id, since, 'answer'));
    else if (first.kind === 'early' && !(await fakes.arrival(id, UPDATE, STUCK_MS)))
      stuck.push(stuckReport(fakes, id, since, 'update'));
  };

  try {
    // Warm-up: JIT, sockets, the SDK's first credential resolution.
    const warm = epochNow();
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        await send(names[i % names.length] as string, `warm${i}`);
        await settled(`warm${i}`, warm);
      }),
    );

    const acks: number[] = [];
    const audited: Promise<void>[] = [];
    let failures = 0;
    const ackStart = epochNow();
    for (let i = 0; i < requests; i++) {
      const sent = await send(names[i % names.length] as string, `ack${i}`);
      if (sent.status !== 200) failures += 1;
      acks.push(sent.ms);
      audited.push(settled(`ack${i}`, ackStart));
    }
    const started = performance.now();
    // Updates too: a job still polling would add its calls to the answers' logs.
    await Promise.all(audited);
    const drain = performance.now() - started;
    const notes = Array.from({ length: requests }, (_, i) => fakes.posts(`ack${i}`)).filter((posts) =>
      posts.some((p) => p.kind === 'note'),
    ).length;

    const answered = await answerPhase(
      fakes,
      send,
      Array.from({ length: ANSWERS }, (_, i) => `answer-${String(i).padStart(3, '0')}`),
      stuck,
    );

    // BENCH_CALL_LOG=file: each answer's calls (ms since its send) and posts, to look at.
    if (process.env.BENCH_CALL_LOG)
      writeFileSync(
        process.env.BENCH_CALL_LOG,
        JSON.stringify(
          answered.map((a) => ({
            sent: a.sent,
            first: { kind: a.first.kind, ms: a.first.at - a.sent },
            update: a.update ? a.update.at - a.sent : null,
            calls: a.calls.map((c) => [c.api, c.arrived - a.sent, c.answered - a.sent]),
          })),
        ),
      );
    const apiCalls = fakes.slackApiCalls.filter((c) => c.method !== 'auth.test');
    process.stdout.write(
      [
        `lambda-audit Slack bench on ${process.platform}/${process.arch}, node ${process.version}, ${cpus().length} CPUs; app ${built ? 'compiled' : 'run through tsx (build failed)'}; store ${postgres ? 'PostgreSQL' : 'SQLite'}`,
        summary(
          `ack of /lambda-audit: ${requests} signed requests in a row, their audits running behind`,
          acks,
        ),
        `  non-200 acks: ${failures}; goal p99 <= 50 ms (Slack's limit: 3000 ms)`,
        `  every one answered (and updated) ${drain.toFixed(0)} ms after the last ack (${notes} joined a running or queued audit)`,
        ...answerLines(answered),
        `Slack Web API calls but auth.test (none expected: answers go to response_url): ${apiCalls.map((c) => c.method).join(', ') || 'none'}`,
        ...(stuck.length ? [`${stuck.length} stuck or failed:`, ...stuck] : ['stuck: none']),
        '',
      ].join('\n'),
    );
    return stuck.length ? 1 : 0;
  } finally {
    await stop(app.child);
    await stop(fakes.child);
    postgres?.stop();
    rmSync(worldPath, { force: true });
    if (built) rmSync(built, { recursive: true, force: true });
  }
}

process.exitCode = await main(Number(process.argv[2] ?? 1000));
