import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { policyPublicInvoke } from '../../../src/checks/triggers/policy-public-invoke.js';
import { policyWildcardCondition } from '../../../src/checks/triggers/policy-wildcard-condition.js';
import type { PolicyStatement } from '../../../src/model.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';
import {
  APIGW_SCOPED,
  APIGW_WILDCARD,
  CROSS_ACCOUNT,
  EVENTS_SCOPED,
  PUBLIC,
  policyOf,
  S3_SCOPED,
  SNS_NO_SOURCE,
} from './policies.js';

const { fires, silent, dataMissing } = checkCases(policyWildcardCondition);

const run = (statements: PolicyStatement[]) =>
  runChecks([policyWildcardCondition], makeSnapshot({ policies: [policyOf(statements)] }), makeContext());

describe('policy-wildcard-condition', () => {
  for (const [name, statement] of [
    ['the apigateway example from checks.md', APIGW_WILDCARD],
    [
      'arn:aws:execute-api:*:*:*',
      { ...APIGW_SCOPED, Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:*:*:*' } } },
    ],
    [
      'any EventBridge rule',
      {
        ...EVENTS_SCOPED,
        Condition: { ArnLike: { 'aws:sourcearn': 'arn:aws:events:eu-central-1:*:rule/*' } },
      },
    ],
    [
      'a bucket-name prefix',
      { ...S3_SCOPED, Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::orders-*' } } },
    ],
    [
      'a variable as SourceAccount',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
      { ...SNS_NO_SOURCE, Condition: { StringEquals: { 'AWS:SourceAccount': '${aws:PrincipalAccount}' } } },
    ],
    [
      'ForAnyValue with a wildcard',
      { ...SNS_NO_SOURCE, Condition: { 'ForAnyValue:StringLike': { 'aws:SourceAccount': ['*'] } } },
    ],
    [
      'an account principal scoped by a wildcard org id',
      { ...CROSS_ACCOUNT, Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } },
    ],
  ] as [string, PolicyStatement][])
    fires(`flags ${name}`, () => {
      const findings = run([statement]);
      const [finding] = findings;
      expect(finding).toMatchObject({ check: 'policy-wildcard-condition', severity: 'high' });
      expect(finding?.evidence.wildcardConditions).toHaveLength(1);
      return findings;
    });

  for (const [name, statement] of [
    ['a fixed route ARN', APIGW_SCOPED],
    [
      'a wildcard ARN next to a fixed SourceAccount',
      {
        ...APIGW_WILDCARD,
        Condition: { ...APIGW_WILDCARD.Condition, StringEquals: { 'AWS:SourceAccount': '123456789012' } },
      },
    ],
    ['no condition at all (policy-service-no-source’s)', SNS_NO_SOURCE],
    [
      'IpAddress 0.0.0.0/0 (not a wildcard condition)',
      { ...CROSS_ACCOUNT, Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } },
    ],
  ] as [string, PolicyStatement][])
    silent(`does not flag ${name}`, () => run([statement]));

  it('leaves a public principal with a wildcard condition to policy-public-invoke, never both', () => {
    const statement: PolicyStatement = { ...APIGW_WILDCARD, Principal: '*' };
    const findings = runChecks(
      [policyPublicInvoke, policyWildcardCondition],
      makeSnapshot({ policies: [policyOf([statement])] }),
      makeContext(),
    );
    expect(findings.map((f) => f.check)).toEqual(['policy-public-invoke']);
    expect(
      run([
        {
          ...PUBLIC,
          Principal: { AWS: ['*', 'arn:aws:iam::210987654321:root'] },
          Condition: statement.Condition,
        },
      ]),
    ).toEqual([]);
  });

  dataMissing('does not run when the policy could not be read', unread(makeSnapshot(), 'policies'));
});
