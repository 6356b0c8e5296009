import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { urlPermissionModelLegacy } from '../../../src/checks/triggers/url-permission-model-legacy.js';
import type { FunctionUrlConfig, PolicyStatement } from '../../../src/model.js';
import { FUNCTION_ARN, makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';
import {
  CROSS_ACCOUNT,
  FOREIGN,
  PUBLIC,
  policyOf,
  URL_INVOKE_VIA_URL,
  URL_NONE,
  urlConfig,
} from './policies.js';

const { fires, silent, dataMissing } = checkCases(urlPermissionModelLegacy);

const PARTNER_URL: PolicyStatement = {
  ...CROSS_ACCOUNT,
  Sid: 'partner-url',
  Action: 'lambda:InvokeFunctionUrl',
};

const run = (
  statements: PolicyStatement[],
  url: FunctionUrlConfig = urlConfig(),
  now = '2026-11-24T09:00:00Z',
) =>
  runChecks(
    [urlPermissionModelLegacy],
    makeSnapshot({ urlConfigs: [url], policies: [policyOf(statements)] }),
    makeContext({ now: new Date(now) }),
  );

describe('url-permission-model-legacy', () => {
  for (const [name, statements, url, principals] of [
    ['the public pre-2025 grant alone', [URL_NONE], urlConfig(), ['*']],
    [
      'an account granted InvokeFunctionUrl only',
      [PARTNER_URL],
      urlConfig({ AuthType: 'AWS_IAM' }),
      [`arn:aws:iam::${FOREIGN}:root`],
    ],
    [
      'an account whose InvokeFunction grant belongs to another account',
      [PARTNER_URL, { ...CROSS_ACCOUNT, Principal: { AWS: 'arn:aws:iam::111122223333:root' } }],
      urlConfig({ AuthType: 'AWS_IAM' }),
      [`arn:aws:iam::${FOREIGN}:root`],
    ],
  ] as [string, PolicyStatement[], FunctionUrlConfig, string[]][])
    fires(`flags ${name}`, () => {
      const findings = run(statements, url);
      const [finding] = findings;
      expect(finding).toMatchObject({
        check: 'url-permission-model-legacy',
        severity: 'low',
        resource: FUNCTION_ARN,
      });
      expect(finding?.evidence.principals).toEqual(principals);
      return findings;
    });

  it('says whether AWS already enforces the model', () => {
    expect(run([URL_NONE], urlConfig(), '2026-10-01T00:00:00Z')[0]?.detail).toContain('until 2026-11-01');
    expect(run([URL_NONE])[0]?.detail).toContain('since 2026-11-01');
  });

  for (const [name, statements, url] of [
    ['the 2025 pair of public grants', [URL_NONE, URL_INVOKE_VIA_URL], urlConfig()],
    [
      'an account granted both actions (same account given as a bare id)',
      [PARTNER_URL, { ...CROSS_ACCOUNT, Principal: { AWS: FOREIGN } }],
      urlConfig({ AuthType: 'AWS_IAM' }),
    ],
    [
      'a public InvokeFunction next to an account’s URL grant',
      [PARTNER_URL, PUBLIC],
      urlConfig({ AuthType: 'AWS_IAM' }),
    ],
    ['a URL grant for the other auth type', [URL_NONE], urlConfig({ AuthType: 'AWS_IAM' })],
    ['no URL grant at all', [], urlConfig()],
  ] as [string, PolicyStatement[], FunctionUrlConfig][])
    silent(`does not flag ${name}`, () => run(statements, url));

  for (const field of ['urlConfigs', 'policies'] as const)
    dataMissing(
      `does not run when ${field} could not be read`,
      unread(makeSnapshot({ urlConfigs: [urlConfig()], policies: [policyOf([URL_NONE])] }), field),
    );
});
