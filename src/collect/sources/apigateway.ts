/**
 * Reads one API Gateway API for the invocation paths: a REST API (GetRestApi, GetResources with
 * embedded methods, GetRequestValidators, GetStages) or, when no REST API has that id, an HTTP or
 * WebSocket API (GetApi, GetRoutes, GetIntegrations). Every call is `apigateway:GET` to IAM.
 */
import {
  GetRequestValidatorsCommand,
  GetRestApiCommand,
  GetStagesCommand,
  paginateGetResources,
} from '@aws-sdk/client-api-gateway';
import { GetApiCommand, GetIntegrationsCommand, GetRoutesCommand } from '@aws-sdk/client-apigatewayv2';
import type { AwsClients } from '../../aws/clients.js';
import { isNotFound } from '../../aws/errors.js';
import { decodePolicyDocument } from '../../iam/role-snapshot.js';
import type { HttpApi, RestApi, TriggerSource } from '../../invocation/source-data.js';
import type { PolicyDocument, Unverified } from '../../model.js';
import { allPages, attempt } from '../attempt.js';

export const APIGATEWAY_READ = 'apigateway:GET';

/** Every page of a token-paged v1 (`position`) or v2 (`NextToken`) listing. */
async function tokenPages<T>(page: (token: string | undefined) => Promise<{ items: T[]; next?: string }>) {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const answer = await page(token);
    all.push(...answer.items);
    token = answer.next;
  } while (token);
  return all;
}

/**
 * The REST API's resource policy. API Gateway returns it JSON-escaped a second time
 * (`{\"Version\":...}`, slashes as `\/`): unescape once more when it does not parse as it is.
 */
export function parseRestApiPolicy(text: string | undefined): PolicyDocument | null {
  if (!text) return null;
  try {
    return decodePolicyDocument(text);
  } catch {
    return decodePolicyDocument(JSON.parse(`"${text}"`) as string);
  }
}

async function readRestApi(
  clients: AwsClients,
  restApiId: string,
  gaps: Unverified[],
): Promise<RestApi | null> {
  const client = clients.apigateway;
  const api = await client.send(new GetRestApiCommand({ restApiId })).catch((error: unknown) => {
    if (isNotFound(error)) return null;
    throw error;
  });
  if (!api) return null;
  const [resources, requestValidators, stages] = await Promise.all([
    allPages(paginateGetResources({ client }, { restApiId, embed: ['methods'] }), (p) => p.items),
    tokenPages(async (position) => {
      const page = await client.send(new GetRequestValidatorsCommand({ restApiId, position }));
      return { items: page.items ?? [], ...(page.position ? { next: page.position } : {}) };
    }),
    // Without the stages only WAF is unknown; the routes still stand.
    attempt(gaps, 'triggers', APIGATEWAY_READ, () => client.send(new GetStagesCommand({ restApiId }))),
  ]);
  return {
    id: api.id ?? restApiId,
    ...(api.name ? { name: api.name } : {}),
    ...(api.endpointConfiguration
      ? {
          endpointConfiguration: {
            types: api.endpointConfiguration.types ?? [],
            vpcEndpointIds: api.endpointConfiguration.vpcEndpointIds ?? [],
          },
        }
      : {}),
    policy: parseRestApiPolicy(api.policy),
    resources: resources.map((r) => ({
      id: r.id ?? '',
      path: r.path ?? '/',
      resourceMethods: Object.fromEntries(
        Object.entries(r.resourceMethods ?? {}).map(([verb, m]) => [
          verb,
          {
            httpMethod: m.httpMethod ?? verb,
            ...(m.authorizationType ? { authorizationType: m.authorizationType } : {}),
            ...(m.apiKeyRequired !== undefined ? { apiKeyRequired: m.apiKeyRequired } : {}),
            ...(m.requestValidatorId ? { requestValidatorId: m.requestValidatorId } : {}),
            ...(m.methodIntegration
              ? {
                  methodIntegration: {
                    type: m.methodIntegration.type ?? '',
                    uri: m.methodIntegration.uri ?? '',
                  },
                }
              : {}),
          },
        ]),
      ),
    })),
    requestValidators: requestValidators.map((v) => ({
      id: v.id ?? '',
      validateRequestBody: v.validateRequestBody ?? false,
      validateRequestParameters: v.validateRequestParameters ?? false,
    })),
    stages:
      stages === null
        ? null
        : (stages.item ?? []).map((s) => ({
            stageName: s.stageName ?? '',
            ...(s.webAclArn ? { webAclArn: s.webAclArn } : {}),
          })),
  };
}

async function readHttpApi(clients: AwsClients, ApiId: string): Promise<HttpApi | null> {
  const client = clients.apigatewayv2;
  const api = await client.send(new GetApiCommand({ ApiId })).catch((error: unknown) => {
    if (isNotFound(error)) return null;
    throw error;
  });
  if (!api) return null;
  const [routes, integrations] = await Promise.all([
    tokenPages(async (NextToken) => {
      const page = await client.send(new GetRoutesCommand({ ApiId, NextToken }));
      return { items: page.Items ?? [], ...(page.NextToken ? { next: page.NextToken } : {}) };
    }),
    tokenPages(async (NextToken) => {
      const page = await client.send(new GetIntegrationsCommand({ ApiId, NextToken }));
      return { items: page.Items ?? [], ...(page.NextToken ? { next: page.NextToken } : {}) };
    }),
  ]);
  return {
    ApiId: api.ApiId ?? ApiId,
    ...(api.Name ? { Name: api.Name } : {}),
    ProtocolType: api.ProtocolType === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP',
    Routes: routes.map((r) => ({
      RouteKey: r.RouteKey ?? '',
      ...(r.RouteId ? { RouteId: r.RouteId } : {}),
      ...(r.AuthorizationType ? { AuthorizationType: r.AuthorizationType } : {}),
      ...(r.ApiKeyRequired !== undefined ? { ApiKeyRequired: r.ApiKeyRequired } : {}),
      ...(r.Target ? { Target: r.Target } : {}),
    })),
    Integrations: integrations.map((i) => ({
      ...(i.IntegrationId ? { IntegrationId: i.IntegrationId } : {}),
      ...(i.IntegrationType ? { IntegrationType: i.IntegrationType } : {}),
      ...(i.IntegrationUri ? { IntegrationUri: i.IntegrationUri } : {}),
    })),
  };
}

/**
 * One API by its ARN (`arn:aws:execute-api:<region>:<account>:<apiId>`): REST first, then v2;
 * `missing` when neither knows the id. A failed read is `unread` with its gap in `gaps`.
 */
export async function readApi(clients: AwsClients, arn: string, gaps: Unverified[]): Promise<TriggerSource> {
  const [, , , region = '', , apiId = ''] = arn.split(':');
  if (region !== clients.region) {
    const reason = `the API is in ${region}; only the function's region (${clients.region}) is read`;
    gaps.push({ area: 'triggers', api: APIGATEWAY_READ, reason });
    return { type: 'unread', arn, api: APIGATEWAY_READ, reason };
  }
  const read = await attempt(gaps, 'triggers', APIGATEWAY_READ, async (): Promise<TriggerSource> => {
    const rest = await readRestApi(clients, apiId, gaps);
    if (rest) return { type: 'rest-api', arn, api: rest };
    const http = await readHttpApi(clients, apiId);
    return http ? { type: 'http-api', arn, api: http } : { type: 'missing', arn, api: APIGATEWAY_READ };
  });
  const gap = gaps.at(-1);
  return read ?? { type: 'unread', arn, api: APIGATEWAY_READ, reason: gap?.reason ?? 'the read failed' };
}
