import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { concurrencyUnreserved } from '../../../src/checks/resilience/concurrency-unreserved.js';
import type { Exposure } from '../../../src/model.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';

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

  it.each([
    ['reserved concurrency', makeSnapshot()],
    [
      'zero reserved concurrency (concurrency-zero covers it)',
      makeSnapshot({ concurrency: { ReservedConcurrentExecutions: 0 } }),
    ],
  ])('does not flag %s', (_label, snapshot) => {
    expect(runChecks([concurrencyUnreserved], snapshot, makeContext({ exposure: 'internet-open' }))).toEqual(
      [],
    );
  });

  it('yields nothing when concurrency could not be read', () => {
    expect(runChecks([concurrencyUnreserved], makeSnapshot({ concurrency: null }), makeContext())).toEqual(
      [],
    );
  });
});
