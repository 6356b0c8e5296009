import { describe, expect } from 'vitest';
import { roleTrustConfusedDeputy } from '../../../src/checks/role/role-trust-confused-deputy.js';
import { withRole } from '../../iam/fixtures/role.js';
import { checkCases } from '../cases.js';
import { roleUnread, run } from './helpers.js';

const { fires, silent, dataMissing } = checkCases(roleTrustConfusedDeputy);

describe('role-trust-confused-deputy', () => {
  fires('Lambda trusted without a source condition', () => {
    const snapshot = withRole({
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
    });
    const findings = run(roleTrustConfusedDeputy, snapshot);
    expect(findings).toMatchObject([{ severity: 'info' }]);
    return findings;
  });

  silent('does not flag a trust pinned by aws:SourceAccount', () => run(roleTrustConfusedDeputy, withRole()));

  dataMissing('the role could not be read', roleUnread());
});
