import { describe, expect, it } from 'vitest';
import { albUnauthenticated } from '../../../src/checks/paths/alb-unauthenticated.js';
import type { TriggerSource } from '../../../src/model.js';
import {
  ALB_GRANT,
  authenticate,
  forward,
  listener,
  loadBalancer,
  TARGET_GROUP_ARN,
  targetGroup,
} from '../../fixtures/load-balancers.js';
import { makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, gap } from '../cases.js';
import { policyOf } from '../triggers/policies.js';
import { runOnPaths } from './context.js';

const { fires, silent, dataMissing } = checkCases(albUnauthenticated);

const via = (source: TriggerSource) => makeSnapshot({ policies: [policyOf([ALB_GRANT])], sources: [source] });
const behind = (source: TriggerSource) => runOnPaths([albUnauthenticated], via(source));

describe('alb-unauthenticated', () => {
  fires('flags each internet-facing rule that forwards without authenticating, naming the rule', () => {
    const findings = behind(targetGroup(loadBalancer('internet-facing', [listener('HTTPS', [forward()])])));
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'high',
        resource: expect.stringMatching(/:listener-rule\/app\/orders\/.*\/https\/default$/),
      }),
    ]);
    return findings;
  });

  for (const [name, source] of [
    ['an internal load balancer', targetGroup(loadBalancer('internal', [listener('HTTPS', [forward()])]))],
    [
      'authenticate-oidc before the forward',
      targetGroup(
        loadBalancer('internet-facing', [
          listener('HTTPS', [authenticate('authenticate-oidc', 1), forward(2)]),
        ]),
      ),
    ],
    [
      'authenticate-cognito before the forward',
      targetGroup(
        loadBalancer('internet-facing', [
          listener('HTTPS', [authenticate('authenticate-cognito', 1), forward(2)]),
        ]),
      ),
    ],
  ] as const)
    silent(`does not flag ${name}`, () => behind(source));

  dataMissing('yields nothing when the load balancer could not be read (unknown, not public)', {
    ...via(
      targetGroup(
        loadBalancer(null, [listener('HTTPS', [forward()])], ['elasticloadbalancing:DescribeLoadBalancers']),
      ),
    ),
    unverified: [gap('elasticloadbalancing:DescribeLoadBalancers', 'triggers')],
  });

  it('yields nothing when the target group or the function policy could not be read', () => {
    const api = 'elasticloadbalancing:DescribeTargetGroups';
    expect(behind({ type: 'unread', arn: TARGET_GROUP_ARN, api, reason: 'AccessDenied' })).toEqual([]);
    const source = targetGroup(loadBalancer('internet-facing', [listener('HTTPS', [forward()])]));
    expect(runOnPaths([albUnauthenticated], makeSnapshot({ policies: null, sources: [source] }))).toEqual([]);
  });
});
