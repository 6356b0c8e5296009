/**
 * The whole stack for button tests: the sample account on the fake AWS, the real engine, a
 * SQLite store in memory (on a clock the test moves), the real Bolt app from `serve`, the fake
 * Slack, and a fake Jira or GitHub behind TICKET_SINK.
 */
import type { Config } from '../../src/config.js';
import { createEngine, type RunningEngine } from '../../src/engine.js';
import { jsonLogger } from '../../src/log.js';
import { EVENTS_PATH } from '../../src/slack/app.js';
import { type ServeHandle, serve } from '../../src/slack/serve.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { sinkFromEnv } from '../../src/tickets/from-env.js';
import type { TicketSink } from '../../src/tickets/sink.js';
import type { FakeAws } from '../fakes/aws/index.js';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/index.js';
import { type FakeJira, startFakeJira } from '../fakes/jira/index.js';
import { startSampleAws } from '../fakes/sample-world.js';
import {
  type ButtonClick,
  blockActionsBody,
  type FakeSlack,
  type SentRequest,
  sendSigned,
  startFakeSlack,
} from '../fakes/slack/index.js';
import { SECRET, testConfig } from './harness.js';
import { type SubmitOptions, viewSubmissionPayload } from './interactive-payloads.js';

export interface ButtonsHarness {
  /** Where the engine finds the fake AWS (a second replica uses the same). */
  target: Awaited<ReturnType<typeof startSampleAws>>['aws'];
  aws: FakeAws;
  slack: FakeSlack;
  jira: FakeJira | null;
  github: FakeGitHub | null;
  store: Store;
  engine: RunningEngine;
  handle: ServeHandle;
  config: Config;
  /** The store's clock: tests move it to expire snoozes. */
  clock: { now: Date };
  logs: Record<string, unknown>[];
  command(text: string, id: string): Promise<SentRequest>;
  click(options: Omit<ButtonClick, 'responseUrl'> & { responseId: string }): Promise<SentRequest>;
  submit(options: SubmitOptions): Promise<SentRequest>;
  /** The answers posted to response_url `id`, in order. */
  answers(id: string): Record<string, unknown>[];
  close(): Promise<void>;
}

export interface ButtonsOptions {
  sink?: 'jira' | 'github' | null;
  env?: Record<string, string>;
  /** The store to use (another replica may share it); an in-memory one on `clock` by default. */
  store?: Store;
  /** Another replica's fakes (AWS, Slack, trackers) to share; closed by that replica. */
  sharedWith?: ButtonsHarness;
  /** Builds the sink from the fake tracker's environment (a short timeout, say). */
  sinkFrom?: (env: Record<string, string>) => TicketSink | null;
}

export async function startButtons(options: ButtonsOptions = {}): Promise<ButtonsHarness> {
  const shared = options.sharedWith;
  const { fake: aws, aws: target } = shared
    ? { fake: shared.aws, aws: shared.target }
    : await startSampleAws();
  const slack = shared?.slack ?? (await startFakeSlack());
  const jira = shared?.jira ?? (options.sink === 'jira' ? await startFakeJira() : null);
  const github = shared?.github ?? (options.sink === 'github' ? await startFakeGitHub() : null);
  const clock = { now: new Date() };
  const store = options.store ?? (await openStore(':memory:', { now: () => clock.now }));
  const config = testConfig(slack, options.env ?? {});
  const engine = createEngine(config, target, {
    quotas: { 'lambda:*': 2000, 'iam:*': 2000, 'logs:*': 2000 },
  });
  const trackerEnv = jira?.env() ?? github?.env() ?? {};
  const tickets = options.sinkFrom ? options.sinkFrom(trackerEnv) : sinkFromEnv(trackerEnv);
  const logs: Record<string, unknown>[] = [];
  const handle = await serve(config, engine, {
    log: jsonLogger('debug', (line) => logs.push(JSON.parse(line) as Record<string, unknown>)),
    retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 },
    maxRetryWaitMs: 5000,
    store,
    tickets,
    // The store's clock drives the buttons too: snooze ends and the decisions cache follow it.
    now: () => clock.now,
  });
  const eventsUrl = `http://127.0.0.1:${handle.port}${EVENTS_PATH}`;
  const post = (body: string) => sendSigned(eventsUrl, SECRET, body);
  return {
    target,
    aws,
    slack,
    jira,
    github,
    store,
    engine,
    handle,
    config,
    clock,
    logs,
    command: (text, id) =>
      post(
        new URLSearchParams({
          team_id: 'T0FAKE',
          channel_id: 'C0CHAN',
          user_id: 'U0ALICE',
          command: '/lambda-audit',
          text,
          response_url: `${slack.url}/response/${id}`,
          trigger_id: '1.2.3',
        }).toString(),
      ),
    click: ({ responseId, ...rest }) =>
      post(blockActionsBody({ ...rest, responseUrl: `${slack.url}/response/${responseId}` })),
    submit: (submit) => post(viewSubmissionPayload(submit)),
    answers: (id) => slack.responsesTo(id).map((r) => r.body),
    async close() {
      await handle.stop();
      engine.close();
      if (!options.store) await store.close();
      if (shared) return;
      await Promise.all([aws.close(), slack.close(), jira?.close(), github?.close()]);
    },
  };
}

interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: { type: string; action_id: string; options: { text: { text: string }; value: string }[] };
  elements?: { type: string; action_id?: string; value?: string }[];
}

/** The value of `verb` ('Open ticket', 'Snooze…', 'Accept risk…') in the menu beside `check`. */
export function menuValue(message: Record<string, unknown>, check: string, label: string): string {
  const blocks = (message.blocks ?? []) as Block[];
  const block = blocks.find((b) => b.accessory?.type === 'overflow' && b.text?.text.includes(`\`${check}\``));
  const option = block?.accessory?.options.find((o) => o.text.text === label);
  if (!option) throw new Error(`no '${label}' beside ${check}`);
  return option.value;
}

/** The value of the button with this action id in a message. */
export function buttonValue(message: Record<string, unknown>, actionId: string): string {
  for (const block of (message.blocks ?? []) as Block[]) {
    const button = block.elements?.find((e) => e.action_id === actionId);
    if (button?.value !== undefined) return button.value;
  }
  throw new Error(`no button ${actionId}`);
}

/** The text of the headline (counts) section of an audit answer. */
export function headline(message: Record<string, unknown>): string {
  const blocks = (message.blocks ?? []) as Block[];
  return blocks.find((b) => b.type === 'section')?.text?.text ?? '';
}
