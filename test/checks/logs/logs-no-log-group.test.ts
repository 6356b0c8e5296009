import { describe, expect } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { logsNoLogGroup } from '../../../src/checks/logs/logs-no-log-group.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';

const { fires, silent, dataMissing } = checkCases(logsNoLogGroup);

describe('logs-no-log-group', () => {
  for (const name of ['/aws/lambda/orders-api', '/platform/shared-lambda-logs'])
    fires(`flags a missing log group ${name}`, () => {
      const findings = runChecks(
        [logsNoLogGroup],
        makeSnapshot({ logGroup: { name, group: null } }),
        makeContext(),
      );
      expect(findings).toEqual([
        expect.objectContaining({
          check: 'logs-no-log-group',
          severity: 'low',
          evidence: { logGroup: name },
        }),
      ]);
      return findings;
    });

  silent('does not flag an existing log group', () =>
    runChecks([logsNoLogGroup], makeSnapshot(), makeContext()),
  );

  dataMissing('yields nothing when the log group could not be read', unread(makeSnapshot(), 'logGroup'));
});
