import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { urlIamPublicPolicy } from '../../../src/checks/triggers/url-iam-public-policy.js';
import type { FunctionUrlConfig, PolicyStatement } from '../../../src/model.js';
import { FUNCTION_ARN, makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';
import { CROSS_ACCOUNT, PUBLIC, PUBLIC_ORG, policyOf, URL_NONE, urlConfig } from './policies.js';

const { fires, silent, dataMissing } = checkCases(urlIamPublicPolicy);

const IAM_URL = urlConfig({ AuthType: 'AWS_IAM' });
const PUBLIC_IAM_URL_GRANT: PolicyStatement = {
  ...URL_NONE,
  Sid: 'FunctionURLAllowIamAccess',
  Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
};

const run = (
  statements: PolicyStatement[],
  url: FunctionUrlConfig = IAM_URL,
  qualifier: string | null = null,
) =>
  runChecks(
    [urlIamPublicPolicy],
    makeSnapshot({ urlConfigs: [url], policies: [policyOf(statements, qualifier)] }),
    makeContext(),
  );

describe('url-iam-public-policy', () => {
  for (const [name, statement] of [
    ['InvokeFunctionUrl to * for AWS_IAM', PUBLIC_IAM_URL_GRANT],
    ['InvokeFunctionUrl to * with no condition', { ...PUBLIC, Action: 'lambda:InvokeFunctionUrl' }],
    ['lambda:* to *', { ...PUBLIC, Action: 'lambda:*' }],
    [
      'a wildcard PrincipalArn',
      {
        ...PUBLIC_IAM_URL_GRANT,
        Condition: {
          ...PUBLIC_IAM_URL_GRANT.Condition,
          ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' },
        },
      },
    ],
  ] as [string, PolicyStatement][])
    fires(`flags an AWS_IAM URL whose policy grants ${name}`, () => {
      const findings = run([statement]);
      const [finding] = findings;
      expect(finding).toMatchObject({
        check: 'url-iam-public-policy',
        severity: 'high',
        resource: FUNCTION_ARN,
      });
      expect(finding?.evidence.publicGrants).toHaveLength(1);
      return findings;
    });

  it('names the alias of an alias URL', () => {
    const url = urlConfig({ AuthType: 'AWS_IAM', FunctionArn: `${FUNCTION_ARN}:live` });
    expect(run([PUBLIC_IAM_URL_GRANT], url, 'live')[0]?.resource).toBe(`${FUNCTION_ARN}:live`);
  });

  for (const [name, statement] of [
    ['a grant to a named account', { ...CROSS_ACCOUNT, Action: 'lambda:InvokeFunctionUrl' }],
    ['a public grant restricted by PrincipalOrgID', { ...PUBLIC_ORG, Action: 'lambda:InvokeFunctionUrl' }],
    ['a public grant for NONE URLs only', URL_NONE],
    ['a public InvokeFunction only', PUBLIC],
  ] as [string, PolicyStatement][])
    silent(`does not flag ${name}`, () => run([statement]));

  silent('does not flag an AuthType NONE URL (url-public’s)', () =>
    run([{ ...PUBLIC, Action: 'lambda:InvokeFunctionUrl' }], urlConfig()),
  );

  for (const field of ['urlConfigs', 'policies'] as const)
    dataMissing(
      `does not run when ${field} could not be read`,
      unread(makeSnapshot({ urlConfigs: [IAM_URL], policies: [policyOf([PUBLIC_IAM_URL_GRANT])] }), field),
    );
});
