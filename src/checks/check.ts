import { createHash } from 'node:crypto';
import type {
  Category,
  Exposure,
  Finding,
  FunctionSnapshot,
  InvocationPath,
  Severity,
  SnapshotField,
  Trigger,
} from '../model.js';

/** What a check knows besides the snapshot. Everything here is data: checks do no I/O. */
export interface CheckContext {
  now: Date;
  /** Accounts that are not "foreign": the audited account plus TRUSTED_ACCOUNT_IDS. */
  trustedAccountIds: readonly string[];
  /** Organisations that are not "foreign" (TRUSTED_ORG_IDS). Empty: not configured. */
  trustedOrgIds: readonly string[];
  /** Tag keys every function must carry (case-sensitive). Empty: none required. */
  requiredTagKeys: readonly string[];
  /** `runtime-deprecation-soon` looks this many days ahead. */
  runtimeSoonDays: number;
  /** How far back `logs-recent-errors` looks, in hours. */
  logWindowHours: number;
  /** `role-unused-services`: a service unused this many days is unused. */
  roleUnusedDays: number;
  /** The trigger inventory, derived from the snapshot before the checks run. */
  triggers: readonly Trigger[];
  /** The invocation paths, derived from the snapshot before the checks run. */
  paths: readonly InvocationPath[];
  /** The widest of the paths. */
  exposure: Exposure;
  /**
   * Findings of the checks that ran before this one. Only checks with `after: true` see them
   * (severity that depends on exposure or on another finding, e.g. `env-no-cmk`).
   */
  findings: readonly Finding[];
}

/** One thing a check found. The runner turns it into a `Finding`. */
export interface CheckResult {
  /** Overrides the check's default severity where context changes it. */
  severity?: Severity;
  /** The ARN it is about; defaults to the function's ARN. */
  resource?: string;
  /** One or two sentences: what exactly is wrong here. */
  detail: string;
  evidence: Record<string, unknown>;
  /** Distinguishes several results of one check on one resource (a statement Sid, a variable name). */
  key?: string;
}

export interface Check {
  /** The stable id from checks.md. */
  id: string;
  severity: Severity;
  /** States the problem: "Function URL allows unauthenticated invocation". */
  title: string;
  /** What it is about (see `CATEGORIES` in model.ts); the catalog lists them. */
  categories: readonly Category[];
  /** The risk in a sentence. */
  risk: string;
  remediation: string;
  /** Snapshot fields it reads; when one is null the check does not run (the gap is in `unverified`). */
  requires: readonly SnapshotField[];
  /** AWS actions the data it reads comes from (the bot's own policy is their union). */
  actions: readonly string[];
  /** Runs after the other checks and sees their findings in `context.findings`. */
  after?: boolean;
  run(snapshot: FunctionSnapshot, context: CheckContext): CheckResult[];
}

/** A check's identity for fingerprints: same check, same resource, same key -> same fingerprint. */
export function fingerprint(checkId: string, resource: string, key = ''): string {
  return createHash('sha256').update(`${checkId}\u0000${resource}\u0000${key}`).digest('hex').slice(0, 20);
}

/** Runs the checks on one snapshot: those whose data is missing are skipped, `after` ones last. */
export function runChecks(
  checks: readonly Check[],
  snapshot: FunctionSnapshot,
  context: Omit<CheckContext, 'findings'>,
): Finding[] {
  const findings: Finding[] = [];
  const ordered = [...checks.filter((c) => !c.after), ...checks.filter((c) => c.after)];
  for (const check of ordered) {
    if (check.requires.some((field) => snapshot[field] === null)) continue;
    for (const result of check.run(snapshot, { ...context, findings })) {
      const resource = result.resource ?? snapshot.configuration.FunctionArn;
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
