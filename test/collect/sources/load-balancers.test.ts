import { describe, expect, it } from 'vitest';
import { SourceReader } from '../../../src/collect/sources/reader.js';
import type { World, WorldElbAction, WorldListener } from '../../fakes/aws/index.js';
import { ACCOUNT, emptyRoles, invokedBy, REGION, useFakeSources } from './harness.js';

const ELB = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}`;
const tg = (name: string) => `${ELB}:targetgroup/${name}/0123456789abcdef`;
const lb = (name: string) => `${ELB}:loadbalancer/app/${name}/50dc6c495c0c9188`;
const listenerArn = (lbName: string, port: number) =>
  `${ELB}:listener/app/${lbName}/50dc6c495c0c9188/${port}`;

const behind = (name: string, group: string) =>
  invokedBy(name, 'elasticloadbalancing.amazonaws.com', [tg(group)]);
const forward = (group: string, Order = 2): WorldElbAction => ({
  Type: 'forward',
  Order,
  TargetGroupArn: tg(group),
});
const oidc: WorldElbAction = {
  Type: 'authenticate-oidc',
  Order: 1,
  AuthenticateOidcConfig: { Issuer: 'https://login.example.com', ClientId: 'alb' },
};
const toHttps: WorldElbAction = {
  Type: 'redirect',
  RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
};

function listener(
  lbName: string,
  Protocol: 'HTTP' | 'HTTPS',
  Port: number,
  DefaultActions: WorldElbAction[],
  rules: WorldElbAction[][] = [],
): WorldListener {
  const ListenerArn = listenerArn(lbName, Port);
  return {
    ListenerArn,
    Protocol,
    Port,
    DefaultActions,
    Rules: rules.map((Actions, i) => ({
      RuleArn: `${ListenerArn.replace(':listener/', ':listener-rule/')}/rule${i + 1}`,
      Priority: String(i + 1),
      Actions,
    })),
  };
}

const WORLD: World = {
  accounts: {
    [ACCOUNT]: {
      regions: {
        [REGION]: {
          functions: [
            behind('web', 'web'),
            behind('admin', 'admin'),
            behind('plain', 'plain'),
            behind('intranet', 'intranet'),
            behind('orphan', 'deleted'),
          ],
          targetGroups: [
            { TargetGroupArn: tg('web'), TargetType: 'lambda', LoadBalancerArns: [lb('public')] },
            { TargetGroupArn: tg('admin'), TargetType: 'lambda', LoadBalancerArns: [lb('public')] },
            { TargetGroupArn: tg('plain'), TargetType: 'lambda', LoadBalancerArns: [lb('public')] },
            { TargetGroupArn: tg('intranet'), TargetType: 'lambda', LoadBalancerArns: [lb('internal')] },
          ],
          loadBalancers: [
            {
              LoadBalancerArn: lb('public'),
              Scheme: 'internet-facing',
              Listeners: [
                // Three listeners and three rules on one: more than a page (the fake's is 2) each.
                listener('public', 'HTTP', 80, [toHttps]),
                listener(
                  'public',
                  'HTTPS',
                  443,
                  [forward('web')],
                  [
                    [oidc, forward('admin')],
                    [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
                  ],
                ),
                listener('public', 'HTTP', 8080, [forward('plain')]),
              ],
            },
            {
              LoadBalancerArn: lb('internal'),
              Scheme: 'internal',
              Listeners: [listener('internal', 'HTTP', 80, [forward('intranet')])],
            },
          ],
        },
      },
      iam: { roles: emptyRoles('web', 'admin', 'plain', 'intranet', 'orphan') },
    },
  },
};

const { env, audit } = useFakeSources(WORLD);

type Report = Awaited<ReturnType<typeof audit>>['report'];
const summary = (report: Report) =>
  report.paths.map((p) => [p.kind, p.source.split('/').slice(-2).join('/'), p.reach, p.auth, p.tls]);
const albChecks = (report: Report) =>
  report.findings.filter((f) => f.check.startsWith('alb-')).map((f) => f.check);

describe('Application Load Balancers through the real SDK', () => {
  it('reads an internet-facing HTTPS listener that forwards without authenticating: open', async () => {
    const { report } = await audit('web');
    expect(summary(report)).toEqual([['alb', '443/default', 'public', 'none', true]]);
    expect(report.exposure).toBe('internet-open');
    expect(albChecks(report)).toEqual(['alb-unauthenticated']);
    expect(report.unverified).toEqual([]);
  });

  it('reads a rule that runs authenticate-oidc before forwarding: authenticated, no finding', async () => {
    const { report } = await audit('admin');
    expect(summary(report)).toEqual([['alb', '443/rule1', 'public', 'oidc', true]]);
    expect(report.exposure).toBe('internet-authenticated');
    expect(albChecks(report)).toEqual([]);
  });

  it('flags an HTTP listener that forwards, not one that redirects', async () => {
    const { report } = await audit('plain');
    expect(summary(report)).toEqual([['alb', '8080/default', 'public', 'none', false]]);
    expect(albChecks(report)).toEqual(['alb-unauthenticated', 'alb-plain-http']);
  });

  it('reads an internal load balancer as network reach, with no finding', async () => {
    const { report } = await audit('intranet');
    expect(summary(report)).toEqual([['alb', '80/default', 'network', 'none', false]]);
    expect(report.exposure).toBe('network');
    expect(albChecks(report)).toEqual([]);
  });

  it('marks a grant to a target group that no longer exists stale', async () => {
    const { report } = await audit('orphan');
    expect(report.paths).toEqual([expect.objectContaining({ kind: 'alb', reach: 'none' })]);
    expect(report.unverified).toEqual([]);
  });

  it('reads a load balancer, its listeners and rules once however many functions it fronts', async () => {
    const shared = new SourceReader();
    await Promise.all(['web', 'admin', 'plain'].map((fn) => audit(fn, shared)));
    const { calls } = env.fake.counts();
    expect(calls['elasticloadbalancing:DescribeTargetGroups']).toBe(3);
    expect(calls['elasticloadbalancing:DescribeLoadBalancers']).toBe(1);
    // Three listeners in pages of two; rules: 1 + 3 (two pages) + 1.
    expect(calls['elasticloadbalancing:DescribeListeners']).toBe(2);
    expect(calls['elasticloadbalancing:DescribeRules']).toBe(4);
  });

  it.each([
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeListeners',
    'elasticloadbalancing:DescribeRules',
  ])('turns a denied %s into its gap and paths of reach unknown; no alb finding', async (api) => {
    env.fake.setKnobs({ accessDenied: [api] });
    const { report } = await audit('web');
    expect([...new Set(report.unverified.map((u) => u.api))]).toEqual([api]);
    expect(report.paths.length).toBeGreaterThan(0);
    expect(report.paths.every((p) => p.reach === 'unknown' && p.unverified.includes(api))).toBe(true);
    expect(report.exposure).toBe('unknown');
    expect(albChecks(report)).toEqual([]);
  });
});
