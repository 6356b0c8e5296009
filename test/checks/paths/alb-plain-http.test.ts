import { describe, expect, it } from 'vitest';
import { albPlainHttp } from '../../../src/checks/paths/alb-plain-http.js';
import type { TriggerSource } from '../../../src/model.js';
import {
  ALB_GRANT,
  authenticate,
  forward,
  listener,
  loadBalancer,
  redirect,
  targetGroup,
} from '../../fixtures/load-balancers.js';
import { makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, gap } from '../cases.js';
import { policyOf } from '../triggers/policies.js';
import { runOnPaths } from './context.js';

const { fires, silent, dataMissing } = checkCases(albPlainHttp);

const via = (source: TriggerSource) => makeSnapshot({ policies: [policyOf([ALB_GRANT])], sources: [source] });
const behind = (source: TriggerSource) => runOnPaths([albPlainHttp], via(source));

describe('alb-plain-http', () => {
  for (const [name, source] of [
    ['forwards', targetGroup(loadBalancer('internet-facing', [listener('HTTP', [forward()])]))],
    [
      'authenticates, then forwards (still plain HTTP)',
      targetGroup(
        loadBalancer('internet-facing', [
          listener('HTTP', [authenticate('authenticate-oidc', 1), forward(2)]),
        ]),
      ),
    ],
  ] as const)
    fires(`flags an internet-facing HTTP listener that ${name}, at medium`, () => {
      const findings = behind(source);
      expect(findings).toEqual([
        expect.objectContaining({ severity: 'medium', resource: expect.stringMatching(/\/http\/default$/) }),
      ]);
      return findings;
    });

  for (const [name, source] of [
    [
      'an HTTP listener that redirects to HTTPS',
      targetGroup(
        loadBalancer('internet-facing', [listener('HTTP', [redirect]), listener('HTTPS', [forward()])]),
      ),
    ],
    ['an internal load balancer', targetGroup(loadBalancer('internal', [listener('HTTP', [forward()])]))],
  ] as const)
    silent(`does not flag ${name}`, () => behind(source));

  dataMissing('yields nothing when the listener rules could not be read', {
    ...via(
      targetGroup(
        loadBalancer(
          'internet-facing',
          [{ ...listener('HTTP', [forward()]), Rules: null }],
          ['elasticloadbalancing:DescribeRules'],
        ),
      ),
    ),
    unverified: [gap('elasticloadbalancing:DescribeRules', 'triggers')],
  });

  it('yields nothing when the function policy could not be read', () => {
    const source = targetGroup(loadBalancer('internet-facing', [listener('HTTP', [forward()])]));
    expect(runOnPaths([albPlainHttp], makeSnapshot({ policies: null, sources: [source] }))).toEqual([]);
  });
});
