/**
 * Application Load Balancers in a fake world, in ELBv2's shapes: target groups (their
 * `LoadBalancerArns` tie them to load balancers), and load balancers with their listeners and
 * each listener's rules. A listener's `DefaultActions` become its default rule in DescribeRules.
 * Actions pass through as written (`Type`, `Order`, `TargetGroupArn`, `ForwardConfig`,
 * `RedirectConfig`, `AuthenticateOidcConfig`, ...).
 */
import type { Json } from './world.js';

export type WorldElbAction = { Type: string; Order?: number; TargetGroupArn?: string } & {
  [key: string]: Json | undefined;
};

export interface WorldListenerRule {
  RuleArn: string;
  Priority: string;
  Actions: WorldElbAction[];
  Conditions?: Json[];
}

export interface WorldListener {
  ListenerArn: string;
  Protocol: 'HTTP' | 'HTTPS';
  Port: number;
  DefaultActions: WorldElbAction[];
  Rules?: WorldListenerRule[];
}

export interface WorldLoadBalancer {
  LoadBalancerArn: string;
  Scheme: 'internet-facing' | 'internal';
  Listeners?: WorldListener[];
}

export interface WorldTargetGroup {
  TargetGroupArn: string;
  TargetType?: 'lambda' | 'instance' | 'ip' | 'alb';
  LoadBalancerArns?: string[];
}

export interface WorldLoadBalancersRegion {
  targetGroups?: WorldTargetGroup[];
  loadBalancers?: WorldLoadBalancer[];
}
