import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { logsRetentionUnset } from '../../../src/checks/logs/logs-retention-unset.js';
import { ACCOUNT, FUNCTION_ARN, makeContext, makeSnapshot, REGION } from '../../fixtures/snapshot.js';

const NAME = '/aws/lambda/orders-api';
const ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${NAME}:*`;

describe('logs-retention-unset', () => {
  it.each([
    ['with its ARN', { logGroupName: NAME, arn: ARN }, ARN],
    ['without an ARN (reported on the function)', { logGroupName: NAME }, FUNCTION_ARN],
  ])('flags a group that never expires logs, %s', (_label, group, resource) => {
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
  });

  it.each([
    ['a retention period', makeSnapshot()],
    [
      'a missing group (logs-no-log-group covers it)',
      makeSnapshot({ logGroup: { name: NAME, group: null } }),
    ],
  ])('does not flag %s', (_label, snapshot) => {
    expect(runChecks([logsRetentionUnset], snapshot, makeContext())).toEqual([]);
  });

  it('yields nothing when the log group could not be read', () => {
    expect(runChecks([logsRetentionUnset], makeSnapshot({ logGroup: null }), makeContext())).toEqual([]);
  });
});
