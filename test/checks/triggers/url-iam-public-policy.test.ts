import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { urlIamPublicPolicy } from '../../../src/checks/triggers/url-iam-public-policy.js';
import type { FunctionUrlConfig, PolicyStatement } from '../../../src/model.js';
import { FUNCTION_ARN, makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { CROSS_ACCOUNT, PUBLIC, PUBLIC_ORG, policyOf, URL_NONE, urlConfig } from './policies.js';

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
  it.each<[string, PolicyStatement]>([
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
  ])('flags an AWS_IAM URL whose policy grants %s', (_name, statement) => {
    const [finding] = run([statement]);
    expect(finding).toMatchObject({
      check: 'url-iam-public-policy',
      severity: 'high',
      resource: FUNCTION_ARN,
    });
    expect(finding?.evidence.publicGrants).toHaveLength(1);
  });

  it('names the alias of an alias URL', () => {
    const url = urlConfig({ AuthType: 'AWS_IAM', FunctionArn: `${FUNCTION_ARN}:live` });
    expect(run([PUBLIC_IAM_URL_GRANT], url, 'live')[0]?.resource).toBe(`${FUNCTION_ARN}:live`);
  });

  it.each<[string, PolicyStatement]>([
    ['a grant to a named account', { ...CROSS_ACCOUNT, Action: 'lambda:InvokeFunctionUrl' }],
    ['a public grant restricted by PrincipalOrgID', { ...PUBLIC_ORG, Action: 'lambda:InvokeFunctionUrl' }],
    ['a public grant for NONE URLs only', URL_NONE],
    ['a public InvokeFunction only', PUBLIC],
  ])('does not flag %s', (_name, statement) => {
    expect(run([statement])).toEqual([]);
  });

  it('does not flag an AuthType NONE URL (url-public’s)', () => {
    expect(run([{ ...PUBLIC, Action: 'lambda:InvokeFunctionUrl' }], urlConfig())).toEqual([]);
  });

  it.each([['urlConfigs'], ['policies']] as const)('does not run when %s could not be read', (field) => {
    const snapshot = makeSnapshot({
      urlConfigs: [IAM_URL],
      policies: [policyOf([PUBLIC_IAM_URL_GRANT])],
      [field]: null,
    });
    expect(runChecks([urlIamPublicPolicy], snapshot, makeContext())).toEqual([]);
  });
});
