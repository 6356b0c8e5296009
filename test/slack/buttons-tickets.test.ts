/**
 * "Open ticket" through the real stack: signed block_actions into the Bolt app, the real engine
 * on the sample account, the store in memory, fake Jira and GitHub recording what was created.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FINDING_MENU_ACTION_ID, TICKET_RETRY_ACTION_ID } from '../../src/render/slack-ids.js';
import { adfText } from '../fakes/jira/index.js';
import { completeAnswer } from './harness.js';
import { type ButtonsHarness, buttonValue, menuValue, startButtons } from './interactive-harness.js';

const FN = 'stream-processor';
const ROLE_CHECK = 'role-unused-services';

let h: ButtonsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** `/lambda-audit stream-processor`, answered: the ephemeral audit with its menus. */
async function auditAnswer(harness: ButtonsHarness, id = 'audit'): Promise<Record<string, unknown>> {
  const sent = await harness.command(FN, id);
  expect(sent.status).toBe(200);
  return completeAnswer(harness.slack, id);
}

function fingerprintOf(value: string): string {
  return value.split('|')[2] ?? '';
}

describe('Open ticket under a role finding', () => {
  it('creates exactly one Jira issue holding the proposed policy, and the message then links it', async () => {
    h = await startButtons({ sink: 'jira' });
    const answer = await auditAnswer(h);
    const value = menuValue(answer, ROLE_CHECK, 'Open ticket');
    expect(value.length).toBeLessThanOrEqual(150);
    const sent = await h.click({
      actionId: FINDING_MENU_ACTION_ID,
      element: 'overflow',
      value,
      responseId: 'k1',
    });
    expect(sent.status).toBe(200);
    const updated = await h.slack.waitFor(
      () => h?.answers('k1').find((a) => a.replace_original === true),
      15_000,
    );
    const jira = h.jira;
    if (!jira) throw new Error('no jira');
    expect(jira.issues).toHaveLength(1);
    const issue = jira.issues[0];
    const description = adfText(issue?.fields.description);
    expect(description).toContain('Proposed least-privilege policy');
    expect(description).toContain('"Statement"');
    expect(String(issue?.fields.summary)).toContain('Tighten execution role');
    const link = `${jira.url}/browse/${issue?.key}`;
    expect(JSON.stringify(updated)).toContain(`<${link}|${issue?.key}>`);
    const ticket = await h.store.ticket(fingerprintOf(value));
    expect(ticket).toMatchObject({ state: 'open', key: issue?.key, url: link, createdBy: 'U0ALICE' });
    // The finding is now known to the store, so a later scan can tell the ticket it is fixed.
    expect(await h.store.finding(fingerprintOf(value))).not.toBeNull();
  }, 30_000);

  it('with TICKET_SINK=github creates exactly one GitHub issue whose body holds the policy', async () => {
    h = await startButtons({ sink: 'github' });
    const answer = await auditAnswer(h);
    const value = menuValue(answer, ROLE_CHECK, 'Open ticket');
    await h.click({ actionId: FINDING_MENU_ACTION_ID, element: 'overflow', value, responseId: 'g1' });
    const updated = await h.slack.waitFor(
      () => h?.answers('g1').find((a) => a.replace_original === true),
      15_000,
    );
    const github = h.github;
    if (!github) throw new Error('no github');
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]?.body).toContain('Proposed least-privilege policy');
    expect(github.issues[0]?.body).toContain('"Statement"');
    expect(JSON.stringify(updated)).toContain(String(github.issues[0]?.html_url));
  }, 30_000);

  it('hides "Open ticket" when no sink is configured', async () => {
    h = await startButtons({ sink: null });
    const answer = await auditAnswer(h);
    expect(() => menuValue(answer, ROLE_CHECK, 'Open ticket')).toThrow();
    expect(menuValue(answer, ROLE_CHECK, 'Snooze…')).toMatch(/^s\|/);
  }, 30_000);
});

describe('no duplicate tickets', () => {
  it('20 concurrent clicks on the same button create one ticket; the others are told', async () => {
    h = await startButtons({ sink: 'jira' });
    const harness = h;
    harness.jira?.setDelay(300); // a slow tracker widens the race window
    const value = menuValue(await auditAnswer(harness), ROLE_CHECK, 'Open ticket');
    const clicks = Array.from({ length: 20 }, (_, i) =>
      harness.click({
        actionId: FINDING_MENU_ACTION_ID,
        element: 'overflow',
        value,
        responseId: `c${i}`,
        userId: `U0USER${i}`,
      }),
    );
    for (const sent of await Promise.all(clicks)) expect(sent.status).toBe(200);
    await harness.slack.waitFor(
      () => Array.from({ length: 20 }, (_, i) => harness.answers(`c${i}`).length > 0).every(Boolean),
      15_000,
    );
    expect(harness.jira?.issues).toHaveLength(1);
    expect(harness.jira?.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/issue'))).toHaveLength(
      1,
    );
    const told = Array.from({ length: 20 }, (_, i) => JSON.stringify(harness.answers(`c${i}`)));
    expect(
      told.filter((t) => t.includes('being opened right now') || t.includes('already has a ticket')),
    ).toHaveLength(19);
  }, 30_000);

  it('two identical clicks in parallel (a Slack retry) open one ticket, and a later click shows its link', async () => {
    h = await startButtons({ sink: 'jira' });
    const harness = h;
    harness.jira?.setDelay(200);
    const value = menuValue(await auditAnswer(harness), ROLE_CHECK, 'Open ticket');
    const click = () =>
      harness.click({ actionId: FINDING_MENU_ACTION_ID, element: 'overflow', value, responseId: 'same' });
    await Promise.all([click(), click()]);
    await harness.slack.waitFor(
      () => harness.answers('same').find((a) => a.replace_original === true),
      15_000,
    );
    expect(harness.jira?.issues).toHaveLength(1);
    await harness.click({
      actionId: FINDING_MENU_ACTION_ID,
      element: 'overflow',
      value,
      responseId: 'later',
    });
    const later = await harness.slack.waitFor(() => harness.answers('later')[0]);
    expect(JSON.stringify(later)).toContain('already has a ticket');
    expect(JSON.stringify(later)).toContain(`/browse/${harness.jira?.issues[0]?.key}`);
    expect(harness.jira?.issues).toHaveLength(1);
  }, 30_000);
});

describe('a tracker that fails', () => {
  it('answering 500: no ticket recorded, the user told in the thread with Retry, and Retry works', async () => {
    h = await startButtons({ sink: 'jira' });
    const harness = h;
    const answer = await auditAnswer(harness);
    const value = menuValue(answer, ROLE_CHECK, 'Open ticket');
    const fp = fingerprintOf(value);
    harness.jira?.failNext(1, 500, 'Internal server error');
    // The audit as a channel message (a mention's answer): the failure goes to its thread.
    const message = { ts: '1700000500.000100', text: 'lambda-audit', blocks: answer.blocks as unknown[] };
    await harness.click({
      actionId: FINDING_MENU_ACTION_ID,
      element: 'overflow',
      value,
      responseId: 'f1',
      message,
    });
    const failure = await harness.slack.waitFor(() =>
      harness.slack.callsTo('chat.postMessage').find((c) => c.body.thread_ts === message.ts),
    );
    expect(JSON.stringify(failure.body)).toContain('Jira answered 500');
    expect(JSON.stringify(failure.body)).toContain('no ticket was created');
    expect(await harness.store.ticket(fp)).toBeNull();
    expect(harness.jira?.issues).toHaveLength(0);

    // Retry, from the failure message in the thread.
    const retryValue = buttonValue(failure.body, TICKET_RETRY_ACTION_ID);
    await harness.click({
      actionId: TICKET_RETRY_ACTION_ID,
      element: 'button',
      value: retryValue,
      responseId: 'f2',
      message: { ts: '1700000600.000100', text: String(failure.body.text) },
    });
    await harness.slack.waitFor(() =>
      harness.slack.callsTo('chat.update').find((c) => c.body.ts === message.ts),
    );
    expect(harness.jira?.issues).toHaveLength(1);
    expect(await harness.store.ticket(fp)).toMatchObject({ state: 'open' });
    const updates = harness.slack.callsTo('chat.update');
    const key = String(harness.jira?.issues[0]?.key);
    // Both the failure note and the original message now show the ticket.
    expect(JSON.stringify(updates.find((u) => u.body.ts === '1700000600.000100')?.body)).toContain(key);
    expect(JSON.stringify(updates.find((u) => u.body.ts === message.ts)?.body)).toContain(key);
  }, 30_000);
});
