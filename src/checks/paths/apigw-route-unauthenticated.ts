import type { Check } from '../check.js';

/**
 * Trips on an API Gateway route with public reach whose method has `authorizationType: NONE`
 * (with or without `apiKeyRequired`), e.g. `GET /orders` of a REGIONAL REST API with no resource
 * policy, even when the API defines an authorizer that this method does not use.
 */
export const apigwRouteUnauthenticated: Check = {
  id: 'apigw-route-unauthenticated',
  severity: 'high',
  title: 'API Gateway route invokes the function without authentication',
  risk: 'Anyone on the internet can call the route and hand the function input of their choosing; an API key identifies a caller but does not authenticate one.',
  remediation:
    'Set an authorizer on the method or route (IAM, Cognito, JWT or a Lambda authorizer), or make the API private or restrict it with a resource policy.',
  categories: ['exposure', 'internet-exposed'],
  requires: ['policies'],
  actions: ['lambda:GetPolicy', 'apigateway:GET'],
  run(_snapshot, context) {
    return context.paths
      .filter(
        (p) =>
          p.kind.startsWith('apigateway-') &&
          p.reach === 'public' &&
          (p.auth === 'none' || p.auth === 'api-key'),
      )
      .map((p) => ({
        ...(p.auth === 'api-key' ? { severity: 'medium' as const } : {}),
        resource: p.source,
        key: p.qualifier ?? '',
        detail:
          p.auth === 'api-key'
            ? `The route ${p.source} needs only an API key: it identifies callers but does not authenticate them.`
            : `The route ${p.source} has authorization NONE and is reachable from the internet.`,
        evidence: { path: { ...p } },
      }));
  },
};
