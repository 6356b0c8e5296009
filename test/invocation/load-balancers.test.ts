import { describe, expect, it } from 'vitest';
import { exposureOf } from '../../src/exposure.js';
import { derivePaths } from '../../src/invocation/paths.js';
import type { TriggerSource } from '../../src/model.js';
import { policyOf } from '../checks/triggers/policies.js';
import {
  ALB_GRANT,
  authenticate,
  forward,
  LB_ARN,
  listener,
  loadBalancer,
  redirect,
  TARGET_GROUP_ARN,
  targetGroup,
} from '../fixtures/load-balancers.js';
import { ACCOUNT, makeSnapshot } from '../fixtures/snapshot.js';

const TRUST = { trustedAccountIds: [ACCOUNT], trustedOrgIds: [] };
const behind = (...sources: TriggerSource[]) =>
  derivePaths(makeSnapshot({ policies: [policyOf([ALB_GRANT])], sources }), TRUST);
const summary = (source: TriggerSource) =>
  behind(source).map((p) => [p.kind, p.source.split('/').at(-2), p.reach, p.auth, p.tls]);

describe('ALB paths', () => {
  it('reads an internet-facing HTTPS listener that forwards: public, no auth, TLS', () => {
    const paths = behind(targetGroup(loadBalancer('internet-facing', [listener('HTTPS', [forward()])])));
    expect(paths).toEqual([
      expect.objectContaining({ kind: 'alb', reach: 'public', auth: 'none', tls: true, unverified: [] }),
    ]);
    expect(paths[0]?.source).toMatch(/:listener-rule\/app\/orders\//);
    expect(exposureOf(paths)).toBe('internet-open');
  });

  it('reads an internal load balancer as network reach', () => {
    const paths = behind(targetGroup(loadBalancer('internal', [listener('HTTP', [forward()])])));
    expect(paths).toEqual([expect.objectContaining({ reach: 'network', auth: 'none', tls: false })]);
    expect(exposureOf(paths)).toBe('network');
  });

  it.each([
    ['authenticate-oidc', [authenticate('authenticate-oidc', 1), forward(2)]],
    ['authenticate-cognito', [authenticate('authenticate-cognito', 1), forward(2)]],
    [
      'authenticate-oidc listed after the forward but ordered first',
      [forward(2), authenticate('authenticate-oidc', 1)],
    ],
  ])('reads a rule that runs %s before forwarding as oidc', (_label, actions) => {
    const paths = behind(targetGroup(loadBalancer('internet-facing', [listener('HTTPS', actions)])));
    expect(paths).toEqual([expect.objectContaining({ reach: 'public', auth: 'oidc' })]);
    expect(exposureOf(paths)).toBe('internet-authenticated');
  });

  it('tells an HTTP listener that redirects (no path) from one that forwards (tls false)', () => {
    const redirecting = targetGroup(
      loadBalancer('internet-facing', [listener('HTTP', [redirect]), listener('HTTPS', [forward()])]),
    );
    expect(summary(redirecting)).toEqual([['alb', 'https', 'public', 'none', true]]);
    const forwarding = targetGroup(
      loadBalancer('internet-facing', [listener('HTTP', [forward()]), listener('HTTPS', [forward()])]),
    );
    expect(summary(forwarding)).toEqual([
      ['alb', 'http', 'public', 'none', false],
      ['alb', 'https', 'public', 'none', true],
    ]);
  });

  it('is no path into the function when the rules forward to another target group', () => {
    const other = `${TARGET_GROUP_ARN.replace('orders-fn', 'other')}`;
    const paths = behind(
      targetGroup(loadBalancer('internet-facing', [listener('HTTPS', [forward(1, other)])])),
    );
    expect(paths).toEqual([expect.objectContaining({ source: TARGET_GROUP_ARN, reach: 'none' })]);
  });

  it('is stale when the target group is gone, and behind no load balancer when it has none', () => {
    expect(
      behind({ type: 'missing', arn: TARGET_GROUP_ARN, api: 'elasticloadbalancing:DescribeTargetGroups' }),
    ).toEqual([expect.objectContaining({ reach: 'none' })]);
    expect(behind(targetGroup())).toEqual([
      expect.objectContaining({ reach: 'none', why: 'the target group is behind no load balancer' }),
    ]);
  });

  it.each<[string, TriggerSource, string, string]>([
    [
      'the target group',
      {
        type: 'unread',
        arn: TARGET_GROUP_ARN,
        api: 'elasticloadbalancing:DescribeTargetGroups',
        reason: 'AccessDenied',
      },
      TARGET_GROUP_ARN,
      'elasticloadbalancing:DescribeTargetGroups',
    ],
    [
      'the listeners',
      targetGroup(loadBalancer('internet-facing', null, ['elasticloadbalancing:DescribeListeners'])),
      LB_ARN,
      'elasticloadbalancing:DescribeListeners',
    ],
    [
      'the load balancer',
      targetGroup(
        loadBalancer(null, [listener('HTTPS', [forward()])], ['elasticloadbalancing:DescribeLoadBalancers']),
      ),
      'rule',
      'elasticloadbalancing:DescribeLoadBalancers',
    ],
  ])('leaves the reach unknown when %s could not be read', (_label, source, at, api) => {
    const paths = behind(source);
    expect(paths).toEqual([expect.objectContaining({ reach: 'unknown', auth: null, unverified: [api] })]);
    if (at !== 'rule') expect(paths[0]?.source).toBe(at);
    expect(exposureOf(paths)).toBe('unknown');
  });
});
