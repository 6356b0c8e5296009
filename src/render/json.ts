import type {
  AccountSection,
  AuditReport,
  Finding,
  InvocationPath,
  LogErrorKind,
  LogSearch,
  ScanReport,
  ScanResult,
  ScanSummary,
  Trigger,
} from '../model.js';
import { compareCodeUnits, compareReports, SEVERITIES, severityRank } from '../model.js';

/**
 * Every kind of log error, in the order reports print them, with the words a person reads.
 * A Record so that a kind added to the model without a label here fails to compile.
 */
export const LOG_ERROR_LABELS: Record<LogErrorKind, readonly [one: string, many: string]> = {
  error: ['error', 'errors'],
  timeout: ['timeout', 'timeouts'],
  outOfMemory: ['out-of-memory kill', 'out-of-memory kills'],
  unhandled: ['unhandled exception', 'unhandled exceptions'],
  throttle: ['throttle', 'throttles'],
};
const LOG_ERROR_KINDS = Object.keys(LOG_ERROR_LABELS) as LogErrorKind[];

/**
 * Findings most severe first, then by check id; resource and fingerprint break the remaining
 * ties so that two runs over the same data print byte-identical output.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      compareCodeUnits(a.check, b.check) ||
      compareCodeUnits(a.resource, b.resource) ||
      compareCodeUnits(a.fingerprint, b.fingerprint),
  );
}

/** Functions of a scan in a stable order: the scan finishes them in whatever order AWS answers. */
function sortReports(reports: readonly AuditReport[]): AuditReport[] {
  return [...reports].sort(compareReports);
}

/**
 * One function's report as the JSON of DESIGN.md. The schema's fields come first, in the
 * schema's order; `logs` and `generatedAt` follow as extras (log health is part of the report
 * a person reads, and a consumer comparing two reports needs their time). Strings are written
 * as AWS returned them: JSON escapes control characters, and a machine reader wants the truth.
 */
export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(reportJson(report), null, 2)}\n`;
}

/** A scan as `{ "functions": [...], "accounts": [...], "summary": {...} }`, functions in a stable order. */
export function renderScanJson(scan: ScanReport): string {
  const functions = sortReports(scan.functions);
  return [
    scanJsonHead,
    ...functions.map((report, i) => functionJsonChunk(report, i)),
    scanJsonTail(scan, functions.length),
  ].join('');
}

/**
 * renderScanJson's text a function at a time, exactly as `JSON.stringify(value, null, 2)` lays it
 * out, the functions read page by page (from the store, for a scan kept there): a large scan's
 * JSON is never held as one string, nor its reports as one array.
 */
export async function* scanJsonChunks(scan: ScanResult): AsyncGenerator<string> {
  yield scanJsonHead;
  let i = 0;
  for await (const page of scan.functions()) for (const report of page) yield functionJsonChunk(report, i++);
  yield scanJsonTail(scan, i);
}

const scanJsonHead = '{\n  "functions": ';

/** A value's JSON at `depth` levels of two spaces (its first line follows a key or a comma). */
export const nested = (value: unknown, depth: number) =>
  JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);

/** The `i`th item of an array whose key is at `depth` (the first item opens the array). */
const itemChunk = (value: unknown, i: number, depth: number) =>
  `${i === 0 ? '[' : ','}\n${'  '.repeat(depth + 1)}${nested(value, depth + 1)}`;

/** The end of an array of `count` items whose key is at `depth`. */
const arrayEnd = (count: number, depth: number) => (count === 0 ? '[]' : `\n${'  '.repeat(depth)}]`);

/**
 * An array's JSON an item at a time, as `JSON.stringify(value, null, 2)` lays it out when the
 * array is the value of a key at `depth`: a long array is never held whole.
 */
export async function* jsonArrayChunks(items: AsyncIterable<unknown>, depth: number): AsyncGenerator<string> {
  let i = 0;
  for await (const item of items) yield itemChunk(item, i++, depth);
  yield arrayEnd(i, depth);
}

/** The `i`th function of the list (the first opens it). */
const functionJsonChunk = (report: AuditReport, i: number) => itemChunk(reportJson(report), i, 1);

/** What follows `count` functions: the list's end, the accounts and the summary. */
function scanJsonTail(scan: { accounts?: readonly AccountSection[]; summary: ScanSummary }, count: number) {
  return (
    arrayEnd(count, 1) +
    `,\n  "accounts": ${nested((scan.accounts ?? []).map(accountJson), 1)}` +
    `,\n  "summary": ${nested(summaryJson(scan.summary), 1)}\n}\n`
  );
}

/** The report as a plain object with a fixed key order (JSON.stringify keeps insertion order). */
export function reportJson(report: AuditReport): Record<string, unknown> {
  const fn = report.function;
  return {
    function: {
      name: fn.name,
      arn: fn.arn,
      region: fn.region,
      accountId: fn.accountId,
      runtime: fn.runtime,
    },
    findings: sortFindings(report.findings).map(findingJson),
    unverified: report.unverified.map((u) => ({ area: u.area, api: u.api, reason: u.reason })),
    triggers: report.triggers.map(triggerJson),
    paths: report.paths.map(pathJson),
    exposure: report.exposure,
    role: {
      arn: report.role.arn,
      sharedWith: report.role.sharedWith,
      ...(report.role.proposal !== undefined ? { proposal: report.role.proposal } : {}),
    },
    logs: {
      group: report.logs.group,
      exists: report.logs.exists,
      searched: report.logs.searched === null ? null : logSearchJson(report.logs.searched),
    },
    generatedAt: report.generatedAt,
    ...(report.account ? { account: accountJson(report.account) } : {}),
  };
}

/** An account and region's findings (DESIGN.md: `{ accountId, region, findings }`), and its gaps. */
export function accountJson(section: AccountSection): Record<string, unknown> {
  return {
    accountId: section.accountId,
    region: section.region,
    findings: sortFindings(section.findings).map(findingJson),
    unverified: section.unverified.map((u) => ({ area: u.area, api: u.api, reason: u.reason })),
  };
}

function findingJson(f: Finding): Record<string, unknown> {
  return {
    check: f.check,
    severity: f.severity,
    title: f.title,
    detail: f.detail,
    resource: f.resource,
    evidence: sortKeysDeep(f.evidence),
    remediation: f.remediation,
    fingerprint: f.fingerprint,
    // An extra after the schema's fields: what the check is about, so readers need no catalog.
    categories: [...f.categories],
  };
}

function triggerJson(t: Trigger): Record<string, unknown> {
  // `async` and `qualifier` are extras after the schema's three fields; qualifier is written
  // as null when absent so every trigger object has the same keys.
  return {
    kind: t.kind,
    source: t.source,
    conditions: sortKeysDeep(t.conditions),
    async: t.async,
    qualifier: t.qualifier ?? null,
  };
}

/** A path with the fields of checks.md in their order; `why` follows as an extra. */
export function pathJson(p: InvocationPath): Record<string, unknown> {
  return {
    kind: p.kind,
    source: p.source,
    qualifier: p.qualifier,
    reach: p.reach,
    auth: p.auth,
    validation: p.validation,
    waf: p.waf,
    encryption: p.encryption,
    tls: p.tls,
    unverified: [...p.unverified],
    why: p.why,
  };
}

function logSearchJson(s: LogSearch): Record<string, unknown> {
  const counts: Record<string, number> = {};
  for (const kind of LOG_ERROR_KINDS) counts[kind] = s.counts[kind] ?? 0;
  return {
    logGroupName: s.logGroupName,
    startTime: s.startTime,
    endTime: s.endTime,
    counts,
    samples: s.samples.map((x) => ({ timestamp: x.timestamp, message: x.message })),
    truncated: s.truncated,
  };
}

function summaryJson(s: ScanSummary): Record<string, unknown> {
  const bySeverity: Record<string, number> = {};
  for (const severity of SEVERITIES) bySeverity[severity] = s.bySeverity[severity] ?? 0;
  return {
    functions: s.functions,
    incomplete: s.incomplete,
    bySeverity,
    regions: [...s.regions],
    failed: s.failed.map((f) => ({ function: f.function, region: f.region, reason: f.reason })),
  };
}

/**
 * Free-form objects (evidence, conditions) with their keys sorted at every depth, so that
 * their printed form does not depend on the order in which a check happened to build them.
 */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  // Only plain objects are reordered: a Date (or anything with its own toJSON) is left for
  // JSON.stringify to write as it always does.
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareCodeUnits)) {
    out[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
  }
  return out;
}
