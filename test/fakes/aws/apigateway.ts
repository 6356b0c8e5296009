/**
 * API Gateway's control plane, v1 (REST APIs) and v2 (HTTP and WebSocket APIs), both REST-JSON
 * and signed as `apigateway`: the reads lambda-audit uses, with `position`/`limit` (v1) and
 * `nextToken`/`maxResults` (v2) paging, and the service's errors (`NotFoundException`,
 * `TooManyRequestsException` with Retry-After, `AccessDeniedException` naming `apigateway:GET`).
 */
import {
  ApiError,
  deniedMessage,
  type FakeRequest,
  type FakeResponse,
  jsonResponse,
  paginate,
  type Route,
  type ServiceRouter,
} from './http.js';
import type { FakeState } from './state.js';
import type { Json } from './world.js';
import { policyText } from './world.js';
import type { WorldHttpApi, WorldRestApi } from './world-apigateway.js';

type Handler = (req: FakeRequest, id: string) => FakeResponse;

const V1_PAGE = { size: 25, max: 500 };
const V2_PAGE = { size: 100, max: 500 };

/** IAM authorises API Gateway's control plane by HTTP verb: every read is apigateway:GET. */
const IAM_ACTION = 'apigateway:GET';

export function apigatewayRouter(state: FakeState): ServiceRouter {
  // GetRestApi, GetResources, GetRequestValidators, GetStages; GetApi, GetRoutes, GetIntegrations.
  const routes: [RegExp, Handler][] = [
    [/^\/restapis\/([^/]+)$/, getRestApi],
    [/^\/restapis\/([^/]+)\/resources$/, getResources],
    [/^\/restapis\/([^/]+)\/requestvalidators$/, getRequestValidators],
    [/^\/restapis\/([^/]+)\/stages$/, getStages],
    [/^\/v2\/apis\/([^/]+)$/, getApi],
    [/^\/v2\/apis\/([^/]+)\/routes$/, (req, id) => v2List(req, api(req, id).routes)],
    [/^\/v2\/apis\/([^/]+)\/integrations$/, (req, id) => v2List(req, api(req, id).integrations)],
  ];

  function restApi(req: FakeRequest, id: string): WorldRestApi {
    const found = state.region(req.account, req.region).restApis?.find((a) => a.id === id);
    if (!found)
      throw new ApiError('NotFoundException', 404, `Invalid API identifier specified ${req.account}:${id}`);
    return found;
  }

  function api(req: FakeRequest, id: string): WorldHttpApi {
    const found = state.region(req.account, req.region).apis?.find((a) => a.apiId === id);
    if (!found) throw new ApiError('NotFoundException', 404, `Invalid API identifier specified ${id}`);
    return found;
  }

  function getRestApi(req: FakeRequest, id: string): FakeResponse {
    const {
      resources: _r,
      requestValidators: _v,
      stages: _s,
      authorizers: _a,
      policy,
      ...rest
    } = restApi(req, id);
    // API Gateway escapes the policy JSON once more inside the string (`{\"Version\":...}`).
    const escaped = policy === undefined ? undefined : JSON.stringify(policyText(policy)).slice(1, -1);
    return jsonResponse({ ...rest, ...(escaped === undefined ? {} : { policy: escaped }) });
  }

  function getResources(req: FakeRequest, id: string): FakeResponse {
    const embed = req.url.searchParams.getAll('embed').includes('methods');
    const items = restApi(req, id).resources.map((r) =>
      embed || !r.resourceMethods
        ? r
        : {
            ...r,
            resourceMethods: Object.fromEntries(Object.keys(r.resourceMethods).map((verb) => [verb, {}])),
          },
    );
    return v1List(req, items as unknown as Json[]);
  }

  function getRequestValidators(req: FakeRequest, id: string): FakeResponse {
    return v1List(req, (restApi(req, id).requestValidators ?? []) as Json[]);
  }

  function getStages(req: FakeRequest, id: string): FakeResponse {
    return jsonResponse({ item: (restApi(req, id).stages ?? []) as Json[] });
  }

  function getApi(req: FakeRequest, id: string): FakeResponse {
    const { routes: _r, integrations: _i, ...rest } = api(req, id);
    return jsonResponse(rest);
  }

  function v1List(req: FakeRequest, items: Json[]): FakeResponse {
    const limit = req.url.searchParams.get('limit');
    const page = paginate(
      items,
      req.url.searchParams.get('position'),
      limit ? Number(limit) : null,
      V1_PAGE,
      badToken,
    );
    // v1 lists answer under `item` (the SDK names it `items`), the next page's token as `position`.
    return jsonResponse({ item: page.items, ...(page.next ? { position: page.next } : {}) });
  }

  function v2List(req: FakeRequest, items: readonly unknown[]): FakeResponse {
    const max = req.url.searchParams.get('maxResults');
    const page = paginate(
      items as Json[],
      req.url.searchParams.get('nextToken'),
      max ? Number(max) : null,
      V2_PAGE,
      badToken,
    );
    return jsonResponse({ items: page.items, ...(page.next ? { nextToken: page.next } : {}) });
  }

  return {
    route(req: FakeRequest): Route {
      for (const [pattern, handler] of routes) {
        const match = req.method === 'GET' ? pattern.exec(req.url.pathname) : null;
        if (!match) continue;
        const id = decodeURIComponent(match[1] ?? '');
        // Counted and denied under the IAM action; the resource is the path, as IAM sees it
        // (`arn:aws:apigateway:<region>::/restapis/<id>/stages`), so a knob can deny one kind of read.
        const path = req.url.pathname.replace(/^\/v2/, '');
        return {
          api: IAM_ACTION,
          resource: `arn:aws:apigateway:${req.region}::${path}`,
          run: () => handler(req, id),
        };
      }
      return {
        api: IAM_ACTION,
        resource: '*',
        run: () => {
          throw new ApiError('NotFoundException', 404, `Unknown operation ${req.method} ${req.url.pathname}`);
        },
      };
    },
    render(error: ApiError, req: FakeRequest): FakeResponse {
      // REST-JSON errors: the type in x-amzn-ErrorType, the text under `message`.
      return {
        status: error.status,
        headers: {
          'content-type': 'application/json',
          'x-amzn-errortype': error.code,
          'x-amzn-requestid': req.requestId,
          ...error.extra.headers,
        },
        body: JSON.stringify({ message: error.message, ...error.extra.fields }),
      };
    },
    throttled(retryAfterSeconds: number): ApiError {
      return new ApiError('TooManyRequestsException', 429, 'Too Many Requests', {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
        fields: { retryAfterSeconds: String(Math.max(1, Math.ceil(retryAfterSeconds))) },
      });
    },
    denied(_api: string, resource: string, req: FakeRequest): ApiError {
      return new ApiError('AccessDeniedException', 403, deniedMessage(req.callerArn, IAM_ACTION, resource));
    },
    failure(): ApiError {
      return new ApiError('ServiceUnavailableException', 503, 'Service Unavailable (injected by the fake)');
    },
  };
}

function badToken(): ApiError {
  return new ApiError('BadRequestException', 400, 'Invalid pagination token');
}
