import { isOpenPath } from '../../exposure.js';
import type { Check } from '../check.js';

const POWERFUL = new Set(['role-admin', 'role-privilege-escalation']);

/**
 * Trips when the function has an open path (a public URL with AuthType NONE, a public grant, an
 * API Gateway route with authorization NONE, a source anyone can write to) and its role is an
 * administrator or can escalate its privileges (`role-admin` or `role-privilege-escalation`).
 */
export const exposureOpenPowerfulRole: Check = {
  id: 'exposure-open-powerful-role',
  severity: 'critical',
  title: 'Anyone on the internet can run code that can take over the account',
  risk: 'An open path hands attacker-chosen input to a function whose role can take over the account: one bug in the handler is an account compromise.',
  remediation:
    'Close the open path (authenticate it, or make it private) and cut the role down to what the function uses (see the role proposal); do both.',
  categories: ['exposure', 'internet-exposed', 'role'],
  requires: ['role'],
  actions: ['lambda:GetPolicy', 'iam:GetRole'],
  after: true,
  run(_snapshot, context) {
    const open = context.paths.filter(isOpenPath);
    const powerful = context.findings.filter((f) => POWERFUL.has(f.check));
    if (open.length === 0 || powerful.length === 0) return [];
    return [
      {
        detail: `${open.length} open path(s), e.g. ${open[0]?.kind} ${open[0]?.source}, lead into a function whose role ${powerful.map((f) => f.check).join(' and ')} flags.`,
        evidence: {
          openPaths: open.map((p) => ({
            kind: p.kind,
            source: p.source,
            qualifier: p.qualifier,
            why: p.why,
          })),
          role: powerful.map((f) => ({ check: f.check, resource: f.resource, evidence: f.evidence })),
        },
      },
    ];
  },
};
