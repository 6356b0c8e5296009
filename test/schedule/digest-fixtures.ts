/** Digests built by hand for the renderer tests: findings, gaps and a digest with defaults. */
import { SEVERITIES, type Severity } from '../../src/model.js';
import type { Digest, DigestAccountFinding, DigestFinding } from '../../src/schedule/digest.js';
import type { ScanGap } from '../../src/store/store.js';

export function finding(i: number, name = `fn-${i}`): DigestFinding {
  const functionArn = `arn:aws:lambda:eu-central-1:123456789012:function:${name}`;
  return {
    fingerprint: `fp${i}`,
    check: 'policy-public-invoke',
    severity: SEVERITIES[i % SEVERITIES.length] as Severity,
    title: 'Resource policy allows anyone to invoke the function',
    detail: 'x'.repeat(400),
    functionName: name,
    functionArn,
    accountId: '123456789012',
    region: 'eu-central-1',
    functions: 1,
    on: [{ functionName: name, functionArn }],
    openPath: false,
  };
}

export function gap(i: number, api = 'lambda:GetPolicy'): ScanGap {
  return {
    kind: 'unverified',
    functionArn: `arn:aws:lambda:eu-central-1:123456789012:function:fn-${i}`,
    functionName: `fn-${i}`,
    accountId: '123456789012',
    region: 'eu-central-1',
    area: 'triggers',
    api,
    reason: `User: arn:aws:sts::123456789012:assumed-role/bot is not authorized to perform: ${api} ${'y'.repeat(150)}`,
  };
}

export function digest(overrides: Partial<Digest> = {}): Digest {
  return {
    generatedAt: '2026-03-02T09:00:05.000Z',
    scan: {
      id: 2,
      startedAt: '2026-03-02T09:00:00.000Z',
      finishedAt: '2026-03-02T09:00:04.000Z',
      regions: ['eu-central-1'],
      functions: 3,
      incomplete: 0,
      failed: 0,
      bySeverity: { critical: 1, high: 0, medium: 0, low: 0, info: 0 },
    },
    scanError: null,
    sinceScanId: 1,
    totals: { critical: 1, high: 2, medium: 0, low: 3, info: 0 },
    counted: { scanCounted: 6, open: 6, shared: 0, decided: 0, carried: 0 },
    newFindings: [],
    fixedFindings: [],
    openPaths: 0,
    accountFindings: [],
    fixedAccountFindings: [],
    riskiest: [],
    snoozed: 1,
    accepted: 2,
    failed: [],
    unverified: [],
    ...overrides,
  };
}

let openPaths = 0;

/** A new finding that names a way in from the internet, as the store would give it. */
export function openPath(
  name: string,
  check: string,
  detail: string,
  severity: Severity = 'high',
): DigestFinding {
  openPaths += 1;
  return {
    ...finding(0, name),
    fingerprint: `fp-open-${openPaths}`,
    check,
    detail,
    severity,
    openPath: true,
  };
}

/** An account and region finding: kept under the account's pseudo-function, shown once. */
export function accountFinding(region: string, isNew = true): DigestAccountFinding {
  const functionArn = `arn:aws::${region}:123456789012:account`;
  const functionName = `account 123456789012 ${region}`;
  return {
    ...finding(0, functionName),
    fingerprint: `fp-guardduty-${region.length}`,
    check: 'guardduty-lambda-protection-off',
    severity: 'low',
    title: 'GuardDuty Lambda Protection is off in this region',
    detail: `In ${region} of account 123456789012, GuardDuty is not enabled in the region (no detector).`,
    functionArn,
    region,
    on: [{ functionName, functionArn }],
    isNew,
  };
}

/** The same read failing for a whole region: one gap per function, the same reason each time. */
export function regionGaps(count: number, api = 'cloudwatch:DescribeAlarms'): ScanGap[] {
  return Array.from({ length: count }, (_, i) => ({
    ...gap(100 + i, api),
    area: 'monitoring',
    reason: `AccessDenied: not authorized to perform ${api} on arn:aws:cloudwatch:eu-central-1:123456789012:alarm:*`,
  }));
}

/**
 * The largest, most hostile digest the limits meta-test feeds the renderer: thousands of new
 * findings, ways in and gaps, with names and reasons full of mentions, links and backticks.
 */
export function hostileDigest(hostile: string): Digest {
  const long = `${hostile} \`\`\` `.repeat(40);
  const named = (i: number) => `${hostile}${'n'.repeat(40)}-${i}`;
  return digest({
    newFindings: [
      ...Array.from({ length: 300 }, (_, i) => openPath(named(i), 'url-public', long, 'critical')),
      ...Array.from({ length: 3000 }, (_, i) => ({
        ...finding(i, named(i % 400)),
        detail: long,
        title: long,
      })),
    ],
    fixedFindings: Array.from({ length: 800 }, (_, i) => ({ ...finding(i, named(i)), title: long })),
    accountFindings: Array.from({ length: 60 }, (_, i) => ({
      ...accountFinding(`${hostile}-${i}`),
      title: long,
    })),
    fixedAccountFindings: Array.from({ length: 30 }, (_, i) => accountFinding(`${hostile}-fixed-${i}`)),
    unverified: [
      ...regionGaps(500),
      ...Array.from({ length: 1500 }, (_, i) => ({
        ...gap(i),
        reason: `${long}${i}`,
        region: `${hostile}${i % 7}`,
      })),
    ],
    failed: Array.from({ length: 40 }, (_, i) => ({
      ...gap(i),
      kind: 'failed' as const,
      api: null,
      area: null,
      reason: long,
    })),
    counted: { scanCounted: 90_000, open: 3000, shared: 80_000, decided: 7000, carried: 0 },
    openPaths: 9000,
  });
}
