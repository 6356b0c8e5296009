/**
 * Paths through Application Load Balancers (checks.md, "How each kind is resolved"): one record
 * per listener rule that forwards to the function's target group (its `source` is the rule's
 * ARN). `reach`: `public` for an internet-facing load balancer, `network` for an internal one.
 * `auth: oidc` when the rule authenticates (authenticate-oidc or authenticate-cognito) before it
 * forwards. `tls: false` on an HTTP listener: a rule that redirects to HTTPS does not forward, so
 * it is no path at all. A part that could not be read is a path of reach unknown naming its API.
 */
import type { ElbAction, InvocationPath, LoadBalancerData, TriggerSource } from '../model.js';
import { unreadSourcePath } from './messages.js';

/** The ELBv2 reads the ALB paths come from (IAM actions). */
export const ELB_READS = {
  targetGroups: 'elasticloadbalancing:DescribeTargetGroups',
  loadBalancers: 'elasticloadbalancing:DescribeLoadBalancers',
  listeners: 'elasticloadbalancing:DescribeListeners',
  rules: 'elasticloadbalancing:DescribeRules',
} as const;

/** The same, for the checks on ALB paths to declare. */
export const ALB_READS: readonly string[] = Object.values(ELB_READS);

const AUTHENTICATE = new Set(['authenticate-oidc', 'authenticate-cognito']);

/** Actions in the order the load balancer runs them (by `Order`, else as listed). */
function ordered(actions: readonly ElbAction[]): ElbAction[] {
  return actions
    .map((action, index) => ({ action, index }))
    .sort((a, b) => (a.action.Order ?? a.index) - (b.action.Order ?? b.index) || a.index - b.index)
    .map(({ action }) => action);
}

/** The auth of a rule that forwards to `group`, or undefined when it does not forward there. */
function ruleAuth(actions: readonly ElbAction[], group: string): 'oidc' | 'none' | undefined {
  const steps = ordered(actions);
  const forward = steps.findIndex((a) => a.Type === 'forward' && a.TargetGroupArns.includes(group));
  if (forward < 0) return undefined;
  return steps.slice(0, forward).some((a) => AUTHENTICATE.has(a.Type)) ? 'oidc' : 'none';
}

function loadBalancerPaths(stub: InvocationPath, lb: LoadBalancerData, group: string): InvocationPath[] {
  const unknown = (source: string, why: string, unverified: string[]): InvocationPath => ({
    ...stub,
    source,
    reach: 'unknown',
    auth: null,
    unverified,
    why,
  });
  if (lb.Listeners === null)
    return [unknown(lb.LoadBalancerArn, 'the load balancer’s listeners could not be read', lb.unread)];
  const reach = lb.Scheme === 'internet-facing' ? 'public' : lb.Scheme === 'internal' ? 'network' : 'unknown';
  const where =
    reach === 'public'
      ? 'an internet-facing'
      : reach === 'network'
        ? 'an internal'
        : 'a load balancer whose scheme is unknown:';
  return lb.Listeners.flatMap((listener) => {
    if (listener.Rules === null)
      return [unknown(listener.ListenerArn, 'the listener’s rules could not be read', lb.unread)];
    const tls = listener.Protocol !== 'HTTP';
    return listener.Rules.flatMap((rule) => {
      const auth = ruleAuth(rule.Actions, group);
      if (!auth) return [];
      const how = auth === 'oidc' ? 'authenticates, then forwards' : 'forwards without authenticating';
      return [
        {
          ...stub,
          source: rule.RuleArn,
          reach,
          auth: reach === 'unknown' ? null : auth,
          tls,
          unverified: lb.unread,
          why: `${where} ${listener.Protocol} listener rule ${how}`,
        },
      ];
    });
  });
}

/** The paths through the target group a grant names (`stub`). */
export function loadBalancerPathsOf(
  stub: InvocationPath,
  sources: readonly TriggerSource[],
): InvocationPath[] {
  const source = sources.find((s) => s.arn === stub.source);
  const settled = unreadSourcePath(stub, source);
  if (settled) return [settled];
  if (source?.type !== 'target-group') return [stub];
  const paths = source.targetGroup.LoadBalancers.flatMap((lb) => loadBalancerPaths(stub, lb, source.arn));
  if (paths.length > 0) return paths;
  const why =
    source.targetGroup.LoadBalancers.length === 0
      ? 'the target group is behind no load balancer'
      : 'no listener rule forwards to the target group';
  return [{ ...stub, reach: 'none', why }];
}
