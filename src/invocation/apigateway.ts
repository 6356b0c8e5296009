/**
 * API Gateway paths (checks.md, "How each kind is resolved"): one path per REST method, HTTP
 * route or WebSocket route whose integration invokes the function and that the function's grant
 * admits. The method's own authorization decides `auth`; an authorizer defined on the API but not
 * set on the method does not count. A private API, or a resource policy that admits only a
 * network, makes the path `network`.
 */
import { parseFunctionArn, unqualifiedFunctionArn } from '../arn.js';
import { allows, globMatches, normalizeStatements, policyGrants } from '../iam/resource-policy.js';
import type { InvocationPath, PathAuth, PolicyDocument, Reach } from '../model.js';
import { grantReach, type Trust, widerReach } from './reach.js';
import { apiArnOf, type HttpApi, type RestApi, type RestMethod, type TriggerSource } from './source-data.js';

const INVOKE = 'execute-api:Invoke';
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const NETWORK_KEYS = new Set(['aws:sourceip', 'aws:sourcevpce', 'aws:sourcevpc']);
const NEGATED = new Set(['notipaddress', 'stringnotequals', 'stringnotlike', 'stringnotequalsignorecase']);

/** The function an integration URI invokes, and the qualifier it names (`${stageVariables...}` counts as "this one"). */
function invokedFunction(uri: string | undefined): { arn: string; qualifier: string | null } | null {
  if (!uri) return null;
  const inner = /\/functions\/(.+)\/invocations$/.exec(uri)?.[1] ?? uri;
  if (!/^arn:[^:]+:lambda:/.test(inner)) return null;
  const fn = parseFunctionArn(inner);
  return fn ? { arn: unqualifiedFunctionArn(inner), qualifier: fn.qualifier } : null;
}

function integrates(uri: string | undefined, functionArn: string): { qualifier: string | null } | null {
  const target = invokedFunction(uri);
  if (!target) return null;
  if (target.arn.includes('${stageVariables.')) return { qualifier: null };
  return target.arn === functionArn ? { qualifier: target.qualifier } : null;
}

/** Whether the grant's `aws:SourceArn` (the stub's source) admits a call of `method` on `route`. */
function admits(grantSource: string, apiArn: string, method: string | null, route: string): boolean {
  const rest = grantSource.slice(apiArn.length + 1);
  // Stages come and go; the grant's method and path are what pin a route.
  if (rest.indexOf('/') < 0) return true;
  const afterStage = rest.slice(rest.indexOf('/') + 1);
  const methods = method === null ? [null] : method === 'ANY' ? HTTP_METHODS : [method];
  return methods.some((m) => globMatches(afterStage, m === null ? route : `${m}/${route}`));
}

function routeSource(apiArn: string, method: string | null, path: string): string {
  return method === null ? `${apiArn}/*/${path}` : `${apiArn}/*/${method === 'ANY' ? '*' : method}/${path}`;
}

const REST_AUTH: Record<string, PathAuth> = {
  AWS_IAM: 'iam',
  COGNITO_USER_POOLS: 'cognito',
  CUSTOM: 'lambda-authorizer',
  JWT: 'jwt',
};

function authOf(type: string | undefined, apiKeyRequired: boolean | undefined): PathAuth {
  return REST_AUTH[type ?? 'NONE'] ?? (apiKeyRequired ? 'api-key' : 'none');
}

/** An API policy that admits only a network: every Allow is network-bound, or a Deny refuses all else. */
function networkOnly(policy: PolicyDocument, trust: Trust): boolean {
  const grants = policyGrants({ qualifier: null, policy }).filter((g) => allows(g, INVOKE));
  if (grants.length > 0 && grants.every((g) => grantReach(g, trust).reach === 'network')) return true;
  return normalizeStatements({ qualifier: null, policy }).some(
    (s) =>
      s.effect === 'Deny' &&
      s.principals.some((p) => p.kind === 'public') &&
      (s.actions.length === 0 || s.actions.some((a) => globMatches(a, INVOKE))) &&
      s.conditions.some((c) => NEGATED.has(c.base) && NETWORK_KEYS.has(c.keyLower) && !c.ifExists),
  );
}

/** Who can call a REST method: `reach` and the reason, before its own authorization. */
function restReach(api: RestApi, method: RestMethod, trust: Trust): { reach: Reach; why: string } {
  if (api.endpointConfiguration?.types?.includes('PRIVATE'))
    return { reach: 'network', why: 'a PRIVATE REST API, reachable only through VPC endpoints' };
  if (api.policy && networkOnly(api.policy, trust))
    return { reach: 'network', why: 'the API’s resource policy admits only a network' };
  if (method.authorizationType === 'AWS_IAM') {
    const granted = api.policy
      ? policyGrants({ qualifier: null, policy: api.policy })
          .filter((g) => allows(g, INVOKE) && g.principal.kind !== 'service')
          .map((g) => grantReach(g, trust).reach)
      : [];
    const reach = granted.reduce<Reach>(widerReach, 'account');
    return {
      reach,
      why:
        reach === 'account'
          ? 'IAM-signed callers of the audited account'
          : 'IAM-signed callers the API policy admits',
    };
  }
  return {
    reach: 'public',
    why:
      method.apiKeyRequired && (method.authorizationType ?? 'NONE') === 'NONE'
        ? 'a public route that needs only an API key'
        : (method.authorizationType ?? 'NONE') === 'NONE'
          ? 'a public route with authorization NONE'
          : `a public route behind ${method.authorizationType}`,
  };
}

function restPaths(stub: InvocationPath, apiArn: string, api: RestApi, functionArn: string, trust: Trust) {
  const paths: InvocationPath[] = [];
  const waf = api.stages === null ? null : api.stages.some((s) => Boolean(s.webAclArn));
  for (const resource of api.resources) {
    const route = resource.path.replace(/^\//, '');
    for (const method of Object.values(resource.resourceMethods ?? {})) {
      const target = integrates(method.methodIntegration?.uri, functionArn);
      if (!target || !admits(stub.source, apiArn, method.httpMethod, route)) continue;
      const validator = api.requestValidators.find((v) => v.id === method.requestValidatorId);
      paths.push({
        ...stub,
        kind: 'apigateway-rest',
        source: routeSource(apiArn, method.httpMethod, route),
        qualifier: target.qualifier ?? stub.qualifier,
        ...restReach(api, method, trust),
        auth: authOf(method.authorizationType, method.apiKeyRequired),
        validation:
          validator?.validateRequestBody || validator?.validateRequestParameters
            ? 'request-validator'
            : 'none',
        waf,
        tls: true,
        unverified: api.stages === null ? ['apigateway:GET'] : [],
      });
    }
  }
  return paths;
}

function httpPaths(stub: InvocationPath, apiArn: string, api: HttpApi, functionArn: string) {
  const websocket = api.ProtocolType === 'WEBSOCKET';
  // WebSocket authorization happens once, on $connect: every route takes its auth.
  const connect = api.Routes.find((r) => r.RouteKey === '$connect');
  return api.Routes.flatMap((route): InvocationPath[] => {
    const integrationId = route.Target?.replace(/^integrations\//, '');
    const integration = api.Integrations.find((i) => i.IntegrationId === integrationId);
    const target = integrates(integration?.IntegrationUri, functionArn);
    const [method, path] = route.RouteKey.includes(' ')
      ? (route.RouteKey.split(' ', 2) as [string, string])
      : [null, route.RouteKey];
    const routePath = path.replace(/^\//, '');
    if (!target || !admits(stub.source, apiArn, method, routePath)) return [];
    const guard = websocket ? (connect ?? route) : route;
    const auth = authOf(guard.AuthorizationType, guard.ApiKeyRequired);
    const reach: Reach = guard.AuthorizationType === 'AWS_IAM' ? 'account' : 'public';
    return [
      {
        ...stub,
        kind: websocket ? 'apigateway-websocket' : 'apigateway-http',
        source: routeSource(apiArn, method, routePath),
        qualifier: target.qualifier ?? stub.qualifier,
        reach,
        auth,
        validation: null,
        waf: null,
        tls: true,
        why:
          reach === 'account'
            ? 'IAM-signed callers of the audited account'
            : `a public ${websocket ? 'WebSocket' : 'HTTP API'} route with authorization ${guard.AuthorizationType ?? 'NONE'}`,
      },
    ];
  });
}

/**
 * The paths behind one API Gateway push source (`stub`, from the function's grant): one per
 * route that invokes the function; `reach: none` when none does (the grant is stale) or the API
 * is gone; the stub itself, naming the failed read, when the API could not be read.
 */
export function apiGatewayPaths(
  stub: InvocationPath,
  sources: readonly TriggerSource[],
  functionArn: string,
  trust: Trust,
): InvocationPath[] {
  const apiArn = apiArnOf(stub.source);
  const source = apiArn ? sources.find((s) => s.arn === apiArn) : undefined;
  if (!apiArn || !source) return [stub];
  if (source.type === 'unread')
    return [{ ...stub, unverified: [source.api], why: `the API could not be read (${source.api})` }];
  if (source.type === 'missing')
    return [{ ...stub, reach: 'none', why: 'the API no longer exists: the grant is stale' }];
  const paths =
    source.type === 'rest-api'
      ? restPaths(stub, apiArn, source.api, functionArn, trust)
      : source.type === 'http-api'
        ? httpPaths(stub, apiArn, source.api, functionArn)
        : [];
  if (paths.length > 0) return paths;
  return [
    {
      ...stub,
      kind:
        source.type === 'http-api'
          ? source.api.ProtocolType === 'WEBSOCKET'
            ? 'apigateway-websocket'
            : 'apigateway-http'
          : 'apigateway-rest',
      reach: 'none',
      why: 'no route of the API invokes the function: the grant is stale',
    },
  ];
}

/** The REST method a path's source names, with whether its validator checks bodies; null when unknown. */
export function restMethodAt(
  sources: readonly TriggerSource[],
  pathSource: string,
): { httpMethod: string; validatesBody: boolean; requestValidatorId: string | null } | null {
  const apiArn = apiArnOf(pathSource);
  const source = sources.find((s) => s.arn === apiArn);
  if (!apiArn || source?.type !== 'rest-api') return null;
  const [, verb = '', ...route] = pathSource.slice(apiArn.length + 1).split('/');
  const httpMethod = verb === '*' ? 'ANY' : verb;
  const resource = source.api.resources.find((r) => r.path === `/${route.join('/')}`);
  const method = resource?.resourceMethods?.[httpMethod];
  if (!method) return null;
  const validator = source.api.requestValidators.find((v) => v.id === method.requestValidatorId);
  return {
    httpMethod,
    validatesBody: validator?.validateRequestBody === true,
    requestValidatorId: method.requestValidatorId ?? null,
  };
}
