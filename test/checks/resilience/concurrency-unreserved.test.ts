import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { concurrencyUnreserved } from '../../../src/checks/resilience/concurrency-unreserved.js';
import type { Exposure } from '../../../src/model.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, gap } from '../cases.js';

const { fires, silent, dataMissing } = checkCases(concurrencyUnreserved);

const unreserved = makeSnapshot({ concurrency: {} });

describe('concurrency-unreserved', () => {
  fires('flags a function with no reserved concurrency, at info', () => {
    const findings = runChecks([concurrencyUnreserved], unreserved, makeContext());
    expect(findings).toEqual([
      expect.objectContaining({
        check: 'concurrency-unreserved',
        severity: 'info',
        evidence: { reservedConcurrentExecutions: null, internetExposed: false },
      }),
    ]);
    return findings;
  });

  it.each<Exposure>(['internet-open', 'internet-authenticated'])(
    'rises to low when the exposure is %s',
    (exposure) => {
      const findings = runChecks([concurrencyUnreserved], unreserved, makeContext({ exposure }));
      expect(findings).toEqual([
        expect.objectContaining({
          severity: 'low',
          evidence: { reservedConcurrentExecutions: null, internetExposed: true },
        }),
      ]);
    },
  );

  it.each<Exposure>(['cross-account', 'unknown', 'account'])(
    'stays info when the exposure is %s',
    (exposure) => {
      const findings = runChecks([concurrencyUnreserved], unreserved, makeContext({ exposure }));
      expect(findings.map((f) => f.severity)).toEqual(['info']);
    },
  );

  for (const [name, snapshot] of [
    ['reserved concurrency', makeSnapshot()],
    [
      'zero reserved concurrency (concurrency-zero covers it)',
      makeSnapshot({ concurrency: { ReservedConcurrentExecutions: 0 } }),
    ],
  ] as const)
    silent(`does not flag ${name}`, () =>
      runChecks([concurrencyUnreserved], snapshot, makeContext({ exposure: 'internet-open' })),
    );

  it('yields nothing when concurrency could not be read', () => {
    expect(runChecks([concurrencyUnreserved], makeSnapshot({ concurrency: null }), makeContext())).toEqual(
      [],
    );
  });

  dataMissing('the function policy could not be read: the finding says so and assumes the worst', {
    ...unreserved,
    policies: null,
    unverified: [gap('lambda:GetPolicy', 'triggers')],
  });
});
