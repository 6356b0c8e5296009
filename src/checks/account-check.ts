/**
 * Checks about an account and region rather than a function (checks.md, "Account and region
 * findings"): they read an account snapshot, run once per account and region, and their
 * findings carry no function, in their resource or their fingerprint.
 */
import type { AccountField, AccountSnapshot, Finding } from '../model.js';
import { type Check, type CheckResult, fingerprint } from './check.js';

export interface AccountCheck
  extends Pick<Check, 'id' | 'severity' | 'title' | 'categories' | 'risk' | 'remediation' | 'actions'> {
  /** Account snapshot fields it reads; when one is null the check does not run (the gap is in `unverified`). */
  requires: readonly AccountField[];
  run(snapshot: AccountSnapshot, context: { now: Date }): CheckResult[];
}

/** The resource an account finding names when its check gives none: the account in the region. */
export function accountResource(snapshot: Pick<AccountSnapshot, 'accountId' | 'region'>): string {
  return `arn:aws::${snapshot.region}:${snapshot.accountId}:account`;
}

/** The account and region an `accountResource` names; null for any other ARN (a function's). */
export function parseAccountResource(arn: string): Pick<AccountSnapshot, 'accountId' | 'region'> | null {
  const match = /^arn:aws::([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):account$/.exec(arn);
  return match ? { region: match[1] as string, accountId: match[2] as string } : null;
}

/** Runs the account checks on one account and region; those whose data is missing are skipped. */
export function runAccountChecks(
  checks: readonly AccountCheck[],
  snapshot: AccountSnapshot,
  context: { now: Date },
): Finding[] {
  const findings: Finding[] = [];
  for (const check of checks) {
    if (check.requires.some((field) => snapshot[field] === null)) continue;
    for (const result of check.run(snapshot, context)) {
      const resource = result.resource ?? accountResource(snapshot);
      findings.push({
        check: check.id,
        categories: check.categories,
        severity: result.severity ?? check.severity,
        title: check.title,
        detail: result.detail,
        resource,
        evidence: result.evidence,
        remediation: check.remediation,
        fingerprint: fingerprint(check.id, resource, result.key),
      });
    }
  }
  return findings;
}
