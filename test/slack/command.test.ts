import { afterEach, describe, expect, it } from 'vitest';
import { ANSWER_NEXT_ACTION_ID, SHARE_ACTION_ID, SHOW_ALL_ACTION_ID } from '../../src/render/slack-ids.js';
import { HEALTH_PATH } from '../../src/slack/app.js';
import { sendButtonClick, signature, slashCommandBody } from '../fakes/slack/index.js';
import { makeReport } from './fixtures.js';
import { type EngineDouble, engineDouble, type Harness, SECRET, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(engine: EngineDouble, env?: Record<string, string>): Promise<Harness> {
  harness = await startHarness(engine, env);
  return harness;
}

function bodyText(body: Record<string, unknown>): string {
  return JSON.stringify(body);
}

describe('request verification', () => {
  it('rejects a bad signature with 401 and never calls the engine', async () => {
    const engine = engineDouble();
    const h = await start(engine);
    const sent = await h.command('orders-api', 'bad', { signature: 'v0=deadbeef' });
    expect(sent.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(engine.auditCalls).toEqual([]);
    expect(h.fake.responses).toEqual([]);
  });

  it('rejects a correctly signed request older than 5 minutes with 401', async () => {
    const engine = engineDouble();
    const h = await start(engine);
    const old = Math.floor(Date.now() / 1000) - 5 * 60 - 10;
    const sent = await h.command('orders-api', 'old', { timestamp: old });
    expect(sent.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(engine.auditCalls).toEqual([]);
  });

  it('rejects a correctly signed request dated more than 5 minutes in the future with 401', async () => {
    const engine = engineDouble();
    const h = await start(engine);
    const ahead = Math.floor(Date.now() / 1000) + 5 * 60 + 10;
    const sent = await h.command('orders-api', 'future', { timestamp: ahead });
    expect(sent.status).toBe(401);
    const near = await h.command('orders-api', 'near-future', {
      timestamp: Math.floor(Date.now() / 1000) + 60,
    });
    expect(near.status).toBe(200);
    // Answered in order: by the time the near one is answered, the future one would have run too.
    await h.fake.waitFor(() => h.fake.responsesTo('near-future').length > 0);
    expect(h.fake.responsesTo('future')).toEqual([]);
    expect(engine.auditCalls).toHaveLength(1);
  });

  it('rejects a signature over a different body (a replayed header)', async () => {
    const engine = engineDouble();
    const h = await start(engine);
    const ts = Math.floor(Date.now() / 1000);
    const other = signature(SECRET, ts, slashCommandBody({ text: 'help', response_url: 'x' }));
    const sent = await h.command('orders-api', 'replay', { timestamp: ts, signature: other });
    expect(sent.status).toBe(401);
    expect(engine.auditCalls).toEqual([]);
  });
});

describe('/lambda-audit <fn>', () => {
  it('acks before the audit finishes, then answers at response_url with the findings in blocks', async () => {
    const engine = engineDouble({ held: true });
    const h = await start(engine);
    const sent = await h.command('orders-api', 'c1');
    expect(sent.status).toBe(200);
    expect(sent.body).toBe('');
    // The ack is out while the audit is still held: nothing has been answered yet.
    await h.fake.waitFor(() => engine.auditCalls.length === 1);
    expect(h.fake.responses).toEqual([]);
    engine.release();
    const [answer] = await h.fake.waitFor(
      () => h.fake.responsesTo('c1').length > 0 && h.fake.responsesTo('c1'),
    );
    expect(answer?.body).toMatchObject({
      response_type: 'ephemeral',
      text: 'lambda-audit orders-api (eu-central-1): 1 critical, 1 high, 1 medium; 1 unverified',
      blocks: expect.arrayContaining([
        { type: 'header', text: { type: 'plain_text', text: 'Lambda audit: orders-api' } },
      ]),
    });
    const text = bodyText(answer?.body ?? {});
    for (const id of ['check-0', 'check-1', 'check-2']) expect(text).toContain(id);
    expect(engine.auditCalls).toEqual([{ function: 'orders-api', region: 'eu-central-1' }]);
    const line = await h.fake.waitFor(() => h.logs.find((l) => l.msg === 'command answered'));
    expect(line).toMatchObject({ kind: 'audit', delivered: 'response_url' });
  });

  it('two identical commands in flight start one audit; the second is told the answer follows', async () => {
    const engine = engineDouble({ held: true });
    const h = await start(engine);
    await h.command('orders-api', 'first');
    await h.command('orders-api', 'second');
    const [note] = await h.fake.waitFor(
      () => h.fake.responsesTo('second').length > 0 && h.fake.responsesTo('second'),
    );
    expect(bodyText(note?.body ?? {})).toContain(
      'Already auditing `orders-api` in eu-central-1; the answer follows.',
    );
    engine.release();
    await h.fake.waitFor(
      () => h.fake.responsesTo('first').length === 1 && h.fake.responsesTo('second').length === 2,
    );
    expect(engine.auditCalls).toHaveLength(1);
    expect(bodyText(h.fake.responsesTo('second')[1]?.body ?? {})).toContain('Lambda audit: orders-api');
  });

  it('a different region is a different audit', async () => {
    const engine = engineDouble({ held: true });
    const h = await start(engine);
    await h.command('orders-api', 'a');
    await h.command('orders-api --region us-east-1', 'b');
    await h.fake.waitFor(() => engine.auditCalls.length === 2);
    engine.release();
    await h.fake.waitFor(() => h.fake.responses.length === 2);
  });
});

describe('errors become short ephemeral replies', () => {
  it.each([
    ['an unknown flag', 'orders-api --bogus', /Unknown option '--bogus'.*\/lambda-audit help/s],
    ['a missing function name', 'triggers', /name a function/],
    ['an unconfigured region', 'orders-api --region ap-south-1', /region ap-south-1 is not configured/],
    ['an unknown function', 'missing', /Function not found: missing.*Check the name, or pass `--region R`/s],
    ['AWS refusing us', 'denied', /AWS refused `lambda:GetFunction`.*IAM role needs that permission/s],
    ['no AWS credentials', 'nocreds', /no AWS credentials.*whoever runs lambda-audit.*\(ref [0-9a-f]{8}\)/s],
    ['a bug', 'bug', /Something broke on our side.*ref `[0-9a-f]{8}`/s],
  ])('%s', async (_what, text, expected) => {
    const h = await start(engineDouble());
    const sent = await h.command(text, 'err');
    expect(sent.status).toBe(200);
    const [reply] = await h.fake.waitFor(
      () => h.fake.responsesTo('err').length > 0 && h.fake.responsesTo('err'),
    );
    expect(reply?.body.response_type).toBe('ephemeral');
    const shown = JSON.stringify(reply?.body.blocks);
    expect(shown).toMatch(expected);
    expect(shown).not.toMatch(/TypeError|Cannot read|at .*\.ts:\d+/);
    const line = h.logs.find((l) => l.msg === 'command failed');
    expect(line).toMatchObject({ user: 'U0ALICE', channel: 'C0CHAN' });
    expect(line?.ref).toEqual(expect.any(String));
  });

  it('answers help: each verb with an example, and help <verb> with its usage', async () => {
    const h = await start(engineDouble());
    await h.command('help', 'help');
    await h.command('help role', 'help-role');
    const [reply] = await h.fake.waitFor(
      () => h.fake.responsesTo('help').length > 0 && h.fake.responsesTo('help'),
    );
    expect(JSON.stringify(reply?.body.blocks)).toContain('*role*: the execution role');
    expect(JSON.stringify(reply?.body.blocks)).toContain('`/lambda-audit role orders-api`');
    const [usage] = await h.fake.waitFor(
      () => h.fake.responsesTo('help-role').length > 0 && h.fake.responsesTo('help-role'),
    );
    expect(JSON.stringify(usage?.body.blocks)).toContain('/lambda-audit role &lt;function');
  });
});

describe('rate limits and expired response_urls', () => {
  it('waits out a 429 Retry-After from response_url, then delivers', async () => {
    const h = await start(engineDouble());
    h.fake.rateLimit('response_url', 1, 1);
    await h.command('orders-api', 'limited');
    await h.fake.waitFor(() => h.fake.responsesTo('limited').length > 0, 5000);
    const tries = h.fake.attempts.filter((a) => a.path === 'response/limited');
    expect(tries.map((t) => t.status)).toEqual([429, 200]);
    expect((tries[1]?.at ?? 0) - (tries[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('falls back to chat.postEphemeral when response_url has expired, and waits out its 429 too', async () => {
    const h = await start(engineDouble());
    h.fake.fail('response_url', 1, 404, 'expired_url');
    h.fake.rateLimit('chat.postEphemeral', 1, 1);
    await h.command('orders-api', 'expired');
    const [call] = await h.fake.waitFor(
      () => h.fake.callsTo('chat.postEphemeral').length > 0 && h.fake.callsTo('chat.postEphemeral'),
      5000,
    );
    expect(call?.body).toMatchObject({ channel: 'C0CHAN', user: 'U0ALICE' });
    expect(call?.headers.authorization).toBe('Bearer xoxb-test');
    expect(JSON.stringify(call?.body.blocks)).toContain('Lambda audit: orders-api');
    const tries = h.fake.attempts.filter((a) => a.path === 'api/chat.postEphemeral');
    expect(tries.map((t) => t.status)).toEqual([429, 200]);
    expect((tries[1]?.at ?? 0) - (tries[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect(h.logs.some((l) => l.msg === 'response_url failed; falling back to chat.postEphemeral')).toBe(
      true,
    );
  });

  it('logs, rather than silently drops, an answer nobody would take', async () => {
    const h = await start(engineDouble());
    h.fake.fail('response_url', 1, 404, 'expired_url');
    h.fake.fail('chat.postEphemeral', 1, 200, { ok: false, error: 'channel_not_found' });
    await h.command('orders-api', 'lost');
    const line = await h.fake.waitFor(() =>
      h.logs.find((l) => l.msg === 'answer lost: chat.postEphemeral failed too'),
    );
    expect(line).toMatchObject({ level: 'error', channel: 'C0CHAN', user: 'U0ALICE' });
  });
});

describe('Paging and Show all', () => {
  it('Next replaces the answer with its next page until every finding was shown; buttons carry only a key and a page', async () => {
    const engine = engineDouble({ report: (ref) => makeReport({ name: ref.function, findings: 60 }) });
    const h = await start(engine);
    await h.command('orders-api', 'big');
    const [answer] = await h.fake.waitFor(
      () => h.fake.responsesTo('big').length > 0 && h.fake.responsesTo('big'),
    );
    type Blocks = { elements?: { action_id?: string; value?: string }[] }[];
    const pages = [answer?.body];
    for (let i = 1; i < 10; i++) {
      const blocks = (pages.at(-1)?.blocks ?? []) as Blocks;
      const next = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === ANSWER_NEXT_ACTION_ID);
      if (!next) break;
      expect(next.value).toMatch(/^[\w-]{16}\|\d+\|$/);
      const click = await sendButtonClick(h.eventsUrl, SECRET, {
        actionId: ANSWER_NEXT_ACTION_ID,
        value: next.value ?? '',
        responseUrl: `${h.fake.url}/response/page${i}`,
      });
      expect(click.status).toBe(200);
      const [page] = await h.fake.waitFor(
        () => h.fake.responsesTo(`page${i}`).length > 0 && h.fake.responsesTo(`page${i}`),
      );
      expect(page?.body.replace_original).toBe(true);
      pages.push(page?.body);
    }
    expect(pages.length).toBe(5);
    const all = JSON.stringify(pages);
    for (let i = 0; i < 60; i++) expect(all).toContain(`\`check-${i}\``);
    expect(engine.auditCalls).toHaveLength(1);
  });

  it('Share in channel posts the same answer for everyone, named as shared by who clicked', async () => {
    const h = await start(engineDouble());
    await h.command('orders-api', 'asked');
    const [answer] = await h.fake.waitFor(
      () => h.fake.responsesTo('asked').length > 0 && h.fake.responsesTo('asked'),
    );
    type Blocks = { elements?: { action_id?: string; value?: string }[] }[];
    const share = ((answer?.body.blocks ?? []) as Blocks)
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === SHARE_ACTION_ID);
    expect(share?.value).toMatch(/^[\w-]{16}$/);
    await sendButtonClick(h.eventsUrl, SECRET, {
      actionId: SHARE_ACTION_ID,
      value: share?.value ?? '',
      responseUrl: `${h.fake.url}/response/shared`,
      userId: 'U0BOB',
    });
    const [posted] = await h.fake.waitFor(
      () => h.fake.responsesTo('shared').length > 0 && h.fake.responsesTo('shared'),
    );
    expect(posted?.body.response_type).toBe('in_channel');
    const text = JSON.stringify(posted?.body.blocks);
    expect(text).toContain('Shared by <@U0BOB>');
    expect(text).not.toContain(SHARE_ACTION_ID);
    // The same answer: every block of the original but the Share button, in the same order.
    const words = (body: unknown) => JSON.stringify(body).match(/check-\d+/g);
    expect(words(posted?.body.blocks)).toEqual(words(answer?.body.blocks));
  });

  it('an unknown or expired key gets a reply that says what to do', async () => {
    const h = await start(engineDouble());
    await sendButtonClick(h.eventsUrl, SECRET, {
      actionId: SHOW_ALL_ACTION_ID,
      value: 'nope',
      responseUrl: `${h.fake.url}/response/stale`,
    });
    const [reply] = await h.fake.waitFor(
      () => h.fake.responsesTo('stale').length > 0 && h.fake.responsesTo('stale'),
    );
    expect(JSON.stringify(reply?.body)).toContain('run the command again');
  });

  it('a click with a bad signature is refused', async () => {
    const h = await start(engineDouble());
    const click = await sendButtonClick(h.eventsUrl, 'wrong-secret', {
      actionId: SHOW_ALL_ACTION_ID,
      value: 'x',
      responseUrl: `${h.fake.url}/response/forged`,
    });
    expect(click.status).toBe(401);
  });
});

it('serves a health check for load balancers and Docker', async () => {
  const h = await start(engineDouble());
  const response = await fetch(`http://127.0.0.1:${h.handle.port}${HEALTH_PATH}`);
  expect(response.status).toBe(200);
});
