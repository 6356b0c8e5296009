import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { esmFilterNotCmk } from '../../../src/checks/esm/esm-filter-not-cmk.js';
import { ACCOUNT, makeContext, makeSnapshot, REGION } from '../../fixtures/snapshot.js';
import { kinesis, sqs } from './mappings.js';

const PATTERN = '{"body":{"tenant":["acme-corp"]}}';
const filters = { Filters: [{ Pattern: PATTERN }] };

describe('esm-filter-not-cmk', () => {
  it.each([
    ['an SQS mapping', sqs({ FilterCriteria: filters })],
    [
      'a Kinesis mapping with two filters',
      kinesis({ FilterCriteria: { Filters: [{ Pattern: PATTERN }, { Pattern: '{"data":{"x":[1]}}' }] } }),
    ],
  ])('flags %s with filters and no customer-managed key', (_label, mapping) => {
    const findings = runChecks(
      [esmFilterNotCmk],
      makeSnapshot({ eventSourceMappings: [mapping] }),
      makeContext(),
    );
    expect(findings).toEqual([expect.objectContaining({ check: 'esm-filter-not-cmk', severity: 'info' })]);
    expect(JSON.stringify(findings)).not.toContain('acme-corp');
  });

  it.each([
    [
      'filters encrypted with a CMK',
      sqs({ FilterCriteria: filters, KMSKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/abcd` }),
    ],
    ['no filters', sqs()],
    ['an empty filter list', sqs({ FilterCriteria: { Filters: [] } })],
  ])('does not flag %s', (_label, mapping) => {
    expect(
      runChecks([esmFilterNotCmk], makeSnapshot({ eventSourceMappings: [mapping] }), makeContext()),
    ).toEqual([]);
  });

  it('yields nothing when the mappings could not be read', () => {
    expect(runChecks([esmFilterNotCmk], makeSnapshot({ eventSourceMappings: null }), makeContext())).toEqual(
      [],
    );
  });
});
