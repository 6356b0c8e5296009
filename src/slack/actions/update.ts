/**
 * Showing the outcome of an action on the message the click came from: an audit answer is
 * rendered again from its report (with everyone's decisions and tickets marked, and a note on
 * top); any other message (the digest) keeps its blocks and gets the note. Never throws: a
 * message that cannot be updated is logged, and the person still got their answer.
 */
import type { types, webApi } from '@slack/bolt';
import { errorFields } from '../../log.js';
import type { AuditReport } from '../../model.js';
import { type AnswerView, renderAuditBlocks } from '../../render/audit-blocks.js';
import { truncate } from '../../render/escape.js';
import { SLACK_LIMITS as L, type SlackMessage } from '../../render/limits.js';
import { postToResponseUrl } from '../deliver.js';
import type { ListenerDeps } from '../listeners/deps.js';
import type { Interactive } from './interactive.js';
import type { ActionContext, Origin } from './origin.js';

const NOTE_BLOCK_ID = 'lambda_audit_note';

function noteBlock(mrkdwn: string): types.ContextBlock {
  return {
    type: 'context',
    block_id: NOTE_BLOCK_ID,
    elements: [{ type: 'mrkdwn', text: truncate(mrkdwn, L.contextText) }],
  };
}

/** The audit answer as it should read now: decisions marked, fresh cache key in every button. */
export async function renderAuditNow(
  deps: ListenerDeps,
  interactive: Interactive,
  report: AuditReport,
  note: string | null,
  show: { view?: AnswerView; focus?: string } = {},
): Promise<SlackMessage> {
  const key = deps.cache.put({ kind: 'audit', report });
  const marks = await interactive.findingStates(report.findings.map((f) => f.fingerprint));
  const message = renderAuditBlocks(report, {
    moreKey: key,
    actions: { ticket: interactive.tickets !== null, key },
    marks,
    ...show,
  });
  // Right under the header, where the person who clicked looks first.
  if (note) message.blocks.splice(1, 0, noteBlock(note));
  return message;
}

/** Another message's blocks with the note replacing any earlier one (kept within 50 blocks). */
export function withNote(message: { blocks: types.KnownBlock[]; text: string }, note: string): SlackMessage {
  const blocks = message.blocks.filter((b) => b.block_id !== NOTE_BLOCK_ID).slice(0, L.blocksPerMessage - 1);
  return { text: message.text || 'lambda-audit', blocks: [...blocks, noteBlock(note)] };
}

/** Replaces the origin message; false when neither chat.update nor the response_url could. */
export async function replaceOrigin(
  client: webApi.WebClient,
  deps: ListenerDeps,
  interactive: Interactive,
  origin: Origin,
  message: SlackMessage,
): Promise<boolean> {
  try {
    if (!origin.ephemeral && origin.channel && origin.ts) {
      await client.chat.update({
        channel: origin.channel,
        ts: origin.ts,
        text: message.text,
        blocks: message.blocks,
      });
      return true;
    }
    if (origin.responseUrl) {
      await postToResponseUrl(origin.responseUrl, { ...message, replace_original: true }, interactive.post);
      return true;
    }
  } catch (error) {
    deps.log.log('warn', 'could not update the message', { channel: origin.channel, ...errorFields(error) });
  }
  return false;
}

/**
 * After an action: the updated message in place, or (a digest the memo no longer holds) the
 * note in its thread.
 */
export async function showOutcome(
  client: webApi.WebClient,
  deps: ListenerDeps,
  interactive: Interactive,
  /** Where the click came from, and the finding it was about (the answer shows it, its check opened). */
  { origin, fingerprint }: Pick<ActionContext, 'origin' | 'fingerprint'>,
  note: string,
  report: AuditReport | null,
): Promise<void> {
  try {
    if (origin.kind === 'audit' && report) {
      await replaceOrigin(
        client,
        deps,
        interactive,
        origin,
        await renderAuditNow(deps, interactive, report, note, { focus: fingerprint }),
      );
      return;
    }
    const previous =
      origin.channel && origin.ts ? interactive.messages.get(origin.channel, origin.ts) : undefined;
    if (previous) {
      await replaceOrigin(client, deps, interactive, origin, withNote(previous, note));
      return;
    }
    if (origin.channel && origin.ts && !origin.ephemeral) {
      await client.chat.postMessage({ channel: origin.channel, thread_ts: origin.ts, text: note });
    }
  } catch (error) {
    deps.log.log('warn', 'could not show the outcome', { channel: origin.channel, ...errorFields(error) });
  }
}
