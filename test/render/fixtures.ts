import type { AuditReport, Finding, ScanReport, Severity } from '../../src/model.js';
import type { RuleMeta } from '../../src/render/sarif.js';
import { categoriesOf } from '../fixtures/categories.js';
import { makePath } from '../fixtures/path.js';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-central-1';

/**
 * A function name no real Lambda can have (names are [A-Za-z0-9_-]), standing for any AWS
 * string we print: it clears the screen, paints red, retitles the window, returns the carriage
 * and pings a whole Slack channel.
 */
export const HOSTILE_NAME = 'evil\u001b[2J\u001b[31m-fn\u001b]0;pwned\u0007\r<!channel>\u202e';
export const HOSTILE_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${HOSTILE_NAME}`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/evil-role`;

/** Hand-made check metadata; the real registry is not imported by render or its tests. */
export const CHECKS: RuleMeta[] = [
  rule('policy-public-invoke', 'critical', 'Resource policy lets anyone invoke the function'),
  rule('url-public', 'critical', 'Function URL allows unauthenticated invocation'),
  rule('role-admin', 'critical', 'Execution role has administrator access'),
  rule('policy-service-no-source', 'high', 'Service principal can invoke without a source condition'),
  rule('url-cors-wildcard', 'medium', 'Function URL allows any origin'),
  rule('logs-recent-errors', 'medium', 'Recent errors in the logs'),
  rule('code-signing-off', 'low', 'Code signing is not enforced'),
  rule('vpc-not-attached', 'info', 'Function is not attached to a VPC'),
];

function rule(id: string, severity: Severity, title: string): RuleMeta {
  return { id, severity, title, risk: `Risk of ${id}.`, remediation: `Fix ${id}.` };
}

function finding(check: string, severity: Severity, extra: Partial<Finding> = {}): Finding {
  const meta = CHECKS.find((c) => c.id === check);
  return {
    check,
    categories: categoriesOf(check),
    severity,
    title: meta?.title ?? check,
    detail: `Detail for ${check}.`,
    resource: HOSTILE_ARN,
    evidence: { z: 1, a: { y: true, b: [2, 1] } },
    remediation: meta?.remediation ?? `Fix ${check}.`,
    fingerprint: `fp-${check}`,
    ...extra,
  };
}

/** A report with findings of every severity, deliberately out of order, and two gaps. */
export function hostileReport(): AuditReport {
  return {
    function: {
      name: HOSTILE_NAME,
      arn: HOSTILE_ARN,
      region: REGION,
      accountId: ACCOUNT,
      runtime: 'nodejs16.x',
    },
    findings: [
      finding('vpc-not-attached', 'info'),
      finding('code-signing-off', 'low'),
      finding('url-public', 'critical', {
        detail: 'The URL https://abc.lambda-url.eu-central-1.on.aws/ answers anyone.\u001b[8m hidden',
      }),
      finding('url-cors-wildcard', 'high', { detail: 'AllowOrigins is * and AllowCredentials is true.' }),
      finding('policy-public-invoke', 'critical', {
        evidence: { statement: { Sid: 'Open', Principal: '*' } },
      }),
      finding('role-admin', 'critical', { resource: ROLE_ARN, fingerprint: 'fp-role-admin' }),
      finding('logs-recent-errors', 'medium', { evidence: { counts: { error: 3, timeout: 1 } } }),
    ],
    unverified: [
      { area: 'triggers', api: 'lambda:ListEventSourceMappings', reason: 'AccessDenied: not authorized' },
      { area: 'role', api: 'iam:GetRolePolicy', reason: 'Throttling\u001b[2K after 5 retries' },
    ],
    triggers: [
      {
        kind: 'url',
        source: 'https://abc.lambda-url.eu-central-1.on.aws/',
        async: false,
        qualifier: null,
        conditions: {},
      },
      {
        kind: 's3',
        source: 'arn:aws:s3:::uploads-bucket',
        async: true,
        qualifier: 'live',
        conditions: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      },
      { kind: 'public', source: '*', async: false, conditions: {} },
    ],
    paths: [
      makePath('public', 'none', {
        kind: 'url',
        source: 'https://abc.lambda-url.eu-central-1.on.aws/',
        tls: true,
        why: 'granted to everyone, with no restrictive condition',
      }),
      makePath('public', 'none', {
        kind: 'policy',
        source: '*',
        why: 'granted to everyone\u001b[2J<!channel>',
      }),
      makePath('unknown', null, {
        kind: 's3',
        source: 'arn:aws:s3:::uploads-bucket',
        qualifier: 'live',
        why: 'the source’s own access control is not read yet',
      }),
      makePath('unknown', null, {
        kind: 'other',
        source: 'unknown',
        unverified: ['lambda:ListEventSourceMappings'],
        why: 'the event source mappings could not be read',
      }),
    ],
    exposure: 'internet-open',
    role: { arn: ROLE_ARN, sharedWith: 3 },
    logs: {
      group: '/aws/lambda/evil-fn',
      exists: true,
      searched: {
        logGroupName: '/aws/lambda/evil-fn',
        startTime: Date.parse('2026-11-23T09:00:00Z'),
        endTime: Date.parse('2026-11-24T09:00:00Z'),
        counts: { error: 3, timeout: 1, outOfMemory: 0, unhandled: 0, throttle: 0 },
        samples: [
          {
            timestamp: Date.parse('2026-11-24T08:00:00Z'),
            message: 'ERROR boom\u001b[1A\u001b[2K\rall good ✓ 日本',
          },
        ],
        truncated: true,
      },
    },
    generatedAt: '2026-11-24T09:00:00.000Z',
  };
}

/** A fully read function with nothing wrong. */
export function cleanReport(name = 'orders-api', region = REGION): AuditReport {
  const arn = `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`;
  return {
    function: { name, arn, region, accountId: ACCOUNT, runtime: 'nodejs22.x' },
    findings: [],
    unverified: [],
    triggers: [],
    paths: [],
    exposure: 'none',
    role: { arn: `arn:aws:iam::${ACCOUNT}:role/${name}-role`, sharedWith: 0 },
    logs: { group: `/aws/lambda/${name}`, exists: true, searched: null },
    generatedAt: '2026-11-24T09:00:00.000Z',
  };
}

/** A scan of three functions in two regions, one of them incomplete, plus one that failed. */
export function scanReport(): ScanReport {
  const medium = cleanReport('billing', 'us-east-1');
  medium.findings = [
    {
      check: 'url-cors-wildcard',
      categories: categoriesOf('url-cors-wildcard'),
      severity: 'medium',
      title: 'Function URL allows any origin',
      detail: 'AllowOrigins is *.',
      resource: medium.function.arn,
      evidence: {},
      remediation: 'Fix url-cors-wildcard.',
      fingerprint: 'fp-billing-cors',
    },
  ];
  return {
    functions: [cleanReport(), medium, hostileReport()],
    summary: {
      functions: 4,
      incomplete: 1,
      bySeverity: { critical: 3, high: 1, medium: 2, low: 1, info: 1 },
      regions: [REGION, 'us-east-1'],
      failed: [{ function: 'ghost\u001b[5m', region: 'us-east-1', reason: 'ResourceNotFoundException' }],
    },
  };
}
