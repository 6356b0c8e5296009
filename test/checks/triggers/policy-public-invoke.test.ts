import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { policyPublicInvoke } from '../../../src/checks/triggers/policy-public-invoke.js';
import type { PolicyStatement } from '../../../src/model.js';
import { FUNCTION_ARN, makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';
import { APIGW_SCOPED, PUBLIC, PUBLIC_ORG, policyOf, URL_INVOKE_VIA_URL, URL_NONE } from './policies.js';

const { fires, silent, dataMissing } = checkCases(policyPublicInvoke);

const run = (statements: PolicyStatement[], qualifier: string | null = null) =>
  runChecks(
    [policyPublicInvoke],
    makeSnapshot({ policies: [policyOf(statements, qualifier)] }),
    makeContext(),
  );

describe('policy-public-invoke', () => {
  for (const [name, statement] of [
    ['Principal * without a condition', PUBLIC],
    ['{AWS: "*"}', { ...PUBLIC, Principal: { AWS: '*' } }],
    ['arn:aws:iam::*:root', { ...PUBLIC, Principal: { AWS: 'arn:aws:iam::*:root' } }],
    ['lambda:* to everyone', { ...PUBLIC, Action: 'lambda:*' }],
    ['lambda:InvokeAsync to everyone', { ...PUBLIC, Action: 'lambda:InvokeAsync' }],
    [
      'the apigateway wildcard ARN',
      {
        ...APIGW_SCOPED,
        Principal: '*',
        Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:*:*/*/GET/*' } },
      },
    ],
    [
      'an IfExists source account',
      { ...PUBLIC, Condition: { StringEqualsIfExists: { 'aws:SourceAccount': '123456789012' } } },
    ],
    ['IpAddress 0.0.0.0/0', { ...PUBLIC, Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }],
    [
      'a policy variable',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
      { ...PUBLIC, Condition: { StringEquals: { 'aws:PrincipalAccount': '${aws:username}' } } },
    ],
    [
      'BoolIfExists InvokedViaFunctionUrl (not URL-scoped)',
      { ...URL_INVOKE_VIA_URL, Condition: { BoolIfExists: { 'lambda:InvokedViaFunctionUrl': 'true' } } },
    ],
  ] as [string, PolicyStatement][])
    fires(`flags ${name}`, () => {
      const findings = run([statement]);
      const [finding] = findings;
      expect(finding).toMatchObject({
        check: 'policy-public-invoke',
        severity: 'critical',
        resource: FUNCTION_ARN,
      });
      expect(finding?.evidence).toMatchObject({ sid: statement.Sid, principal: expect.any(String) });
      return findings;
    });

  it('names the non-restrictive conditions, wildcard ones included, in its evidence', () => {
    const [finding] = run([
      { ...PUBLIC, Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:*:*:*' } } },
    ]);
    expect(finding?.evidence.nonRestrictiveConditions).toEqual([
      { operator: 'ArnLike', key: 'AWS:SourceArn', values: ['arn:aws:execute-api:*:*:*'] },
    ]);
    expect(finding?.evidence.wildcardConditions).toHaveLength(1);
  });

  it('names the alias whose policy holds the statement', () => {
    const [finding] = run([PUBLIC], 'live');
    expect(finding?.resource).toBe(`${FUNCTION_ARN}:live`);
    expect(finding?.detail).toContain("alias 'live'");
    expect(finding?.evidence.qualifier).toBe('live');
  });

  for (const [name, statement] of [
    ['aws:PrincipalOrgID', PUBLIC_ORG],
    [
      'ForAnyValue:StringLike aws:PrincipalOrgPaths',
      { ...PUBLIC, Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/*' } } },
    ],
    [
      'lower-cased aws:sourceaccount',
      { ...PUBLIC, Condition: { stringequals: { 'aws:sourceaccount': '123456789012' } } },
    ],
    ['a fixed API Gateway source ARN', { ...APIGW_SCOPED, Principal: '*' }],
    [
      'a private source IP range',
      { ...PUBLIC, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } },
    ],
    ['the URL grant (url-public’s finding)', URL_NONE],
    ['the 2025 InvokedViaFunctionUrl grant', URL_INVOKE_VIA_URL],
    ['an account principal', { ...PUBLIC, Principal: { AWS: 'arn:aws:iam::210987654321:root' } }],
    ['a non-invoke action', { ...PUBLIC, Action: 'lambda:GetPolicy' }],
  ] as [string, PolicyStatement][])
    silent(`does not flag a public principal restricted by ${name}`, () => run([statement]));

  silent('does not flag a public grant cancelled by an unconditional Deny', () =>
    run([PUBLIC, { Effect: 'Deny', Principal: '*', Action: 'lambda:InvokeFunction' }]),
  );

  dataMissing('does not run when the policy could not be read', unread(makeSnapshot(), 'policies'));
});
