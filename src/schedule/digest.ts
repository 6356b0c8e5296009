/**
 * The digest as data: what changed since the last one, what is open, and what could not be
 * seen. Built from the store alone, so the CLI's dry run and the scheduled job agree.
 */
import { parseFunctionArn } from '../arn.js';
import { compareRisk, countBySeverity, type Severity, severityRank } from '../model.js';
import type { FindingRecord, ScanGap, ScanRecord, Store } from '../store/store.js';

export interface DigestFinding {
  fingerprint: string;
  check: string;
  severity: Severity;
  title: string;
  detail: string;
  functionName: string;
  functionArn: string;
  accountId: string;
  region: string;
  /** How many functions report it (a shared role's finding may have several). */
  functions: number;
}

export interface DigestFunction {
  functionName: string;
  functionArn: string;
  accountId: string;
  region: string;
  counts: Record<Severity, number>;
}

export interface Digest {
  generatedAt: string;
  /** The scan the figures come from; null when nothing was ever scanned. */
  scan: ScanRecord | null;
  /** Set when this slot's scan failed outright: the figures are then from an older scan. */
  scanError: string | null;
  /** The scan the previous digest described; null for the first digest. */
  sinceScanId: number | null;
  /** Open findings by severity (snoozed and accepted ones not counted). */
  totals: Record<Severity, number>;
  newFindings: DigestFinding[];
  fixedFindings: DigestFinding[];
  riskiest: DigestFunction[];
  snoozed: number;
  accepted: number;
  /** Functions (or whole regions, `*`) the scan could not read at all. */
  failed: ScanGap[];
  /** Parts of functions the scan could not read: their findings may be missing. */
  unverified: ScanGap[];
}

export interface BuildOptions {
  now?: Date;
  scanError?: string | null;
  /** How many functions "riskiest" lists. */
  riskiest?: number;
}

function zero(): Record<Severity, number> {
  return countBySeverity([]);
}

/** Most severe first; then by function, then by check, so the order is stable between runs. */
function bySeverity(a: DigestFinding, b: DigestFinding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    a.functionName.localeCompare(b.functionName) ||
    a.check.localeCompare(b.check) ||
    a.fingerprint.localeCompare(b.fingerprint)
  );
}

function toDigestFinding(f: FindingRecord): DigestFinding {
  const first = f.functions[0];
  return {
    fingerprint: f.fingerprint,
    check: f.check,
    severity: f.severity,
    title: f.title,
    detail: f.detail,
    functionName: first?.functionName ?? parseFunctionArn(f.functionArn)?.name ?? f.functionArn,
    functionArn: first?.functionArn ?? f.functionArn,
    accountId: f.accountId,
    region: f.region,
    functions: Math.max(1, f.functions.length),
  };
}

/** Riskiest first (the model's compareRisk), by the open findings of each function. */
function riskiest(open: readonly FindingRecord[], limit: number): DigestFunction[] {
  const byArn = new Map<string, DigestFunction>();
  for (const finding of open) {
    for (const fn of finding.functions) {
      const entry = byArn.get(fn.functionArn) ?? { ...fn, counts: zero() };
      entry.counts[finding.severity] += 1;
      byArn.set(fn.functionArn, entry);
    }
  }
  const row = (fn: DigestFunction) => ({ name: fn.functionName, counts: fn.counts, key: fn.functionArn });
  return [...byArn.values()].sort((a, b) => compareRisk(row(a), row(b))).slice(0, limit);
}

/**
 * The scan a new digest compares with: the one the previous digest described or, before any
 * digest, the latest scan stored (by `lambda-audit scan`). Ask before recording the new scan.
 * Null when the store is empty: the first digest then lists everything open.
 */
export async function digestBaseline(store: Store, slotKey: string): Promise<number | null> {
  return (await store.previousDigestScanId(slotKey)) ?? (await store.latestScan())?.id ?? null;
}

/**
 * Builds the digest from the store: open totals, what opened and closed after scan
 * `sinceScanId` (everything open, for the first digest), the riskiest functions, how many are
 * snoozed or accepted, and what the latest scan could not see.
 */
export async function buildDigest(
  store: Store,
  sinceScanId: number | null,
  options: BuildOptions = {},
): Promise<Digest> {
  const [scan, all, opened, fixed] = await Promise.all([
    store.latestScan(),
    store.findings({ states: ['open', 'snoozed', 'accepted'] }),
    store.findings({ states: ['open'], openedAfterScan: sinceScanId }),
    sinceScanId === null
      ? Promise.resolve([])
      : store.findings({ states: ['fixed'], fixedAfterScan: sinceScanId }),
  ]);
  const open = all.filter((f) => f.state === 'open');
  const totals = zero();
  for (const f of open) totals[f.severity] += 1;
  const gaps = scan ? await store.scanGaps(scan.id) : [];
  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    scan,
    scanError: options.scanError ?? null,
    sinceScanId,
    totals,
    newFindings: opened.map(toDigestFinding).sort(bySeverity),
    fixedFindings: fixed.map(toDigestFinding).sort(bySeverity),
    riskiest: riskiest(open, options.riskiest ?? 5),
    snoozed: all.filter((f) => f.state === 'snoozed').length,
    accepted: all.filter((f) => f.state === 'accepted').length,
    failed: gaps.filter((g) => g.kind === 'failed'),
    unverified: gaps.filter((g) => g.kind === 'unverified'),
  };
}

/** True when the digest cannot vouch for everything: it must say so before anything else. */
export function hasBlindSpots(digest: Digest): boolean {
  return (
    digest.scanError !== null ||
    digest.scan === null ||
    digest.failed.length > 0 ||
    digest.unverified.length > 0
  );
}

/** Gaps grouped by the API that failed and why, for a short summary ("GetPolicy: AccessDenied on 3"). */
export function gapsByApi(gaps: readonly ScanGap[]): { api: string; area: string; functions: ScanGap[] }[] {
  const groups = new Map<string, { api: string; area: string; functions: ScanGap[] }>();
  for (const gap of gaps) {
    const api = gap.api ?? 'lambda:GetFunction';
    const key = `${api}\u0000${gap.area ?? ''}`;
    const group = groups.get(key) ?? { api, area: gap.area ?? 'function', functions: [] };
    group.functions.push(gap);
    groups.set(key, group);
  }
  return [...groups.values()].sort(
    (a, b) => b.functions.length - a.functions.length || a.api.localeCompare(b.api),
  );
}
