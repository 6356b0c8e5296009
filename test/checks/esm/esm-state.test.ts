import { describe, expect } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { esmState } from '../../../src/checks/esm/esm-state.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';
import { kinesis, sqs } from './mappings.js';

const { fires, silent, dataMissing } = checkCases(esmState);

describe('esm-state', () => {
  for (const [name, mapping, evidence] of [
    ['a disabled mapping', sqs({ State: 'Disabled' }), { state: 'Disabled', lastProcessingResult: null }],
    [
      'a mapping reporting a problem',
      kinesis({ LastProcessingResult: 'PROBLEM: Function call failed' }),
      { state: 'Enabled', lastProcessingResult: 'PROBLEM: Function call failed' },
    ],
    [
      'a disabled mapping that also reports a problem',
      sqs({ State: 'Disabled', LastProcessingResult: 'PROBLEM: Lambda is unable to read the queue' }),
      { state: 'Disabled', lastProcessingResult: 'PROBLEM: Lambda is unable to read the queue' },
    ],
  ] as const)
    fires(`flags ${name}`, () => {
      const findings = runChecks([esmState], makeSnapshot({ eventSourceMappings: [mapping] }), makeContext());
      expect(findings).toEqual([
        expect.objectContaining({
          check: 'esm-state',
          severity: 'info',
          evidence: expect.objectContaining(evidence),
        }),
      ]);
      return findings;
    });

  for (const [name, mapping] of [
    ['an enabled, healthy mapping', sqs()],
    ['no processing result yet', kinesis({ LastProcessingResult: 'No records processed' })],
  ] as const)
    silent(`does not flag ${name}`, () =>
      runChecks([esmState], makeSnapshot({ eventSourceMappings: [mapping] }), makeContext()),
    );

  dataMissing(
    'yields nothing when the mappings could not be read',
    unread(makeSnapshot(), 'eventSourceMappings'),
  );
});
