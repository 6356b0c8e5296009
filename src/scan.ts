import { paginateListFunctions } from '@aws-sdk/client-lambda';
import type { AwsClients } from './aws/clients.js';
import { classifyAwsError } from './aws/errors.js';
import { allPages } from './collect/attempt.js';
import { LambdaAuditError } from './errors.js';
import { type AuditReport, type ScanReport, SEVERITIES, type Severity } from './model.js';

export interface ScanOptions {
  regions: readonly string[];
  clientsFor: (region: string) => AwsClients;
  auditOne: (region: string, functionArn: string) => Promise<AuditReport>;
  /** Functions audited at once. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Riskiest first: more critical findings, then more high, and so on; then by name. */
export function byRisk(a: AuditReport, b: AuditReport): number {
  for (const severity of SEVERITIES) {
    const diff = countOf(b, severity) - countOf(a, severity);
    if (diff !== 0) return diff;
  }
  return a.function.name.localeCompare(b.function.name);
}

function countOf(report: AuditReport, severity: Severity): number {
  return report.findings.filter((f) => f.severity === severity).length;
}

/**
 * Audits every function of the regions. A function that cannot be audited is listed under
 * `failed`; one audited with gaps counts as `incomplete`. Neither ever passes silently.
 */
export async function scanRegions(options: ScanOptions): Promise<ScanReport> {
  const failed: ScanReport['summary']['failed'] = [];
  const targets: { region: string; arn: string }[] = [];
  for (const region of options.regions) {
    try {
      const fns = await allPages(
        paginateListFunctions({ client: options.clientsFor(region).lambda }, {}),
        (page) => page.Functions,
      );
      for (const fn of fns) if (fn.FunctionArn) targets.push({ region, arn: fn.FunctionArn });
    } catch (error) {
      failed.push({
        function: '*',
        region,
        reason: `lambda:ListFunctions: ${classifyAwsError(error, 'lambda:ListFunctions').reason}`,
      });
    }
  }
  let done = 0;
  options.onProgress?.(0, targets.length);
  const audited = await mapBounded(targets, options.concurrency ?? 8, async (target) => {
    try {
      return await options.auditOne(target.region, target.arn);
    } catch (error) {
      const reason =
        error instanceof LambdaAuditError
          ? error.message
          : classifyAwsError(error, 'lambda:GetFunction').reason;
      failed.push({ function: target.arn, region: target.region, reason });
      return null;
    } finally {
      options.onProgress?.(++done, targets.length);
    }
  });
  const functions = audited.filter((r): r is AuditReport => r !== null).sort(byRisk);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const report of functions) for (const finding of report.findings) bySeverity[finding.severity]++;
  return {
    functions,
    summary: {
      functions: functions.length,
      incomplete: functions.filter((r) => r.unverified.length > 0).length,
      bySeverity,
      regions: [...options.regions],
      failed,
    },
  };
}
