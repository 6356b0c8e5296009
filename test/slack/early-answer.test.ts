/**
 * The audit answer at the speed of its critical path: the real Bolt app and the real engine
 * against the fake AWS, whose IAM last-accessed job stays IN_PROGRESS until the test lets it end
 * (a knob, not a clock). The answer arrives without the unused services, saying they are still
 * being checked; the job's end replaces it with the whole answer, or with the job's failure as a gap.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UNUSED_SERVICES_PENDING } from '../../src/render/audit-blocks.js';
import { type FakeAws, startFakeAws } from '../fakes/aws/index.js';
import { testWorld } from '../fakes/aws/test-world.js';
import { type FakeSlack, sendSlashCommand, startFakeSlack } from '../fakes/slack/index.js';
import { SECRET, serveRealEngine } from './harness.js';

/** More polls than any test makes: the job runs until a test turns the knob. */
const UNTIL_RELEASED = 1_000_000;

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(): Promise<{ aws: FakeAws; slack: FakeSlack; ask: (id: string) => Promise<void> }> {
  const aws = await startFakeAws({ world: testWorld(), lastAccessedPolls: UNTIL_RELEASED });
  const slack = await startFakeSlack();
  // Polls of the job a few ms apart, so the update follows the knob at once.
  const app = await serveRealEngine(slack, aws.url, { engine: { roles: { pollFirstMs: 1, pollMaxMs: 5 } } });
  cleanups.push(
    () => aws.close(),
    () => slack.close(),
    () => app.close(),
  );
  return {
    aws,
    slack,
    ask: async (id) => {
      const sent = await sendSlashCommand(app.eventsUrl, SECRET, {
        text: 'orders-api',
        response_url: `${slack.url}/response/${id}`,
      });
      expect(sent.status).toBe(200);
    },
  };
}

const nth = (slack: FakeSlack, id: string, n: number) =>
  slack.waitFor(() => slack.responsesTo(id)[n], 10_000);

describe('/lambda-audit <fn> before IAM last-accessed job ends', () => {
  it('answers without the unused services, marked pending, then replaces the answer with them', async () => {
    const { aws, slack, ask } = await start();
    await ask('early');

    const first = await nth(slack, 'early', 0);
    const firstText = JSON.stringify(first.body);
    expect(firstText).toContain('Lambda audit: orders-api');
    expect(firstText).toContain('*Who can invoke it*');
    expect(firstText).toContain(UNUSED_SERVICES_PENDING);
    // Pending is not "none unused", nor a gap.
    expect(firstText).not.toContain('role-unused-services');
    expect(firstText).not.toContain('iam:GetServiceLastAccessedDetails');
    expect(first.body.replace_original).toBe(false);
    // The job really is still running: nothing has been posted since.
    expect(slack.responsesTo('early')).toHaveLength(1);

    aws.setKnobs({ lastAccessedPolls: 0 });
    const update = await nth(slack, 'early', 1);
    const updateText = JSON.stringify(update.body);
    expect(update.body.replace_original).toBe(true);
    expect(update.body.response_type).toBe('ephemeral');
    expect(updateText).toContain('Lambda audit: orders-api');
    expect(updateText).not.toContain(UNUSED_SERVICES_PENDING);
    // The test world's role grants Lambda and never used it: the update carries the finding.
    expect(updateText).toContain('role-unused-services');
    expect(updateText).not.toContain('unused services not verified');
  });

  it('says the unused services are not verified when the job fails, never leaving them pending', async () => {
    const { aws, slack, ask } = await start();
    await ask('failing');
    const first = await nth(slack, 'failing', 0);
    expect(JSON.stringify(first.body)).toContain(UNUSED_SERVICES_PENDING);

    aws.setKnobs({ lastAccessedPolls: 0, lastAccessedFailure: 'Internal failure generating the report' });
    const update = await nth(slack, 'failing', 1);
    const text = JSON.stringify(update.body);
    expect(update.body.replace_original).toBe(true);
    expect(text).not.toContain(UNUSED_SERVICES_PENDING);
    expect(text).not.toContain('role-unused-services');
    expect(text).toContain('unused services not verified');
    // The gap names the call and IAM's reason.
    expect(text).toContain('iam:GetServiceLastAccessedDetails');
    expect(text).toContain('Internal failure generating the report');
  });

  it('answers once, complete, when the job of an earlier audit has finished', async () => {
    const { aws, slack, ask } = await start();
    await ask('first');
    await nth(slack, 'first', 0);
    aws.setKnobs({ lastAccessedPolls: 0 });
    await nth(slack, 'first', 1);
    // The role, and its job's outcome, are cached: nothing is left to wait for.
    await ask('cached');
    const text = JSON.stringify((await nth(slack, 'cached', 0)).body);
    expect(text).not.toContain(UNUSED_SERVICES_PENDING);
    expect(text).toContain('role-unused-services');
  });
});
