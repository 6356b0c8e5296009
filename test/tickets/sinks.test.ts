/**
 * Each sink against its fake, through the real client library (jira.js, @octokit/rest, fetch),
 * configured the way production is: `sinkFromEnv` on the fake's environment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TicketError } from '../../src/tickets/errors.js';
import { sinkFromEnv } from '../../src/tickets/from-env.js';
import { jiraSink } from '../../src/tickets/jira.js';
import { fixedComment, type TicketSink } from '../../src/tickets/sink.js';
import { startFakeGitHub } from '../fakes/github/index.js';
import { adfText, startFakeJira } from '../fakes/jira/index.js';
import { startFakeWebhook } from './fake-webhook.js';
import { DIFF_TEXT, PROPOSED_POLICY, roleTicket, SECRETS, secretsTicket } from './fixtures.js';

interface Harness {
  sink: TicketSink;
  /** The text of the n-th ticket the tracker holds (as a person reading it would see it). */
  body(index: number): string;
  /** How many tickets the tracker holds. */
  count(): number;
  /** The comments' text on a ticket. */
  comments(key: string): string[];
  failNext(times: number, status: number): void;
  close(): Promise<void>;
}

function sinkOf(env: Record<string, string>): TicketSink {
  const sink = sinkFromEnv(env);
  if (!sink) throw new Error('expected a sink');
  return sink;
}

const HARNESSES: [string, RegExp, () => Promise<Harness>][] = [
  [
    'jira',
    /^SEC-\d+$/,
    async () => {
      const fake = await startFakeJira();
      return {
        sink: sinkOf(fake.env()),
        body: (i) => adfText(fake.issues[i]?.fields.description),
        count: () => fake.issues.length,
        comments: (key) => fake.issues.find((x) => x.key === key)?.comments.map((c) => adfText(c.body)) ?? [],
        failNext: (times, status) => fake.failNext(times, status),
        close: fake.close,
      };
    },
  ],
  [
    'github',
    /^acme\/security#\d+$/,
    async () => {
      const fake = await startFakeGitHub();
      return {
        sink: sinkOf(fake.env()),
        body: (i) => fake.issues[i]?.body ?? '',
        count: () => fake.issues.length,
        comments: (key) =>
          fake.issues.find((x) => key.endsWith(`#${x.number}`))?.comments.map((c) => c.body) ?? [],
        failNext: (times, status) => fake.failNext(times, status),
        close: fake.close,
      };
    },
  ],
  [
    'webhook',
    /^HOOK-\d+$/,
    async () => {
      const fake = await startFakeWebhook();
      return {
        sink: sinkOf(fake.env()),
        body: (i) => JSON.stringify(fake.tickets[i]?.body ?? null),
        count: () => fake.tickets.length,
        comments: (key) =>
          fake.tickets
            .find((t) => t.key === key)
            ?.comments.map((c) => String((c as { text: string }).text)) ?? [],
        failNext: (times, status) => fake.failNext(times, status),
        close: fake.close,
      };
    },
  ],
];

describe.each(HARNESSES)('the %s sink', (kind, keyShape, start) => {
  let h: Harness;
  beforeAll(async () => {
    h = await start();
  });
  afterAll(() => h.close());

  it('opens a ticket for a role finding that carries the proposed policy and the diff', async () => {
    const ref = await h.sink.open(roleTicket);
    expect(ref.key).toMatch(keyShape);
    expect(ref.url).toMatch(/^https?:\/\//);
    const body = h.body(h.count() - 1);
    // The webhook body is JSON, so its text is JSON-escaped once more.
    const encode = (text: string) => (kind === 'webhook' ? JSON.stringify(text).slice(1, -1) : text);
    expect(body).toContain(encode(JSON.stringify(PROPOSED_POLICY, null, 2)));
    expect(body).toContain(encode(DIFF_TEXT));
    expect(body).toContain('secretsmanager:GetSecretValue');
  });

  it('names the secret variable of an env-secrets finding but never a value', async () => {
    await h.sink.open(secretsTicket);
    const body = h.body(h.count() - 1);
    expect(body).toContain('DB_URL');
    for (const secret of SECRETS) expect(body).not.toContain(secret);
  });

  it('turns a tracker 500 into a TicketError that says no ticket was created', async () => {
    const before = h.count();
    h.failNext(1, 500);
    const error = await h.sink.open(roleTicket).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TicketError);
    expect(error).toMatchObject({ code: 'ticket_failed', sink: kind, status: 500 });
    expect((error as TicketError).message).toMatch(
      /^(Jira|GitHub|The ticket webhook) answered 500: .+; no ticket was created$/,
    );
    expect(h.count()).toBe(before);
    // The next click works.
    await expect(h.sink.open(roleTicket)).resolves.toMatchObject({ key: expect.stringMatching(keyShape) });
  });

  it('posts a "fixed" comment on a ticket it opened', async () => {
    const ref = await h.sink.open(roleTicket);
    const text = fixedComment({
      fingerprints: ['f00dfeedf00dfeed0001'],
      scanId: 'scan-42',
      scannedAt: new Date('2025-03-01T09:00:00Z'),
    });
    await h.sink.comment(ref, text);
    const [comment] = h.comments(ref.key);
    expect(comment).toContain(
      'Fixed: lambda-audit scan scan-42 at 2025-03-01T09:00:00.000Z no longer sees this finding.',
    );
    expect(comment).toContain('f00dfeedf00dfeed0001');
  });

  it('redacts secrets in comments too', async () => {
    const ref = await h.sink.open(roleTicket);
    await h.sink.comment(ref, `rotated; old key ${SECRETS[1]}`);
    expect(h.comments(ref.key).join('\n')).not.toContain(SECRETS[1]);
  });

  it('says so when a comment fails', async () => {
    const ref = await h.sink.open(roleTicket);
    h.failNext(1, 503);
    await expect(h.sink.comment(ref, 'Fixed')).rejects.toThrow(
      /answered 503: .*; the comment was not posted$/,
    );
  });
});

describe('an unreachable tracker', () => {
  it('is reported as unreachable, not as an answer', async () => {
    const fake = await startFakeJira();
    const sink = sinkOf(fake.env());
    await fake.close();
    const error = await sink.open(roleTicket).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TicketError);
    expect(error).toMatchObject({ status: null });
    expect((error as Error).message).toMatch(/^Could not reach Jira \(.+\); no ticket was created$/);
    // Nothing was sent: a retry cannot duplicate anything.
    expect(error).toMatchObject({ mayExist: false });
  });

  it('that times out may have created the ticket, and says so', async () => {
    const fake = await startFakeJira();
    fake.setDelay(500);
    const env = fake.env();
    const sink = jiraSink({
      baseUrl: env.JIRA_BASE_URL as string,
      email: env.JIRA_EMAIL as string,
      apiToken: env.JIRA_API_TOKEN as string,
      project: env.JIRA_PROJECT as string,
      timeoutMs: 100,
    });
    const error = await sink.open(roleTicket).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TicketError);
    expect(error).toMatchObject({ mayExist: true });
    expect((error as Error).message).toMatch(/the ticket may have been created$/);
    expect((error as Error).message).not.toContain('no ticket was created');
    // The tracker made it after all (it answered late); its fingerprint label finds it.
    while (fake.issues.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    fake.setDelay(0);
    const found = await sink.find?.(roleTicket.findings[0]?.fingerprint ?? '');
    await fake.close();
    expect(found).toMatchObject({ key: 'SEC-1', url: expect.stringContaining('/browse/SEC-1') });
  });
});

describe('finding a ticket by its fingerprint label', () => {
  it.each([
    ['jira', startFakeJira],
    ['github', startFakeGitHub],
  ] as const)('%s finds the ticket opened for a finding, and nothing for another', async (_kind, start) => {
    const fake = await start();
    const sink = sinkOf(fake.env());
    const opened = await sink.open(roleTicket);
    const fp = roleTicket.findings[0]?.fingerprint ?? '';
    expect(await sink.find?.(fp)).toEqual(opened);
    expect(await sink.find?.('0000000000000000000f')).toBeNull();
    await fake.close();
  });

  it('the webhook cannot be searched: it offers no lookup', async () => {
    const fake = await startFakeWebhook();
    expect(sinkOf(fake.env()).find).toBeUndefined();
    await fake.close();
  });
});
