import type { AuditReport, Finding, ScanReport, Severity, Trigger } from '../../src/model.js';
import { countBySeverity, SEVERITIES } from '../../src/model.js';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-central-1';

export function arnOf(name: string, region = REGION): string {
  return `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`;
}

export function makeFinding(i: number, overrides: Partial<Finding> = {}): Finding {
  const severity: Severity = SEVERITIES[i % SEVERITIES.length] as Severity;
  return {
    check: `check-${i}`,
    categories: [],
    severity,
    title: `Problem number ${i}`,
    detail: `Statement s${i} lets principal * invoke the function without a SourceArn condition.`,
    resource: arnOf('orders-api'),
    evidence: { statement: `s${i}` },
    remediation: 'Add an aws:SourceArn condition or remove the statement.',
    fingerprint: `fp-${i.toString(16).padStart(8, '0')}`,
    ...overrides,
  };
}

export interface ReportShape {
  name?: string;
  findings?: number;
  triggers?: number;
  finding?: (i: number) => Partial<Finding>;
  region?: string;
}

/** A complete report; tests change the part they are about. */
export function makeReport(shape: ReportShape = {}, overrides: Partial<AuditReport> = {}): AuditReport {
  const name = shape.name ?? 'orders-api';
  const triggers: Trigger[] = Array.from({ length: shape.triggers ?? 2 }, (_, i) => ({
    kind: i === 0 ? 'public' : 's3',
    source: i === 0 ? '*' : `arn:aws:s3:::bucket-${i}`,
    async: i !== 0,
    conditions: i === 0 ? {} : { 'aws:SourceAccount': ACCOUNT },
  }));
  return {
    function: {
      name,
      arn: arnOf(name, shape.region),
      region: shape.region ?? REGION,
      accountId: ACCOUNT,
      runtime: 'nodejs22.x',
    },
    findings: Array.from({ length: shape.findings ?? 3 }, (_, i) => makeFinding(i, shape.finding?.(i) ?? {})),
    unverified: [
      { area: 'url', api: 'lambda:GetFunctionUrlConfig', reason: 'AccessDenied: missing permission' },
    ],
    triggers,
    paths: [],
    exposure: 'none',
    role: { arn: `arn:aws:iam::${ACCOUNT}:role/${name}-role`, sharedWith: 2 },
    logs: {
      group: `/aws/lambda/${name}`,
      exists: true,
      searched: {
        logGroupName: `/aws/lambda/${name}`,
        startTime: Date.parse('2026-11-23T09:00:00Z'),
        endTime: Date.parse('2026-11-24T09:00:00Z'),
        counts: { error: 3, timeout: 1, outOfMemory: 0, unhandled: 0, throttle: 0 },
        samples: [{ timestamp: Date.parse('2026-11-24T08:00:00Z'), message: 'ERROR something failed' }],
        truncated: false,
      },
    },
    generatedAt: '2026-11-24T09:00:00.000Z',
    ...overrides,
  };
}

export function makeScan(functions: number, findingsEach = 2): ScanReport {
  const reports = Array.from({ length: functions }, (_, i) =>
    makeReport({ name: `fn-${i}`, findings: findingsEach }),
  );
  const bySeverity = countBySeverity(reports.flatMap((r) => r.findings));
  return {
    functions: reports,
    summary: { functions, incomplete: functions, bySeverity, regions: [REGION], failed: [] },
  };
}

/** Strings that try to ping, forge links, or break rendering. */
export const HOSTILE = {
  channel: '<!channel>',
  here: '<!here>',
  user: '<@U123>',
  link: '<http://evil.example|click here>',
  control: 'a\u0000b\u0007c\u001b[2Jd\u202Ee',
  ampersand: 'fn&<>',
};
export const HOSTILE_TEXT = `${Object.values(HOSTILE).join(' ')} 日本語 🧨 @channel @here`;
