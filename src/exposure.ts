import type { Finding, Trigger } from './model.js';

/**
 * Internet-exposed, as checks.md defines it: `url-public` at critical or high,
 * `policy-public-invoke`, or a push trigger from API Gateway or an Application Load Balancer.
 */
export function isInternetExposed(findings: readonly Finding[], triggers: readonly Trigger[]): boolean {
  return (
    findings.some(
      (f) =>
        f.check === 'policy-public-invoke' ||
        (f.check === 'url-public' && (f.severity === 'critical' || f.severity === 'high')),
    ) || triggers.some((t) => t.kind === 'apigateway' || t.kind === 'alb')
  );
}
