/**
 * Reads an Application Load Balancer target group for the invocation paths: the target group
 * (DescribeTargetGroups), and for each of its load balancers the scheme (DescribeLoadBalancers),
 * the listeners (DescribeListeners) and their rules (DescribeRules), paged by Marker. A load
 * balancer is read once however many target groups (functions) it fronts. A failed read leaves
 * its part null and names the IAM action in `unread`.
 */
import {
  type Action,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
  paginateDescribeListeners,
  paginateDescribeRules,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients } from '../../aws/clients.js';
import { isNotFound } from '../../aws/errors.js';
import { ELB_READS } from '../../invocation/load-balancers.js';
import type { ElbAction, ElbListener, LoadBalancerData, TriggerSource, Unverified } from '../../model.js';
import { allPages, attempt } from '../attempt.js';

function actionOf(action: Action): ElbAction {
  const groups = [
    ...(action.TargetGroupArn ? [action.TargetGroupArn] : []),
    ...(action.ForwardConfig?.TargetGroups ?? []).flatMap((g) =>
      g.TargetGroupArn ? [g.TargetGroupArn] : [],
    ),
  ];
  return {
    Type: action.Type ?? '',
    ...(action.Order !== undefined ? { Order: action.Order } : {}),
    TargetGroupArns: [...new Set(groups)],
  };
}

async function readRules(client: ElasticLoadBalancingV2Client, ListenerArn: string) {
  const rules = await allPages(paginateDescribeRules({ client }, { ListenerArn }), (page) => page.Rules);
  return rules.map((r) => ({
    RuleArn: r.RuleArn ?? '',
    ...(r.IsDefault !== undefined ? { IsDefault: r.IsDefault } : {}),
    Actions: (r.Actions ?? []).map(actionOf),
  }));
}

/** One load balancer with its listeners and their rules; its gaps in `gaps`. */
export async function readLoadBalancer(
  clients: AwsClients,
  LoadBalancerArn: string,
): Promise<{ loadBalancer: LoadBalancerData; gaps: Unverified[] }> {
  const client = clients.elbv2;
  const gaps: Unverified[] = [];
  const unread: string[] = [];
  const read = async <T>(api: string, call: () => Promise<T>): Promise<T | null> => {
    const value = await attempt(gaps, 'triggers', api, call);
    if (value === null) unread.push(api);
    return value;
  };
  const [described, listeners] = await Promise.all([
    read(ELB_READS.loadBalancers, () =>
      client.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [LoadBalancerArn] })),
    ),
    read(ELB_READS.listeners, () =>
      allPages(paginateDescribeListeners({ client }, { LoadBalancerArn }), (page) => page.Listeners),
    ),
  ]);
  const withRules: ElbListener[] | null = listeners
    ? await Promise.all(
        listeners.map(async (l) => ({
          ListenerArn: l.ListenerArn ?? '',
          Protocol: l.Protocol ?? '',
          ...(l.Port !== undefined ? { Port: l.Port } : {}),
          Rules: await read(ELB_READS.rules, () => readRules(client, l.ListenerArn ?? '')),
        })),
      )
    : null;
  return {
    loadBalancer: {
      LoadBalancerArn,
      Scheme: described ? (described.LoadBalancers?.[0]?.Scheme ?? null) : null,
      Listeners: withRules,
      unread: [...new Set(unread)],
    },
    gaps,
  };
}

/**
 * One target group by its ARN: `missing` when ELB answers TargetGroupNotFound. Its load
 * balancers come from `loadBalancer` (read once per load balancer by the reader).
 */
export async function readTargetGroup(
  clients: AwsClients,
  arn: string,
  loadBalancer: (arn: string) => Promise<{ loadBalancer: LoadBalancerData; gaps: Unverified[] }>,
  gaps: Unverified[],
): Promise<TriggerSource> {
  const own: Unverified[] = [];
  let missing = false;
  const described = await attempt(own, 'triggers', ELB_READS.targetGroups, () =>
    clients.elbv2
      .send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }))
      .catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
        missing = true;
        return null;
      }),
  );
  if (missing) return { type: 'missing', arn, api: ELB_READS.targetGroups };
  const group = described?.TargetGroups?.[0];
  if (!group) {
    gaps.push(...own);
    const reason = own[0]?.reason ?? 'the read failed';
    return { type: 'unread', arn, api: own[0]?.api ?? ELB_READS.targetGroups, reason };
  }
  const loadBalancers = await Promise.all((group.LoadBalancerArns ?? []).map(loadBalancer));
  for (const read of loadBalancers) own.push(...read.gaps);
  gaps.push(...own);
  return {
    type: 'target-group',
    arn,
    targetGroup: {
      TargetGroupArn: group.TargetGroupArn ?? arn,
      ...(group.TargetType ? { TargetType: group.TargetType } : {}),
      LoadBalancers: loadBalancers.map((r) => r.loadBalancer),
    },
  };
}
