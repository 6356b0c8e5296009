import { describe, expect } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { logsRetentionUnset } from '../../../src/checks/logs/logs-retention-unset.js';
import { ACCOUNT, FUNCTION_ARN, makeContext, makeSnapshot, REGION } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';

const { fires, silent, dataMissing } = checkCases(logsRetentionUnset);

const NAME = '/aws/lambda/orders-api';
const ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${NAME}:*`;

describe('logs-retention-unset', () => {
  for (const [name, group, resource] of [
    ['with its ARN', { logGroupName: NAME, arn: ARN }, ARN],
    ['without an ARN (reported on the function)', { logGroupName: NAME }, FUNCTION_ARN],
  ] as const)
    fires(`flags a group that never expires logs, ${name}`, () => {
      const findings = runChecks(
        [logsRetentionUnset],
        makeSnapshot({ logGroup: { name: NAME, group } }),
        makeContext(),
      );
      expect(findings).toEqual([
        expect.objectContaining({
          check: 'logs-retention-unset',
          severity: 'low',
          resource,
          evidence: { logGroup: NAME, retentionInDays: null },
        }),
      ]);
      return findings;
    });

  for (const [name, snapshot] of [
    ['a retention period', makeSnapshot()],
    [
      'a missing group (logs-no-log-group covers it)',
      makeSnapshot({ logGroup: { name: NAME, group: null } }),
    ],
  ] as const)
    silent(`does not flag ${name}`, () => runChecks([logsRetentionUnset], snapshot, makeContext()));

  dataMissing('yields nothing when the log group could not be read', unread(makeSnapshot(), 'logGroup'));
});
