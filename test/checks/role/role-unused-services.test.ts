import { describe, expect, it } from 'vitest';
import { roleUnusedServices } from '../../../src/checks/role/role-unused-services.js';
import { makeSnapshot } from '../../fixtures/snapshot.js';
import { MANAGED } from '../../iam/fixtures/managed.js';
import { attach, withRole } from '../../iam/fixtures/role.js';
import { run } from './helpers.js';

const used = {
  ServiceName: 'Amazon CloudWatch Logs',
  ServiceNamespace: 'logs',
  LastAuthenticated: '2026-11-24T07:00:00Z',
};

describe('role-unused-services', () => {
  it('lists services unused for 90 days and carries the proposal', () => {
    const snapshot = withRole({
      attachedPolicies: [
        attach(MANAGED.AWSLambdaBasicExecutionRole),
        attach(MANAGED.AmazonDynamoDBFullAccess),
      ],
      lastAccessed: {
        JobType: 'ACTION_LEVEL',
        JobStatus: 'COMPLETED',
        ServicesLastAccessed: [
          used,
          {
            ServiceName: 'Amazon DynamoDB',
            ServiceNamespace: 'dynamodb',
            LastAuthenticated: '2026-05-01T00:00:00Z',
          },
        ],
      },
    });
    const [finding] = run(roleUnusedServices, snapshot);
    expect(finding?.severity).toBe('medium');
    const unused = finding?.evidence.unusedServices as { service: string; lastUsed: string | null }[];
    expect(unused).toContainEqual({ service: 'dynamodb', lastUsed: '2026-05-01T00:00:00Z' });
    const proposal = finding?.evidence.proposal as { policy: unknown; diff: string };
    expect(proposal.diff).toContain('dynamodb');
    expect(JSON.stringify(proposal.policy)).not.toContain('dynamodb:');
  });

  it('does not fire when every granted service is used', () => {
    expect(run(roleUnusedServices, withRole())).toEqual([]);
  });

  it('stays silent without last-accessed data, or without the role', () => {
    expect(run(roleUnusedServices, withRole({ lastAccessed: null }))).toEqual([]);
    expect(run(roleUnusedServices, { ...makeSnapshot(), role: null })).toEqual([]);
  });
});
