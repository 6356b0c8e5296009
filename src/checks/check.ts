import { createHash } from 'node:crypto';
import {
  type Category,
  type Exposure,
  type Finding,
  type FunctionSnapshot,
  type InvocationPath,
  type Severity,
  type SnapshotField,
  severityRank,
  type Trigger,
  type Unverified,
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
  /**
   * Where its severity depends on context read elsewhere (exposure, the trigger inventory): the
   * gap areas that context comes from, and the severity a finding takes when a read there failed
   * (the higher of its values: an unread policy may hold the public grant that raises it).
   */
  dependsOn?: { areas: readonly string[]; severity: Severity };
  /** Runs after the other checks and sees their findings in `context.findings`. */
  after?: boolean;
  run(snapshot: FunctionSnapshot, context: CheckContext): CheckResult[];
}

/** A check's identity for fingerprints: same check, same resource, same key -> same fingerprint. */
export function fingerprint(checkId: string, resource: string, key = ''): string {
  return createHash('sha256').update(`${checkId}\u0000${resource}\u0000${key}`).digest('hex').slice(0, 20);
}

/** The gap areas the invocation paths, triggers and exposure are read from. */
export const INVOCATION_AREAS = ['triggers', 'url'] as const;

/** What a check's findings were computed without: the failed reads among its inputs. */
function missingInputs(check: Check, gaps: readonly Unverified[]): { apis: string[]; context: boolean } {
  const contextGaps = gaps.filter((g) => check.dependsOn?.areas.includes(g.area));
  const apis = new Set([
    ...gaps.filter((g) => check.actions.includes(g.api)).map((g) => g.api),
    ...contextGaps.map((g) => g.api),
  ]);
  return { apis: [...apis].sort(), context: contextGaps.length > 0 };
}

function partialSentence(apis: readonly string[], raised: boolean): string {
  const list = apis.join(', ');
  return raised
    ? ` Computed without ${list} (could not be read): the severity assumes the worst of what it did not see.`
    : ` Computed without ${list} (could not be read): it may be incomplete.`;
}

/**
 * Runs the checks on one snapshot: those whose data is missing are skipped, `after` ones last.
 * A finding computed while some of its inputs could not be read says so, once, here: its
 * evidence lists them under `partial`, its detail ends with a sentence naming them, and a
 * severity that depends on unread context takes the check's `dependsOn` severity if higher.
 */
export function runChecks(
  checks: readonly Check[],
  snapshot: FunctionSnapshot,
  context: Omit<CheckContext, 'findings'>,
): Finding[] {
  const findings: Finding[] = [];
  const ordered = [...checks.filter((c) => !c.after), ...checks.filter((c) => c.after)];
  for (const check of ordered) {
    if (check.requires.some((field) => snapshot[field] === null)) continue;
    const missing = missingInputs(check, snapshot.unverified);
    for (const result of check.run(snapshot, { ...context, findings })) {
      const resource = result.resource ?? snapshot.configuration.FunctionArn;
      const computed = result.severity ?? check.severity;
      const floor = missing.context ? check.dependsOn?.severity : undefined;
      const raised = floor !== undefined && severityRank(floor) > severityRank(computed);
      const partial = missing.apis.length > 0;
      findings.push({
        check: check.id,
        categories: check.categories,
        severity: raised ? floor : computed,
        title: check.title,
        detail: partial ? `${result.detail}${partialSentence(missing.apis, raised)}` : result.detail,
        resource,
        evidence: partial ? { ...result.evidence, partial: missing.apis } : result.evidence,
        remediation: check.remediation,
        fingerprint: fingerprint(check.id, resource, result.key),
      });
    }
  }
  return findings;
}
