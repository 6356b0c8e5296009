import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { logsNoLogGroup } from '../../../src/checks/logs/logs-no-log-group.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';

describe('logs-no-log-group', () => {
  it.each(['/aws/lambda/orders-api', '/platform/shared-lambda-logs'])(
    'flags a missing log group %s',
    (name) => {
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
    },
  );

  it('does not flag an existing log group', () => {
    expect(runChecks([logsNoLogGroup], makeSnapshot(), makeContext())).toEqual([]);
  });

  it('yields nothing when the log group could not be read', () => {
    expect(runChecks([logsNoLogGroup], makeSnapshot({ logGroup: null }), makeContext())).toEqual([]);
  });
});
