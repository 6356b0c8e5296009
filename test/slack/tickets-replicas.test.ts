/**
 * "Open ticket" on two replicas sharing one store (SQLite file or PostgreSQL) and one Jira: a
 * double click landing on both opens one ticket; a create that times out (the tracker makes the
 * ticket but answers late) is looked up by the finding's fingerprint label before anything is
 * created again. Real Bolt apps, the real engine on the sample account, the fake Jira.
 */
import { afterEach, expect, it } from 'vitest';
import { FINDING_MENU_ACTION_ID } from '../../src/render/slack-ids.js';
import { track } from '../../src/slack/actions/reports.js';
import { jiraSink } from '../../src/tickets/jira.js';
import { describeBackends } from '../store/backends.js';
import { completeAnswer } from './harness.js';
import { type ButtonsHarness, menuValue, startButtons } from './interactive-harness.js';

const FN = 'stream-processor';
const ROLE_CHECK = 'role-unused-services';
/**
 * The tracker call's timeout here: a create the fake Jira holds runs into it. Every other call
 * must answer within it, on however loaded a machine.
 */
const TRACKER_TIMEOUT_MS = 1_000;

let replicas: ButtonsHarness[] = [];

/** Polls an async condition (the fakes' waitFor takes only synchronous probes). */
async function eventually(probe: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const shortTimeout = (env: Record<string, string>) =>
  jiraSink({
    baseUrl: env.JIRA_BASE_URL ?? '',
    email: env.JIRA_EMAIL ?? '',
    apiToken: env.JIRA_API_TOKEN ?? '',
    project: env.JIRA_PROJECT ?? '',
    timeoutMs: TRACKER_TIMEOUT_MS,
  });

describeBackends('Open ticket on two replicas', (ctx) => {
  // Registered after the stores' own hook, so it runs first: the apps stop before their stores close.
  afterEach(async () => {
    for (const replica of replicas.reverse()) await replica.close();
    replicas = [];
  });

  /** Both replicas, and the menu value of the role finding as replica a answered it. */
  async function start(): Promise<{ a: ButtonsHarness; b: ButtonsHarness; value: string; fp: string }> {
    const a = await startButtons({ sink: 'jira', store: ctx.store, sinkFrom: shortTimeout });
    replicas.push(a);
    const b = await startButtons({
      sharedWith: a,
      store: await ctx.replica('replica-b'),
      sinkFrom: shortTimeout,
    });
    replicas.push(b);
    await a.command(FN, 'audit');
    const answer = await completeAnswer(a.slack, 'audit');
    const value = menuValue(answer, ROLE_CHECK, 'Open ticket');
    const fp = value.split('|')[2] ?? '';
    // Replica b never saw a's answer (each keeps its own cache): the finding is in the store, as
    // a scheduled scan would have put it there.
    const report = await a.engine.audit({ function: FN, region: 'eu-central-1' });
    await track(ctx.store, report, fp);
    return { a, b, value, fp };
  }

  const click = (h: ButtonsHarness, value: string, responseId: string) =>
    h.click({ actionId: FINDING_MENU_ACTION_ID, element: 'overflow', value, responseId });

  it('a double click landing on both replicas opens one ticket', async () => {
    const { a, b, value, fp } = await start();
    const jira = a.jira;
    if (!jira) throw new Error('no jira');
    // The tracker holds the create until the other click has been answered: the race is certain.
    const release = jira.hold();
    await Promise.all([click(a, value, 'ka'), click(b, value, 'kb')]);
    const told = () => JSON.stringify([...a.answers('ka'), ...a.answers('kb')]);
    await a.slack.waitFor(() => told().includes('being opened right now'), 15_000);
    release();
    await a.slack.waitFor(() => a.answers('ka').length > 0 && a.answers('kb').length > 0, 15_000);
    await eventually(async () => (await ctx.store.ticket(fp))?.state === 'open');
    expect(jira.issues).toHaveLength(1);
  }, 40_000);

  it('a timed-out create is looked up by its label before a retry creates anything', async () => {
    const { a, b, value, fp } = await start();
    const jira = a.jira;
    if (!jira) throw new Error('no jira');
    // The create is held past the call's timeout; released, the tracker makes the ticket late.
    const release = jira.hold();
    await click(a, value, 't1');
    const first = await a.slack.waitFor(() => a.answers('t1')[0], 15_000);
    const told = JSON.stringify(first);
    expect(told).toContain('the ticket may have been created');
    expect(told).toContain('checks whether the ticket was created');
    expect(told).not.toContain('no ticket was created');
    expect(await ctx.store.ticket(fp)).toMatchObject({ state: 'opening', uncertain: true });
    // The tracker made it after all, answering too late.
    release();
    await a.slack.waitFor(() => jira.issues.length === 1);

    // At once, on the other replica: still in the grace a late tracker gets.
    await click(b, value, 't2');
    expect(JSON.stringify(await b.slack.waitFor(() => b.answers('t2')[0], 15_000))).toContain(
      'did not answer the last try in time',
    );
    // Half a minute later: the click looks first, finds it, and links it.
    ctx.now = new Date(ctx.now.getTime() + 30_000);
    await click(b, value, 't3');
    const answers = await b.slack.waitFor(
      () => (b.answers('t3').length >= 2 ? b.answers('t3') : null),
      15_000,
    );
    expect(JSON.stringify(answers[0])).toContain('Checking whether the ticket was created');
    expect(JSON.stringify(answers)).toContain('had been created after all');
    expect(jira.issues).toHaveLength(1);
    expect(await ctx.store.ticket(fp)).toMatchObject({
      state: 'open',
      key: jira.issues[0]?.key,
      uncertain: false,
    });
    expect(jira.calls.filter((c) => c.path === '/rest/api/3/search/jql')).toHaveLength(1);
  }, 40_000);
});
