/**
 * API Gateway in a fake world, in the shapes its APIs answer with: REST APIs (v1, camelCase)
 * with their resources, methods, validators and stages; HTTP and WebSocket APIs (v2, camelCase
 * on the wire) with their routes and integrations. Unlisted fields pass through to responses.
 */
import type { Json, WorldPolicyDocument } from './world.js';

/** Fields the fake passes through as they are. */
type Passthrough = { [key: string]: Json };

export interface WorldRestMethod {
  httpMethod: string;
  authorizationType?: string;
  apiKeyRequired?: boolean;
  requestValidatorId?: string;
  authorizerId?: string;
  methodIntegration?: Passthrough;
}

export interface WorldRestResource {
  id: string;
  path: string;
  resourceMethods?: { [verb: string]: WorldRestMethod };
}

export interface WorldRestApi {
  id: string;
  name: string;
  endpointConfiguration?: { types: string[]; vpcEndpointIds?: string[] };
  apiKeySource?: string;
  /** The resource policy; served JSON-escaped a second time, as API Gateway does. */
  policy?: WorldPolicyDocument;
  resources: WorldRestResource[];
  requestValidators?: Passthrough[];
  /** Stages as GetStages answers them (`stageName`, `webAclArn`, ...). */
  stages?: Passthrough[];
  /** Authorizers the API defines; lambda-audit must not count them for methods that do not use them. */
  authorizers?: Passthrough[];
}

export interface WorldHttpApi {
  apiId: string;
  name: string;
  protocolType: 'HTTP' | 'WEBSOCKET';
  routes: Passthrough[];
  integrations: Passthrough[];
}

/** What a region of the fake world may hold of API Gateway. */
export interface WorldApiGatewayRegion {
  restApis?: WorldRestApi[];
  /** HTTP and WebSocket APIs (API Gateway v2). */
  apis?: WorldHttpApi[];
}
