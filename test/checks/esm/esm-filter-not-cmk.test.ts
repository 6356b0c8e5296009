import { describe, expect } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { esmFilterNotCmk } from '../../../src/checks/esm/esm-filter-not-cmk.js';
import { ACCOUNT, makeContext, makeSnapshot, REGION } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';
import { kinesis, sqs } from './mappings.js';

const { fires, silent, dataMissing } = checkCases(esmFilterNotCmk);

const PATTERN = '{"body":{"tenant":["acme-corp"]}}';
const filters = { Filters: [{ Pattern: PATTERN }] };

describe('esm-filter-not-cmk', () => {
  for (const [name, mapping] of [
    ['an SQS mapping', sqs({ FilterCriteria: filters })],
    [
      'a Kinesis mapping with two filters',
      kinesis({ FilterCriteria: { Filters: [{ Pattern: PATTERN }, { Pattern: '{"data":{"x":[1]}}' }] } }),
    ],
  ] as const)
    fires(`flags ${name} with filters and no customer-managed key`, () => {
      const findings = runChecks(
        [esmFilterNotCmk],
        makeSnapshot({ eventSourceMappings: [mapping] }),
        makeContext(),
      );
      expect(findings).toEqual([expect.objectContaining({ check: 'esm-filter-not-cmk', severity: 'info' })]);
      expect(JSON.stringify(findings)).not.toContain('acme-corp');
      return findings;
    });

  for (const [name, mapping] of [
    [
      'filters encrypted with a CMK',
      sqs({ FilterCriteria: filters, KMSKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/abcd` }),
    ],
    ['no filters', sqs()],
    ['an empty filter list', sqs({ FilterCriteria: { Filters: [] } })],
  ] as const)
    silent(`does not flag ${name}`, () =>
      runChecks([esmFilterNotCmk], makeSnapshot({ eventSourceMappings: [mapping] }), makeContext()),
    );

  dataMissing(
    'yields nothing when the mappings could not be read',
    unread(makeSnapshot(), 'eventSourceMappings'),
  );
});
