import { describe, expect, it } from 'vitest';
import { parseRestApiPolicy } from '../../../src/collect/sources/apigateway.js';
import { SourceReader } from '../../../src/collect/sources/reader.js';
import type { World } from '../../fakes/aws/index.js';
import type { WorldRestApi } from '../../fakes/aws/world-apigateway.js';

import { ACCOUNT, emptyRoles, fnArn, invokedBy, REGION, useFakeSources } from './harness.js';

const uri = (name: string) =>
  `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fnArn(name)}/invocations`;
const apiArn = (id: string) => `arn:aws:execute-api:${REGION}:${ACCOUNT}:${id}`;

const fn = (name: string, ...apis: string[]) =>
  invokedBy(
    name,
    'apigateway.amazonaws.com',
    apis.map((id) => `${apiArn(id)}/*`),
  );

const method = (httpMethod: string, target: string, extra: Record<string, string | boolean> = {}) => ({
  httpMethod,
  authorizationType: 'NONE',
  apiKeyRequired: false,
  methodIntegration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: uri(target) },
  ...extra,
});

/** A shop API in front of two functions, with 40 more resources to need a second page. */
const SHOP: WorldRestApi = {
  id: 'shop000001',
  name: 'shop',
  endpointConfiguration: { types: ['REGIONAL'] },
  // Defined, but not set on GET /orders: it must not count.
  authorizers: [{ id: 'auth01', name: 'cognito', type: 'COGNITO_USER_POOLS' }],
  policy: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/*/*' },
    ],
  },
  resources: [
    { id: 'r0', path: '/' },
    {
      id: 'r1',
      path: '/orders',
      resourceMethods: {
        GET: method('GET', 'orders'),
        POST: method('POST', 'orders', { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'auth01' }),
      },
    },
    { id: 'r2', path: '/cart', resourceMethods: { PUT: method('PUT', 'cart', { apiKeyRequired: true }) } },
    ...Array.from({ length: 40 }, (_, i) => ({ id: `x${i}`, path: `/static/${i}` })),
  ],
  requestValidators: [
    { id: 'v1', name: 'body', validateRequestBody: true, validateRequestParameters: false },
  ],
  stages: [{ stageName: 'prod', deploymentId: 'd1' }],
};

const PRIVATE: WorldRestApi = {
  id: 'priv000001',
  name: 'internal',
  endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0a1b2c3d'] },
  policy: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/*',
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } },
      },
    ],
  },
  resources: [{ id: 'p1', path: '/report', resourceMethods: { GET: method('GET', 'reports') } }],
};

const WORLD: World = {
  accounts: {
    [ACCOUNT]: {
      regions: {
        [REGION]: {
          functions: [
            fn('orders', 'shop000001'),
            fn('cart', 'shop000001'),
            fn('reports', 'priv000001', 'http000001', 'gone000001'),
          ],
          restApis: [SHOP, PRIVATE],
          apis: [
            {
              apiId: 'http000001',
              name: 'reports-http',
              protocolType: 'HTTP',
              routes: [
                {
                  routeId: 'rt1',
                  routeKey: 'GET /reports',
                  authorizationType: 'JWT',
                  authorizerId: 'jwt1',
                  target: 'integrations/i1',
                },
              ],
              integrations: [
                { integrationId: 'i1', integrationType: 'AWS_PROXY', integrationUri: fnArn('reports') },
              ],
            },
          ],
        },
      },
      iam: { roles: emptyRoles('orders', 'cart', 'reports') },
    },
  },
};

const { env, audit } = useFakeSources(WORLD);

describe('API Gateway sources through the real SDK', () => {
  it('reads a REST API over two pages of resources and finds the open route behind an unused authorizer', async () => {
    const { snapshot, report } = await audit('orders');
    expect(snapshot.sources).toEqual([
      expect.objectContaining({ type: 'rest-api', arn: apiArn('shop000001') }),
    ]);
    expect(report.paths.map((p) => [p.source, p.reach, p.auth])).toEqual([
      [`${apiArn('shop000001')}/*/GET/orders`, 'public', 'none'],
      [`${apiArn('shop000001')}/*/POST/orders`, 'public', 'cognito'],
    ]);
    expect(report.exposure).toBe('internet-open');
    expect(report.findings.map((f) => f.check)).toEqual(
      expect.arrayContaining(['apigw-route-unauthenticated', 'apigw-no-waf']),
    );
    // GetRestApi, two pages of GetResources, GetRequestValidators, GetStages.
    expect(env.fake.counts().calls['apigateway:GET']).toBe(5);
  });

  it('flags an API-key-only route at medium', async () => {
    const { report } = await audit('cart');
    expect(report.findings.find((f) => f.check === 'apigw-route-unauthenticated')).toMatchObject({
      severity: 'medium',
    });
  });

  it('reads one API once however many functions it fronts', async () => {
    const shared = new SourceReader();
    await Promise.all([audit('orders', shared), audit('cart', shared)]);
    // The five reads of one REST API (two pages of resources), not ten.
    expect(env.fake.counts().calls['apigateway:GET']).toBe(5);
  });

  it('tells a private API, an HTTP API and an API that is gone apart', async () => {
    const { report } = await audit('reports');
    expect(report.paths.map((p) => [p.kind, p.source, p.reach, p.auth])).toEqual([
      ['apigateway-http', `${apiArn('http000001')}/*/GET/reports`, 'public', 'jwt'],
      ['apigateway-rest', `${apiArn('priv000001')}/*/GET/report`, 'network', 'none'],
      ['apigateway-rest', `${apiArn('gone000001')}/*`, 'none', null],
    ]);
    expect(report.exposure).toBe('internet-authenticated');
    expect(report.unverified).toEqual([]);
  });

  it('turns a denied read into apigateway:GET under unverified and a path of reach unknown, never private', async () => {
    env.fake.setKnobs({ accessDenied: ['apigateway:*'] });
    const { report } = await audit('orders');
    expect(report.unverified).toEqual([
      expect.objectContaining({
        area: 'triggers',
        api: 'apigateway:GET',
        reason: expect.stringMatching(/AccessDenied/),
      }),
    ]);
    expect(report.paths).toEqual([
      expect.objectContaining({ kind: 'apigateway-rest', reach: 'unknown', unverified: ['apigateway:GET'] }),
    ]);
    expect(report.exposure).toBe('unknown');
    expect(report.findings.filter((f) => f.check.startsWith('apigw-'))).toEqual([]);
  });

  it('leaves only WAF unknown when the stages alone cannot be read', async () => {
    env.fake.setKnobs({
      accessDenied: [{ api: 'apigateway:GET', resource: 'arn:aws:apigateway:*::/restapis/*/stages' }],
    });
    const { report } = await audit('orders');
    expect(report.paths[0]).toMatchObject({ reach: 'public', waf: null, unverified: ['apigateway:GET'] });
    expect(report.unverified.map((u) => u.api)).toEqual(['apigateway:GET']);
    expect(report.findings.map((f) => f.check)).not.toContain('apigw-no-waf');
  });
});

describe('parseRestApiPolicy', () => {
  it('reads the policy whether or not API Gateway escaped it a second time', () => {
    const plain =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:eu-central-1:123456789012:abc\\/*"}]}';
    const escaped = JSON.stringify(plain).slice(1, -1);
    expect(parseRestApiPolicy(escaped)).toEqual(parseRestApiPolicy(plain));
    expect(parseRestApiPolicy(undefined)).toBeNull();
  });
});
