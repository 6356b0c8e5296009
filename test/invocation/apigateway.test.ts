import { describe, expect, it } from 'vitest';
import { exposureOf } from '../../src/exposure.js';
import { derivePaths } from '../../src/invocation/paths.js';
import type { TriggerSource } from '../../src/invocation/source-data.js';
import type { PolicyDocument, PolicyStatement } from '../../src/model.js';
import { FOREIGN, policyOf } from '../checks/triggers/policies.js';
import {
  apiArn,
  apiGrant,
  HTTP_ID,
  httpApi,
  method,
  REST_ID,
  restApi,
  route,
  WS_ID,
} from '../fixtures/apis.js';
import { ACCOUNT, makeSnapshot } from '../fixtures/snapshot.js';

const TRUST = { trustedAccountIds: [ACCOUNT], trustedOrgIds: [] };
const ORDERS = `${apiArn(REST_ID)}/*/GET/orders`;

function pathsFor(source: TriggerSource, grant: PolicyStatement = apiGrant(REST_ID)) {
  return derivePaths(makeSnapshot({ policies: [policyOf([grant])], sources: [source] }), TRUST);
}

const apiPolicy = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const invokeAll = {
  Effect: 'Allow' as const,
  Principal: '*' as const,
  Action: 'execute-api:Invoke',
  Resource: '*',
};

describe('API Gateway REST paths', () => {
  it('makes one path per method that invokes the function, skipping methods of other functions', () => {
    const paths = pathsFor(restApi());
    expect(paths.map((p) => p.source)).toEqual([
      `${apiArn(REST_ID)}/*/GET/orders`,
      `${apiArn(REST_ID)}/*/POST/orders`,
    ]);
    expect(paths[0]).toMatchObject({
      kind: 'apigateway-rest',
      reach: 'public',
      auth: 'none',
      validation: 'none',
      waf: false,
      tls: true,
      unverified: [],
    });
    expect(exposureOf(paths)).toBe('internet-open');
  });

  it('ignores an authorizer the API defines but the method does not use: NONE on the method is open', () => {
    // The authorizer lives in GetAuthorizers; only the method's authorizationType decides.
    const [get] = pathsFor(restApi({}, [method('GET', { authorizationType: 'NONE' })]));
    expect(get).toMatchObject({ reach: 'public', auth: 'none' });
  });

  it.each<[string, Partial<Parameters<typeof method>[1]>, string, string]>([
    ['an API key only', { apiKeyRequired: true }, 'api-key', 'internet-open'],
    [
      'a Cognito authorizer',
      { authorizationType: 'COGNITO_USER_POOLS' },
      'cognito',
      'internet-authenticated',
    ],
    ['a Lambda authorizer', { authorizationType: 'CUSTOM' }, 'lambda-authorizer', 'internet-authenticated'],
  ])('takes the method’s auth from %s', (_label, fields, auth, exposure) => {
    const paths = pathsFor(restApi({}, [method('GET', fields)]));
    expect(paths).toEqual([expect.objectContaining({ reach: 'public', auth })]);
    expect(exposureOf(paths)).toBe(exposure);
  });

  it('keeps an AWS_IAM method to the account unless the API policy admits others', () => {
    const iam = method('GET', { authorizationType: 'AWS_IAM' });
    expect(pathsFor(restApi({}, [iam]))[0]).toMatchObject({ reach: 'account', auth: 'iam' });
    const partner = { ...invokeAll, Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` } };
    expect(pathsFor(restApi({ policy: apiPolicy(partner) }, [iam]))[0]).toMatchObject({ reach: 'accounts' });
  });

  it.each<[string, Partial<Parameters<typeof restApi>[0]>]>([
    ['a PRIVATE endpoint', { endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0a1b'] } }],
    [
      'a policy that allows only one VPC endpoint',
      { policy: apiPolicy({ ...invokeAll, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b' } } }) },
    ],
    [
      'a policy that denies every request from outside an IP range',
      {
        policy: apiPolicy(invokeAll, {
          ...invokeAll,
          Effect: 'Deny',
          Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
        }),
      },
    ],
  ])('makes a NONE method network-only behind %s', (_label, overrides) => {
    const paths = pathsFor(restApi(overrides));
    expect(paths.map((p) => [p.reach, p.auth])).toEqual([
      ['network', 'none'],
      ['network', 'none'],
    ]);
    expect(exposureOf(paths)).toBe('network');
  });

  it('stays public under a policy that allows everyone with a condition that opens every network', () => {
    const open = apiPolicy({ ...invokeAll, Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } });
    expect(pathsFor(restApi({ policy: open }))[0]?.reach).toBe('public');
  });

  it('reads validation from the method’s validator and WAF from the stages', () => {
    const paths = pathsFor(
      restApi(
        {
          stages: [
            { stageName: 'prod', webAclArn: 'arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/x/1' },
          ],
        },
        [method('POST', { requestValidatorId: 'val-params' })],
      ),
    );
    expect(paths[0]).toMatchObject({ validation: 'request-validator', waf: true });
  });

  it('leaves WAF unknown, naming the read, when the stages could not be read', () => {
    expect(pathsFor(restApi({ stages: null }))[0]).toMatchObject({
      waf: null,
      unverified: ['apigateway:GET'],
    });
  });

  it('follows the grant: a SourceArn for GET /orders does not admit POST /orders', () => {
    const paths = pathsFor(restApi(), apiGrant(REST_ID, '*/GET/orders'));
    expect(paths.map((p) => p.source)).toEqual([ORDERS]);
  });

  it('marks a grant stale (reach none) when no method of the API invokes the function', () => {
    const paths = pathsFor(restApi({}, []));
    expect(paths).toEqual([expect.objectContaining({ kind: 'apigateway-rest', reach: 'none' })]);
    expect(exposureOf(paths)).toBe('none');
  });

  it('marks a grant to an API that no longer exists stale', () => {
    const gone: TriggerSource = { type: 'missing', arn: apiArn(REST_ID), api: 'apigateway:GET' };
    expect(pathsFor(gone)).toEqual([
      expect.objectContaining({ reach: 'none', why: expect.stringMatching(/stale/) }),
    ]);
  });

  it('keeps a path of reach unknown, naming apigateway:GET, when the API could not be read', () => {
    const denied: TriggerSource = {
      type: 'unread',
      arn: apiArn(REST_ID),
      api: 'apigateway:GET',
      reason: 'AccessDenied',
    };
    const paths = pathsFor(denied);
    expect(paths).toEqual([
      expect.objectContaining({ kind: 'apigateway-rest', reach: 'unknown', unverified: ['apigateway:GET'] }),
    ]);
    expect(exposureOf(paths)).toBe('unknown');
  });
});

describe('API Gateway HTTP and WebSocket paths', () => {
  it.each<[string, string, string, string]>([
    ['NONE', 'public', 'none', 'internet-open'],
    ['JWT', 'public', 'jwt', 'internet-authenticated'],
    ['CUSTOM', 'public', 'lambda-authorizer', 'internet-authenticated'],
    ['AWS_IAM', 'account', 'iam', 'account'],
  ])('gives an HTTP route with authorization %s reach %s and auth %s', (type, reach, auth, exposure) => {
    const paths = pathsFor(
      httpApi([route('GET /orders', type), route('GET /health', 'NONE', 'integrations/int-other')]),
      apiGrant(HTTP_ID),
    );
    expect(paths).toEqual([
      expect.objectContaining({
        kind: 'apigateway-http',
        source: `${apiArn(HTTP_ID)}/*/GET/orders`,
        reach,
        auth,
        validation: null,
        waf: null,
        tls: true,
      }),
    ]);
    expect(exposureOf(paths)).toBe(exposure);
  });

  it('names the $default route and ANY methods as execute-api ARNs do', () => {
    // `<api>/*` admits every stage and route; `<api>/*/*/*` would not admit `$default` (no method).
    const paths = pathsFor(httpApi([route('$default'), route('ANY /{proxy+}')]), apiGrant(HTTP_ID, '*'));
    expect(paths.map((p) => p.source).sort()).toEqual([
      `${apiArn(HTTP_ID)}/*/$default`,
      `${apiArn(HTTP_ID)}/*/*/{proxy+}`,
    ]);
  });

  it('gives every WebSocket route the authorization of $connect', () => {
    const ws = httpApi([route('$connect', 'AWS_IAM'), route('sendMessage', 'NONE')], 'WEBSOCKET', WS_ID);
    const paths = pathsFor(ws, apiGrant(WS_ID, '*/*'));
    expect(paths.map((p) => [p.kind, p.reach, p.auth])).toEqual([
      ['apigateway-websocket', 'account', 'iam'],
      ['apigateway-websocket', 'account', 'iam'],
    ]);
  });
});
