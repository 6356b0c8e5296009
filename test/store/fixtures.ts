/** Small hand-made scans for the store's tests: no AWS involved. */
import { fingerprint } from '../../src/checks/check.js';
import type { AuditReport, Finding, ScanReport, Severity, Unverified } from '../../src/model.js';
import { summarise } from '../../src/model.js';
import { categoriesOf } from '../fixtures/categories.js';

export const REGION = 'eu-central-1';
export const ACCOUNT = '123456789012';
export const fnArn = (name: string, region = REGION) =>
  `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`;

export function finding(check: string, resource: string, severity: Severity = 'high'): Finding {
  return {
    check,
    categories: categoriesOf(check),
    severity,
    title: `${check} title`,
    detail: `${check} on ${resource}`,
    resource,
    evidence: {},
    remediation: 'fix it',
    fingerprint: fingerprint(check, resource),
  };
}

export function report(
  name: string,
  findings: Finding[] | ((arn: string) => Finding[]),
  unverified: Unverified[] = [],
  region = REGION,
): AuditReport {
  const arn = fnArn(name, region);
  return {
    function: { name, arn, region, accountId: ACCOUNT, runtime: 'nodejs20.x' },
    findings: typeof findings === 'function' ? findings(arn) : findings,
    unverified,
    triggers: [],
    paths: [],
    exposure: 'none',
    role: { arn: `arn:aws:iam::${ACCOUNT}:role/r`, sharedWith: 1 },
    logs: { group: `/aws/lambda/${name}`, exists: true, searched: null },
    generatedAt: '2026-03-02T09:00:00.000Z',
  };
}

export function scanOf(
  functions: AuditReport[],
  failed: ScanReport['summary']['failed'] = [],
  regions: string[] = [REGION],
): ScanReport {
  return { functions, summary: summarise(functions, { regions, failed }) };
}

export const denied = (api: string, area: string): Unverified => ({
  area,
  api,
  reason: `AccessDenied: ${api}`,
});
