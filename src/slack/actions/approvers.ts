/**
 * APPROVER_USER_IDS: who may accept a risk, and who may change a decision an approver made.
 * Checked when a menu is clicked and again when a modal is submitted (a modal can outlive a
 * decision, and submissions can be forged).
 */
import { mention } from '../../render/finding-actions.js';
import type { FindingRecord } from '../../store/store.js';

/** Who may accept a risk: the approvers, or anyone when there are none. */
export function mayAccept(approvers: readonly string[], user: string): boolean {
  return approvers.length === 0 || approvers.includes(user);
}

export function refusal(approvers: readonly string[]): string {
  return `:lock: Only approvers may accept a risk; ask one of ${approvers.map((a) => mention(a)).join(', ')}.`;
}

/**
 * Who may change a finding's decision (snooze, accept, reopen): anyone, unless an approver made
 * the current one; then only approvers, so a snooze cannot quietly replace an accepted risk.
 */
export function mayChangeDecision(
  approvers: readonly string[],
  user: string,
  current: Pick<FindingRecord, 'state' | 'stateBy'> | null,
): boolean {
  if (mayAccept(approvers, user) || !current) return true;
  const decided = current.state === 'snoozed' || current.state === 'accepted';
  return !(decided && current.stateBy !== null && approvers.includes(current.stateBy));
}

export function decidedByApprover(
  approvers: readonly string[],
  current: Pick<FindingRecord, 'stateBy'>,
): string {
  return `:lock: ${mention(current.stateBy ?? '')}, an approver, decided this finding; only approvers may change it (ask one of ${approvers.map((a) => mention(a)).join(', ')}).`;
}
