import { ALB_READS } from '../../invocation/load-balancers.js';
import type { Check } from '../check.js';

/**
 * Trips on an internet-facing Application Load Balancer whose listener rule forwards to the
 * function with no `authenticate-oidc` or `authenticate-cognito` action before the forward, e.g.
 * an HTTPS:443 listener whose default action is `forward` to the function's target group.
 */
export const albUnauthenticated: Check = {
  id: 'alb-unauthenticated',
  severity: 'high',
  title: 'Internet-facing load balancer invokes the function without authentication',
  risk: 'Anyone on the internet can send requests through the load balancer and hand the function input of their choosing.',
  remediation:
    'Add an authenticate-oidc or authenticate-cognito action before the forward, make the load balancer internal, or authenticate in the function.',
  categories: ['exposure', 'internet-exposed'],
  requires: ['policies'],
  actions: ['lambda:GetPolicy', ...ALB_READS],
  run(_snapshot, context) {
    return context.paths
      .filter((p) => p.kind === 'alb' && p.reach === 'public' && p.auth === 'none')
      .map((p) => ({
        resource: p.source,
        key: p.qualifier ?? '',
        detail: `The listener rule ${p.source} forwards internet traffic to the function without authenticating it.`,
        evidence: { path: { ...p } },
      }));
  },
};
