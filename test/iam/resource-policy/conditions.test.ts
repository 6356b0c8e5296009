import { describe, expect, it } from 'vitest';
import {
  conditionAccounts,
  conditionOrgIds,
  isRestrictive,
  isWildcardCondition,
} from '../../../src/iam/resource-policy.js';
import type { ConditionBlock } from '../../../src/model.js';
import { APIGW_SCOPED, APIGW_WILDCARD, PUBLIC } from '../../checks/triggers/policies.js';
import { condition, grantsOf } from './helpers.js';

describe('isRestrictive', () => {
  it.each<[string, ConditionBlock]>([
    ['StringEquals aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': '123456789012' } }],
    ['lower-cased key', { stringequals: { 'aws:sourceaccount': '123456789012' } }],
    ['upper-cased AWS: prefix', { StringEquals: { 'AWS:SourceOwner': '123456789012' } }],
    [
      'ArnLike with a fixed API id',
      { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:eu-central-1:123456789012:abc123/*/GET/items' } },
    ],
    ['an S3 bucket ARN (no account field)', { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::orders-uploads' } }],
    [
      'a log group ARN',
      { ArnLike: { 'AWS:SourceArn': 'arn:aws:logs:eu-central-1:123456789012:log-group:/aws/lambda/x:*' } },
    ],
    ['aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
    [
      'ForAnyValue on org paths',
      { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/r-ab12/*'] } },
    ],
    ['lambda:EventSourceToken', { StringEquals: { 'lambda:EventSourceToken': 'amzn1.ask.skill.1' } }],
    [
      'a role ARN with a path',
      { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/service-role/ci' } },
    ],
    ['IpAddress on a private range', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '203.0.113.7/32'] } }],
  ])('accepts %s', (_name, block) => {
    expect(isRestrictive(condition(block))).toBe(true);
  });

  it.each<[string, ConditionBlock]>([
    ['a wildcard ARN', { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:*:*:*' } }],
    [
      'a wildcard account field',
      { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:*:*/*/GET/*' } },
    ],
    ['a wildcard bucket name', { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::orders-*' } }],
    [
      'a wildcard rule name',
      { ArnLike: { 'AWS:SourceArn': 'arn:aws:events:eu-central-1:123456789012:rule/*' } },
    ],
    ['a value of *', { StringLike: { 'aws:SourceAccount': '*' } }],
    ['a partial account', { StringLike: { 'aws:SourceAccount': '1234*' } }],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
    ['a policy variable', { StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } }],
    ['an IfExists operator', { StringEqualsIfExists: { 'aws:SourceAccount': '123456789012' } }],
    [
      'ForAllValues (true when the key is absent)',
      { 'ForAllValues:StringEquals': { 'aws:SourceAccount': '123456789012' } },
    ],
    ['a negated operator', { StringNotEquals: { 'aws:SourceAccount': '123456789012' } }],
    ['a key outside the list', { StringEquals: { 'aws:UserAgent': 'curl' } }],
    ['IpAddress 0.0.0.0/0', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '0.0.0.0/0'] } }],
    ['IpAddress ::/0', { IpAddress: { 'aws:SourceIp': '::/0' } }],
    ['the URL scoping key', { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } }],
  ])('rejects %s', (_name, block) => {
    expect(isRestrictive(condition(block))).toBe(false);
  });

  it('calls wildcard values wildcard conditions, but not 0.0.0.0/0 or IfExists', () => {
    expect(
      isWildcardCondition(condition({ ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:*:*:*' } })),
    ).toBe(true);
    expect(isWildcardCondition(condition({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }))).toBe(false);
    expect(
      isWildcardCondition(condition({ ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } })),
    ).toBe(false);
  });
});

describe('condition accounts and organisations', () => {
  it('names the accounts in restrictive conditions, from ids and ARNs', () => {
    const [grant] = grantsOf({
      ...APIGW_SCOPED,
      Condition: {
        StringEquals: { 'AWS:SourceAccount': '210987654321' },
        ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:eu-central-1:111122223333:abc123/*' },
      },
    });
    expect(grant && conditionAccounts(grant.statement)).toEqual(['210987654321', '111122223333']);
  });

  it('ignores wildcard conditions and reads org ids from org paths', () => {
    const [wild] = grantsOf(APIGW_WILDCARD);
    expect(wild && conditionAccounts(wild.statement)).toEqual([]);
    const [org] = grantsOf({
      ...PUBLIC,
      Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/*' } },
    });
    expect(org && conditionOrgIds(org.statement)).toEqual(['o-a1b2c3d4e5']);
  });
});
