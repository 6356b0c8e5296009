import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { urlCorsWildcard } from '../../../src/checks/triggers/url-cors-wildcard.js';
import type { FunctionUrlConfig } from '../../../src/model.js';
import { FUNCTION_ARN, makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';
import { urlConfig } from './policies.js';

const { fires, silent, dataMissing } = checkCases(urlCorsWildcard);

const run = (url: FunctionUrlConfig) =>
  runChecks([urlCorsWildcard], makeSnapshot({ urlConfigs: [url] }), makeContext());

describe('url-cors-wildcard', () => {
  for (const [name, overrides, severity] of [
    [
      'an IAM URL allowing every origin',
      { AuthType: 'AWS_IAM', Cors: { AllowOrigins: ['*'], AllowMethods: ['GET'] } },
      'medium',
    ],
    [
      'every origin with credentials',
      { AuthType: 'AWS_IAM', Cors: { AllowOrigins: ['*'], AllowCredentials: true } },
      'high',
    ],
    [
      'every origin on an AuthType NONE URL',
      { AuthType: 'NONE', Cors: { AllowOrigins: ['https://app.example.com', '*'] } },
      'high',
    ],
  ] as [string, Partial<FunctionUrlConfig>, string][])
    fires(`flags ${name}`, () => {
      const findings = run(urlConfig(overrides));
      const [finding] = findings;
      expect(finding).toMatchObject({ check: 'url-cors-wildcard', severity, resource: FUNCTION_ARN });
      expect(finding?.evidence.allowOrigins).toContain('*');
      return findings;
    });

  it('names the alias of an alias URL', () => {
    const [finding] = run(urlConfig({ FunctionArn: `${FUNCTION_ARN}:live`, Cors: { AllowOrigins: ['*'] } }));
    expect(finding?.resource).toBe(`${FUNCTION_ARN}:live`);
    expect(finding?.detail).toContain("alias 'live'");
  });

  for (const [name, overrides] of [
    ['listed origins', { Cors: { AllowOrigins: ['https://app.example.com'], AllowCredentials: true } }],
    ['no CORS configuration', {}],
  ] as [string, Partial<FunctionUrlConfig>][])
    silent(`does not flag ${name}`, () => run(urlConfig(overrides)));

  dataMissing('does not run when the URL configs could not be read', unread(makeSnapshot(), 'urlConfigs'));
});
