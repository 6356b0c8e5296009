/**
 * The App Home tab and its buttons: `app_home_opened` publishes the page (views.publish);
 * "Run a scan" and "Audit a function…" (a modal with a picker fed by the last scan) answer in
 * the app's Messages tab, where the answer's buttons work as in a channel.
 */
import type {
  BlockAction,
  Middleware,
  SlackActionMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
  webApi,
} from '@slack/bolt';
import { runCommand } from '../../../commands/index.js';
import { parseFunctionArn } from '../../arn.js';
import { errorFields } from '../../log.js';
import { renderNotice } from '../../render/blocks.js';
import { auditPickerModal, renderHome } from '../../render/home-blocks.js';
import type { SlackMessage } from '../../render/limits.js';
import { AUDIT_PICKER_ACTION_ID, AUDIT_PICKER_BLOCK_ID } from '../../render/slack-ids.js';
import { marksFor } from '../actions/marks.js';
import { replyForError } from '../error-reply.js';
import { homeData } from '../home.js';
import { scanRun } from '../slack-engine.js';
import type { ListenerDeps } from './deps.js';

export async function publishHome(client: webApi.WebClient, user: string, deps: ListenerDeps): Promise<void> {
  try {
    const view = renderHome(await homeData(deps.interactive?.store));
    await client.views.publish({ user_id: user, view });
    deps.log.log('info', 'home published', { user, blocks: view.blocks.length });
  } catch (error) {
    deps.log.log('error', 'home not published', { user, ...errorFields(error) });
  }
}

/** Posts in the user's Messages tab with the app (a DM: channel = user id). */
async function dm(client: webApi.WebClient, user: string, message: SlackMessage): Promise<void> {
  await client.chat.postMessage({ channel: user, text: message.text, blocks: message.blocks });
}

/**
 * Runs the words as /lambda-audit would and sends the answer to the user's Messages tab. A scan
 * this request starts (not one it joined) keeps its progress message there meanwhile.
 */
async function answerInDm(
  client: webApi.WebClient,
  user: string,
  words: string[],
  deps: ListenerDeps,
): Promise<void> {
  const run = scanRun(deps, words, { channel: user, by: user });
  const progress = run.progress;
  try {
    // A scan is recorded on the way (slack-engine.ts), so the Home tab published next shows it.
    const running = runCommand(words, run.engine, run.context);
    await run.start(running);
    const output = await running;
    await dm(client, user, deps.renders.render(output, await marksFor(deps, output)));
    if (output.kind === 'scan') await progress?.finish({ kind: 'done', summary: output.report.summary });
    deps.log.log('info', 'home button answered', { user, kind: output.kind });
  } catch (error) {
    const reply = replyForError(error);
    deps.log.log(reply.level, 'home button failed', { user, ref: reply.ref, ...errorFields(error) });
    await progress?.finish({ kind: 'failed', ref: reply.ref });
    await dm(client, user, renderNotice(reply.text)).catch(() => undefined);
  }
}

/** The Home tab opened: publish it. */
export function onHomeOpened(deps: ListenerDeps): Middleware<SlackEventMiddlewareArgs<'app_home_opened'>> {
  return async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(client, event.user, deps);
  };
}

/** "Run a scan" on the Home tab. */
export function onHomeScan(deps: ListenerDeps): Middleware<SlackActionMiddlewareArgs<BlockAction>> {
  return async ({ ack, body, client }) => {
    await ack();
    await answerInDm(client, body.user.id, ['scan'], deps);
    // The page the user came from now shows this scan.
    await publishHome(client, body.user.id, deps);
  };
}

/** "Audit a function…" on the Home tab: opens the picker. */
export function onHomeAudit(deps: ListenerDeps): Middleware<SlackActionMiddlewareArgs<BlockAction>> {
  return async ({ ack, body, client }) => {
    await ack();
    try {
      // The trigger_id lasts 3 seconds: the store read is one query per list.
      const data = await homeData(deps.interactive?.store);
      await client.views.open({ trigger_id: body.trigger_id, view: auditPickerModal(data.functions) });
    } catch (error) {
      deps.log.log('error', 'audit picker not opened', { user: body.user.id, ...errorFields(error) });
    }
  };
}

/** The picker submitted: audit the function it names. */
export function onAuditPicked(deps: ListenerDeps): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>> {
  return async ({ ack, body, view, client }) => {
    const arn =
      view.state.values[AUDIT_PICKER_BLOCK_ID]?.[AUDIT_PICKER_ACTION_ID]?.selected_option?.value ?? '';
    const parsed = parseFunctionArn(arn);
    if (!parsed) {
      await ack({ response_action: 'errors', errors: { [AUDIT_PICKER_BLOCK_ID]: 'Pick a function.' } });
      return;
    }
    await ack();
    await answerInDm(client, body.user.id, [arn, '--region', parsed.region], deps);
  };
}
