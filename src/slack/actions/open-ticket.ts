/**
 * "Open ticket": one ticket per finding, however many clicks. The store records the intent
 * (beginTicket) before the tracker is called, so a double click, a Slack retry or a second
 * replica finds it and shows the existing ticket instead of opening another. A tracker failure
 * releases the intent (abandonTicket): nothing is recorded, the person sees why, next to a
 * Retry button. A timeout is different: the tracker may have made the ticket, so the intent
 * stays (uncertain), and whoever takes it over next first looks the ticket up in the tracker by
 * the finding's fingerprint label.
 */
import type { types, webApi } from '@slack/bolt';
import { errorFields } from '../../log.js';
import type { AuditReport, Finding } from '../../model.js';
import { renderNotice } from '../../render/blocks.js';
import { escapeCode, escapeMrkdwn, truncate } from '../../render/escape.js';
import { mention, ticketLink } from '../../render/finding-actions.js';
import type { SlackMessage } from '../../render/limits.js';
import { TICKET_RETRY_ACTION_ID } from '../../render/slack-ids.js';
import { TicketError } from '../../tickets/errors.js';
import type { TicketRef, TicketSink } from '../../tickets/sink.js';
import {
  type ProposalLike,
  type TicketProposal,
  ticketFromReport,
  ticketProposal,
} from '../../tickets/ticket.js';
import type { Destination } from '../deliver.js';
import { replyForError } from '../error-reply.js';
import type { ListenerDeps } from '../listeners/deps.js';
import type { Interactive } from './interactive.js';
import { type ActionContext, encodeContext, type Origin } from './origin.js';
import { cachedFinding, locate, track } from './reports.js';
import { replaceOrigin, showOutcome } from './update.js';

export interface TicketClick {
  client: webApi.WebClient;
  context: ActionContext;
  user: string;
  /** Where answers meant for the clicker alone go (the click's response_url first). */
  to: Destination;
  /** The failure message a Retry was clicked on: replaced by the outcome. */
  retriedFrom?: Origin;
}

function isProposal(value: unknown): value is ProposalLike {
  if (!value || typeof value !== 'object') return false;
  const p = value as Record<string, unknown>;
  return typeof p.diff === 'string' && !!p.policy && typeof p.policy === 'object' && 'Statement' in p.policy;
}

/**
 * A role finding's ticket carries the role's least-privilege proposal: from the finding's own
 * evidence (role-unused-services), another finding's of the same report, or the report's role.
 */
export function proposalFor(report: AuditReport, finding: Finding): TicketProposal | undefined {
  if (!finding.categories.includes('role')) return undefined;
  const candidates = [
    finding.evidence.proposal,
    ...report.findings.map((f) => f.evidence.proposal),
    report.role.proposal,
  ];
  const found = candidates.find(isProposal);
  return found ? ticketProposal(found) : undefined;
}

function retryMessage(context: ActionContext, why: string): SlackMessage {
  const text = `:warning: Could not open a ticket: ${escapeMrkdwn(truncate(why, 1000))}`;
  const retry: types.Button = {
    type: 'button',
    action_id: TICKET_RETRY_ACTION_ID,
    text: { type: 'plain_text', text: 'Retry' },
    value: encodeContext(context),
  };
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'actions', elements: [retry] },
    ],
  };
}

/** In the message's thread when it has one; to the clicker alone otherwise. */
async function tellFailure(click: TicketClick, deps: ListenerDeps, why: string): Promise<void> {
  const message = retryMessage(click.context, why);
  const { origin } = click.context;
  if (
    click.retriedFrom &&
    !click.retriedFrom.ephemeral &&
    click.retriedFrom.channel &&
    click.retriedFrom.ts
  ) {
    await click.client.chat.update({
      channel: click.retriedFrom.channel,
      ts: click.retriedFrom.ts,
      ...message,
    });
    return;
  }
  if (!origin.ephemeral && origin.channel && origin.ts) {
    await click.client.chat.postMessage({ channel: origin.channel, thread_ts: origin.ts, ...message });
    return;
  }
  await deps.deliverer.deliver(click.to, message);
}

async function tell(click: TicketClick, deps: ListenerDeps, mrkdwn: string): Promise<void> {
  await deps.deliverer.deliver(click.to, renderNotice(mrkdwn));
}

/**
 * This click took over an intent whose outcome was never learnt: asks the tracker for the
 * finding's ticket first. True when the click is answered (found, or the tracker could not be
 * asked); false when there is none and a ticket should be opened.
 */
async function foundEarlier(
  click: TicketClick,
  deps: ListenerDeps,
  interactive: Interactive,
  tickets: TicketSink,
): Promise<boolean> {
  const fp = click.context.fingerprint;
  const where = { user: click.user, fingerprint: fp };
  if (!tickets.find) return false;
  await tell(
    click,
    deps,
    `:mag: Checking whether the ticket was created in ${escapeMrkdwn(tickets.displayName)}…`,
  );
  let found: TicketRef | null;
  try {
    found = await tickets.find(fp);
  } catch (error) {
    await interactive.store.uncertainTicket(fp);
    deps.log.log('warn', 'ticket: lookup failed; kept for another lookup', {
      ...where,
      ...errorFields(error),
    });
    await tell(
      click,
      deps,
      `:warning: ${escapeMrkdwn(error instanceof Error ? error.message : String(error))}; try again in a minute.`,
    );
    return true;
  }
  deps.log.log('info', found ? 'ticket: found the one created earlier' : 'ticket: none created earlier', {
    ...where,
    key: found?.key ?? null,
  });
  if (!found) return false;
  await interactive.store.completeTicket(fp, found);
  interactive.invalidate();
  const note = `:ticket: ${ticketLink(found)} had been created after all; it is now linked to this finding.`;
  await tell(click, deps, note);
  const report = cachedFinding(deps, click.context.key, fp)?.report ?? null;
  if (report) await showOutcome(click.client, deps, interactive, click.context, note, report);
  return true;
}

/** Runs one click to its end; never throws. */
export async function openTicket(
  click: TicketClick,
  deps: ListenerDeps,
  interactive: Interactive,
): Promise<void> {
  const { store, tickets } = interactive;
  const fp = click.context.fingerprint;
  const where = { user: click.user, fingerprint: fp };
  try {
    if (!tickets) {
      await tell(click, deps, ':information_source: No ticket tracker is configured (`TICKET_SINK`).');
      return;
    }
    const begun = await store.beginTicket(fp, click.user, tickets.kind);
    deps.log.log('info', begun.created ? 'ticket: intent claimed' : 'ticket: intent held already', {
      ...where,
      state: begun.ticket.state,
      lookupFirst: begun.lookupFirst,
      uncertain: begun.ticket.uncertain,
    });
    if (!begun.created) {
      const t = begun.ticket;
      await tell(
        click,
        deps,
        t.state === 'open' && t.url && t.key
          ? `:ticket: This finding already has a ticket: ${ticketLink({ key: t.key, url: t.url })} (opened by ${mention(t.createdBy)}).`
          : t.uncertain
            ? `:hourglass_flowing_sand: ${escapeMrkdwn(tickets.displayName)} did not answer the last try in time; click again in half a minute and lambda-audit checks whether the ticket was created before opening another.`
            : `:hourglass_flowing_sand: A ticket for this finding is being opened right now (by ${mention(t.createdBy)}); its link will appear on the message.`,
      );
      return;
    }
    if (begun.lookupFirst && (await foundEarlier(click, deps, interactive, tickets))) return;
    let located: Awaited<ReturnType<typeof locate>>;
    try {
      located = await locate(deps, store, click.context.key, fp);
    } catch (error) {
      await store.abandonTicket(fp);
      const reply = replyForError(error);
      deps.log.log(reply.level, 'ticket: re-audit failed', {
        ...where,
        ref: reply.ref,
        ...errorFields(error),
      });
      await tell(click, deps, reply.text);
      return;
    }
    if (!located?.finding) {
      await store.abandonTicket(fp);
      await tell(
        click,
        deps,
        located
          ? ':white_check_mark: A fresh audit no longer reports this finding, so no ticket was opened.'
          : ':hourglass: That answer is older than 30 minutes; press *Re-audit* (or run the command again) and try once more.',
      );
      return;
    }
    const { report, finding } = located;
    const proposal = proposalFor(report, finding);
    const ticket = ticketFromReport(report, [finding], {
      ...(proposal ? { proposal } : {}),
      requestedBy: `Slack user ${click.user}${click.context.origin.channel ? ` in channel ${click.context.origin.channel}` : ''}`,
    });
    let ref: { key: string; url: string };
    try {
      ref = await tickets.open(ticket);
    } catch (error) {
      if (error instanceof TicketError && error.mayExist) {
        // The tracker may have made it: keep the intent, marked so that the next click searches
        // the tracker first, rather than offer a Retry that could open a second ticket.
        await store.uncertainTicket(fp);
        deps.log.log('warn', 'ticket: outcome unknown; kept for a lookup', {
          ...where,
          ...errorFields(error),
        });
        await tell(
          click,
          deps,
          `:hourglass_flowing_sand: ${escapeMrkdwn(error.message)}.\nClick *Open ticket* again in half a minute: lambda-audit first checks whether the ticket was created in ${escapeMrkdwn(tickets.displayName)}, and opens one only if it was not.`,
        );
        return;
      }
      // Released before the person is told, so the Retry they see works at once.
      await store.abandonTicket(fp);
      deps.log.log('warn', 'ticket: tracker refused', { ...where, ...errorFields(error) });
      const why =
        error instanceof TicketError
          ? error.message
          : `unexpected error (ref ${replyForError(error).ref}); no ticket was created`;
      await tellFailure(click, deps, why);
      return;
    }
    await store.completeTicket(fp, ref);
    interactive.invalidate();
    deps.log.log('info', 'ticket opened', { ...where, key: ref.key, sink: tickets.kind });
    // So a later scan that no longer sees the finding can comment on the ticket.
    await track(store, report, fp).catch((error: unknown) =>
      deps.log.log('warn', 'ticket: could not store the finding', { ...where, ...errorFields(error) }),
    );
    const note = `:ticket: ${mention(click.user)} opened ${ticketLink(ref)} for \`${escapeCode(finding.check)}\`.`;
    if (click.retriedFrom)
      await replaceOrigin(click.client, deps, interactive, click.retriedFrom, renderNotice(note));
    await showOutcome(click.client, deps, interactive, click.context, note, report);
  } catch (error) {
    // The store itself failed: nothing was opened that we know of.
    const reply = replyForError(error);
    deps.log.log('error', 'ticket: failed', { ...where, ref: reply.ref, ...errorFields(error) });
    await tell(click, deps, `:warning: Could not open a ticket (ref ${reply.ref}).`).catch(() => undefined);
  }
}
