import { describe, expect, it } from 'vitest';
import { apigwRouteUnauthenticated } from '../../../src/checks/paths/apigw-route-unauthenticated.js';
import { apiArn, method, REST_ID, restApi } from '../../fixtures/apis.js';
import { checkCases } from '../cases.js';
import { API_UNREAD, POLICY_UNREAD, runOnPaths, withApi } from './context.js';

const { fires, silent, dataMissing } = checkCases(apigwRouteUnauthenticated);

describe('apigw-route-unauthenticated', () => {
  fires('flags each public route with authorization NONE, at high, naming the route', () => {
    const findings = runOnPaths([apigwRouteUnauthenticated], withApi());
    expect(findings.map((f) => [f.severity, f.resource])).toEqual([
      ['high', `${apiArn(REST_ID)}/*/GET/orders`],
      ['high', `${apiArn(REST_ID)}/*/POST/orders`],
    ]);
    return findings;
  });

  it('flags a route that needs only an API key at medium', () => {
    const findings = runOnPaths(
      [apigwRouteUnauthenticated],
      withApi(restApi({}, [method('GET', { apiKeyRequired: true })])),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'medium',
        evidence: { path: expect.objectContaining({ auth: 'api-key' }) },
      }),
    ]);
  });

  for (const [name, source] of [
    ['a Cognito authorizer', restApi({}, [method('GET', { authorizationType: 'COGNITO_USER_POOLS' })])],
    ['a PRIVATE API', restApi({ endpointConfiguration: { types: ['PRIVATE'] } })],
    ['an IAM method', restApi({}, [method('GET', { authorizationType: 'AWS_IAM' })])],
  ] as const)
    silent(`does not flag a route behind ${name}`, () =>
      runOnPaths([apigwRouteUnauthenticated], withApi(source)),
    );

  dataMissing('yields nothing when the API could not be read (the path is unknown, not open)', API_UNREAD);

  dataMissing('yields nothing when the function policy could not be read', POLICY_UNREAD);
});
