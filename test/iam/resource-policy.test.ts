import { describe, expect, it } from 'vitest';
import {
  allows,
  appliesToAuthType,
  broadActions,
  type Condition,
  conditionAccounts,
  conditionOrgIds,
  grantKey,
  isInvokeCapable,
  isRestrictive,
  isUrlScoped,
  isWildcardCondition,
  normalizeConditions,
  normalizePrincipals,
  policyGrants,
} from '../../src/iam/resource-policy.js';
import type { ConditionBlock, PolicyStatement } from '../../src/model.js';
import {
  APIGW_SCOPED,
  APIGW_WILDCARD,
  CROSS_ACCOUNT,
  PUBLIC,
  policyOf,
  URL_INVOKE_VIA_URL,
  URL_NONE,
} from '../checks/triggers/policies.js';

function condition(block: ConditionBlock): Condition {
  const [first] = normalizeConditions(block);
  if (!first) throw new Error('no condition in block');
  return first;
}

function grantsOf(...statements: PolicyStatement[]) {
  return policyGrants(policyOf(statements));
}

describe('normalizePrincipals', () => {
  it.each([
    ['"*"', '*', 'public'],
    ['{AWS: "*"}', { AWS: '*' }, 'public'],
    ['{AWS: [..., "*"]}', { AWS: ['arn:aws:iam::210987654321:root', '*'] }, 'public'],
    ['arn:aws:iam::*:root', { AWS: 'arn:aws:iam::*:root' }, 'public'],
    ['{CanonicalUser: "*"}', { CanonicalUser: '*' }, 'public'],
    ['a service', { Service: 's3.amazonaws.com' }, 'service'],
    ['alexa-appkit.amazon.com (not amazonaws.com)', { Service: 'alexa-appkit.amazon.com' }, 'service'],
    ['an account root ARN', { AWS: 'arn:aws:iam::210987654321:root' }, 'account'],
    ['a bare account id', '210987654321', 'account'],
  ])('classifies %s', (_name, principal, kind) => {
    expect(normalizePrincipals(principal).map((p) => p.kind)).toContain(kind);
  });

  it('reads "X" as {AWS: ["X"]} and extracts the account id', () => {
    expect(normalizePrincipals('210987654321')).toEqual([
      { kind: 'account', value: '210987654321', accountId: '210987654321' },
    ]);
    expect(normalizePrincipals({ AWS: ['arn:aws:iam::210987654321:role/partner'] })).toEqual([
      { kind: 'account', value: 'arn:aws:iam::210987654321:role/partner', accountId: '210987654321' },
    ]);
  });
});

describe('normalizeConditions', () => {
  it('lower-cases operators and keys and lists single values', () => {
    expect(condition({ ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::b' } })).toMatchObject({
      base: 'arnlike',
      keyLower: 'aws:sourcearn',
      values: ['arn:aws:s3:::b'],
      ifExists: false,
      set: null,
    });
  });

  it('reduces ForAnyValue:/ForAllValues: prefixes and IfExists suffixes', () => {
    expect(
      condition({ 'ForAnyValue:StringLikeIfExists': { 'aws:PrincipalOrgPaths': ['o-a/*'] } }),
    ).toMatchObject({
      base: 'stringlike',
      set: 'foranyvalue',
      ifExists: true,
    });
  });

  it('turns booleans and numbers into strings', () => {
    expect(condition({ Bool: { 'lambda:InvokedViaFunctionUrl': true } }).values).toEqual(['true']);
  });
});

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

describe('policyGrants', () => {
  it('yields one grant per Allow statement and principal, keyed by qualifier, Sid and principal', () => {
    const grants = grantsOf({ ...CROSS_ACCOUNT, Principal: { AWS: ['210987654321', '111122223333'] } });
    expect(grants.map(grantKey)).toEqual([
      '$unqualified|partner-invoke|210987654321',
      '$unqualified|partner-invoke|111122223333',
    ]);
  });

  it('lets an unconditional Deny for the same principal and action cancel the Allow', () => {
    const deny: PolicyStatement = { Effect: 'Deny', Principal: '*', Action: 'lambda:InvokeFunction' };
    expect(grantsOf(PUBLIC, deny)).toEqual([]);
  });

  it('treats a Deny on the account root as covering that account', () => {
    const deny: PolicyStatement = { Effect: 'Deny', Principal: { AWS: '210987654321' }, Action: 'lambda:*' };
    expect(grantsOf(CROSS_ACCOUNT, deny)).toEqual([]);
  });

  it('keeps the Allow when the Deny is conditional or names another principal', () => {
    const conditional: PolicyStatement = {
      Effect: 'Deny',
      Principal: '*',
      Action: 'lambda:InvokeFunction',
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    };
    const other: PolicyStatement = { Effect: 'Deny', Principal: { AWS: '111122223333' }, Action: '*' };
    expect(grantsOf(PUBLIC, conditional, other)).toHaveLength(1);
  });

  it('carves a denied action out of a wildcard Allow', () => {
    const [grant] = grantsOf(
      { ...PUBLIC, Action: 'lambda:Invoke*' },
      { Effect: 'Deny', Principal: '*', Action: 'lambda:InvokeFunction' },
    );
    expect(grant && allows(grant, 'lambda:InvokeFunction')).toBe(false);
    expect(grant && allows(grant, 'lambda:InvokeFunctionUrl')).toBe(true);
  });
});

describe('actions', () => {
  it.each([
    ['lambda:InvokeFunction', true],
    ['lambda:invokefunction', true],
    ['lambda:InvokeAsync', true],
    ['lambda:Invoke*', true],
    ['lambda:*', true],
    ['*', true],
    ['lambda:GetFunction', false],
  ])('%s is invoke-capable: %s', (action, expected) => {
    const [grant] = grantsOf({ ...CROSS_ACCOUNT, Action: action });
    expect(grant && isInvokeCapable(grant)).toBe(expected);
  });

  it.each([
    [['lambda:InvokeFunction', 'lambda:InvokeFunctionUrl'], []],
    [['lambda:Invoke*'], []],
    [['lambda:*'], ['lambda:*']],
    [['lambda:InvokeFunction', 'lambda:GetFunction'], ['lambda:GetFunction']],
    [['*'], ['*']],
  ])('broad actions of %j are %j', (actions, expected) => {
    const [grant] = grantsOf({ ...CROSS_ACCOUNT, Action: actions });
    expect(grant && broadActions(grant)).toEqual(expected);
  });

  it('calls NotAction broad', () => {
    const [grant] = grantsOf({ Effect: 'Allow', Principal: '*', NotAction: 'lambda:DeleteFunction' });
    expect(grant && broadActions(grant)).toEqual(['NotAction: lambda:DeleteFunction']);
  });
});

describe('isUrlScoped', () => {
  it.each<[string, PolicyStatement, boolean]>([
    ['InvokeFunctionUrl with FunctionUrlAuthType', URL_NONE, true],
    ['InvokeFunctionUrl without a condition', { ...PUBLIC, Action: 'lambda:InvokeFunctionUrl' }, true],
    ['InvokeFunction with InvokedViaFunctionUrl = true', URL_INVOKE_VIA_URL, true],
    [
      'InvokeFunction with BoolIfExists InvokedViaFunctionUrl',
      { ...PUBLIC, Condition: { BoolIfExists: { 'lambda:InvokedViaFunctionUrl': 'true' } } },
      false,
    ],
    ['plain InvokeFunction', PUBLIC, false],
    [
      'InvokeFunction and InvokeFunctionUrl',
      { ...PUBLIC, Action: ['lambda:InvokeFunction', 'lambda:InvokeFunctionUrl'] },
      false,
    ],
  ])('%s: %s', (_name, statement, expected) => {
    const [grant] = grantsOf(statement);
    expect(grant && isUrlScoped(grant)).toBe(expected);
  });

  it('applies a FunctionUrlAuthType grant only to its auth type', () => {
    const [grant] = grantsOf(URL_NONE);
    expect(grant && appliesToAuthType(grant, 'NONE')).toBe(true);
    expect(grant && appliesToAuthType(grant, 'AWS_IAM')).toBe(false);
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
