/**
 * The proposal as a reviewer reads it: what goes (with last use), what stays and why, what the
 * function needs but the role does not grant. Plain text: render decides how to show it.
 */
import type { Proposal } from './proposal.js';

function lastUse(date: string | null): string {
  return date ? `last used ${date.slice(0, 10)}` : 'never used';
}

function on(resources: readonly string[], not: boolean): string {
  return not ? `on everything but ${resources.join(', ')}` : `on ${resources.join(', ')}`;
}

const REMOVED_WHY = {
  unused: (d: string | null, days: number) => `${lastUse(d)}, not within ${days} days`,
  escalation: () => 'not observed in use; completes a privilege-escalation path',
  passrole: () => 'not observed in use; iam:PassRole is kept only when seen in use',
} as const;

/** Renders the human-readable diff of a proposal. */
export function renderDiff(p: Omit<Proposal, 'diff'>): string {
  const lines = [
    `Proposed least-privilege policy for ${p.role} (${p.windowDays}-day window, confidence ${p.confidence})`,
  ];
  for (const caveat of p.caveats) lines.push(`  ! ${caveat}`);
  if (p.removedServices.length > 0) {
    lines.push(`Removed services (${p.removedServices.length}, unused for ${p.windowDays} days):`);
    for (const s of p.removedServices) {
      const keptNote =
        s.keptForConfiguration.length > 0
          ? ` (keeping ${s.keptForConfiguration.join(', ')} for the configuration)`
          : '';
      lines.push(`  - ${s.service}${s.name ? ` (${s.name})` : ''}: ${lastUse(s.lastUsed)}${keptNote}`);
    }
  }
  if (p.removedActions.length > 0) {
    lines.push(`Removed actions of used services (${p.removedActions.length}):`);
    for (const a of p.removedActions)
      lines.push(`  - ${a.action}: ${REMOVED_WHY[a.reason](a.lastUsed, p.windowDays)}`);
  }
  const byReason = (reason: string) => p.kept.filter((k) => k.reason === reason);
  const section = (title: string, mark: string, items: Proposal['kept']) => {
    if (items.length === 0) return;
    lines.push(title);
    for (const k of items) {
      const why = k.why ? ` (${k.why})` : k.lastUsed ? ` (${lastUse(k.lastUsed)})` : '';
      lines.push(`  ${mark} ${k.action} ${on(k.resources, k.notResource)}${why}`);
    }
  };
  section('Kept, used in the window:', '+', byReason('used'));
  section('Kept for the function configuration:', '+', byReason('configuration'));
  section('Kept without action-level usage data (review by hand):', '?', byReason('untracked'));
  if (p.notGranted.length > 0) {
    lines.push('Needed by the configuration but not granted today (not added: the proposal only narrows):');
    for (const n of p.notGranted) lines.push(`  ! ${n.action} ${on(n.resources, false)} (${n.why})`);
  }
  return lines.join('\n');
}
