import { describe, expect } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { concurrencyZero } from '../../../src/checks/resilience/concurrency-zero.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases } from '../cases.js';

const { fires, silent } = checkCases(concurrencyZero);

describe('concurrency-zero', () => {
  fires('flags reserved concurrency of 0', () => {
    const snapshot = makeSnapshot({ concurrency: { ReservedConcurrentExecutions: 0 } });
    const findings = runChecks([concurrencyZero], snapshot, makeContext());
    expect(findings).toEqual([
      expect.objectContaining({
        check: 'concurrency-zero',
        severity: 'info',
        evidence: { reservedConcurrentExecutions: 0 },
      }),
    ]);
    return findings;
  });

  for (const [name, snapshot] of [
    ['a positive reservation', makeSnapshot()],
    ['no reservation', makeSnapshot({ concurrency: {} })],
  ] as const)
    silent(`does not flag ${name}`, () => runChecks([concurrencyZero], snapshot, makeContext()));

  silent('yields nothing when concurrency could not be read', () =>
    runChecks([concurrencyZero], makeSnapshot({ concurrency: null }), makeContext()),
  );
});
