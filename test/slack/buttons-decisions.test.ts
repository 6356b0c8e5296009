/**
 * Snooze and Accept risk through the real stack: the menu click opens a modal (views.open with
 * the click's trigger_id, before anything slow), the signed view_submission records the decision
 * in the store, and the message is updated. Snoozed findings leave the headline counts until
 * the snooze runs out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACCEPT_VIEW_ID,
  ANSWER_NEXT_ACTION_ID,
  DIGEST_MENU_ACTION_ID,
  FINDING_MENU_ACTION_ID,
  REAUDIT_ACTION_ID,
  SNOOZE_VIEW_ID,
} from '../../src/render/slack-ids.js';
import { buildDigest } from '../../src/schedule/digest.js';
import { renderDigestBlocks } from '../../src/schedule/render.js';
import { finding, report, scanOf } from '../store/fixtures.js';
import { HOSTILE_TEXT } from './fixtures.js';
import { completeAnswer } from './harness.js';
import {
  type ButtonsHarness,
  buttonValue,
  headline,
  menuValue,
  startButtons,
} from './interactive-harness.js';

const FN = 'stream-processor';
const CHECK = 'xray-tracing-off';
const DAY = 86_400_000;

let h: ButtonsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function auditAnswer(harness: ButtonsHarness, id: string): Promise<Record<string, unknown>> {
  await harness.command(FN, id);
  return completeAnswer(harness.slack, id);
}

/** The answer and each page after it, by clicking its Next button (decided findings come last). */
async function everyPage(
  harness: ButtonsHarness,
  answer: Record<string, unknown>,
  id: string,
): Promise<Record<string, unknown>[]> {
  const pages = [answer];
  for (let page = 1; page < 10; page++) {
    const last = pages.at(-1) ?? answer;
    if (!JSON.stringify(last).includes(ANSWER_NEXT_ACTION_ID)) break;
    const responseId = `${id}-page-${page}`;
    const value = buttonValue(last, ANSWER_NEXT_ACTION_ID);
    await harness.click({ actionId: ANSWER_NEXT_ACTION_ID, element: 'button', value, responseId });
    pages.push(await harness.slack.waitFor(() => harness.answers(responseId)[0], 15_000));
  }
  return pages;
}

/** Clicks `label` beside CHECK and returns the modal views.open was asked to show. */
async function openModal(
  harness: ButtonsHarness,
  answer: Record<string, unknown>,
  label: string,
  responseId: string,
  userId = 'U0ALICE',
): Promise<{ callback_id: string; private_metadata: string }> {
  const before = harness.slack.callsTo('views.open').length;
  const value = menuValue(answer, CHECK, label);
  await harness.click({
    actionId: FINDING_MENU_ACTION_ID,
    element: 'overflow',
    value,
    responseId,
    userId,
    triggerId: `trig-${responseId}`,
  });
  const call = await harness.slack.waitFor(() => harness.slack.callsTo('views.open')[before]);
  expect(call.body.trigger_id).toBe(`trig-${responseId}`);
  return call.body.view as { callback_id: string; private_metadata: string };
}

function fingerprintOf(answer: Record<string, unknown>): string {
  return menuValue(answer, CHECK, 'Snooze…').split('|')[2] ?? '';
}

describe('Snooze', () => {
  it('records who, until when and why, updates the message, and leaves the headline counts until it runs out', async () => {
    h = await startButtons();
    const harness = h;
    const answer = await auditAnswer(harness, 'a1');
    const fp = fingerprintOf(answer);
    const before = headline(answer);
    const view = await openModal(harness, answer, 'Snooze…', 's1');
    expect(view.callback_id).toBe(SNOOZE_VIEW_ID);
    const sent = await harness.submit({
      callbackId: SNOOZE_VIEW_ID,
      privateMetadata: view.private_metadata,
      days: '7',
      reason: 'waiting on the platform team',
    });
    expect(sent.status).toBe(200);
    const updated = await harness.slack.waitFor(
      () => harness.answers('s1').find((a) => a.replace_original === true),
      15_000,
    );
    const text = JSON.stringify(updated);
    expect(text).toContain('snoozed 7 days');
    expect(text).toContain('<@U0ALICE>');
    expect(text).toContain('waiting on the platform team');
    const record = await harness.store.finding(fp);
    expect(record).toMatchObject({ state: 'snoozed', stateBy: 'U0ALICE' });
    // Seven days from when the submission was handled, on the buttons' clock.
    expect(Date.parse(record?.snoozedUntil ?? '')).toBe(harness.clock.now.getTime() + 7 * DAY);

    // A new audit no longer counts it, but says it is snoozed.
    const again = await auditAnswer(harness, 'a2');
    expect(headline(again)).toContain('1 snoozed');
    expect(headline(again)).not.toEqual(before);
    expect(JSON.stringify(await everyPage(harness, again, 'a2'))).toContain('Snoozed until');

    // Eight days later the snooze has run out: counted again, nothing said about a snooze.
    // (The decisions cache, on the same clock, is eight days old: it is read again.)
    harness.clock.now = new Date(harness.clock.now.getTime() + 8 * DAY);
    const later = await auditAnswer(harness, 'a3');
    expect(headline(later)).toEqual(before);
    expect(JSON.stringify(await everyPage(harness, later, 'a3'))).not.toContain('Snoozed until');
    expect((await harness.store.finding(fp))?.state).toBe('open');
    expect(await harness.store.findings({ states: ['snoozed'] })).toEqual([]);
  }, 40_000);

  it('reopens a finding a scan had marked fixed when the answer shows it again, then snoozes it', async () => {
    h = await startButtons();
    const harness = h;
    const answer = await auditAnswer(harness, 'b1');
    const fp = fingerprintOf(answer);
    // A scan saw the finding, a later one no longer did (fixed); the live answer shows it again.
    await harness.store.recordScan(scanOf([report(FN, (arn) => [finding(CHECK, arn, 'low')])]));
    await harness.store.recordScan(scanOf([report(FN, [])]));
    expect((await harness.store.finding(fp))?.state).toBe('fixed');
    const view = await openModal(harness, answer, 'Snooze…', 'b2');
    await harness.submit({
      callbackId: SNOOZE_VIEW_ID,
      privateMetadata: view.private_metadata,
      days: '7',
      reason: 'later',
    });
    await harness.slack.waitFor(() => harness.answers('b2').find((a) => a.replace_original === true), 15_000);
    expect((await harness.store.finding(fp))?.state).toBe('snoozed');
  }, 40_000);

  it('opens the modal with the trigger_id before any slow work, even when the audit must be redone', async () => {
    h = await startButtons();
    const harness = h;
    const answer = await auditAnswer(harness, 'a1');
    const fp = fingerprintOf(answer);
    // Stored by a scan, and referred to without a cache key (as after a restart, or from the digest).
    await harness.store.recordScan(await harness.engine.scan(['eu-central-1']));
    harness.aws.setKnobs({ latencyMs: 1500 });
    const callsBefore = harness.aws.counts().total;
    await harness.click({
      actionId: FINDING_MENU_ACTION_ID,
      element: 'overflow',
      value: `s||${fp}`,
      responseId: 's2',
      triggerId: 'trig-fast',
    });
    const open = await harness.slack.waitFor(() => harness.slack.callsTo('views.open')[0]);
    expect(open.body.trigger_id).toBe('trig-fast');
    expect(harness.aws.counts().total).toBe(callsBefore);
  }, 40_000);
});

describe('Accept risk', () => {
  it('is refused to a non-approver, who is told whom to ask; the store is unchanged', async () => {
    h = await startButtons({ env: { APPROVER_USER_IDS: 'U0BOSS,U0CISO' } });
    const harness = h;
    const answer = await auditAnswer(harness, 'a1');
    const fp = fingerprintOf(answer);
    const value = menuValue(answer, CHECK, 'Accept risk…');
    await harness.click({
      actionId: FINDING_MENU_ACTION_ID,
      element: 'overflow',
      value,
      responseId: 'x1',
      userId: 'U0MALLORY',
    });
    const told = await harness.slack.waitFor(() => harness.answers('x1')[0]);
    expect(told.response_type).toBe('ephemeral');
    expect(JSON.stringify(told)).toContain('ask one of <@U0BOSS>, <@U0CISO>');
    expect(harness.slack.callsTo('views.open')).toEqual([]);

    // A forged submission is refused inside the modal.
    const view = await openModal(harness, answer, 'Accept risk…', 'x2', 'U0BOSS');
    const forged = await harness.submit({
      callbackId: ACCEPT_VIEW_ID,
      privateMetadata: view.private_metadata,
      userId: 'U0MALLORY',
      reason: 'trust me',
    });
    expect(JSON.parse(forged.body)).toMatchObject({ response_action: 'errors' });
    expect((await harness.store.finding(fp))?.state ?? 'untracked').not.toBe('accepted');

    // The approver's submission is recorded.
    await harness.submit({
      callbackId: ACCEPT_VIEW_ID,
      privateMetadata: view.private_metadata,
      userId: 'U0BOSS',
      reason: 'internal tool, no data',
    });
    await harness.slack.waitFor(() => harness.answers('x2').find((a) => a.replace_original === true), 15_000);
    expect(await harness.store.finding(fp)).toMatchObject({
      state: 'accepted',
      stateBy: 'U0BOSS',
      acceptedReason: 'internal tool, no data',
    });
  }, 40_000);

  it("a non-approver cannot replace an approver's accepted risk with a snooze", async () => {
    h = await startButtons({ env: { APPROVER_USER_IDS: 'U0BOSS' } });
    const harness = h;
    const answer = await auditAnswer(harness, 'p1');
    const fp = fingerprintOf(answer);
    // Mallory opens the snooze form before the approver decides, and submits it after.
    const snooze = await openModal(harness, answer, 'Snooze…', 'p2', 'U0MALLORY');
    const accept = await openModal(harness, answer, 'Accept risk…', 'p3', 'U0BOSS');
    await harness.submit({
      callbackId: ACCEPT_VIEW_ID,
      privateMetadata: accept.private_metadata,
      userId: 'U0BOSS',
      reason: 'internal tool, no data',
    });
    await harness.slack.waitFor(() => harness.answers('p3').find((a) => a.replace_original === true), 15_000);

    await harness.submit({
      callbackId: SNOOZE_VIEW_ID,
      privateMetadata: snooze.private_metadata,
      userId: 'U0MALLORY',
      days: '7',
      reason: 'later',
    });
    const refused = await harness.slack.waitFor(() => harness.answers('p2')[0], 15_000);
    expect(JSON.stringify(refused)).toContain('only approvers may change it');
    // A fresh click on Snooze is refused before any form opens.
    const forms = harness.slack.callsTo('views.open').length;
    await harness.click({
      actionId: FINDING_MENU_ACTION_ID,
      element: 'overflow',
      value: menuValue(answer, CHECK, 'Snooze…'),
      responseId: 'p4',
      userId: 'U0MALLORY',
    });
    const told = await harness.slack.waitFor(() => harness.answers('p4')[0]);
    expect(JSON.stringify(told)).toContain('<@U0BOSS>, an approver, decided this finding');
    expect(harness.slack.callsTo('views.open')).toHaveLength(forms);
    expect(await harness.store.finding(fp)).toMatchObject({ state: 'accepted', stateBy: 'U0BOSS' });
  }, 40_000);

  it('needs a reason', async () => {
    h = await startButtons();
    const answer = await auditAnswer(h, 'a1');
    const view = await openModal(h, answer, 'Accept risk…', 'r1');
    const sent = await h.submit({
      callbackId: ACCEPT_VIEW_ID,
      privateMetadata: view.private_metadata,
      reason: '   ',
    });
    expect(JSON.parse(sent.body)).toMatchObject({
      response_action: 'errors',
      errors: { reason: expect.any(String) },
    });
  }, 30_000);
});

describe('hostile text in the reason field', () => {
  it('is escaped in the updated message, in later audits and in /lambda-audit snoozed', async () => {
    h = await startButtons();
    const harness = h;
    const answer = await auditAnswer(harness, 'a1');
    const hostile = `<!channel> <https://evil.example|click> ${HOSTILE_TEXT}`;
    const view = await openModal(harness, answer, 'Accept risk…', 'h1');
    await harness.submit({
      callbackId: ACCEPT_VIEW_ID,
      privateMetadata: view.private_metadata,
      reason: hostile,
    });
    const updated = await harness.slack.waitFor(
      () => harness.answers('h1').find((a) => a.replace_original === true),
      15_000,
    );
    const later = await everyPage(harness, await auditAnswer(harness, 'a2'), 'a2');
    await harness.command('snoozed', 'list');
    const listed = await harness.slack.waitFor(() => harness.answers('list')[0]);
    for (const shown of [updated, later, listed]) {
      const text = JSON.stringify(shown);
      expect(text).toContain('&lt;!channel&gt;');
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<https://evil.example');
      expect(text).not.toMatch(/<!here>|<!everyone>/);
    }
    expect(JSON.stringify(listed)).toContain('accepted by <@U0ALICE>');
  }, 40_000);
});

describe('the digest', () => {
  it('offers the same actions on its new findings, and a snooze from it updates the digest message', async () => {
    h = await startButtons();
    const harness = h;
    await harness.store.recordScan(await harness.engine.scan(['eu-central-1']));
    const digest = await buildDigest(harness.store, null);
    const { main } = renderDigestBlocks(digest, { ticket: false });
    const select = main.blocks.find((b) => b.type === 'actions');
    expect(select).toBeDefined();
    const json = JSON.stringify(select);
    const value = /"value":"(s\|\|[0-9a-f]+)"/.exec(json)?.[1] ?? '';
    expect(value).not.toBe('');
    const message = { ts: '1700000900.000100', text: main.text, blocks: main.blocks as unknown[] };
    await harness.click({
      actionId: DIGEST_MENU_ACTION_ID,
      element: 'static_select',
      value,
      responseId: 'd1',
      message,
      channelId: 'C0DIGEST',
    });
    const open = await harness.slack.waitFor(() => harness.slack.callsTo('views.open')[0]);
    const view = open.body.view as { private_metadata: string };
    await harness.submit({
      callbackId: SNOOZE_VIEW_ID,
      privateMetadata: view.private_metadata,
      days: '30',
      reason: '',
    });
    const update = await harness.slack.waitFor(() => harness.slack.callsTo('chat.update')[0], 15_000);
    expect(update.body).toMatchObject({ channel: 'C0DIGEST', ts: message.ts });
    expect(JSON.stringify(update.body)).toContain('snoozed 30 days');
    expect((await harness.store.finding(value.split('|')[2] ?? ''))?.state).toBe('snoozed');
  }, 40_000);
});

describe('Re-audit', () => {
  it('audits the function again and replaces the answer, decisions still marked', async () => {
    h = await startButtons();
    const harness = h;
    const answer = await auditAnswer(harness, 'a1');
    const view = await openModal(harness, answer, 'Snooze…', 's1');
    await harness.submit({
      callbackId: SNOOZE_VIEW_ID,
      privateMetadata: view.private_metadata,
      days: '30',
      reason: 'later',
    });
    await harness.slack.waitFor(() => harness.answers('s1').find((a) => a.replace_original === true), 15_000);
    const value = buttonValue(answer, REAUDIT_ACTION_ID);
    expect(value).toContain(':function:stream-processor');
    await harness.click({
      actionId: REAUDIT_ACTION_ID,
      element: 'button',
      value,
      responseId: 'r1',
      userId: 'U0BOB',
    });
    const replaced = await harness.slack.waitFor(
      () => harness.answers('r1').find((a) => a.replace_original === true),
      15_000,
    );
    expect(JSON.stringify(replaced)).toContain('Re-audited by <@U0BOB>');
    expect(headline(replaced)).toContain('1 snoozed');
  }, 40_000);
});
