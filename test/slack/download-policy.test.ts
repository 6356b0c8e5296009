/**
 * "Download policy": a role view whose proposed policy is too long to read in Slack offers it
 * as a file, uploaded through files.uploadV2's three steps to the fake Slack, which checks them
 * as Slack does (announced length, bytes before completion).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { proposalText } from '../../src/render/role-blocks.js';
import { DOWNLOAD_POLICY_ACTION_ID } from '../../src/render/slack-ids.js';
import { redact } from '../../src/secrets.js';
import { type ButtonsHarness, buttonValue, startButtons } from './interactive-harness.js';

/** The sample account's function whose role grants hundreds of unused actions: a 12,000-character proposal. */
const FN = 'billing-export';

let h: ButtonsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function roleView(harness: ButtonsHarness, id: string): Promise<Record<string, unknown>> {
  expect((await harness.command(`role ${FN}`, id)).status).toBe(200);
  return harness.slack.waitFor(() => harness.answers(id)[0], 15_000);
}

const click = (harness: ButtonsHarness, value: string, responseId: string) =>
  harness.click({ actionId: DOWNLOAD_POLICY_ACTION_ID, element: 'button', value, responseId });

describe('Download policy', () => {
  it('uploads the proposed policy as a JSON file into the channel, saying who asked', async () => {
    const harness = await startButtons();
    h = harness;
    const view = await roleView(harness, 'role');
    expect(JSON.stringify(view)).toContain('too long to read here');
    await click(harness, buttonValue(view, DOWNLOAD_POLICY_ACTION_ID), 'download');

    const file = await harness.slack.waitFor(() => harness.slack.uploads().find((f) => f.completed), 15_000);
    // files.uploadV2's steps, in order: the URL, the bytes, the completion.
    const methods = harness.slack.calls.map((c) => c.method).filter((m) => m.startsWith('files.'));
    expect(methods).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
    expect(harness.slack.attempts.filter((a) => a.path.startsWith('upload/'))).toHaveLength(1);

    const report = await harness.engine.audit(
      { function: FN, region: 'eu-central-1' },
      { roleProposal: true },
    );
    const policy = report.role.proposal?.policy;
    expect(policy).toBeTruthy();
    expect(JSON.parse(file.content ?? '')).toEqual(policy);
    expect(file.content).toBe(proposalText(policy));
    // Nothing in it looks like a secret (redaction would change it).
    expect(redact(file.content ?? '')).toBe(file.content);
    expect(file.filename).toBe(`${FN}-least-privilege-policy.json`);
    expect(file.channel).toBe('C0CHAN');
    expect(file.initialComment).toContain('<@U0ALICE>');
    expect(file.initialComment).toContain(FN);
    // No note to the clicker: the file in the channel is the answer.
    expect(harness.answers('download')).toEqual([]);
  });

  it('tells the clicker what to do when Slack refuses the file', async () => {
    const harness = await startButtons();
    h = harness;
    const view = await roleView(harness, 'role');
    harness.slack.fail('files.completeUploadExternal', 1, 200, { ok: false, error: 'not_in_channel' });
    await click(harness, buttonValue(view, DOWNLOAD_POLICY_ACTION_ID), 'refused');
    const told = JSON.stringify(await harness.slack.waitFor(() => harness.answers('refused')[0], 15_000));
    expect(told).toContain('not_in_channel');
    expect(told).toContain('invite @lambda-audit');
    expect(told).toContain(`lambda-audit role arn:aws:lambda:eu-central-1:`);
  });

  it('asks for the view again once its answer has left the cache', async () => {
    const harness = await startButtons();
    h = harness;
    await click(harness, 'unknown-key-0000', 'stale');
    const told = JSON.stringify(await harness.slack.waitFor(() => harness.answers('stale')[0], 15_000));
    expect(told).toContain('older than 30 minutes');
    expect(harness.slack.uploads()).toEqual([]);
  });
});
