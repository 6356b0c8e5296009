import { ALB_READS } from '../../invocation/load-balancers.js';
import type { Check } from '../check.js';

/**
 * Trips on an internet-facing Application Load Balancer whose `HTTP` listener forwards to the
 * function (rather than redirecting to HTTPS), e.g. HTTP:80 with a default `forward` action.
 */
export const albPlainHttp: Check = {
  id: 'alb-plain-http',
  severity: 'medium',
  title: 'Internet-facing load balancer forwards plain HTTP to the function',
  risk: 'Requests and their answers cross the internet unencrypted: anyone on the way can read or change the event data.',
  remediation:
    'Make the HTTP listener redirect to HTTPS (redirect action, HTTP_301) and forward to the function from an HTTPS listener only.',
  categories: ['exposure', 'internet-exposed'],
  requires: ['policies'],
  actions: ['lambda:GetPolicy', ...ALB_READS],
  run(_snapshot, context) {
    return context.paths
      .filter((p) => p.kind === 'alb' && p.reach === 'public' && p.tls === false)
      .map((p) => ({
        resource: p.source,
        key: p.qualifier ?? '',
        detail: `The HTTP listener rule ${p.source} forwards to the function instead of redirecting to HTTPS.`,
        evidence: { path: { ...p } },
      }));
  },
};
