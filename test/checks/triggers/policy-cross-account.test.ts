import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../../../src/checks/check.js';
import { runChecks } from '../../../src/checks/check.js';
import { policyCrossAccount } from '../../../src/checks/triggers/policy-cross-account.js';
import type { PolicyStatement } from '../../../src/model.js';
import { ACCOUNT, makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';
import {
  ALB_SCOPED,
  APIGW_SCOPED,
  CROSS_ACCOUNT,
  FOREIGN,
  ORG,
  PUBLIC,
  PUBLIC_ORG,
  policyOf,
  S3_SCOPED,
  SAME_ACCOUNT_ROLE,
  SNS_SCOPED,
} from './policies.js';

const { fires, silent, dataMissing } = checkCases(policyCrossAccount);

const run = (statements: PolicyStatement[], context: Partial<CheckContext> = {}) =>
  runChecks([policyCrossAccount], makeSnapshot({ policies: [policyOf(statements)] }), makeContext(context));

describe('policy-cross-account', () => {
  for (const [name, statement, context] of [
    ['a foreign account root', CROSS_ACCOUNT, {}],
    ['a bare foreign account id', { ...CROSS_ACCOUNT, Principal: { AWS: FOREIGN } }, {}],
    [
      'a role in a foreign account',
      { ...CROSS_ACCOUNT, Principal: { AWS: `arn:aws:iam::${FOREIGN}:role/partner-invoker` } },
      {},
    ],
    [
      'an SNS topic of a foreign account',
      {
        ...SNS_SCOPED,
        Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:sns:eu-central-1:${FOREIGN}:orders` } },
      },
      {},
    ],
    [
      'a foreign SourceAccount on S3',
      {
        ...S3_SCOPED,
        Condition: {
          StringEquals: { 'AWS:SourceAccount': FOREIGN },
          ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::partner-drop' },
        },
      },
      {},
    ],
    [
      'Principal * pinned to a foreign PrincipalAccount',
      { ...PUBLIC, Condition: { StringEquals: { 'aws:PrincipalAccount': FOREIGN } } },
      {},
    ],
    [
      'a public principal restricted to an organisation outside TRUSTED_ORG_IDS',
      PUBLIC_ORG,
      { trustedOrgIds: ['o-zzzzzzzzzz'] },
    ],
    [
      'a foreign account whose org condition names an untrusted organisation',
      { ...CROSS_ACCOUNT, Condition: PUBLIC_ORG.Condition },
      { trustedOrgIds: ['o-zzzzzzzzzz'] },
    ],
  ] as [string, PolicyStatement, Partial<CheckContext>][])
    fires(`flags ${name}`, () => {
      const findings = run([statement], context);
      const [finding] = findings;
      expect(finding).toMatchObject({ check: 'policy-cross-account', severity: 'medium' });
      expect(finding?.evidence).toHaveProperty('foreignAccounts');
      return findings;
    });

  it('lists the foreign accounts in its evidence', () => {
    expect(run([CROSS_ACCOUNT])[0]?.evidence.foreignAccounts).toEqual([FOREIGN]);
  });

  for (const [name, statement, context] of [
    ['a role of the audited account', SAME_ACCOUNT_ROLE, {}],
    ['a trusted account', CROSS_ACCOUNT, { trustedAccountIds: [ACCOUNT, FOREIGN] }],
    [
      'a foreign account inside the trusted organisation',
      { ...CROSS_ACCOUNT, Condition: PUBLIC_ORG.Condition },
      { trustedOrgIds: [ORG] },
    ],
    ['a public principal restricted by PrincipalOrgID, TRUSTED_ORG_IDS unset', PUBLIC_ORG, {}],
    [
      'a public principal restricted by PrincipalOrgID of a trusted organisation',
      PUBLIC_ORG,
      { trustedOrgIds: [ORG] },
    ],
    ['services scoped to the audited account', S3_SCOPED, {}],
    ['an API of the audited account', APIGW_SCOPED, {}],
    ['a target group of the audited account', ALB_SCOPED, {}],
    ['an unrestricted public principal (policy-public-invoke’s)', PUBLIC, {}],
  ] as [string, PolicyStatement, Partial<CheckContext>][])
    silent(`does not flag ${name}`, () => run([statement], context));

  dataMissing('does not run when the policy could not be read', unread(makeSnapshot(), 'policies'));
});
