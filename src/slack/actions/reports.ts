/**
 * The report a button refers to. First the answer cache (the message was rendered from it, so
 * it is exactly what the person saw); after 30 minutes or a restart, the store names the
 * finding's function and the function is audited again.
 */
import { accountReport } from '../../account-audit.js';
import { parseAccountResource } from '../../checks/account-check.js';
import { UsageError } from '../../errors.js';
import type { AuditReport, Finding, ScanReport } from '../../model.js';
import { summarise } from '../../model.js';
import type { Store } from '../../store/store.js';
import type { ListenerDeps } from '../listeners/deps.js';
import { slackEngine } from '../slack-engine.js';

export interface Located {
  report: AuditReport;
  /** Null when the report no longer has the finding (fixed since the message was posted). */
  finding: Finding | null;
}

function fromCache(deps: ListenerDeps, key: string, fingerprint: string): AuditReport | null {
  const output = key ? deps.cache.get(key) : undefined;
  if (!output || !('report' in output) || !('findings' in output.report)) return null;
  const report = output.report as AuditReport;
  return report.findings.some((f) => f.fingerprint === fingerprint) ? report : null;
}

/**
 * Audits the function again, through the same pool and de-duplication as slash commands. An
 * account finding's "function" is its account and region (`account <id> <region>`, its ARN the
 * account's resource): those are audited again instead.
 */
export async function reaudit(
  deps: ListenerDeps,
  ref: { function: string; region: string },
): Promise<AuditReport> {
  const account = parseAccountResource(ref.function);
  if (!account) return slackEngine(deps).audit(ref);
  const auditAccount = deps.engine.auditAccountRegion?.bind(deps.engine);
  if (!auditAccount) throw new UsageError('this engine cannot audit an account and region');
  const section = await deps.limiter.run(() => auditAccount(account.accountId, account.region));
  return accountReport(section, new Date().toISOString());
}

/**
 * The report and finding for a click; null when neither the cache nor the store knows the
 * finding (an ad-hoc audit older than the cache, never scanned). Throws what the audit throws.
 */
export async function locate(
  deps: ListenerDeps,
  store: Store,
  key: string,
  fingerprint: string,
): Promise<Located | null> {
  const cached = fromCache(deps, key, fingerprint);
  if (cached)
    return { report: cached, finding: cached.findings.find((f) => f.fingerprint === fingerprint) ?? null };
  const record = await store.finding(fingerprint);
  if (!record) return null;
  const fn = record.functions[0];
  const report = await reaudit(deps, {
    function: fn?.functionArn ?? record.functionArn,
    region: fn?.region ?? record.region,
  });
  deps.cache.put({ kind: 'audit', report });
  return { report, finding: report.findings.find((f) => f.fingerprint === fingerprint) ?? null };
}

/** The synchronous half of `locate`: the cached finding, for a modal's text, or null. */
export function cachedFinding(
  deps: ListenerDeps,
  key: string,
  fingerprint: string,
): { report: AuditReport; finding: Finding } | null {
  const report = fromCache(deps, key, fingerprint);
  const finding = report?.findings.find((f) => f.fingerprint === fingerprint);
  return report && finding ? { report, finding } : null;
}

/**
 * Makes the store know the findings of a report someone acted on (snooze, accept, ticket) when
 * no scan has stored them yet: the report is recorded as a scan of that one function. Its
 * regions are left empty, so the scan cannot mark other functions' findings fixed; findings this
 * function no longer reports are closed, which is what the fresh audit says.
 */
export async function track(
  store: Store,
  report: AuditReport,
  fingerprint: string,
  options: { evenIfStored?: boolean } = {},
): Promise<void> {
  if (!options.evenIfStored && (await store.finding(fingerprint))) return;
  const scan: ScanReport = { functions: [report], summary: summarise([report], { regions: [], failed: [] }) };
  await store.recordScan(scan);
}
