import { accountIdOf } from './arn.js';
import type { AwsClients } from './aws/clients.js';
import { withinDeadline } from './aws/deadline.js';
import { classifyAwsError, toAwsError } from './aws/errors.js';
import { collectFunction } from './collect/function.js';
import type { FunctionIndex } from './collect/function-index.js';
import { type ListedFunction, listRegion, type RegionInventory, readRegion } from './collect/inventory.js';
import { collectAccount } from './collect/monitoring.js';
import type { RoleReader } from './collect/role.js';
import { SourceReader } from './collect/sources/reader.js';
import { type Budget, mapBounded } from './concurrency.js';
import { LambdaAuditError } from './errors.js';
import {
  type AccountSection,
  type AccountSnapshot,
  type AuditReport,
  type FunctionSnapshot,
  riskiestFirst,
  type ScanReport,
  summarise,
} from './model.js';

/** One account in one region, with clients that act as that account. */
export interface ScanScope {
  /** The account's id, or a label until it is known. */
  account: string;
  region: string;
  clients: AwsClients;
  /** Which functions share a role, for this scope's account. */
  functions: FunctionIndex;
}

export interface ScanOptions {
  scopes: readonly ScanScope[];
  now: Date;
  logWindowMs: number;
  roles: RoleReader;
  /** Trigger sources, read once per scan; a fresh reader when absent. */
  sources?: SourceReader;
  audit: (snapshot: FunctionSnapshot) => AuditReport;
  /** Audits one account and region (the checks about it rather than a function). */
  auditAccount?: (snapshot: AccountSnapshot) => AccountSection;
  /** Each function's reads end within this (SCAN_FUNCTION_DEADLINE); what did not is a gap. */
  functionDeadlineMs: number;
  /** Functions collected at once; the rate limiter, not this, sets the pace. */
  concurrency?: number;
  /** Functions collected at once by every scan sharing it (an organization scan's units). */
  inFlight?: Budget;
  /**
   * Functions listed and held by every scan sharing it: a scan waits, once its functions are
   * listed, until they fit, before it reads anything else (AUDIT_SCAN_HELD_FUNCTIONS).
   */
  held?: Budget;
  onProgress?: (done: number, total: number) => void;
  /** ARNs audited already (a unit taken over): not read again, counted as done. */
  skip?: ReadonlySet<string>;
  /**
   * Takes each function's report as soon as it is audited; the scan then keeps none of them
   * (its report's `functions` is empty), so memory does not grow with the functions done.
   */
  onFunction?: (report: AuditReport) => Promise<void>;
}

interface Listed extends RegionInventory {
  scope: ScanScope;
}

/**
 * Audits every function of every scope. Per scope it lists the functions once, reads the
 * account-wide data once (mappings, code signing, log groups, recent errors through Logs
 * Insights), then collects each function with only the calls that have no account-wide form.
 * A function that cannot be audited is listed under `failed`; one audited with gaps counts as
 * `incomplete`. Neither ever passes silently.
 */
export async function scan(options: ScanOptions): Promise<ScanReport> {
  const failed: ScanReport['summary']['failed'] = [];
  const endTime = options.now.getTime();
  const window = { startTime: endTime - options.logWindowMs, endTime };
  const listings = (
    await Promise.all(
      options.scopes.map(async (scope) => {
        try {
          return { scope, details: await listRegion(scope.clients) };
        } catch (error) {
          const failure = classifyAwsError(error, 'lambda:ListFunctions');
          // Without credentials nothing anywhere can be read: a configuration problem, not a gap.
          if (failure.code === 'config') throw toAwsError(error, 'lambda:ListFunctions');
          failed.push({
            function: '*',
            region: scope.region,
            reason: `${scope.account}: ${failure.api}: ${failure.reason}`,
          });
          return null;
        }
      }),
    )
  ).filter((l) => l !== null);
  // What the audits hold grows with the functions listed: the region's reads start once they fit.
  const release = await options.held?.take(listings.reduce((n, l) => n + l.details.length, 0));
  try {
    const listed = listings.map(({ scope, details }): Listed => {
      const inventory = readRegion(scope.clients, details, window);
      // Who shares a role is answered from this listing rather than a second one.
      scope.functions.prime(scope.region, inventory.listed);
      return { scope, ...inventory };
    });
    return await auditListed(listed, options, failed);
  } finally {
    release?.();
  }
}

async function auditListed(
  listed: readonly Listed[],
  options: ScanOptions,
  failed: ScanReport['summary']['failed'],
): Promise<ScanReport> {
  const sources = options.sources ?? new SourceReader();
  const all = listed.flatMap(({ scope, listed: functions, prefetch, monitoring, network }) =>
    spreadRoles(functions).map((arn) => ({ scope, arn, prefetch, sources, monitoring, network })),
  );
  const targets = options.skip ? all.filter((t) => !options.skip?.has(t.arn)) : all;

  let done = all.length - targets.length;
  options.onProgress?.(done, all.length);
  const audited = await mapBounded(targets, options.concurrency ?? 64, async (target) => {
    const slot = await options.inFlight?.take(1);
    try {
      const report = await auditTarget(target, options, failed);
      if (!report || !options.onFunction) return report;
      await options.onFunction(report);
      return null;
    } finally {
      slot?.();
      options.onProgress?.(++done, all.length);
    }
  });
  const functions = riskiestFirst(audited.filter((r): r is AuditReport => r !== null));
  const regions = [...new Set(options.scopes.map((s) => s.region))];
  const accounts = await accountSections(listed, options);
  return { functions, accounts, summary: summarise(functions, { regions, failed }) };
}

/**
 * The functions' ARNs in the order to audit them: each role's first function spread evenly over
 * the scan, the others after their role's first. A role is read once (several IAM calls at IAM's
 * quota) and serves every function using it; in listing order, hundreds of functions with
 * distinct roles in a row would hold every slot waiting for IAM while Lambda's pool, the scan's
 * slowest, idled. Spread, new roles arrive no faster than IAM can read them when Lambda sets the
 * pace, and both pools stay busy when IAM does.
 */
export function spreadRoles(functions: readonly ListedFunction[]): string[] {
  const byRole = new Map<string, string[]>();
  for (const { arn, role } of functions) {
    const group = byRole.get(role);
    if (group) group.push(arn);
    else byRole.set(role, [arn]);
  }
  const groups = [...byRole.values()];
  const order: string[] = [];
  const waiting: string[] = [];
  let introduced = 0;
  while (order.length < functions.length) {
    // A new role when fewer have been started than an even spread has by now, or nothing waits.
    const due = introduced * functions.length <= order.length * groups.length;
    const group = groups[introduced];
    if (group && (due || waiting.length === 0)) {
      introduced++;
      order.push(group[0] as string);
      waiting.push(...group.slice(1));
    } else {
      order.push(waiting.shift() as string);
    }
  }
  return order;
}

/** Each listed account and region with functions, audited once (its account id from a function's ARN). */
async function accountSections(listed: readonly Listed[], options: ScanOptions): Promise<AccountSection[]> {
  const audit = options.auditAccount;
  if (!audit) return [];
  const sections = await Promise.all(
    listed.map(async ({ scope, listed: functions, monitoring }) => {
      const accountId = accountIdOf(functions[0]?.arn ?? '');
      if (!accountId) return null;
      return audit(await collectAccount(monitoring, accountId, scope.region, options.now));
    }),
  );
  return sections.filter((s): s is AccountSection => s !== null);
}

async function auditTarget(
  target: Pick<RegionInventory, 'prefetch' | 'monitoring' | 'network'> & {
    scope: ScanScope;
    arn: string;
    sources: SourceReader;
  },
  options: ScanOptions,
  failed: ScanReport['summary']['failed'],
): Promise<AuditReport | null> {
  try {
    const snapshot = await withinDeadline(options.functionDeadlineMs, 'SCAN_FUNCTION_DEADLINE', () =>
      collectFunction(target.scope.clients, target.arn, {
        now: options.now,
        logWindowMs: options.logWindowMs,
        roles: options.roles,
        sources: target.sources,
        functions: target.scope.functions,
        prefetch: target.prefetch,
        monitoring: target.monitoring,
        network: target.network,
      }),
    );
    return options.audit(snapshot);
  } catch (error) {
    const reason =
      error instanceof LambdaAuditError
        ? error.message
        : classifyAwsError(error, 'lambda:GetFunction').reason;
    failed.push({ function: target.arn, region: target.scope.region, reason });
    return null;
  }
}
