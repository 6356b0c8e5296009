import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { policyBroadActions } from '../../../src/checks/triggers/policy-broad-actions.js';
import type { PolicyStatement } from '../../../src/model.js';
import { ACCOUNT, makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';
import {
  CROSS_ACCOUNT,
  PUBLIC,
  PUBLIC_ORG,
  policyOf,
  SAME_ACCOUNT_ROLE,
  SNS_SCOPED,
  URL_NONE,
} from './policies.js';

const { fires, silent, dataMissing } = checkCases(policyBroadActions);

const run = (statements: PolicyStatement[]) =>
  runChecks([policyBroadActions], makeSnapshot({ policies: [policyOf(statements)] }), makeContext());

describe('policy-broad-actions', () => {
  for (const [name, statement, severity, broad] of [
    ['lambda:* to a foreign account', { ...CROSS_ACCOUNT, Action: 'lambda:*' }, 'high', ['lambda:*']],
    [
      'GetFunction (leaks the code URL)',
      { ...CROSS_ACCOUNT, Action: ['lambda:InvokeFunction', 'lambda:GetFunction'] },
      'high',
      ['lambda:GetFunction'],
    ],
    [
      'UpdateFunctionCode',
      { ...CROSS_ACCOUNT, Action: 'lambda:UpdateFunctionCode' },
      'high',
      ['lambda:UpdateFunctionCode'],
    ],
    ['lambda:* to a service', { ...SNS_SCOPED, Action: 'lambda:*' }, 'high', ['lambda:*']],
    ['* to the public', { ...PUBLIC, Action: '*' }, 'critical', ['*']],
    ['lambda:Get* to the public', { ...PUBLIC, Action: 'lambda:Get*' }, 'critical', ['lambda:Get*']],
    [
      'lambda:* to an organisation-restricted public principal',
      { ...PUBLIC_ORG, Action: 'lambda:*' },
      'high',
      ['lambda:*'],
    ],
  ] as [string, PolicyStatement, string, string[]][])
    fires(`flags ${name}`, () => {
      const findings = run([statement]);
      const [finding] = findings;
      expect(finding).toMatchObject({ check: 'policy-broad-actions', severity });
      expect(finding?.evidence.broadActions).toEqual(broad);
      return findings;
    });

  for (const [name, statement] of [
    ['lambda:InvokeFunction', CROSS_ACCOUNT],
    ['lambda:Invoke* (invoke actions only)', { ...CROSS_ACCOUNT, Action: 'lambda:Invoke*' }],
    ['the URL grant', URL_NONE],
    ['lambda:* to a role of the function’s own account', { ...SAME_ACCOUNT_ROLE, Action: 'lambda:*' }],
    [
      'lambda:* to its own account root',
      { ...CROSS_ACCOUNT, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'lambda:*' },
    ],
  ] as [string, PolicyStatement][])
    silent(`does not flag ${name}`, () => run([statement]));

  it('does not flag a broad action an unconditional Deny cancels', () => {
    const deny: PolicyStatement = { Effect: 'Deny', Principal: '*', Action: 'lambda:GetFunction' };
    expect(
      run([{ ...CROSS_ACCOUNT, Action: ['lambda:InvokeFunction', 'lambda:GetFunction'] }, deny]),
    ).toEqual([]);
  });

  dataMissing('does not run when the policy could not be read', unread(makeSnapshot(), 'policies'));
});
