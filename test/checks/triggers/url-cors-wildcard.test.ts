import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { urlCorsWildcard } from '../../../src/checks/triggers/url-cors-wildcard.js';
import type { FunctionUrlConfig } from '../../../src/model.js';
import { FUNCTION_ARN, makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { urlConfig } from './policies.js';

const run = (url: FunctionUrlConfig) =>
  runChecks([urlCorsWildcard], makeSnapshot({ urlConfigs: [url] }), makeContext());

describe('url-cors-wildcard', () => {
  it.each<[string, Partial<FunctionUrlConfig>, string]>([
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
  ])('flags %s', (_name, overrides, severity) => {
    const [finding] = run(urlConfig(overrides));
    expect(finding).toMatchObject({ check: 'url-cors-wildcard', severity, resource: FUNCTION_ARN });
    expect(finding?.evidence.allowOrigins).toContain('*');
  });

  it('names the alias of an alias URL', () => {
    const [finding] = run(urlConfig({ FunctionArn: `${FUNCTION_ARN}:live`, Cors: { AllowOrigins: ['*'] } }));
    expect(finding?.resource).toBe(`${FUNCTION_ARN}:live`);
    expect(finding?.detail).toContain("alias 'live'");
  });

  it.each<[string, Partial<FunctionUrlConfig>]>([
    ['listed origins', { Cors: { AllowOrigins: ['https://app.example.com'], AllowCredentials: true } }],
    ['no CORS configuration', {}],
  ])('does not flag %s', (_name, overrides) => {
    expect(run(urlConfig(overrides))).toEqual([]);
  });

  it('does not run when the URL configs could not be read', () => {
    expect(runChecks([urlCorsWildcard], makeSnapshot({ urlConfigs: null }), makeContext())).toEqual([]);
  });
});
