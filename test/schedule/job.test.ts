/**
 * The digest job end to end on a fake clock: the real engine against the fake AWS, the real
 * WebClient against the fake Slack, a SQLite file as the store.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createEngine, type RunningEngine } from '../../src/engine.js';
import type { Engine } from '../../src/engine-contract.js';
import type { ScanReport } from '../../src/model.js';
import type { Digest } from '../../src/schedule/digest.js';
import { DigestJob, type DigestJobOptions } from '../../src/schedule/job.js';
import { type DigestPayload, POST_LEASE_MS } from '../../src/schedule/outbox.js';
import { createDigestPoster, type DigestPoster } from '../../src/schedule/poster.js';
import { openStore as openAt } from '../../src/store/open.js';
import type { DigestEntry, Store } from '../../src/store/store.js';
import { type FakeAws, startFakeAws } from '../fakes/aws/index.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/index.js';
import { FakeClock } from './fake-clock.js';
import { firstWorld, REGION, secondWorld } from './worlds.js';

const SLOT_1 = new Date('2026-03-02T09:00:00.250Z');
const SLOT_2 = new Date('2026-03-03T09:00:00.100Z');
const CHANNEL = 'C0DIGEST';

let aws: FakeAws;
let slack: FakeSlack;
let clock: FakeClock;
let engine: RunningEngine;
let file: string;
const opened: Store[] = [];
const jobs: DigestJob[] = [];

beforeEach(async () => {
  aws = await startFakeAws({ world: firstWorld() });
  slack = await startFakeSlack();
  clock = new FakeClock('2026-03-02T09:00:00.250Z');
  engine = createEngine(
    loadConfig({ AWS_REGION: REGION }),
    { endpoint: aws.url, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } },
    { clock: () => clock.now() },
  );
  file = join(mkdtempSync(join(tmpdir(), 'digest-')), 'audit.db');
});

afterEach(async () => {
  for (const job of jobs.splice(0)) await job.stop();
  for (const store of opened.splice(0)) await store.close();
  engine.close();
  await aws.close();
  await slack.close();
});

async function openStore(): Promise<Store> {
  const store = await openAt(file, { now: () => clock.now() });
  opened.push(store);
  return store;
}

async function newJob(overrides: Partial<DigestJobOptions> = {}): Promise<DigestJob> {
  const job = new DigestJob({
    store: await openStore(),
    engine,
    regions: [REGION],
    poster: createDigestPoster('xoxb-test', slack.apiUrl),
    channel: CHANNEL,
    clock,
    ...overrides,
  });
  jobs.push(job);
  return job;
}

/** Channel messages (not thread replies) the fake Slack accepted. */
const mainPosts = () => slack.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === undefined);

function digestOf(entry: DigestEntry | null): Digest {
  if (!entry?.payload) throw new Error('no digest written');
  return (JSON.parse(entry.payload) as DigestPayload).digest;
}

/** Polls an async condition (the fake Slack's waitFor takes only synchronous probes). */
async function eventually(probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const label = (f: { check: string; functionName: string }) => `${f.check}@${f.functionName}`;

/** The text of each block of a post the fake Slack took ('' for blocks without one). */
function sectionTexts(post: { body: Record<string, unknown> } | undefined): string[] {
  return ((post?.body.blocks ?? []) as { text?: { text?: string } }[]).map((b) => b.text?.text ?? '');
}

describe('the digest job', () => {
  it('shows exactly the findings added and fixed between two worlds', async () => {
    const job = await newJob();
    await job.start({ schedule: false });
    const first = await job.runSlot(SLOT_1);
    expect(first).toMatchObject({ status: 'posted', slotKey: '2026-03-02T09:00:00.000Z' });
    expect(digestOf(first).newFindings.map(label)).toContain('policy-public-invoke@orders-api');

    aws.setWorld(secondWorld());
    clock.set('2026-03-03T09:00:00.100Z');
    const second = digestOf(await job.runSlot(SLOT_2));
    expect(second.newFindings.map(label)).toEqual(['url-public@reports']);
    expect(second.fixedFindings.map(label)).toEqual(['policy-public-invoke@orders-api']);
    expect(second.unverified).toEqual([]);
    expect(second.failed).toEqual([]);

    const posts = mainPosts();
    expect(posts).toHaveLength(2);
    expect(posts[1]?.body.channel).toBe(CHANNEL);
    // The headline first: the new way in, then what was fixed, then the counts.
    const texts = sectionTexts(posts[1]);
    expect(texts[1]).toContain('New and open to the internet: 1 function');
    expect(texts[1]).toContain(
      '`reports` (eu-central-1): The function URL of the unqualified function (https://r.lambda-url.eu-central-1.on.aws/) has AuthType NONE',
    );
    expect(texts[2]).toContain('Fixed since the last digest (1)');
    expect(texts[2]).toContain('`policy-public-invoke` on `orders-api`');
    expect(texts[3]).toMatch(/^\*Open now\*/);
    // GuardDuty is off in the region (no detector): said once, in the header, not per function.
    expect(texts[4]).toContain(
      '*Account and region*\n:large_blue_circle: account 123456789012 eu-central-1: GuardDuty',
    );
    expect(JSON.stringify(posts[1]?.body).match(/guardduty-lambda-protection-off/g)).toHaveLength(1);
    // Once per digest, thread replies included.
    const everyPost = JSON.stringify(slack.callsTo('chat.postMessage'));
    expect(everyPost.match(/guardduty-lambda-protection-off/g)).toHaveLength(posts.length);
  });

  it('posts a slot once, even when the cron fires twice for it', async () => {
    const job = await newJob();
    await job.start({ schedule: false });
    await job.runSlot(SLOT_1);
    await job.runSlot(new Date(SLOT_1.getTime() + 30_000));
    expect(mainPosts()).toHaveLength(1);
  });

  it('after a restart between writing and posting, posts the digest once, when the dead claim lapses', async () => {
    // The first process writes the digest, then dies while the post is in flight.
    const dying: DigestPoster = {
      postMessage: () => new Promise(() => undefined),
      findPosted: () => new Promise(() => undefined),
    };
    const first = await newJob({ poster: dying });
    void first.runSlot(SLOT_1);
    const store = opened[0] as Store;
    await eventually(async () => (await store.digest('2026-03-02T09:00:00.000Z'))?.status === 'pending');
    jobs.splice(0); // it is dead: nobody stops it

    const second = await newJob();
    await second.start({ schedule: false });
    // The dead process still holds its posting claim; the successor takes it when it lapses,
    // looks for the part in the channel (not there) and posts it.
    expect(mainPosts()).toHaveLength(0);
    await clock.advance(POST_LEASE_MS);
    expect(mainPosts()).toHaveLength(1);
    expect(slack.callsTo('conversations.history')).toHaveLength(1);
    // The cron of the restarted process fires for the same slot: nothing more is posted.
    await second.runSlot(SLOT_1);
    expect(mainPosts()).toHaveLength(1);
    expect(await store.digest('2026-03-02T09:00:00.000Z')).toMatchObject({ status: 'posted', attempts: 0 });
  });

  it('after a restart during the scan, builds the slot again once the dead claim expires', async () => {
    const stuck: Pick<Engine, 'scan'> = { scan: () => new Promise<ScanReport>(() => undefined) };
    // Its own clock, which never moves: a dead process renews nothing.
    const frozen = new FakeClock('2026-03-02T09:00:00.250Z');
    const first = await newJob({ engine: stuck, leaseMs: 60_000, clock: frozen });
    void first.runSlot(SLOT_1);
    const store = opened[0] as Store;
    await eventually(async () => (await store.digest('2026-03-02T09:00:00.000Z'))?.status === 'claimed');
    jobs.splice(0);

    const second = await newJob({ leaseMs: 60_000 });
    await second.start({ schedule: false });
    expect(mainPosts()).toHaveLength(0);
    await clock.advance(60_000);
    expect(mainPosts()).toHaveLength(1);
    expect(await store.digest('2026-03-02T09:00:00.000Z')).toMatchObject({ status: 'posted' });
  });

  it('waits out a 429 storm, across a restart, and posts the digest once', async () => {
    slack.rateLimit('chat.postMessage', 4, 120);
    const job = await newJob();
    await job.start({ schedule: false });
    const entry = await job.runSlot(SLOT_1);
    expect(entry).toMatchObject({ status: 'pending', attempts: 1 });
    expect(entry?.nextAttemptAt).toBe('2026-03-02T09:02:00.250Z');

    await clock.advance(120_000);
    expect(mainPosts()).toHaveLength(0);
    // Restart while Slack still says 429: the new process tries the outbox entry at once ...
    await job.stop();
    const restarted = await newJob();
    await restarted.start({ schedule: false });
    expect(mainPosts()).toHaveLength(0);
    // ... and then honours each Retry-After until Slack takes it.
    await clock.advance(119_000);
    expect(slack.attempts.filter((a) => a.path === 'api/chat.postMessage')).toHaveLength(3);
    await clock.advance(1_000);
    expect(mainPosts()).toHaveLength(0);
    await clock.advance(120_000);
    expect(mainPosts()).toHaveLength(1);

    const limited = slack.attempts.filter((a) => a.path === 'api/chat.postMessage' && a.status === 429);
    expect(limited).toHaveLength(4);
    const store = opened[1] as Store;
    expect(await store.digest('2026-03-02T09:00:00.000Z')).toMatchObject({ status: 'posted', attempts: 4 });
    expect(clock.pending).toBe(0);
  });

  it('with 30% of calls failing or throttled and GetPolicy denied, says exactly what is unverified', async () => {
    const job = await newJob();
    await job.start({ schedule: false });
    await job.runSlot(SLOT_1);

    aws.setKnobs({
      failures: { '*': { ratio: 0.3, seed: 42 } },
      rateLimits: { 'lambda:*': 12 },
      accessDenied: ['lambda:GetPolicy'],
    });
    clock.set('2026-03-03T09:00:00.100Z');
    const entry = await job.runSlot(SLOT_2);
    expect(entry?.status).toBe('posted');
    const digest = digestOf(entry);

    // The scan completed: every function was either audited or reported as failed.
    const store = opened[0] as Store;
    const scan = await store.latestScan();
    expect((scan?.functions ?? 0) + (scan?.failed ?? 0)).toBe(3);
    const counts = aws.counts();
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    expect(sum(counts.failed) + sum(counts.throttled)).toBeGreaterThan(0);
    expect(counts.denied['lambda:GetPolicy']).toBeGreaterThan(0);

    // Exactly the gaps the scan stored, every audited function's GetPolicy among them.
    const gaps = await store.scanGaps(scan?.id ?? 0);
    expect(digest.unverified).toEqual(gaps.filter((g) => g.kind === 'unverified'));
    expect(digest.failed).toEqual(gaps.filter((g) => g.kind === 'failed'));
    const audited = (await store.findings()).flatMap((f) => f.functions.map((fn) => fn.functionName));
    for (const name of new Set(audited)) {
      if (digest.failed.some((g) => g.functionName === name)) continue;
      // Account-and-region findings are kept under the account's name; they read no policy.
      if (name.startsWith('account ')) continue;
      expect(digest.unverified).toContainEqual(
        expect.objectContaining({
          functionName: name,
          api: 'lambda:GetPolicy',
          reason: expect.stringMatching(/not authorized/),
        }),
      );
    }
    // GetPolicy unread is no evidence that the public policy went away.
    expect(digest.fixedFindings.map(label)).not.toContain('policy-public-invoke@orders-api');
    expect((await store.findings({ states: ['open'] })).map((f) => f.check)).toContain(
      'policy-public-invoke',
    );

    // And the channel hears it: the headline says it covers only what could be read, and the
    // failed reads follow, each once however many functions it left unread.
    const texts = sectionTexts(mainPosts()[1]);
    expect(texts[1]).toContain(':warning: _Among what could be read');
    const blind = texts.find((t) => t.includes('Not everything could be checked')) ?? '';
    expect(blind).toMatch(
      /`lambda:GetPolicy` in eu-central-1 \(123456789012\) · triggers unverified for \d functions?: /,
    );
    // Every gap is spelled out in the thread under it, once per failed read.
    const replies = slack.callsTo('chat.postMessage').filter((c) => c.body.thread_ts !== undefined);
    const thread = JSON.stringify(replies);
    for (const gap of digest.unverified) {
      expect(thread).toContain(`\`${gap.functionName}\``);
      expect(thread).toContain(`\`${gap.api}\``);
    }
    const policyGaps = digest.unverified.filter((g) => g.api === 'lambda:GetPolicy');
    expect(policyGaps.length).toBeGreaterThan(1);
    expect(thread.match(/`lambda:GetPolicy` in /g)?.length).toBeLessThan(policyGaps.length);
  }, 30_000);

  it('logs every claim, failure and retry: a channel the bot is not in is retried, never dropped in silence', async () => {
    const lines: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
    const log = {
      log: (level: string, msg: string, fields: Record<string, unknown> = {}) =>
        void lines.push({ level, msg, fields }),
    };
    slack.fail('chat.postMessage', 3, 200, { ok: false, error: 'not_in_channel' });
    const job = await newJob({ log });
    await job.start({ schedule: false });
    const entry = await job.runSlot(SLOT_1);
    expect(entry).toMatchObject({ status: 'pending', attempts: 1 });
    const msgs = lines.map((l) => l.msg);
    expect(msgs).toContain('digest slot claimed for building');
    expect(msgs).toContain('digest claimed for posting');
    const failed = lines.find((l) => l.msg === 'digest post failed; will retry');
    expect(failed).toMatchObject({
      level: 'warn',
      fields: { slot: '2026-03-02T09:00:00.000Z', attempt: 1 },
    });
    expect(JSON.stringify(failed?.fields)).toContain('not_in_channel');
    // Still pending after two more refusals; posted once the bot is invited.
    await clock.advance(30_000);
    await clock.advance(60_000);
    expect(lines.filter((l) => l.msg === 'digest post failed; will retry')).toHaveLength(3);
    await clock.advance(120_000);
    expect(mainPosts()).toHaveLength(1);
    expect(lines.map((l) => l.msg)).toContain('digest posted');
    expect(JSON.stringify(lines)).not.toContain('xoxb-');
  });
});
