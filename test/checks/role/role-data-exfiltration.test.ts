import { describe, expect } from 'vitest';
import { roleDataExfiltration } from '../../../src/checks/role/role-data-exfiltration.js';
import { MANAGED } from '../../iam/fixtures/managed.js';
import { attach, inline, withPolicies } from '../../iam/fixtures/role.js';
import { checkCases } from '../cases.js';
import { roleUnread, run } from './helpers.js';

const { fires, silent, dataMissing } = checkCases(roleDataExfiltration);

describe('role-data-exfiltration', () => {
  fires(
    'reads on every object',
    () => run(roleDataExfiltration, withPolicies([attach(MANAGED.AmazonS3ReadOnlyAccess)])),
    ([finding]) => {
      expect(finding?.severity).toBe('medium');
      expect(finding?.evidence.actions).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    },
  );

  silent('does not flag a read of one secret', () => {
    const snapshot = withPolicies(
      [],
      [
        inline('p', [
          {
            Effect: 'Allow',
            Action: 'secretsmanager:GetSecretValue',
            Resource: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:db-x',
          },
        ]),
      ],
    );
    return run(roleDataExfiltration, snapshot);
  });

  dataMissing('the role could not be read', roleUnread());
});
