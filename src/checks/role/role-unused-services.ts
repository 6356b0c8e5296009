import { functionNeeds } from '../../iam/function-needs.js';
import { proposeLeastPrivilege } from '../../iam/least-privilege.js';
import type { Check } from '../check.js';
import { LAST_ACCESSED_ACTIONS, ROLE_POLICY_ACTIONS, roleFinding, roleOf } from './shared.js';

/**
 * Fires when IAM's service-last-accessed data shows granted services unused for 90 days (ROLE_UNUSED_DAYS), e.g.
 * AdministratorAccess on a function that only ever read S3 and wrote logs. The finding carries
 * the proposed least-privilege policy and its diff. Without last-accessed data it stays silent
 * (collect lists the gap under `unverified`).
 */
export const roleUnusedServices: Check = {
  id: 'role-unused-services',
  severity: 'medium',
  categories: ['role'],
  title: 'Execution role grants services it does not use',
  risk: 'Unused permissions add attack surface without adding function: a compromise gets everything the role allows.',
  remediation: 'Replace the role’s policies with the proposed policy after reviewing its diff.',
  requires: ['role'],
  actions: [...ROLE_POLICY_ACTIONS, ...LAST_ACCESSED_ACTIONS],
  run(snapshot, context) {
    const role = roleOf(snapshot);
    if (role?.lastAccessed?.JobStatus !== 'COMPLETED') return [];
    const proposal = proposeLeastPrivilege(role, {
      now: context.now,
      windowDays: context.roleUnusedDays,
      needs: functionNeeds(snapshot),
    });
    if (proposal.removedServices.length === 0) return [];
    const unused = proposal.removedServices.map((s) => ({ service: s.service, lastUsed: s.lastUsed }));
    const shown = unused.slice(0, 8).map((u) => u.service);
    return roleFinding(
      role,
      `Role ${role.RoleName} grants ${unused.length} service${unused.length === 1 ? '' : 's'} unused for ${
        proposal.windowDays
      } days (${shown.join(', ')}${unused.length > 8 ? ', ...' : ''}); a narrower policy is proposed (confidence ${proposal.confidence}).`,
      {
        windowDays: proposal.windowDays,
        unusedServices: unused,
        proposal: {
          confidence: proposal.confidence,
          caveats: proposal.caveats,
          policy: proposal.policy,
          removedActions: proposal.removedActions,
          diff: proposal.diff,
        },
      },
    );
  },
};
