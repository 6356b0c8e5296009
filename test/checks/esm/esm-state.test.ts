import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { esmState } from '../../../src/checks/esm/esm-state.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { kinesis, sqs } from './mappings.js';

describe('esm-state', () => {
  it.each([
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
  ])('flags %s', (_label, mapping, evidence) => {
    expect(runChecks([esmState], makeSnapshot({ eventSourceMappings: [mapping] }), makeContext())).toEqual([
      expect.objectContaining({
        check: 'esm-state',
        severity: 'info',
        evidence: expect.objectContaining(evidence),
      }),
    ]);
  });

  it.each([
    ['an enabled, healthy mapping', sqs()],
    ['no processing result yet', kinesis({ LastProcessingResult: 'No records processed' })],
  ])('does not flag %s', (_label, mapping) => {
    expect(runChecks([esmState], makeSnapshot({ eventSourceMappings: [mapping] }), makeContext())).toEqual(
      [],
    );
  });

  it('yields nothing when the mappings could not be read', () => {
    expect(runChecks([esmState], makeSnapshot({ eventSourceMappings: null }), makeContext())).toEqual([]);
  });
});
