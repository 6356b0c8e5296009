import { describe, expect } from 'vitest';
import { roleUnusedServices } from '../../../src/checks/role/role-unused-services.js';
import { MANAGED } from '../../iam/fixtures/managed.js';
import { attach, withRole } from '../../iam/fixtures/role.js';
import { checkCases, gap } from '../cases.js';
import { roleUnread, run } from './helpers.js';

const { fires, silent, dataMissing } = checkCases(roleUnusedServices);

const used = {
  ServiceName: 'Amazon CloudWatch Logs',
  ServiceNamespace: 'logs',
  LastAuthenticated: '2026-11-24T07:00:00Z',
};

describe('role-unused-services', () => {
  fires('lists services unused for 90 days and carries the proposal', () => {
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
    return run(roleUnusedServices, snapshot);
  });

  silent('does not fire when every granted service is used', () => run(roleUnusedServices, withRole()));

  dataMissing("IAM's last-accessed data could not be read", {
    ...withRole({ lastAccessed: null }),
    unverified: [gap('iam:GetServiceLastAccessedDetails', 'role')],
  });
  dataMissing('the role could not be read', roleUnread());
});
