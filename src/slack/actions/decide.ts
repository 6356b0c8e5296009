/**
 * Recording a snooze or an acceptance submitted from a modal: who, when, why and (snooze) until
 * when go to the store; the message the menu was on then shows it. A finding no scan has stored
 * yet (an ad-hoc audit) is stored first, from the report the person was looking at.
 */
import type { webApi } from '@slack/bolt';
import { errorFields } from '../../log.js';
import type { AuditReport } from '../../model.js';
import { renderNotice } from '../../render/blocks.js';
import { escapeCode, escapeMrkdwn, truncate } from '../../render/escape.js';
import { mention } from '../../render/finding-actions.js';
import type { FindingRecord } from '../../store/store.js';
import type { Destination } from '../deliver.js';
import { replyForError } from '../error-reply.js';
import type { ListenerDeps } from '../listeners/deps.js';
import { decidedByApprover, mayChangeDecision } from './approvers.js';
import type { Interactive } from './interactive.js';
import type { ActionContext } from './origin.js';
import { cachedFinding, locate, track } from './reports.js';
import { showOutcome } from './update.js';

export type Decision = { kind: 'snooze'; days: number; reason: string } | { kind: 'accept'; reason: string };

export interface DecisionSubmit {
  client: webApi.WebClient;
  context: ActionContext;
  user: string;
  decision: Decision;
  to: Destination;
}

const DAY_MS = 86_400_000;

/** "`check` snoozed 30 days (until 2026-04-01) by <@U1>: reason": every foreign part escaped. */
export function decisionNote(decision: Decision, user: string, check: string, until: Date | null): string {
  const why = decision.reason ? `: ${escapeMrkdwn(truncate(decision.reason, 500))}` : '';
  const what = `\`${escapeCode(check)}\``;
  if (decision.kind === 'snooze') {
    const day = until ? ` (until ${until.toISOString().slice(0, 10)})` : '';
    return `:zzz: ${what} snoozed ${decision.days} days${day} by ${mention(user)}${why}`;
  }
  return `:white_check_mark: ${what}: risk accepted by ${mention(user)}${why}`;
}

async function apply(
  interactive: Interactive,
  submit: DecisionSubmit,
  until: Date,
): Promise<FindingRecord | null> {
  const { store } = interactive;
  const { fingerprint } = submit.context;
  const { decision } = submit;
  return decision.kind === 'snooze'
    ? store.snooze(fingerprint, until, submit.user, decision.reason || undefined)
    : store.accept(fingerprint, submit.user, decision.reason);
}

/** Never throws: failures end in a short message to the person who submitted. */
export async function recordDecision(
  submit: DecisionSubmit,
  deps: ListenerDeps,
  interactive: Interactive,
): Promise<void> {
  const { context, user, decision } = submit;
  const where = { user, fingerprint: context.fingerprint, decision: decision.kind };
  const tell = (text: string) => deps.deliverer.deliver(submit.to, renderNotice(text));
  try {
    let report: AuditReport | null = cachedFinding(deps, context.key, context.fingerprint)?.report ?? null;
    const stored = await interactive.store.finding(context.fingerprint);
    // Checked again at submission: the modal may have been opened before an approver decided.
    if (!mayChangeDecision(interactive.approvers, user, stored)) {
      deps.log.log('info', 'decision refused: an approver decided this finding', where);
      await tell(decidedByApprover(interactive.approvers, stored ?? { stateBy: null }));
      return;
    }
    // A finding a scan marked fixed that this answer shows again is open again: record it so.
    const back =
      stored?.state === 'fixed' && report?.findings.some((f) => f.fingerprint === context.fingerprint);
    if (!stored || back) {
      if (!report) {
        await tell(
          ':hourglass: That answer is older than 30 minutes and no scan has stored this finding; press *Re-audit* and try again.',
        );
        return;
      }
      await track(interactive.store, report, context.fingerprint, { evenIfStored: true });
    }
    const until = new Date(
      interactive.now().getTime() + (decision.kind === 'snooze' ? decision.days * DAY_MS : 0),
    );
    const record = await apply(interactive, submit, until);
    interactive.invalidate();
    if (!record) {
      await tell(
        ':white_check_mark: A scan has seen this finding fixed since; there is nothing to snooze or accept.',
      );
      return;
    }
    deps.log.log('info', `finding ${decision.kind === 'snooze' ? 'snoozed' : 'accepted'}`, {
      ...where,
      until: decision.kind === 'snooze' ? until.toISOString() : null,
    });
    if (context.origin.kind === 'audit' && !report) {
      // After a restart: the store names the function; audit it again to redraw the message.
      report =
        (await locate(deps, interactive.store, '', context.fingerprint).catch(() => null))?.report ?? null;
    }
    const note = decisionNote(decision, user, record.check, decision.kind === 'snooze' ? until : null);
    await showOutcome(submit.client, deps, interactive, context, note, report);
  } catch (error) {
    const reply = replyForError(error);
    deps.log.log('error', 'decision failed', { ...where, ref: reply.ref, ...errorFields(error) });
    await tell(`:warning: Could not record that (ref ${reply.ref}); try again.`).catch(() => undefined);
  }
}
