import { describe, expect, it } from 'vitest';
import {
  allows,
  appliesToAuthType,
  broadActions,
  grantKey,
  isInvokeCapable,
  isUrlScoped,
} from '../../../src/iam/resource-policy.js';
import type { PolicyStatement } from '../../../src/model.js';
import { CROSS_ACCOUNT, PUBLIC, URL_INVOKE_VIA_URL, URL_NONE } from '../../checks/triggers/policies.js';
import { grantsOf } from './helpers.js';

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
