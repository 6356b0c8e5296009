import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { logsNotKms } from '../../../src/checks/logs/logs-not-kms.js';
import { ACCOUNT, makeContext, makeSnapshot, REGION } from '../../fixtures/snapshot.js';

const NAME = '/aws/lambda/orders-api';
const ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${NAME}:*`;

describe('logs-not-kms', () => {
  it('flags a group with no customer-managed key', () => {
    const snapshot = makeSnapshot({
      logGroup: { name: NAME, group: { logGroupName: NAME, arn: ARN, retentionInDays: 30 } },
    });
    expect(runChecks([logsNotKms], snapshot, makeContext())).toEqual([
      expect.objectContaining({
        check: 'logs-not-kms',
        severity: 'low',
        resource: ARN,
        evidence: { logGroup: NAME, kmsKeyId: null },
      }),
    ]);
  });

  it.each([
    ['an encrypted group', makeSnapshot()],
    ['a missing group', makeSnapshot({ logGroup: { name: NAME, group: null } })],
  ])('does not flag %s', (_label, snapshot) => {
    expect(runChecks([logsNotKms], snapshot, makeContext())).toEqual([]);
  });

  it('yields nothing when the log group could not be read', () => {
    expect(runChecks([logsNotKms], makeSnapshot({ logGroup: null }), makeContext())).toEqual([]);
  });
});
