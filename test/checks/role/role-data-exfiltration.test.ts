import { describe, expect, it } from 'vitest';
import { roleDataExfiltration } from '../../../src/checks/role/role-data-exfiltration.js';
import { makeSnapshot } from '../../fixtures/snapshot.js';
import { MANAGED } from '../../iam/fixtures/managed.js';
import { attach, inline, withPolicies } from '../../iam/fixtures/role.js';
import { run } from './helpers.js';

describe('role-data-exfiltration', () => {
  it('flags reads on every object', () => {
    const [finding] = run(roleDataExfiltration, withPolicies([attach(MANAGED.AmazonS3ReadOnlyAccess)]));
    expect(finding?.severity).toBe('medium');
    expect(finding?.evidence.actions).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
  });

  it('does not flag a read of one secret', () => {
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
    expect(run(roleDataExfiltration, snapshot)).toEqual([]);
  });

  it('stays silent when the role could not be read', () => {
    expect(run(roleDataExfiltration, { ...makeSnapshot(), role: null })).toEqual([]);
  });
});
