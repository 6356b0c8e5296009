import { isOpenPath } from '../../exposure.js';
import { restMethodAt } from '../../invocation/apigateway.js';
import type { Check } from '../check.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'ANY']);

/**
 * Trips on a REST method that takes a body (`POST`, `PUT`, `PATCH`, `ANY`), integrates the
 * function, and has no `requestValidatorId`, or one whose validator has
 * `validateRequestBody: false`. Low; medium on an open path.
 */
export const apigwNoRequestValidation: Check = {
  id: 'apigw-no-request-validation',
  severity: 'low',
  title: 'API Gateway method passes request bodies to the function unvalidated',
  risk: 'Malformed or hostile bodies reach the function’s code, which becomes the only line of defence against injection and parser bugs.',
  remediation:
    'Attach a request validator that validates the body (validateRequestBody) and a model describing the expected JSON to the method.',
  categories: ['exposure'],
  requires: ['policies'],
  actions: ['lambda:GetPolicy', 'apigateway:GET'],
  run(snapshot, context) {
    return context.paths.flatMap((p) => {
      if (p.kind !== 'apigateway-rest' || p.reach === 'none') return [];
      const method = restMethodAt(snapshot.sources, p.source);
      if (!method || !BODY_METHODS.has(method.httpMethod) || method.validatesBody) return [];
      return [
        {
          ...(isOpenPath(p) ? { severity: 'medium' as const } : {}),
          resource: p.source,
          key: p.qualifier ?? '',
          detail: `The ${method.httpMethod} method ${p.source} has no request validator that validates the body.`,
          evidence: { path: { ...p }, requestValidatorId: method.requestValidatorId },
        },
      ];
    });
  },
};
