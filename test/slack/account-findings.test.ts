/**
 * Findings about an account and region (GuardDuty off in us-east-1 of the sample account) through
 * Slack's buttons: the store keeps them under a pseudo-function `account <id> <region>`, whose
 * "ARN" is the account's resource, so a click that must audit "the function" again audits the
 * account and region instead. Re-audit, snooze, accept and ticket all work on them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFindingValue } from '../../src/render/finding-actions.js';
import {
  ACCEPT_VIEW_ID,
  FINDING_MENU_ACTION_ID,
  REAUDIT_ACTION_ID,
  SNOOZE_VIEW_ID,
} from '../../src/render/slack-ids.js';
import { type ButtonsHarness, startButtons } from './interactive-harness.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const CHECK = 'guardduty-lambda-protection-off';
const ACCOUNT_ARN = `arn:aws::${REGION}:${ACCOUNT}:account`;

let h: ButtonsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The buttons' stack with a scan of us-east-1 in the store; the account finding's fingerprint. */
async function started(sink: 'jira' | null = null): Promise<{ harness: ButtonsHarness; fp: string }> {
  const harness = await startButtons({ sink, env: { AUDIT_REGIONS: `eu-central-1,${REGION}` } });
  h = harness;
  await harness.store.recordScan(await harness.engine.scan([REGION]));
  const record = (await harness.store.findings({ states: ['open'] })).find((f) => f.check === CHECK);
  expect(record?.functions[0]).toMatchObject({
    functionName: `account ${ACCOUNT} ${REGION}`,
    region: REGION,
  });
  return { harness, fp: record?.fingerprint ?? '' };
}

/** Clicks a verb of the finding's menu as a message without a cache key would (the digest, a restart). */
async function menu(harness: ButtonsHarness, verb: 'snooze' | 'accept' | 'ticket', fp: string, id: string) {
  await harness.click({
    actionId: FINDING_MENU_ACTION_ID,
    element: 'overflow',
    value: encodeFindingValue(verb, '', fp),
    responseId: id,
    triggerId: `trig-${id}`,
  });
}

async function submitted(
  harness: ButtonsHarness,
  callbackId: string,
  id: string,
  fields: { days?: string; reason: string },
) {
  const open = await harness.slack.waitFor(() =>
    harness.slack.callsTo('views.open').find((c) => c.body.trigger_id === `trig-${id}`),
  );
  const view = open.body.view as { private_metadata: string };
  await harness.submit({ callbackId, privateMetadata: view.private_metadata, ...fields });
}

describe('an account-and-region finding in Slack', () => {
  it('Re-audit audits the account and region again and replaces the answer', async () => {
    const { harness } = await started();
    await harness.click({
      actionId: REAUDIT_ACTION_ID,
      element: 'button',
      value: `${REGION}|${ACCOUNT_ARN}`,
      responseId: 'r1',
      userId: 'U0BOB',
    });
    const replaced = JSON.stringify(await harness.slack.waitFor(() => harness.answers('r1')[0], 15_000));
    expect(replaced).toContain('Re-audited by <@U0BOB>');
    expect(replaced).toContain(`account ${ACCOUNT} ${REGION}`);
    expect(replaced).toContain(CHECK);
    expect(replaced).not.toContain('not found');
    // About the account: no invoker, role or log group to speak of.
    expect(replaced).toContain('*Account and region*');
    expect(replaced).not.toContain('Who can invoke it');
    expect(replaced).not.toContain('Blast radius');
  });

  it('is snoozed and accepted from a menu without a cached answer', async () => {
    const { harness, fp } = await started();
    await menu(harness, 'snooze', fp, 's1');
    await submitted(harness, SNOOZE_VIEW_ID, 's1', { days: '7', reason: 'enabling next sprint' });
    await harness.slack.waitFor(() => harness.answers('s1').length > 0, 15_000);
    expect(await harness.store.finding(fp)).toMatchObject({ state: 'snoozed', stateBy: 'U0ALICE' });

    await menu(harness, 'accept', fp, 'a1');
    await submitted(harness, ACCEPT_VIEW_ID, 'a1', { reason: 'no Lambda workloads there' });
    await harness.slack.waitFor(() => harness.answers('a1').length > 0, 15_000);
    expect(await harness.store.finding(fp)).toMatchObject({
      state: 'accepted',
      acceptedReason: 'no Lambda workloads there',
    });
  });

  it('opens one ticket that names the account and region, and links it on a second click', async () => {
    const { harness, fp } = await started('jira');
    const linked = (id: string) => {
      const key = harness.jira?.issues[0]?.key;
      return key && JSON.stringify(harness.answers(id)).includes(key);
    };
    await menu(harness, 'ticket', fp, 't1');
    await harness.slack.waitFor(() => linked('t1'), 15_000);
    expect(await harness.store.ticket(fp)).toMatchObject({ state: 'open' });
    await menu(harness, 'ticket', fp, 't2');
    await harness.slack.waitFor(() => linked('t2'), 15_000);
    const issues = harness.jira?.issues ?? [];
    expect(issues).toHaveLength(1);
    expect(JSON.stringify(issues[0])).toContain(`account ${ACCOUNT} ${REGION}`);
  });
});
