/**
 * Real `lambda-audit serve` processes sharing one PostgreSQL database, against the fake Slack
 * and the fake AWS: a pending digest is posted once by two replicas; ten deliveries of an alarm
 * spread over both get one thread reply; SIGTERM with twelve commands in flight answers each
 * once; `kill -9` of the posting replica mid-post, twice, and a restart under the same
 * REPLICA_ID post every part of a digest exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { packagePath } from '../../src/paths.js';
import type { DigestPayload } from '../../src/schedule/outbox.js';
import { openStore } from '../../src/store/open.js';
import { startSampleAws } from '../fakes/sample-world.js';
import { type FakeSlack, sendEvent, sendSlashCommand, startFakeSlack } from '../fakes/slack/index.js';
import { SECRET } from '../slack/harness.js';
import { amazonQAlarm, EU_FUNCTIONS, envelope, nextTs } from '../slack/triage-harness.js';
import { freshPostgresUrl, postgresMissing, postgresUrl } from '../support/postgres.js';

const CHANNEL = 'C0DIGEST';
const ALERTS = 'C0ALERTS';
const PARTS = 4;

interface Replica {
  proc: ChildProcess;
  logs: Record<string, unknown>[];
  port: Promise<number>;
  exited: Promise<number | null>;
}

const running: Replica[] = [];
afterEach(() => {
  for (const replica of running.splice(0)) replica.proc.kill('SIGKILL');
});

function startServe(env: Record<string, string>): Replica {
  // tsx as a loader, in this very process: with tsx's own CLI a SIGKILL would hit its wrapper
  // and leave the server running.
  const proc = spawn(process.execPath, ['--import', 'tsx', packagePath('src', 'main.ts'), 'serve'], {
    cwd: packagePath(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let listening: (port: number) => void = () => undefined;
  const port = new Promise<number>((resolve) => {
    listening = resolve;
  });
  createInterface({ input: proc.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.msg === 'listening') listening(Number(entry.port));
    } catch {
      logs.push({ msg: 'unparsed', line });
    }
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const replica = { proc, logs, port, exited };
  running.push(replica);
  return replica;
}

/** A pending digest of PARTS messages in `slot`, as a builder would have left it. */
async function seedDigest(url: string, slot: string): Promise<void> {
  const message = (n: number) => ({
    text: `part ${n}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${slot} part ${n}` } }],
  });
  const payload = {
    version: 1,
    digest: {},
    messages: { main: message(0), thread: Array.from({ length: PARTS - 1 }, (_, i) => message(i + 1)) },
  } as unknown as DigestPayload;
  const store = await openStore(url);
  await store.claimDigestSlot({ slotKey: slot, channel: CHANNEL, owner: 'builder', leaseMs: 60_000 });
  await store.writeDigest(slot, 'builder', null, JSON.stringify(payload));
  await store.close();
}

const partsOf = (slack: FakeSlack, slot: string) =>
  slack
    .messagesIn(CHANNEL)
    .filter((m) => m.metadata?.event_payload.slot === slot)
    .map((m) => m.metadata?.event_payload.part);

const settle = (ms = 500) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!postgresUrl)(
  `two serve processes on PostgreSQL${postgresUrl ? '' : ` (skipped: ${postgresMissing})`}`,
  () => {
    it('post, reply and answer exactly once, through SIGTERM and kill -9', async () => {
      const url = await freshPostgresUrl();
      const slack = await startFakeSlack();
      const { fake: aws } = await startSampleAws();
      const env = (replica: string) => ({
        DATABASE_URL: url,
        REPLICA_ID: replica,
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
        AWS_REGION: 'eu-central-1',
        AUDIT_REGIONS: 'eu-central-1',
        AWS_ENDPOINT_URL: aws.url,
        AWS_ACCESS_KEY_ID: 'AKIDTEST',
        AWS_SECRET_ACCESS_KEY: 'test',
        DIGEST_CHANNEL: CHANNEL,
        DIGEST_CRON: '0 0 1 1 *',
        LOG_LEVEL: 'info',
      });
      try {
        // A pending digest, and two replicas starting at once: one posts it.
        await seedDigest(url, 'slot-1');
        const a = startServe(env('a'));
        const b = startServe(env('b'));
        const [portA, portB] = await Promise.all([a.port, b.port]);
        await slack.waitFor(() => partsOf(slack, 'slot-1').length === PARTS, 20_000);
        await settle();
        expect(partsOf(slack, 'slot-1')).toEqual([0, 1, 2, 3]);

        // Ten deliveries of one alarm, alternating between the replicas: one thread reply.
        const ts = nextTs();
        const event = envelope(amazonQAlarm('image-resizer', { channel: ALERTS, ts }), 'EvE2E');
        const statuses = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            sendEvent(`http://127.0.0.1:${i % 2 ? portB : portA}/slack/events`, SECRET, event, {
              retryNum: i,
            }).then((sent) => sent.status),
          ),
        );
        expect(statuses.every((s) => s === 200)).toBe(true);
        const replies = () => slack.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === ts);
        await slack.waitFor(() => replies().length > 0, 20_000);
        await settle(1000);
        expect(replies()).toHaveLength(1);

        // Twelve slow commands (twelve functions: identical ones would share an audit, and say so)
        // on a, then SIGTERM: every one answered once, by a or by b.
        aws.setKnobs({ latencyMs: 60 });
        const ids = Array.from({ length: 12 }, (_, i) => `cmd${i}`);
        const acks = await Promise.all(
          ids.map((id, i) =>
            sendSlashCommand(`http://127.0.0.1:${portA}/slack/events`, SECRET, {
              text: EU_FUNCTIONS[i] ?? 'orders-api',
              response_url: `${slack.url}/response/${id}`,
            }),
          ),
        );
        expect(acks.every((ack) => ack.status === 200)).toBe(true);
        a.proc.kill('SIGTERM');
        expect(await a.exited).toBe(0);
        await slack.waitFor(() => ids.every((id) => slack.responsesTo(id).length > 0), 30_000);
        await settle(1000);
        for (const id of ids) {
          // One answer; at most one update replacing it (IAM's last-accessed job done).
          const posts = slack.responsesTo(id).map((r) => r.body);
          expect(posts.filter((p) => p.replace_original !== true)).toHaveLength(1);
          expect(posts.length).toBeLessThanOrEqual(2);
        }
        aws.setKnobs({ latencyMs: 0 });

        // kill -9 while Slack holds a part whose answer has not come back, twice; a restart under
        // the same REPLICA_ID takes its claim back at once and finds the part in the channel.
        slack.answerLate('chat.postMessage', 5_000);
        await seedDigest(url, 'slot-2');
        for (const part of [0, 1]) {
          const dying = startServe(env('a'));
          await slack.waitFor(() => partsOf(slack, 'slot-2').length === part + 1, 20_000);
          dying.proc.kill('SIGKILL');
          await dying.exited;
        }
        slack.answerLate('chat.postMessage', 0);
        startServe(env('a'));
        await slack.waitFor(() => partsOf(slack, 'slot-2').length === PARTS, 20_000);
        await settle();
        expect(partsOf(slack, 'slot-2')).toEqual([0, 1, 2, 3]);
        const messages = slack.messagesIn(CHANNEL).filter((m) => m.metadata?.event_payload.slot === 'slot-2');
        expect(messages.slice(1).every((m) => m.thread_ts === messages[0]?.ts)).toBe(true);
        expect(
          running
            .flatMap((r) => r.logs)
            .some((l) => l.msg === 'digest part found in Slack; not posting it again'),
        ).toBe(true);
      } finally {
        for (const replica of running.splice(0)) replica.proc.kill('SIGKILL');
        await slack.close();
        await aws.close();
      }
    }, 150_000);
  },
);
