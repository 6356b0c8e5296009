import { describe, expect, it } from 'vitest';
import type { Check } from '../../../src/checks/check.js';
import { runChecks } from '../../../src/checks/check.js';
import { concurrencyUnreserved } from '../../../src/checks/resilience/concurrency-unreserved.js';
import type { Trigger } from '../../../src/model.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';

const alb: Trigger = {
  kind: 'alb',
  source: 'arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/orders/0123456789abcdef',
  async: false,
  conditions: {},
};
const publicInvoke: Check = {
  id: 'policy-public-invoke',
  severity: 'critical',
  title: 'stub',
  risk: '',
  remediation: '',
  requires: [],
  actions: [],
  run: () => [{ detail: 'stub', evidence: {} }],
};
const unreserved = makeSnapshot({ concurrency: {} });

describe('concurrency-unreserved', () => {
  it('flags a function with no reserved concurrency, at info', () => {
    expect(runChecks([concurrencyUnreserved], unreserved, makeContext())).toEqual([
      expect.objectContaining({
        check: 'concurrency-unreserved',
        severity: 'info',
        evidence: { reservedConcurrentExecutions: null, internetExposed: false },
      }),
    ]);
  });

  it.each<[string, Check[], Trigger[]]>([
    ['behind an ALB', [], [alb]],
    ['invocable by anyone', [publicInvoke], []],
  ])('rises to low when the function is %s', (_label, checks, triggers) => {
    const findings = runChecks([concurrencyUnreserved, ...checks], unreserved, makeContext({ triggers }));
    expect(findings.find((f) => f.check === 'concurrency-unreserved')?.severity).toBe('low');
  });

  it.each([
    ['reserved concurrency', makeSnapshot()],
    [
      'zero reserved concurrency (concurrency-zero covers it)',
      makeSnapshot({ concurrency: { ReservedConcurrentExecutions: 0 } }),
    ],
  ])('does not flag %s', (_label, snapshot) => {
    expect(runChecks([concurrencyUnreserved], snapshot, makeContext({ triggers: [alb] }))).toEqual([]);
  });

  it('yields nothing when concurrency could not be read', () => {
    expect(runChecks([concurrencyUnreserved], makeSnapshot({ concurrency: null }), makeContext())).toEqual(
      [],
    );
  });
});
