/**
 * What collect read about a function's trigger sources, as plain data shaped after the AWS
 * responses (API Gateway v1 fields are camelCase as its SDK returns them, v2 fields PascalCase).
 * One entry per source, keyed by `arn`; the paths are derived from them (src/invocation/).
 */
import type { PolicyDocument } from '../model.js';

/** A REST API method, with the fields that decide who can call it and how it is checked. */
export interface RestMethod {
  httpMethod: string;
  authorizationType?: string;
  apiKeyRequired?: boolean;
  requestValidatorId?: string;
  methodIntegration?: { type?: string; uri?: string };
}

export interface RestResource {
  id: string;
  path: string;
  resourceMethods?: Record<string, RestMethod>;
}

/** GetRestApi, GetResources (embed=methods), GetRequestValidators and GetStages of one REST API. */
export interface RestApi {
  id: string;
  name?: string;
  endpointConfiguration?: { types?: string[]; vpcEndpointIds?: string[] };
  /** The API's resource policy; null when it has none. */
  policy: PolicyDocument | null;
  resources: RestResource[];
  requestValidators: { id: string; validateRequestBody?: boolean; validateRequestParameters?: boolean }[];
  /** Null when the stages could not be read (WAF unknown). */
  stages: { stageName: string; webAclArn?: string }[] | null;
}

/** GetApi, GetRoutes and GetIntegrations of one HTTP or WebSocket API. */
export interface HttpApi {
  ApiId: string;
  Name?: string;
  ProtocolType: 'HTTP' | 'WEBSOCKET';
  Routes: {
    RouteId?: string;
    RouteKey: string;
    AuthorizationType?: string;
    ApiKeyRequired?: boolean;
    Target?: string;
  }[];
  Integrations: { IntegrationId?: string; IntegrationType?: string; IntegrationUri?: string }[];
}

/**
 * One source as read. `missing`: AWS answered that it does not exist (the grant is stale).
 * `unread`: the read failed; `api` names the IAM action, and the source's reach is unknown.
 */
export type TriggerSource =
  | { type: 'rest-api'; arn: string; api: RestApi }
  | { type: 'http-api'; arn: string; api: HttpApi }
  | { type: 'missing'; arn: string; api: string }
  | { type: 'unread'; arn: string; api: string; reason: string };

/** The ARN an API's sources are keyed by: `arn:aws:execute-api:<region>:<account>:<apiId>`. */
export function apiArnOf(sourceArn: string): string | null {
  const match = /^(arn:[^:]+:execute-api:[^:]+:\d{12}:[A-Za-z0-9]+)(?:\/|$)/.exec(sourceArn);
  return match?.[1] ?? null;
}
