import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { urlPublic } from '../../../src/checks/triggers/url-public.js';
import type { FunctionUrlConfig, PolicyStatement, ResourcePolicy } from '../../../src/model.js';
import { FUNCTION_ARN, makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';
import { PUBLIC, PUBLIC_ORG, policyOf, URL_INVOKE_VIA_URL, URL_NONE, urlConfig } from './policies.js';

const { fires, silent, dataMissing } = checkCases(urlPublic);

const run = (urls: FunctionUrlConfig[], policies: ResourcePolicy[]) =>
  runChecks([urlPublic], makeSnapshot({ urlConfigs: urls, policies }), makeContext());

describe('url-public', () => {
  for (const [name, statements, severity] of [
    ['both 2025 public grants (reachable)', [URL_NONE, URL_INVOKE_VIA_URL], 'critical'],
    ['InvokeFunctionUrl plus an unscoped public InvokeFunction', [URL_NONE, PUBLIC], 'critical'],
    [
      'both actions in one statement',
      [{ ...PUBLIC, Action: ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction'] }],
      'critical',
    ],
    ['only the classic InvokeFunctionUrl grant', [URL_NONE], 'high'],
    [
      'InvokeFunctionUrl with a lower-cased condition key',
      [{ ...URL_NONE, Condition: { stringequals: { 'lambda:functionurlauthtype': 'NONE' } } }],
      'high',
    ],
    ['no public grant (latent, 403 today)', [], 'medium'],
    [
      'a public grant restricted to the organisation',
      [{ ...PUBLIC_ORG, Action: 'lambda:InvokeFunctionUrl' }],
      'medium',
    ],
    [
      'a public grant for AWS_IAM URLs only',
      [{ ...URL_NONE, Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } } }],
      'medium',
    ],
  ] as [string, PolicyStatement[], string][])
    fires(`flags an AuthType NONE URL with ${name}`, () => {
      const findings = run([urlConfig()], [policyOf(statements)]);
      const [finding] = findings;
      expect(finding).toMatchObject({ check: 'url-public', severity, resource: FUNCTION_ARN });
      expect(finding?.evidence).toMatchObject({ authType: 'NONE', url: urlConfig().FunctionUrl });
      return findings;
    });

  it('reads the alias’s own policy for a URL on an alias, and names the alias', () => {
    const aliasUrl = urlConfig({ FunctionArn: `${FUNCTION_ARN}:live` });
    const [finding] = run([aliasUrl], [policyOf([]), policyOf([URL_NONE, URL_INVOKE_VIA_URL], 'live')]);
    expect(finding).toMatchObject({ severity: 'critical', resource: `${FUNCTION_ARN}:live` });
    expect(finding?.detail).toContain("alias 'live'");
  });

  it('does not count the unqualified policy’s grants for an alias URL', () => {
    const aliasUrl = urlConfig({ FunctionArn: `${FUNCTION_ARN}:live` });
    expect(run([aliasUrl], [policyOf([URL_NONE, URL_INVOKE_VIA_URL])])[0]?.severity).toBe('medium');
  });

  it('does not count a public grant cancelled by an unconditional Deny', () => {
    const deny: PolicyStatement = { Effect: 'Deny', Principal: '*', Action: 'lambda:InvokeFunctionUrl' };
    expect(run([urlConfig()], [policyOf([URL_NONE, URL_INVOKE_VIA_URL, deny])])[0]?.severity).toBe('medium');
  });

  silent('does not flag an AWS_IAM URL', () =>
    run([urlConfig({ AuthType: 'AWS_IAM' })], [policyOf([URL_NONE])]),
  );
  silent('does not flag a function without URL', () => run([], [policyOf([URL_NONE, URL_INVOKE_VIA_URL])]));

  for (const field of ['urlConfigs', 'policies'] as const)
    dataMissing(
      `does not run when ${field} could not be read`,
      unread(makeSnapshot({ urlConfigs: [urlConfig()], policies: [policyOf([URL_NONE])] }), field),
    );
});
