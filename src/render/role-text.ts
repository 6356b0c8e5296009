import { pathLabel } from '../iam/pathfinding-paths.js';
import type { AuditReport, Finding } from '../model.js';
import { stripControl, type TextOptions } from './terminal.js';
import { renderText } from './text.js';

/** A path in the evidence of `role-privilege-escalation`, as the renderers read it. */
export interface EvidencePath {
  id: string | null;
  name: string;
  steps: { action: string; statements?: { text?: string }[] }[];
}

/** The completed paths in an escalation finding's evidence. */
export function escalationPaths(finding: Finding): EvidencePath[] {
  return (finding.evidence.paths as EvidencePath[] | undefined) ?? [];
}

/**
 * `lambda-audit role <fn>`: the role's findings as the audit shows them (escalation paths with
 * the actions and statements that complete them are in their evidence), then the proposal as a
 * policy document and its diff.
 */
export function renderRoleText(report: AuditReport, options: TextOptions): string {
  const roleOnly: AuditReport = {
    ...report,
    findings: report.findings.filter((f) => f.categories.includes('role')),
  };
  const lines = [renderText(roleOnly, options).trimEnd(), ''];
  for (const finding of roleOnly.findings.filter((f) => f.check === 'role-privilege-escalation')) {
    const paths = escalationPaths(finding);
    lines.push('Escalation paths');
    for (const path of paths) {
      lines.push(`  ${stripControl(pathLabel(path))}`);
      for (const step of path.steps) {
        const where = (step.statements ?? [])
          .map((s) => s.text)
          .filter(Boolean)
          .join('; ');
        lines.push(`    ${step.action}${where ? `  (${stripControl(where)})` : ''}`);
      }
    }
    lines.push('');
  }
  const proposal = report.role.proposal;
  if (!proposal) {
    lines.push('Proposed policy: none (the role, its policies or its last-accessed data could not be read).');
    return lines.join('\n');
  }
  lines.push(
    `Proposed least-privilege policy (confidence ${proposal.confidence}, ${proposal.windowDays}-day window)`,
  );
  for (const caveat of proposal.caveats) lines.push(`  ! ${stripControl(caveat)}`);
  const diff = proposal.diff.split('\n').map(stripControl);
  lines.push('', JSON.stringify(proposal.policy, null, 2), '', 'What changes', ...diff);
  return lines.join('\n');
}
