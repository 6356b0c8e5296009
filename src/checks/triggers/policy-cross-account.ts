import {
  allGrants,
  conditionAccounts,
  conditionOrgIds,
  type Grant,
  isEffectivelyPublic,
} from '../../iam/resource-policy.js';
import type { Check, CheckContext } from '../check.js';
import { grantFinding } from './shared.js';

interface Foreign {
  accounts: string[];
  orgIds: string[];
}

/**
 * Foreign accounts and organisations a grant admits. An `aws:PrincipalOrgID` on a trusted
 * organisation (or any organisation while TRUSTED_ORG_IDS is unset) vouches for the accounts.
 */
function foreignParties(
  grant: Grant,
  trustedAccounts: ReadonlySet<string>,
  trustedOrgs: readonly string[],
): Foreign {
  const { principal, statement } = grant;
  const named = conditionAccounts(statement);
  if (principal.kind === 'account') named.unshift(principal.accountId ?? principal.value);
  const accounts = [...new Set(named)].filter((a) => !trustedAccounts.has(a));
  const orgs = conditionOrgIds(statement);
  const orgIds = trustedOrgs.length === 0 ? [] : orgs.filter((o) => !trustedOrgs.includes(o));
  const vouched = orgs.length > 0 && orgIds.length === 0;
  return { accounts: vouched ? [] : accounts, orgIds };
}

/**
 * Trips on `{"Principal": {"AWS": "arn:aws:iam::210987654321:root"}, "Action": "lambda:InvokeFunction"}`
 * when 210987654321 is neither the audited account nor in TRUSTED_ACCOUNT_IDS, or on
 * `{"Principal": {"Service": "sns.amazonaws.com"}, "Condition": {"ArnLike": {"AWS:SourceArn":
 * "arn:aws:sns:eu-central-1:210987654321:orders"}}}` (a foreign account's topic).
 */
export const policyCrossAccount: Check = {
  id: 'policy-cross-account',
  severity: 'medium',
  categories: ['exposure'],
  title: 'Resource policy grants access to an untrusted account',
  risk: 'Another account, outside the audited account and the trusted list, can invoke or read the function.',
  remediation:
    'Remove the statement if the account is unknown; otherwise add it to TRUSTED_ACCOUNT_IDS, or require ' +
    '`aws:PrincipalOrgID` of your organisation.',
  requires: ['policies'],
  actions: ['lambda:GetPolicy'],
  run(snapshot, context: CheckContext) {
    const trustedAccounts = new Set([snapshot.accountId, ...context.trustedAccountIds]);
    return (
      allGrants(snapshot.policies ?? [])
        // Unrestricted public grants are policy-public-invoke's and url-public's.
        .filter((grant) => !isEffectivelyPublic(grant))
        .flatMap((grant) => {
          const foreign = foreignParties(grant, trustedAccounts, context.trustedOrgIds);
          if (foreign.accounts.length === 0 && foreign.orgIds.length === 0) return [];
          const parties = [
            ...foreign.accounts.map((a) => `account ${a}`),
            ...foreign.orgIds.map((o) => `organisation ${o}`),
          ];
          return [
            grantFinding(snapshot, grant, `admits ${parties.join(', ')}, which is not trusted.`, {
              foreignAccounts: foreign.accounts,
              foreignOrgIds: foreign.orgIds,
            }),
          ];
        })
    );
  },
};
