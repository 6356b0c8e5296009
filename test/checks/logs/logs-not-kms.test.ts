import { describe, expect } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { logsNotKms } from '../../../src/checks/logs/logs-not-kms.js';
import { ACCOUNT, makeContext, makeSnapshot, REGION } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';

const { fires, silent, dataMissing } = checkCases(logsNotKms);

const NAME = '/aws/lambda/orders-api';
const ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${NAME}:*`;

describe('logs-not-kms', () => {
  fires('flags a group with no customer-managed key', () => {
    const snapshot = makeSnapshot({
      logGroup: { name: NAME, group: { logGroupName: NAME, arn: ARN, retentionInDays: 30 } },
    });
    const findings = runChecks([logsNotKms], snapshot, makeContext());
    expect(findings).toEqual([
      expect.objectContaining({
        check: 'logs-not-kms',
        severity: 'low',
        resource: ARN,
        evidence: { logGroup: NAME, kmsKeyId: null },
      }),
    ]);
    return findings;
  });

  for (const [name, snapshot] of [
    ['an encrypted group', makeSnapshot()],
    ['a missing group', makeSnapshot({ logGroup: { name: NAME, group: null } })],
  ] as const)
    silent(`does not flag ${name}`, () => runChecks([logsNotKms], snapshot, makeContext()));

  dataMissing('yields nothing when the log group could not be read', unread(makeSnapshot(), 'logGroup'));
});
