import { describe, expect, it } from 'vitest';
import { apigwNoWaf } from '../../../src/checks/paths/apigw-no-waf.js';
import { apiArn, method, REST_ID, restApi } from '../../fixtures/apis.js';
import { checkCases } from '../cases.js';
import { POLICY_UNREAD, runOnPaths, withApi } from './context.js';

const { fires, silent, dataMissing } = checkCases(apigwNoWaf);

const WEB_ACL = 'arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/orders/0a1b';

describe('apigw-no-waf', () => {
  fires('flags a public REST API without a web ACL once, at low when a route is open', () => {
    const findings = runOnPaths([apigwNoWaf], withApi());
    expect(findings).toEqual([expect.objectContaining({ severity: 'low', resource: apiArn(REST_ID) })]);
    return findings;
  });

  it('stays info when every public route authenticates', () => {
    const cognito = restApi({}, [method('GET', { authorizationType: 'COGNITO_USER_POOLS' })]);
    expect(runOnPaths([apigwNoWaf], withApi(cognito)).map((f) => f.severity)).toEqual(['info']);
  });

  for (const [name, source] of [
    [
      'a stage with a web ACL',
      restApi({ stages: [{ stageName: 'prod' }, { stageName: 'dev', webAclArn: WEB_ACL }] }),
    ],
    ['a private API', restApi({ endpointConfiguration: { types: ['PRIVATE'] } })],
    ['IAM-only methods', restApi({}, [method('GET', { authorizationType: 'AWS_IAM' })])],
  ] as const)
    silent(`does not flag ${name}`, () => runOnPaths([apigwNoWaf], withApi(source)));

  it('yields nothing when the stages could not be read (WAF unknown)', () => {
    expect(runOnPaths([apigwNoWaf], withApi(restApi({ stages: null })))).toEqual([]);
  });

  dataMissing('yields nothing when the function policy could not be read', POLICY_UNREAD);
});
