/** Tickets the sink tests open: a role ticket with a proposal, and an env-secrets ticket that leaks. */
import type { Finding } from '../../src/model.js';
import type { Ticket, TicketFunction } from '../../src/tickets/ticket.js';

// AWS's documented example key id, and fakes shaped like real secrets (built, not written out).
export const LEAKED_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const LEAKED_PASSWORD = 'hunter2-Pa55';
export const LEAKED_STRIPE = `sk_live_${'51H8zZkLmN'.repeat(3)}`;
export const ENV_VALUE = 'env-value-that-must-never-appear';

export const FN: TicketFunction = {
  name: 'orders-api',
  arn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api',
  accountId: '123456789012',
  region: 'eu-west-1',
  roleArn: 'arn:aws:iam::123456789012:role/service-role/orders-api-role',
};

export const ROLE_FINDING: Finding = {
  check: 'role-unused-services',
  categories: ['role'],
  severity: 'medium',
  title: 'Execution role grants services the function has not used',
  detail: 'The role allows dynamodb and sqs, unused for 90 days.',
  resource: FN.roleArn ?? '',
  evidence: { unusedServices: ['dynamodb', 'sqs'], windowDays: 90 },
  remediation: 'Replace the role policy with the proposed least-privilege policy.',
  fingerprint: 'f00dfeedf00dfeed0001',
};

export const PROPOSED_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Used',
      Effect: 'Allow' as const,
      Action: ['secretsmanager:GetSecretValue', 's3:GetObject'],
      Resource: [
        'arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db-AbCdEf',
        'arn:aws:s3:::orders-bucket/*',
      ],
    },
  ],
};

export const DIFF_TEXT = [
  'Proposed least-privilege policy for orders-api-role (90-day window, confidence high)',
  'Removed services (2, unused for 90 days):',
  '  - dynamodb (Amazon DynamoDB): never used',
  '  - sqs (Amazon SQS): last used 2024-01-02',
  'Kept: secretsmanager:GetSecretValue (used), s3:GetObject (used)',
].join('\n');

export const roleTicket: Ticket = {
  function: FN,
  findings: [ROLE_FINDING],
  proposal: { policy: PROPOSED_POLICY, diffText: DIFF_TEXT, confidence: 'high', caveats: [] },
  requestedBy: 'U0ALICE in #security',
};

/** An env-secrets finding whose evidence and detail carry secrets by mistake. */
export const SECRETS_FINDING: Finding = {
  check: 'env-secrets',
  categories: ['secrets'],
  severity: 'critical',
  title: 'Environment variable holds a secret in clear text',
  detail: `Environment variable DB_URL looks like a secret (embedded-password); it was postgres://app:${LEAKED_PASSWORD}@db:5432/app.`,
  resource: FN.arn,
  evidence: {
    variable: 'DB_URL',
    detector: 'embedded-password',
    sample: `postgres://app:${LEAKED_PASSWORD}@db:5432/app`,
    note: `key ${LEAKED_KEY_ID} and ${LEAKED_STRIPE}`,
    Variables: { DB_URL: ENV_VALUE, STRIPE_KEY: ENV_VALUE },
  },
  remediation: 'Move the secret to Secrets Manager and rotate it.',
  fingerprint: 'f00dfeedf00dfeed0002',
};

export const secretsTicket: Ticket = { function: FN, findings: [SECRETS_FINDING] };

/** What no ticket body may contain. */
export const SECRETS = [LEAKED_PASSWORD, LEAKED_KEY_ID, LEAKED_STRIPE, ENV_VALUE];
