import { isMessageSource, SOURCE_WRITER_READS, sourceWriteOrgIds } from '../../invocation/messages.js';
import { storeWriteOrgIds } from '../../invocation/stores.js';
import type { Check } from '../check.js';

/**
 * Trips on a source that invokes the function and lets accounts outside the audited and trusted
 * ones write, e.g. a queue policy granting `sqs:SendMessage` to `arn:aws:iam::210987654321:root`;
 * or an organisation, when TRUSTED_ORG_IDS is set and does not list it.
 */
export const sourceCrossAccountWrite: Check = {
  id: 'source-cross-account-write',
  severity: 'medium',
  title: 'Another account can write to a source that invokes the function',
  risk: 'A foreign account chooses the function’s input through the source, outside your own access control.',
  remediation:
    'Remove the grant, add the account to TRUSTED_ACCOUNT_IDS if it is yours, or require aws:PrincipalOrgID of your organisation.',
  categories: ['exposure'],
  requires: ['policies'],
  actions: ['lambda:GetPolicy', ...SOURCE_WRITER_READS],
  run(snapshot, context) {
    return context.paths.flatMap((p) => {
      if (!isMessageSource(p.kind)) return [];
      const foreignOrgs =
        p.reach === 'organization' && context.trustedOrgIds.length > 0
          ? (
              storeWriteOrgIds(snapshot.sources, p.source) ?? sourceWriteOrgIds(snapshot.sources, p.source)
            ).filter((o) => !context.trustedOrgIds.includes(o))
          : [];
      if (p.reach !== 'accounts' && foreignOrgs.length === 0) return [];
      return [
        {
          resource: p.source,
          key: p.qualifier ?? '',
          detail:
            foreignOrgs.length > 0
              ? `${p.kind} ${p.source} admits writers from organisation ${foreignOrgs.join(', ')}, which is not trusted.`
              : `Accounts outside the trusted ones may write to ${p.kind} ${p.source}, which invokes the function.`,
          evidence: { path: { ...p }, foreignOrgIds: foreignOrgs },
        },
      ];
    });
  },
};
