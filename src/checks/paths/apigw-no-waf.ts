import { isOpenPath } from '../../exposure.js';
import { apiArnOf } from '../../invocation/source-data.js';
import type { InvocationPath } from '../../model.js';
import type { Check } from '../check.js';

/**
 * Trips on a REST API that serves the function on a public path while none of its stages has a
 * `webAclArn`. Info; low when one of those paths is open. IAM-only, private or network-restricted
 * APIs are out of scope.
 */
export const apigwNoWaf: Check = {
  id: 'apigw-no-waf',
  severity: 'info',
  title: 'Public REST API in front of the function has no web ACL',
  risk: 'Nothing filters bots, floods or common exploit payloads before they reach the function and run up its bill.',
  remediation:
    'Associate an AWS WAF web ACL (with the AWS managed rule groups and a rate-based rule) with the API’s stages.',
  categories: ['exposure'],
  requires: ['policies'],
  actions: ['lambda:GetPolicy', 'apigateway:GET'],
  run(_snapshot, context) {
    const byApi = new Map<string, InvocationPath[]>();
    for (const p of context.paths) {
      const api = apiArnOf(p.source);
      if (p.kind !== 'apigateway-rest' || p.reach !== 'public' || p.waf !== false || !api) continue;
      byApi.set(api, [...(byApi.get(api) ?? []), p]);
    }
    return [...byApi].map(([api, paths]) => ({
      ...(paths.some(isOpenPath) ? { severity: 'low' as const } : {}),
      resource: api,
      key: api,
      detail: `No stage of the REST API ${api} has a web ACL, and it serves ${paths.length} public route(s) into the function.`,
      evidence: { routes: paths.map((p) => p.source), open: paths.filter(isOpenPath).map((p) => p.source) },
    }));
  },
};
