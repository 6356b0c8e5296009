import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { concurrencyZero } from '../../../src/checks/resilience/concurrency-zero.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';

describe('concurrency-zero', () => {
  it('flags reserved concurrency of 0', () => {
    const snapshot = makeSnapshot({ concurrency: { ReservedConcurrentExecutions: 0 } });
    expect(runChecks([concurrencyZero], snapshot, makeContext())).toEqual([
      expect.objectContaining({
        check: 'concurrency-zero',
        severity: 'info',
        evidence: { reservedConcurrentExecutions: 0 },
      }),
    ]);
  });

  it.each([
    ['a positive reservation', makeSnapshot()],
    ['no reservation', makeSnapshot({ concurrency: {} })],
  ])('does not flag %s', (_label, snapshot) => {
    expect(runChecks([concurrencyZero], snapshot, makeContext())).toEqual([]);
  });

  it('yields nothing when concurrency could not be read', () => {
    expect(runChecks([concurrencyZero], makeSnapshot({ concurrency: null }), makeContext())).toEqual([]);
  });
});
